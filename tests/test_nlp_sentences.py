"""Sentence splitting with exact offsets, and language detection."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.model import Article
from newsweave.nlp import analyse
from newsweave.nlp.language import detect_language
from newsweave.nlp.sentences import paragraph_spans, raw_paragraph_spans, split_paragraph, split_sentences


def _split(text: str) -> list[str]:
    return [text[start:end] for start, end in split_paragraph(text, 0, len(text))]


def test_offsets_are_exact_and_sentences_stay_in_their_paragraph() -> None:
    paragraphs = ("The mayor spoke first.  Then the crowd left.", "A second paragraph. It has two sentences.")
    text = "\n\n".join(paragraphs)
    sentences = split_sentences("a1", text, paragraph_spans(paragraphs))
    assert [s.text for s in sentences] == [
        "The mayor spoke first.",
        "Then the crowd left.",
        "A second paragraph.",
        "It has two sentences.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]
    assert [s.index for s in sentences] == [0, 1, 2, 3]
    assert all(text[s.start : s.end] == s.text and s.article_id == "a1" for s in sentences)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Hale met Ms. Ortiz on the pier. They talked.", ["Mr. Hale met Ms. Ortiz on the pier.", "They talked."]),
        ("It was item No. 4 in Vol. 2 of the report. Next.", ["It was item No. 4 in Vol. 2 of the report.", "Next."]),
        ("Gen. Alvarez and Sen. Brook arrived. Both spoke.", ["Gen. Alvarez and Sen. Brook arrived.", "Both spoke."]),
        (
            "The novel by J. R. Barton sold well. Critics agreed.",
            ["The novel by J. R. Barton sold well.", "Critics agreed."],
        ),
        (
            "Talks in the U.S. capital ended. The U.N. envoy left.",
            ["Talks in the U.S. capital ended.", "The U.N. envoy left."],
        ),
        (
            "The vote was held on Sept. 12 in the hall. It passed.",
            ["The vote was held on Sept. 12 in the hall.", "It passed."],
        ),
        ("“Why now?” she asked. Nobody answered.", ["“Why now?” she asked.", "Nobody answered."]),
    ],
)
def test_news_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_real_sentence_ends_after_abbreviations_still_split() -> None:
    assert _split("The delegation flew to the U.S. He stayed home.") == [
        "The delegation flew to the U.S.",
        "He stayed home.",
    ]


def test_a_line_break_ends_a_sentence() -> None:
    text = "“We will rebuild,” one resident wrote ― Ana Ruiz\nThe next item"
    assert _split(text) == ["“We will rebuild,” one resident wrote ― Ana Ruiz", "The next item"]


def test_raw_paragraphs_are_the_non_blank_lines() -> None:
    text = "  First line.\n\n\nSecond line. \nThird\n"
    assert [text[s:e] for s, e in raw_paragraph_spans(text)] == ["First line.", "Second line.", "Third"]


def test_language_detection_treats_short_text_as_english() -> None:
    assert detect_language("Guten Tag") == "en"
    assert detect_language("") == "en"


def test_language_detection_finds_german_and_english() -> None:
    german = (
        "Der Bürgermeister der Stadt hat am Dienstag angekündigt, dass die alte Brücke über den Fluss im nächsten "
        "Jahr vollständig erneuert werden soll, weil sie nicht mehr sicher ist."
    )
    english = (
        "The mayor of the town announced on Tuesday that the old bridge over the river will be completely rebuilt "
        "next year because it is no longer safe for heavy traffic."
    )
    assert detect_language(german) == "de"
    assert detect_language(english) == "en"


def test_non_english_article_gets_language_note_sentences_and_quotes_but_no_entities() -> None:
    article = Article(
        id="de1",
        title="Brücke",
        paragraphs=(
            "Der Bürgermeister Klaus Becker hat am Dienstag angekündigt, dass die alte Brücke über den Fluss im "
            "nächsten Jahr vollständig erneuert wird. Die Arbeiten sollen im Frühjahr beginnen.",
            "„Wir können nicht länger warten, die Sicherheit der Menschen geht vor“, sagte Becker vor dem Rathaus.",
        ),
        published=dt.date(2024, 3, 5),
    )
    (analysis,) = analyse([article], Settings())
    assert analysis.article.language == "de"
    assert any(note.startswith("language detected: de") for note in analysis.article.notes)
    assert len(analysis.sentences) == 3
    assert analysis.mentions == () and analysis.dates == ()
    assert [q.text for q in analysis.quotes] == ["Wir können nicht länger warten, die Sicherheit der Menschen geht vor"]
    assert analysis.quotes[0].speaker is None


def test_seed_sentences_have_exact_offsets(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        lines = tuple(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        article = Article(id=path.stem, title=lines[0], paragraphs=lines)
        text = article.text
        spans = paragraph_spans(article.paragraphs)
        sentences = split_sentences(article.id, text, spans)
        assert len(sentences) >= len(lines)
        for sentence in sentences:
            assert text[sentence.start : sentence.end] == sentence.text
            p_start, p_end = spans[sentence.paragraph]
            assert p_start <= sentence.start < sentence.end <= p_end


def test_empty_and_odd_articles_do_not_break_the_stage() -> None:
    articles = [
        Article(id="empty", title="t", paragraphs=()),
        Article(id="blank", title="t", paragraphs=("", "   ", "“", '"')),
        Article(id="open", title="t", paragraphs=("He said “this never closes and goes on and on", "Next “ one")),
    ]
    analyses = analyse(articles, Settings())
    assert [a.article.id for a in analyses] == ["empty", "blank", "open"]
    assert analyses[0].sentences == () and analyses[1].quotes == ()
    assert all(a.article.language == "en" for a in analyses)
