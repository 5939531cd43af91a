"""Cleaning: every rule on short synthetic text (and the story sentences it must not touch), then the real seeds."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from newsweave.clean import clean_article, clean_corpus
from newsweave.clean.article import (
    BYLINE,
    DATE_KNOWN,
    DATE_NO_YEAR,
    DATE_USED,
    DATELINE,
    GLUED,
    HEADER_CAPTION,
    HEADLINE,
    OUTLET_REPEAT,
    REPEATED_PARAGRAPH,
    REPEATED_SUBTITLE,
    REPEATED_TITLE,
    SECTION_LABEL,
    is_cut,
    lines_removed,
)
from newsweave.clean.dates import parse_date_line
from newsweave.clean.rules import match_line
from newsweave.clean.text import line_key, word_count
from newsweave.config import Settings
from newsweave.ingest import read_paths
from newsweave.model import Article, RawArticle

SETTINGS = Settings()

# Invented story paragraphs about an invented event: full sentences of ordinary length.
STORY = (
    "The harbour council of Westmere approved a plan on Tuesday to rebuild the old ferry pier before winter.",
    "Councillors voted nine to two in favour after a debate that lasted most of the afternoon session.",
    "The pier has been closed since a storm damaged its supports last March, cutting the island route.",
    "Engineers told the council that repairs would take about four months and cost less than expected.",
    "Ferry operators welcomed the decision and said they hoped to restore a daily timetable by December.",
)


def raw(*lines: str, title: str | None = None, id: str = "t", **fields: object) -> RawArticle:
    return RawArticle(id=id, lines=tuple(lines), title=title, **fields)  # type: ignore[arg-type]


def clean(*lines: str, title: str | None = "Westmere Backs Pier Rebuild", **fields: object) -> Article:
    return clean_article(raw(*lines, title=title, **fields), SETTINGS)


def reason_of(article: Article, text: str) -> str | None:
    return next((r.reason for r in article.removed if r.text == text), None)


# --- the table of line rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Support The Westmere Gazette!", "donation appeal"),
        ("... we have a small favour to ask. Reporting like ours is costly and we rely on readers.", "donation appeal"),
        ("If you can, please consider supporting us monthly from just $3 so we can keep going.", "donation appeal"),
        ("Not ready to support today?", "donation appeal"),
        ("Remind me later.", "donation appeal"),
        ("Payement options", "donation appeal"),
        ("Comments", "comment prompt"),
        ("12 Comments", "comment prompt"),
        ("Join the conversation", "comment prompt"),
        ("Leave a comment", "comment prompt"),
        ("Your email address will not be published.", "comment prompt"),
        ("Thank you for registering", "login prompt"),
        ("Please refresh your browser to finish signing in", "login prompt"),
        ("Sign in", "login prompt"),
        ("To Read The Full Article", "paywall prompt"),
        ("Already a subscriber? Log in here", "paywall prompt"),
        ("Subscribe to continue reading.", "paywall prompt"),
        ("Click here to log in", "paywall prompt"),
        ("Also read: Storm closes the coastal road again", "related-links list"),
        ("READ MORE: Island school reopens after flood", "related-links list"),
        ("Related Stories", "related-links list"),
        ("Read more", "related-links list"),
        ("You may also like", "related-links list"),
        ("Rescue crews search the river bank near the old mill (AP)", "photo caption"),
        ("A ferry leaves the harbour at dawn on Monday. (Port Authority handout via REUTERS)", "photo caption"),
        ("Workers inspect the damaged pier. TASS", "photo caption"),
        ("Photo: Workers on the pier", "photo caption"),
        ("Getty Images", "photo credit"),
        ("AP Photo/Jane Roe", "photo credit"),
        ("Updated with comments from the mayor.", "editor's note"),
        ("Editor’s note: an earlier version misspelled a councillor's name.", "editor's note"),
        ("Reuters contributed reporting.", "contributor credit"),
        ("Reporting by Jane Roe; Editing by John Poe", "contributor credit"),
        ("Sign up for our daily newsletter", "newsletter prompt"),
        ("Click here to subscribe to the Harbour Briefing newsletter", "newsletter prompt"),
        ("© 2024 The Westmere Gazette. All rights reserved.", "copyright notice"),
        ("Click To Tweet", "share prompt"),
        ("Before you go...", "donation appeal"),
        ("Support the Gazette from just 3 a month. It takes a minute.", "donation appeal"),
        ("What do you think about the pier? Leave a comment below.", "comment prompt"),
        ("Log in or register to join the discussion.", "login prompt"),
        ("You have read 3 of your 3 free articles this month. Subscribe for unlimited access.", "paywall prompt"),
        ("Most read: Ferry timetable changes again", "related-links list"),
        ("Get the Gazette's Coast newsletter every morning. Sign up free at our website.", "newsletter prompt"),
        ("Got a story about the harbour? Email the Gazette newsroom at tips@gazette.example.", "tip-line prompt"),
        ("Radio Westmere will have more on this story in our bulletins. Listen live on 98.1 FM.", "outlet promotion"),
        ("Crews inspect the damaged pier on Monday. (TPA)", "photo caption"),
        ("Crews inspect the damaged pier. (Photo: Jane Roe/Westmere Gazette)", "photo caption"),
        ("(Reporting by Jane Roe; Editing by Tom Poe)", "contributor credit"),
        ("* * *", "separator line"),
    ],
)
def test_rule_table_names_the_boilerplate(line: str, reason: str) -> None:
    assert match_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        *STORY,
        "Officials told Reuters on Friday that the ferry service would resume next week after repairs.",
        "The agency's report, first carried by AP, was confirmed by two officials on Monday evening.",
        "Residents left hundreds of comments on the plan before the council vote, the clerk said.",
        "Comments from the minister angered residents, who protested outside the town hall on Friday.",
        "Read more than two hundred letters, the mayor urged councillors before the vote.",
        "“We have a small favour to ask of the government,” the union leader told the crowd on Sunday.",
        "Readers can support the appeal by donating at the library, the organisers said on Monday.",
        "Please note that the figures come from the council's own survey of island households.",
        "Subscribers to the ferry pass will get a refund for the months the route was closed.",
        "Residents were invited to leave a comment on the council website before Friday's deadline.",
        "The pier was closed by the harbour authority (HA) on Monday after the storm.",
        "Got a minute? The mayor asked reporters, before listing the repairs the council had approved.",
    ],
)
def test_story_sentences_match_no_rule(line: str) -> None:
    assert match_line(line) is None


def test_long_line_with_prompt_wording_is_story() -> None:
    line = "Leave a comment, the council's notice told residents, " + STORY[0]
    assert match_line(line) is None


# --- title, byline, dates ---------------------------------------------------------------------------------------


def test_first_line_becomes_the_title_when_none_is_given() -> None:
    article = clean("Westmere Backs Pier Rebuild", *STORY, title=None)
    assert article.title == "Westmere Backs Pier Rebuild"
    assert reason_of(article, "Westmere Backs Pier Rebuild") == HEADLINE
    assert article.paragraphs == STORY


def test_a_first_line_that_is_a_story_sentence_is_kept_and_titles_the_article() -> None:
    article = clean(*STORY, title=None)
    assert article.paragraphs == STORY
    assert article.title.startswith("The harbour council of Westmere")


def test_repeated_title_with_other_quotes_is_removed() -> None:
    article = clean("Mayor’s “Pier Plan” Wins Vote", STORY[0], 'Mayor\'s "Pier Plan" Wins Vote', *STORY[1:], title=None)
    assert article.title == "Mayor’s “Pier Plan” Wins Vote"
    assert [r.reason for r in article.removed] == [HEADLINE, REPEATED_TITLE]
    assert article.paragraphs == STORY


def test_repeated_subtitle_is_removed_once() -> None:
    subtitle = "Repairs to start within weeks as island route stays shut"
    article = clean(subtitle, subtitle, *STORY)
    assert article.paragraphs == (subtitle, *STORY)
    assert reason_of(article, subtitle) == REPEATED_SUBTITLE


def test_short_lines_repeated_in_the_body_stay_but_a_long_copy_goes() -> None:
    question = "What happens next?"
    long = STORY[0] + " " + STORY[1]
    article = clean(long, question, STORY[2], question, STORY[3], long)
    assert article.paragraphs == (long, question, STORY[2], question, STORY[3])
    assert [r.reason for r in article.removed] == [REPEATED_PARAGRAPH]


def test_byline_moves_to_author() -> None:
    article = clean("By Jane Roe and Tom Poe", *STORY)
    assert article.author == "Jane Roe and Tom Poe"
    assert reason_of(article, "By Jane Roe and Tom Poe") == BYLINE
    assert article.paragraphs == STORY


def test_name_above_a_date_line_is_a_byline_and_the_date_is_published() -> None:
    article = clean("Jane Roe", "Tuesday 5 March 2024 08:15 GMT", "Comments", *STORY)
    assert article.author == "Jane Roe"
    assert article.published == dt.date(2024, 3, 5)
    assert reason_of(article, "Tuesday 5 March 2024 08:15 GMT") == DATE_USED
    assert article.paragraphs == STORY


def test_a_capitalised_line_not_above_a_date_is_not_a_byline() -> None:
    article = clean("Harbour Works Begin Soon", *STORY)
    assert article.author is None
    assert article.paragraphs == ("Harbour Works Begin Soon", *STORY)


def test_role_after_the_byline_names_is_not_an_author() -> None:
    assert clean("By Jane Roe, Harbour Reporter", *STORY).author == "Jane Roe"
    assert clean("By Jane Roe, Tom Poe and Ann Loe", *STORY).author == "Jane Roe, Tom Poe and Ann Loe"


def test_short_list_opening_the_article_is_not_a_section_label() -> None:
    article = clean("- Pier reopens", "- Ferries return", *STORY)
    assert article.paragraphs == ("- Pier reopens", "- Ferries return", *STORY)


def test_section_label_above_the_story_is_removed() -> None:
    article = clean("Coast News", "Westmere Backs Pier Rebuild", *STORY, title=None)
    assert article.title == "Westmere Backs Pier Rebuild"
    assert article.paragraphs == STORY
    assert reason_of(article, "Coast News") == SECTION_LABEL


def test_date_line_without_a_year_is_removed_but_not_used() -> None:
    article = clean("Monday, June 3", *STORY)
    assert article.published is None
    assert reason_of(article, "Monday, June 3") == DATE_NO_YEAR
    assert "not used as the publication date" in DATE_NO_YEAR


def test_date_line_when_the_date_is_known() -> None:
    article = clean("Published: 5 March 2024", *STORY, published=dt.date(2024, 3, 6))
    assert article.published == dt.date(2024, 3, 6)
    assert reason_of(article, "Published: 5 March 2024") == DATE_KNOWN


def test_date_lines_inside_the_story_are_a_timeline_and_stay() -> None:
    body = (STORY[0], "Monday, June 3", STORY[1], "Tuesday 4 June 2024", STORY[2])
    article = clean(*body)
    assert article.paragraphs == body
    assert article.published is None


@pytest.mark.parametrize("line", ["The council meets on 5 March 2024.", "March madness", "May we all agree"])
def test_sentences_with_dates_are_not_date_lines(line: str) -> None:
    assert parse_date_line(line) is None


def test_caption_between_byline_and_story_is_removed_but_subtitle_above_byline_is_kept() -> None:
    subtitle = "Repairs to start within weeks as island route stays shut"
    caption = "Crowds gather on the quay for the council announcement"
    article = clean(subtitle, "By Jane Roe", caption, *STORY)
    assert article.paragraphs == (subtitle, *STORY)
    assert reason_of(article, caption) == HEADER_CAPTION


# --- datelines and glued headlines ------------------------------------------------------------------------------


def test_wire_dateline_is_stripped_and_names_the_source() -> None:
    article = clean("LISBON/PORTO (Reuters) – " + STORY[0], *STORY[1:])
    assert article.paragraphs == STORY
    assert article.source == "Reuters"
    assert [(r.text, r.reason) for r in article.removed] == [("LISBON/PORTO (Reuters) –", DATELINE)]


def test_dateline_agency_differing_from_the_outlet_is_noted() -> None:
    article = clean("PORTO, Portugal (AP) — " + STORY[0], *STORY[1:], source="Westmere Gazette")
    assert article.source == "Westmere Gazette"
    assert article.paragraphs[0] == STORY[0]
    assert any("Associated Press" in note for note in article.notes)


def test_capitals_and_a_dash_without_an_agency_are_kept() -> None:
    line = "NATO — the alliance's new secretary — said the harbour would host a naval exercise in May."
    article = clean(line, *STORY)
    assert article.paragraphs[0] == line


def test_headline_glued_to_the_last_sentence_is_cut_off() -> None:
    last = STORY[-1] + "Storm Warning Issued For Three Coastal Towns"
    article = clean(*STORY[:-1], last)
    assert article.paragraphs == STORY
    assert [(r.text, r.reason, r.line) for r in article.removed] == [
        ("Storm Warning Issued For Three Coastal Towns", GLUED, 4)
    ]


def test_prompt_glued_to_a_sentence_is_cut_with_its_own_reason() -> None:
    article = clean(*STORY[:-1], STORY[-1] + "Click To Tweet")
    assert article.paragraphs == STORY
    assert [r.reason for r in article.removed] == ["share prompt glued to the last sentence"]
    assert lines_removed(article) == 0


@pytest.mark.parametrize(
    "line",
    [
        "The U.S. Navy and the U.K. coastguard will both send ships to the exercise next month.",
        "The vote passed.Councillors then adjourned the meeting until the following Tuesday.",
        "Turnout rose to 61 per cent.Officials",
    ],
)
def test_no_glued_headline_in_ordinary_text(line: str) -> None:
    article = clean(*STORY, line)
    assert article.paragraphs[-1] == line


# --- multi-paragraph appeals and prompts at the end -------------------------------------------------------------


def test_appeal_block_is_removed_whole_including_its_plain_middle() -> None:
    tail = (
        "... we have a small favour to ask. Local reporting is expensive and advertising no longer pays for it.",
        "Every pound goes into covering the council, the courts and the island's schools.",
        "Please support us monthly from just £2. It takes a minute to set up.",
        "Not ready to support today?",
        "Remind me later.",
    )
    article = clean(*STORY, *tail)
    assert article.paragraphs == STORY
    assert all(r.reason.startswith("donation appeal") for r in article.removed)
    assert len(article.removed) == len(tail)


def test_prompts_after_the_story_are_removed_with_their_reasons() -> None:
    article = clean(*STORY, "Related Articles", "Leave a Reply", "To Read The Full Story", "Click to log in!")
    assert article.paragraphs == STORY
    assert Counter(r.reason for r in article.removed) == {
        "related-links list": 1,
        "comment prompt": 1,
        "paywall prompt": 2,
    }


def test_clean_text_is_untouched() -> None:
    article = clean(*STORY)
    assert article.paragraphs == STORY
    assert article.removed == ()


def test_removals_point_at_their_source_lines() -> None:
    lines = ("Support The Westmere Gazette!", "Westmere Backs Pier Rebuild", *STORY, "Read more")
    article = clean_article(raw(*lines), SETTINGS)
    for removal in article.removed:
        assert removal.line is not None
        assert removal.text in lines[removal.line]
        assert removal.reason


# --- the corpus: lines an outlet repeats ------------------------------------------------------------------------

OTHER_STORIES = (
    (
        "Fishermen on the north quay reported their best mackerel catch in a decade during the autumn season.",
        "The harbour master said warmer water had brought the shoals closer to the island than usual.",
        "Prices at the morning auction fell by a third as buyers struggled to take the extra fish.",
    ),
    (
        "The island's only secondary school will open a new science wing after the half-term break.",
        "The building was paid for by a regional grant and a fundraising drive run by parents.",
        "Teachers said the laboratories would let pupils sit practical exams on the island for the first time.",
    ),
)


def corpus(*bodies: tuple[str, ...], source: str | None = "Westmere Gazette", folder: str = "news") -> list[RawArticle]:
    return [
        RawArticle(id=f"a{i}", lines=body, title=f"Story {i}", source=source, path=f"{folder}/a{i}.txt")
        for i, body in enumerate(bodies)
    ]


def test_outlet_furniture_repeated_across_its_articles_is_removed() -> None:
    promo = "Listen to the Harbour Hour podcast every weekday"
    raws = corpus((*STORY, promo), (*OTHER_STORIES[0], promo), (*OTHER_STORIES[1], promo))
    articles, skipped = clean_corpus(raws, SETTINGS)
    assert skipped == []
    for article in articles:
        assert promo not in article.paragraphs
        assert reason_of(article, promo) == OUTLET_REPEAT


def test_outlet_repeats_go_at_the_edges_and_stay_between_story_lines() -> None:
    header, block = "Westmere Gazette Weekend Edition", "Tickets and times at the box office"
    raws = corpus(
        (header, STORY[0], block, *STORY[1:]),
        (header, *OTHER_STORIES[0], block),
        (header, OTHER_STORIES[1][0], block, *OTHER_STORIES[1][1:]),
    )
    articles, _ = clean_corpus(raws, SETTINGS)
    assert [header in a.paragraphs for a in articles] == [False, False, False]
    assert [block in a.paragraphs for a in articles] == [True, False, True]  # only the closing one is a footer
    assert reason_of(articles[1], block) == OUTLET_REPEAT


def test_repeated_short_sentence_in_a_few_articles_of_an_outlet_is_kept() -> None:
    sentence = "The council declined to comment."
    raws = corpus((*STORY, sentence), (*OTHER_STORIES[0], sentence), OTHER_STORIES[1])
    articles, _ = clean_corpus(raws, SETTINGS)
    assert sentence in articles[0].paragraphs and sentence in articles[1].paragraphs


def test_versions_of_one_story_keep_their_shared_sentences() -> None:
    update = (*STORY[:4], "The harbour will reopen to small boats on Saturday, the council added.")
    raws = corpus(STORY, update)
    articles, _ = clean_corpus(raws, SETTINGS)
    assert articles[0].paragraphs == STORY
    assert articles[1].paragraphs == update


def test_long_shared_lines_are_never_judged_by_repetition_alone() -> None:
    shared = " ".join(STORY[:3])
    raws = corpus((shared, *OTHER_STORIES[0]), (shared, *OTHER_STORIES[1]), (shared, STORY[4]))
    articles, _ = clean_corpus(raws, SETTINGS)
    assert all(shared in a.paragraphs for a in articles)


def test_lines_shared_by_different_outlets_are_kept() -> None:
    promo = "Listen to the Harbour Hour podcast every weekday"
    raws = [
        RawArticle(id=f"a{i}", lines=(*body, promo), title="x", source=f"Outlet {i}")
        for i, body in enumerate((STORY, *OTHER_STORIES))
    ]
    articles, _ = clean_corpus(raws, SETTINGS)
    assert all(promo in a.paragraphs for a in articles)


def test_unknown_source_groups_by_folder() -> None:
    promo = "Listen to the Harbour Hour podcast every weekday"
    same = corpus((*STORY, promo), (*OTHER_STORIES[0], promo), source=None, folder="gazette")
    other = RawArticle(id="b0", lines=(*OTHER_STORIES[1], promo), title="y", path="elsewhere/b0.txt")
    articles, _ = clean_corpus([*same, other], SETTINGS)
    assert [promo in a.paragraphs for a in articles] == [False, False, True]


def test_setting_raises_the_repetition_threshold() -> None:
    promo = "Listen to the Harbour Hour podcast every weekday"
    raws = corpus((*STORY, promo), (*OTHER_STORIES[0], promo))
    articles, _ = clean_corpus(raws, Settings(repeated_line_min_articles=3))
    assert all(promo in a.paragraphs for a in articles)


def test_page_with_too_little_extracted_story_is_skipped_with_the_count() -> None:
    lines = ("Comments", "Read more", STORY[0])
    raws = [RawArticle(id="short", lines=lines, title="x", path="in/short.html", format="html", extracted=True)]
    articles, skipped = clean_corpus(raws, Settings(min_words=30))
    assert articles == []
    assert skipped[0].path == "in/short.html"
    assert skipped[0].reason.startswith("no story text left after cleaning (2 lines removed")
    assert "min_words=30" in skipped[0].reason


def test_short_text_given_as_text_is_kept_and_only_an_empty_one_skipped() -> None:
    flash = RawArticle(id="flash", lines=("Comments", STORY[0]), title="x", path="in/flash.txt")
    empty = RawArticle(id="empty", lines=("Comments", "Read more"), title="y", path="in/empty.txt")
    articles, skipped = clean_corpus([flash, empty], Settings(min_words=30))
    assert [a.id for a in articles] == ["flash"]
    assert articles[0].paragraphs == (STORY[0],)
    assert [s.path for s in skipped] == ["in/empty.txt"]
    assert skipped[0].reason.startswith("no story text left after cleaning (2 lines removed; 0 words left")


# --- the real seed articles -------------------------------------------------------------------------------------

# Removals expected on each seed, by reason (reasons after "(" are details): the seeds come from five sites and show
# every kind of page furniture the cleaner has to know.
SEED_REMOVALS = {
    "000": {"donation appeal": 7, "headline": 1, "photo caption": 1, "editor's note": 1, "contributor credit": 1,
            "related-links list": 1},
    "001": {"headline": 1, "byline": 1, "date line": 1, "comment prompt": 4, "photo caption": 5, "login prompt": 2},
    "002": {"headline": 1, "photo caption": 1, "dateline": 1, GLUED: 1, "paywall prompt": 3},
    "003": {"date line without a year: a site header, not used as the publication date": 1, "headline": 1,
            "repeated title": 2, "related-links list": 1, "comment prompt": 2},
    "004": {"headline": 1, "repeated title": 1, "related-links list": 1, "comment prompt": 2},
}  # fmt: skip
SEED_PARAGRAPHS = {"000": 18, "001": 27, "002": 22, "003": 15, "004": 8}


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, tuple[RawArticle, Article]]:
    raws, skipped = read_paths([seeds_dir], SETTINGS)
    articles, dropped = clean_corpus(raws, SETTINGS)
    assert skipped == [] and dropped == []
    by_id = {a.id: a for a in articles}
    return {raw.id[:3]: (raw, by_id[raw.id]) for raw in raws}


def test_seed_removals_by_reason(seeds: dict[str, tuple[RawArticle, Article]]) -> None:
    for key, (_, article) in seeds.items():
        found = Counter(r.reason.split(" (")[0] for r in article.removed)
        assert found == SEED_REMOVALS[key], key


def test_seed_paragraph_counts(seeds: dict[str, tuple[RawArticle, Article]]) -> None:
    for key, (raw_article, article) in seeds.items():
        assert len(article.paragraphs) == SEED_PARAGRAPHS[key], key
        assert len(article.paragraphs) == len(raw_article.lines) - lines_removed(article), key


def test_seed_kept_paragraphs_are_no_boilerplate(seeds: dict[str, tuple[RawArticle, Article]]) -> None:
    for key, (_, article) in seeds.items():
        for paragraph in article.paragraphs:
            assert match_line(paragraph) is None, (key, paragraph)
            assert parse_date_line(paragraph) is None, (key, paragraph)
            assert line_key(paragraph) != line_key(article.title), key


def test_seed_text_is_kept_or_accounted_for(seeds: dict[str, tuple[RawArticle, Article]]) -> None:
    """Every source line is either kept (whole, or minus a named cut) or removed whole with a reason."""
    for key, (raw_article, article) in seeds.items():
        whole = {r.line for r in article.removed if not is_cut(r)}
        cuts = {r.line: r.text for r in article.removed if is_cut(r)}
        kept = [i for i in range(len(raw_article.lines)) if i not in whole]
        assert len(kept) == len(article.paragraphs), key
        for i, paragraph in zip(kept, article.paragraphs, strict=True):
            source = "".join(raw_article.lines[i].split())
            assert "".join(paragraph.split()) in source, key
            assert len("".join((paragraph + cuts.get(i, "")).split())) == len(source), key


def test_seed_long_lines_removed_only_for_strong_reasons(seeds: dict[str, tuple[RawArticle, Article]]) -> None:
    allowed = ("donation appeal", "photo caption", "login prompt", "related-links list", HEADLINE, REPEATED_TITLE)
    for key, (_, article) in seeds.items():
        for removal in article.removed:
            if word_count(removal.text) >= 12:
                assert removal.reason.startswith(allowed), (key, removal.reason)


def test_seed_metadata(seeds: dict[str, tuple[RawArticle, Article]]) -> None:
    independent = seeds["001"][1]
    byline = next(r.text for r in independent.removed if r.reason == BYLINE)
    assert independent.author == byline and len(independent.author.split()) == 2
    assert independent.published == dt.date(2023, 9, 15)
    assert seeds["002"][1].source == "Reuters"
    assert seeds["000"][1].source == "The Moscow Times"
    assert seeds["003"][1].published is None


def test_seed_glued_headline_keeps_its_sentence(seeds: dict[str, tuple[RawArticle, Article]]) -> None:
    raw_article, article = seeds["002"]
    glued = next(r for r in article.removed if r.reason == GLUED)
    assert article.paragraphs[-1].endswith(".")
    assert raw_article.lines[glued.line] == article.paragraphs[-1] + glued.text
    assert glued.text not in article.text
