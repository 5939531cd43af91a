"""Reported speech: statements attributed without quotation marks, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

from newsweave import brief
from newsweave.config import Settings
from newsweave.model import Analysis, Article
from newsweave.nlp import analyse
from newsweave.render.schema import json_schema


def _analysis(*paragraphs: str) -> Analysis:
    article = Article(id="a", title="Harbour", paragraphs=paragraphs, published=dt.date(2026, 3, 6))
    return analyse([article], Settings())[0]


def _record(article_id: str, title: str, source: str, text: str) -> dict[str, str]:
    return {"id": article_id, "title": title, "source": source, "published": "2026-03-06", "text": text}


def _statements(*paragraphs: str) -> list[tuple[str | None, str]]:
    return [(r.speaker, r.text) for r in _analysis(*paragraphs).reported]


@pytest.mark.parametrize(
    "sentence",
    [
        "Mayor Ilse Brandt said that the ferry pier would reopen before the winter storms.",
        "Mayor Ilse Brandt told reporters the ferry pier would reopen before the winter storms.",
        "The ferry pier would reopen before the winter storms, Mayor Ilse Brandt said on Tuesday.",
    ],
)
def test_a_speech_verb_and_its_clause_in_either_order(sentence: str) -> None:
    ((speaker, statement),) = _statements(sentence)
    assert (speaker, statement.casefold()) == ("Ilse Brandt", "the ferry pier would reopen before the winter storms")


def test_according_to_names_the_source_and_keeps_the_rest() -> None:
    found = _statements("According to the harbour authority, two cranes were damaged in the storm on Monday.")
    assert found == [("harbour authority", "two cranes were damaged in the storm on Monday")]


def test_offsets_point_at_the_statement_and_the_speaker() -> None:
    analysis = _analysis("Councillor Tomas Reyes said the repair budget had doubled since January.")
    (statement,) = analysis.reported
    text = analysis.article.text
    assert text[statement.start : statement.end] == statement.text == "the repair budget had doubled since January"
    assert statement.parts == ((statement.start, statement.end),)
    assert text[statement.speaker_start : statement.speaker_end] == "Councillor Tomas Reyes"
    assert statement.speaker == "Tomas Reyes"  # resolved to the entity
    assert statement.cue == "said" and statement.direct is False and statement.sentences == (0,)


def test_he_and_she_resolve_to_the_person_named_before() -> None:
    found = _statements(
        "Harbour master Olek Brandt inspected the damaged pier on Monday morning.",
        "He said the repairs would take at least four months to finish.",
    )
    assert found == [("Olek Brandt", "the repairs would take at least four months to finish")]


@pytest.mark.parametrize(
    "sentence",
    [
        "They said the repairs would take at least four months to finish.",  # antecedents too often wrong
        "I said the repairs would take at least four months to finish.",  # a columnist's own view
        "According to reports, the repairs would take at least four months to finish.",  # no checkable source
        "Mayor Ilse Brandt said repairs were finished.",  # too short to cross-check
        "Mayor Ilse Brandt said “the pier will reopen before the winter storms, whatever it costs”.",  # quoted
        "The minister, who said the pier would reopen before the storms, resigned on Friday.",
        "Mayor Ilse Brandt did not say when the pier would reopen to ferries and freight.",  # not a claim
        "Mayor Ilse Brandt said whether the pier would reopen was up to the engineers.",  # an indirect question
    ],
)
def test_what_is_not_reported_speech(sentence: str) -> None:
    assert _statements("The storm closed the Westmere pier on Monday.", sentence) == []


def test_a_quoted_phrase_inside_a_reported_statement_stays_in_it() -> None:
    found = _statements("Mayor Ilse Brandt said the “temporary” pier would reopen before the winter storms.")
    assert found == [("Ilse Brandt", "the “temporary” pier would reopen before the winter storms")]


def test_a_description_before_a_name_gives_the_name() -> None:
    found = _statements("The environmental group Harbour Watch said volunteers would clean the beaches on Sunday.")
    assert found == [("Harbour Watch", "volunteers would clean the beaches on Sunday")]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("The environmental group Marrow Strait Trust said it was sending volunteers to the beaches.",
         "Marrow Strait Trust"),
        ("Ferry services have been suspended until further notice, the operator Islink Ferries said on Monday.",
         "Islink Ferries"),
    ],
)
def test_a_name_in_close_apposition_is_the_whole_speaker(sentence: str, speaker: str) -> None:
    (found,) = _analysis(sentence).reported
    assert found.speaker == speaker  # spaCy parses the name as an apposition of "group" / "operator"


def test_an_apposition_set_off_by_commas_is_not_the_speaker() -> None:
    (found,) = _analysis("The union, the Kessford Dockers Guild, said the strike would go ahead on Friday.").reported
    assert found.speaker == "union"


def test_it_said_right_after_an_organisation_said_is_that_organisation() -> None:
    found = _statements(
        "The harbour authority said two cranes were damaged in the storm. It said the pier would reopen in July.",
        "It said the ferry timetable would be cut in half until then.",  # another paragraph: not resolved
    )
    assert found == [("harbour authority", "two cranes were damaged in the storm"),
                     ("harbour authority", "the pier would reopen in July")]
    person = _statements("Mayor Ilse Brandt said two cranes were damaged. It said the pier would reopen in July.")
    assert person == [("Ilse Brandt", "two cranes were damaged")]  # a person is never "it"


def test_coordinated_speakers_stay_together() -> None:
    found = _statements("Westmere and the island council said the ferry timetable would be cut in half.")
    assert found == [("Westmere and the island council", "the ferry timetable would be cut in half")]


def test_the_brief_lists_reported_statements_in_every_format() -> None:
    result = brief([
        _record("a", "Westmere pier to reopen", "Harbour Post",
                "The Westmere ferry pier will reopen in July after storm repairs. Mayor Ilse Brandt said the repairs "
                "would cost less than the council had feared."),
        _record("b", "Pier reopening set for July", "Island Times",
                "Westmere's storm-damaged ferry pier is due to reopen in July. According to the harbour authority, "
                "two of the three cranes can already be used again."),
    ])
    data = json.loads(result.to_json())
    jsonschema.validate(data, json_schema())
    reported = [r for story in data["stories"] for r in story["reported"]]
    assert {(r["speaker"], tuple(r["sources"])) for r in reported} == {("Ilse Brandt", ("a",)),
                                                                      ("harbour authority", ("b",))}
    facts = {f["text"]: f["attributed_to"] for story in data["stories"] for f in story["facts"]}
    assert [who for text, who in facts.items() if text.startswith("Mayor Ilse Brandt said")] == [["Ilse Brandt"]]
    assert [who for text, who in facts.items() if text.startswith("The Westmere ferry pier will")] == [[]]
    markdown = result.to_markdown()
    assert "Harbour Post; attributed to Ilse Brandt)" in markdown
    assert "### Reported statements" in markdown
    assert "**Ilse Brandt** (reported): the repairs would cost less than the council had feared" in markdown
    assert "<h3>Reported statements</h3>" in result.to_html()


def test_conflict_sides_name_the_source_each_article_cites() -> None:
    data = json.loads(brief([
        _record("a", "Pier damage assessed", "Harbour Post",
                "The Westmere ferry pier was damaged in Tuesday's storm. The harbour authority said 12 pilings were "
                "broken and would have to be replaced before the pier can reopen."),
        _record("b", "Storm breaks pier pilings", "Island Times",
                "Tuesday's storm damaged the Westmere ferry pier. Engineer Tomas Reyes said 20 pilings were broken "
                "and would have to be replaced before the pier can reopen."),
    ]).to_json())
    sides = {s["article"]: s["attributed_to"] for story in data["stories"] for c in story["conflicts"]
             for s in c["sides"]}
    assert sides == {"a": ["harbour authority"], "b": ["Tomas Reyes"]}
