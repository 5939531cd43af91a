"""Direct quotations and their speakers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.model import Analysis, Article, Quote
from newsweave.nlp import analyse
from newsweave.nlp.quotes import extract_quotes


def _pairs(text: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in extract_quotes(text)]


@pytest.mark.parametrize(
    "text",
    [
        "“The bridge will reopen in spring,” Mayor Helen Dorsey said.",
        "“The bridge will reopen in spring,” said Mayor Helen Dorsey, who chairs the board.",
        '"The bridge will reopen in spring," Mayor Helen Dorsey told reporters.',
        "Mayor Helen Dorsey said: “The bridge will reopen in spring.”",
        "Mayor Helen Dorsey told reporters: “The bridge will reopen in spring.”",
    ],
)
def test_attribution_patterns(text: str) -> None:
    (quote,) = extract_quotes(text)
    assert quote.speaker == "Helen Dorsey"
    assert quote.text.rstrip(".") == "The bridge will reopen in spring"
    assert text[quote.start : quote.end] == quote.text
    assert text[quote.speaker_start : quote.speaker_end] == "Helen Dorsey"
    assert quote.cue in ("said", "told")


def test_speaker_named_before_a_lead_in_clause() -> None:
    text = (
        "Helen Dorsey praised the engineers who rebuilt the span, adding, “They worked through the winter and "
        "never complained once.”"
    )
    (quote,) = extract_quotes(text)
    assert (quote.speaker, quote.cue) == ("Helen Dorsey", "adding")


def test_speaker_named_in_the_sentence_before_the_quotation_paragraph() -> None:
    text = "Helen Dorsey described the plan to the council on Tuesday:\n\n“We will start with the north side.”"
    (quote,) = extract_quotes(text)
    assert (quote.speaker, quote.cue) == ("Helen Dorsey", "described")


def test_following_quotation_keeps_the_speaker() -> None:
    text = "“The span is safe,” Helen Dorsey said. “We checked every bolt twice.”\n\n“Nothing was left to chance.”"
    assert _pairs(text) == [
        ("Helen Dorsey", "The span is safe … We checked every bolt twice."),  # one quotation, split by "she said"
        ("Helen Dorsey", "Nothing was left to chance."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "“The span is safe,” Helen Dorsey said, “and we checked every bolt twice.”",
        "“The span is safe,” said Helen Dorsey, who chairs the board of the harbour trust. “We checked every bolt.”",
        "Helen Dorsey toured the bridge. “The span is safe,” she said: “we checked every bolt twice.”",
    ],
)
def test_quotation_interrupted_by_its_attribution_is_one_quotation(text: str) -> None:
    (quote,) = extract_quotes(text)
    first, second = quote.parts
    assert text[first[0] : first[1]] == "The span is safe"
    assert text[second[0] : second[1]].lower().startswith(("and we checked", "we checked"))
    assert (quote.start, quote.end) == (first[0], second[1])
    assert quote.text == f"The span is safe … {text[second[0] : second[1]]}"


@pytest.mark.parametrize(
    "text",
    [
        "“The span is safe,” Helen Dorsey said. The council met later. “We checked every bolt twice.”",
        "“The span is safe,” Helen Dorsey said.\n\n“We checked every bolt twice,” Ivo Rask said.",
        "On “Harbour Hour,” Helen Dorsey called the closure of the bridge “a disgrace to the whole town.”",
        "“The span is safe,” Helen Dorsey said, as Ivo Rask replied, “We checked every bolt twice.”",
    ],
)
def test_pieces_with_more_than_an_attribution_between_stay_apart(text: str) -> None:
    assert all(len(quote.parts) == 1 for quote in extract_quotes(text))


def test_quotation_over_two_paragraphs_is_one_quotation() -> None:
    text = "Helen Dorsey said: “The first phase is finished.\n\n“The second phase starts in May,” she added."
    (quote,) = extract_quotes(text)
    assert quote.text == "The first phase is finished. The second phase starts in May"
    assert quote.speaker == "Helen Dorsey"
    assert quote.start == text.index("The first") and quote.end == text.index(",” she")


def test_pronouns_resolve_to_the_latest_subject_of_their_kind() -> None:
    text = (
        "Helen Dorsey met the engineers of Northgate Construction on Monday.\n\n"
        "“The work is ahead of schedule,” she said.\n\n"
        "The Harbour Authority backed the plan in a statement.\n\n"
        "“Traffic will be diverted for two weeks,” it said."
    )
    quotes = extract_quotes(text)
    assert [(q.speaker, q.cue) for q in quotes] == [("Helen Dorsey", "said"), ("Harbour Authority", "said")]
    assert [text[q.speaker_start : q.speaker_end] for q in quotes] == ["she", "it"]  # the attributing words


def test_pronoun_skips_the_object_of_the_previous_sentence() -> None:
    text = "Harbour master Ivo Rask told Jana Bell that the channel was clear.\n\n“We can reopen at noon,” he said."
    (quote,) = extract_quotes(text)
    assert quote.speaker == "Ivo Rask"


def test_speaker_named_in_the_sentence_before_without_a_speech_verb() -> None:
    text = "Spokeswoman Jana Bell flew over the bay at dawn. “The oil has not reached the beaches yet.”"
    assert _pairs(text) == [("Jana Bell", "The oil has not reached the beaches yet.")]


def test_organisation_introducing_a_quotation_with_a_colon() -> None:
    text = "The Harbour Gazette reports:\n\n“Three ferries were cancelled and the pier was closed to walkers.”"
    assert [q.speaker for q in extract_quotes(text)] == ["Harbour Gazette"]


def test_attribution_in_its_own_short_sentence_and_signatures() -> None:
    asked = "“Why was nobody warned before the storm arrived?” Jana Bell demanded. The council did not reply."
    assert _pairs(asked) == [("Jana Bell", "Why was nobody warned before the storm arrived?")]
    signed = "“The harbour is the heart of this town and always will be.” ― Ivo Rask\n“Next line.”"
    assert _pairs(signed)[0] == ("Ivo Rask", "The harbour is the heart of this town and always will be.")


def test_short_descriptions_are_speakers() -> None:
    text = "“If the pier goes, the town goes with it,” the ferry’s captain says."
    assert [q.speaker for q in extract_quotes(text)] == ["ferry’s captain"]


def test_described_speakers_are_kept_as_written() -> None:
    text = (
        "“The budget has been approved,” the regional government said.\n\n"
        "“Payments begin next month,” it said.\n\n"
        "“Nobody was consulted,” the town’s union said in a statement."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["regional government", "regional government", "town’s union"]


def test_scare_quotes_and_short_fragments_are_dropped() -> None:
    text = (
        "Critics called the plan a “fiasco” and its authors “amateurs at best”. "
        "The mayor gave the builders a medal “that had been cast from old bridge steel” at the ceremony."
    )
    assert extract_quotes(text) == []


def test_attributed_fragments_of_four_words_are_kept() -> None:
    text = "Helen Dorsey said the closure would last “no more than two weeks” at most."
    (quote,) = extract_quotes(text)
    assert (quote.speaker, quote.text) == ("Helen Dorsey", "no more than two weeks")


def test_short_quotations_need_a_speech_verb() -> None:
    assert _pairs("“Absolutely,” Helen Dorsey said.") == [("Helen Dorsey", "Absolutely")]
    assert _pairs("The word of the day was “resilience”.") == []


def test_unattributed_full_quotation_is_kept_without_speaker() -> None:
    assert _pairs("“The river has never been this high in living memory.”") == [
        (None, "The river has never been this high in living memory.")
    ]


def test_quote_sentences_are_listed() -> None:
    text = "The vote passed. “It was a long night,” Helen Dorsey said.\n\n“Tomorrow we rest.\n\n“Then we start again.”"
    assert [q.sentences for q in extract_quotes(text)] == [(1,), (2, 3)]


@pytest.fixture(scope="module")
def seed_quotes(seeds_dir: Path) -> dict[str, Analysis]:
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        lines = tuple(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        articles.append(Article(id=path.stem[:3], title=lines[0], paragraphs=lines, published=dt.date(2023, 9, 15)))
    return {a.article.id: a for a in analyse(articles, Settings())}


def _speakers(analysis: Analysis) -> list[str | None]:
    return [q.speaker for q in analysis.quotes]


def _quote_with(analysis: Analysis, *words: str) -> Quote:
    (found,) = [q for q in analysis.quotes if all(word in q.text for word in words)]
    return found


def test_seed_quote_speakers(seed_quotes: dict[str, Analysis]) -> None:
    first, second, third, fifth = seed_quotes["000"], seed_quotes["001"], seed_quotes["002"], seed_quotes["004"]
    assert _quote_with(first, "agreements", "signed").speaker == "Dmitry Peskov"
    assert _speakers(first).count("Denis Manturov") == 2  # "said Russia’s … Denis Manturov" and "Manturov added"
    assert "Mikhail Degtyarev" in _speakers(first)
    assert _speakers(first)[0] == "Russia’s government"
    assert _speakers(second).count("Russian government") == 2  # the second one through "it said"
    assert "Denis Manturov" in _speakers(second) and "Dmitry Peskov" in _speakers(second)
    assert {"Chang Ho-jin", "Bonnie Jenkins"} <= set(_speakers(third))
    jenkins = [q for q in third.quotes if q.speaker == "Bonnie Jenkins"]
    assert [q.cue for q in jenkins] == ["said"]  # "she said"
    degtyarev = [q for q in fifth.quotes if q.speaker == "Mikhail Degtyarev"]
    assert len(degtyarev) == 1 and len(degtyarev[0].text.split()) > 30  # speaker in the lead-in clause


def test_seed_scare_quotes_are_dropped(seed_quotes: dict[str, Analysis]) -> None:
    for analysis in seed_quotes.values():
        for quote in analysis.quotes:
            assert len(quote.text.split()) >= 4
            assert analysis.article.text[quote.start : quote.end].startswith(quote.text[:20])
    assert not [q for q in seed_quotes["001"].quotes if "spacesuit" in q.text or "several times" in q.text]


def test_a_title_inside_a_straight_quotation_does_not_close_it() -> None:
    text = '"The mayor called the plan “reckless” and left the meeting early, before the vote," Ivo Rask said.'
    assert _pairs(text) == [
        ("Ivo Rask", "The mayor called the plan “reckless” and left the meeting early, before the vote")
    ]


def test_unclosed_quotation_continues_only_into_a_paragraph_opening_with_the_same_mark() -> None:
    text = (
        '"The harbour was quiet that morning and the ferries had not yet left the pier.\n\n'
        "“We were lucky that the tide was low,” Ivo Rask said."
    )
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == [
        "The harbour was quiet that morning and the ferries had not yet left the pier.",
        "We were lucky that the tide was low",
    ]
    assert quotes[1].speaker == "Ivo Rask"


def test_turns_of_a_quoted_transcript_are_quotations_of_their_speakers() -> None:
    text = (
        "Host Peter Walsh interviewed Helen Dorsey on the radio. Part of the interview:\n\n"
        '"WALSH: Will the bridge open before the winter storms arrive?\n\n'
        '"DORSEY: We expect to open it in November.\n\n'
        '"But the north side may need another month of work."'
    )
    quotes = extract_quotes(text)
    assert [(q.speaker, q.text) for q in quotes] == [
        ("Peter Walsh", "Will the bridge open before the winter storms arrive?"),
        ("Helen Dorsey", "We expect to open it in November. But the north side may need another month of work."),
    ]
    assert text[quotes[1].speaker_start : quotes[1].speaker_end] == "DORSEY"
