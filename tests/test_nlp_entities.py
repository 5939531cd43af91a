"""Entity mentions and cross-article alias grouping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsweave.config import Settings
from newsweave.model import Analysis, Article, Entity, Mention
from newsweave.nlp import analyse
from newsweave.nlp.entities import EntityIndex, group_entities, group_mentions
from newsweave.nlp.mentions import find_mentions
from newsweave.nlp.names import match_key
from newsweave.nlp.sentences import split_sentences


def _m(text: str, kind: str = "PERSON", article: str = "a", sentence: int = 0) -> Mention:
    return Mention(text, kind, article, sentence, 0, len(text))


def _by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {entity.name: entity for entity in entities}


def _tidy(text: str, found: str, label: str) -> list[tuple[str, str]]:
    """The mentions of ``text`` when the recogniser reports ``found`` (a substring) with ``label``."""
    spans = [(0, len(text))]
    sentences = split_sentences("a", text, spans)
    start = text.index(found)
    entity = [[(start, start + len(found), label)]]
    return [(m.text, m.kind) for m in find_mentions("a", text, spans, entity, sentences)]


def test_match_key_ignores_possessive_article_dots_hyphens_and_titles() -> None:
    assert match_key("Lena Park’s") == match_key("lena park") == "lena park"
    assert match_key("the Harbour Authority") == "harbour authority"
    assert match_key("U.S.") == match_key("US") == "us"
    assert match_key("Ho-jun") == "ho jun"
    assert match_key("Mr Tran") == match_key("Mr. Tran") == "tran"
    assert match_key("President Ana Silva", person=True) == "ana silva"
    assert match_key("General Motors") == "general motors"  # job titles are stripped from people only


def test_mentions_are_tidied() -> None:
    text = "Officials said Osei’s team met the Northfield Council in Rostov-on-Don and the city of Lanford."
    assert _tidy(text, "Osei’s team", "PERSON") == [("Osei", "PERSON")]  # stops at the possessive
    assert _tidy(text, "the Northfield Council", "ORG") == [("Northfield Council", "ORG")]
    assert _tidy(text, "Rostov", "ORG") == [("Rostov-on-Don", "GPE")]  # hyphenated place completed
    assert _tidy(text, "Lanford", "ORG") == [("Lanford", "GPE")]  # "the city of" names a place
    assert _tidy("He met Mr Osei’s aide.", "Osei", "PERSON") == [("Mr Osei", "PERSON")]
    assert _tidy("Coastguard spokeswoman Lena Voss said so.", "Lena Voss", "ORG") == [("Lena Voss", "PERSON")]
    assert _tidy("The head of Kessford Salvage said so.", "Kessford Salvage", "ORG") == [("Kessford Salvage", "ORG")]
    assert _tidy("Fans of the Lanford Rovers - while", "Lanford Rovers - while", "ORG") == [("Lanford Rovers", "ORG")]


@pytest.mark.parametrize(
    ("text", "found", "kind"),
    [
        ("Brightwater Salvage, hired by the owner, will try again.", "Brightwater Salvage", "ORG"),
        ("The salvage master told Northsea Wire the hull was sound.", "Northsea Wire", "ORG"),
        ("Boats waited outside Hallam Harbour all night.", "Hallam Harbour", "LOC"),
        ("The Port of Kessford was closed on Monday.", "Kessford", "GPE"),
        ("The ship was approaching Varnholm when it grounded.", "Varnholm", "GPE"),
        ("Boxes washed up on the rocks below Saltcombe.", "Saltcombe", "GPE"),
        ("Four containers came ashore on the west coast of Hallam Major.", "Hallam Major", "GPE"),
    ],
)
def test_a_person_label_that_names_a_firm_or_a_place_is_corrected(text: str, found: str, kind: str) -> None:
    assert _tidy(text, found, "PERSON") == [(found, kind)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Investors kept their confidence in Powell's plan.", "Powell"),  # a possessive: a person's plan
        ("The letter came from Varga.", "Varga"),  # "from" is said of people as often as of places
        ("Senator Frank Church led the inquiry.", "Frank Church"),  # a head word that is also a surname
        ("Officials met in Rome with Lena Park on Friday.", "Lena Park"),
    ],
)
def test_people_keep_their_person_label(text: str, found: str) -> None:
    assert _tidy(text, found, "PERSON") == [(found, "PERSON")]


def test_mentions_find_honorific_names_the_recogniser_missed() -> None:
    text = "Later Ms Varga spoke."
    spans = [(0, len(text))]
    mentions = find_mentions("a", text, spans, [[]], split_sentences("a", text, spans))
    assert [(m.text, m.kind, m.start) for m in mentions] == [("Ms Varga", "PERSON", 6)]


def test_person_short_forms_join_the_most_mentioned_full_name() -> None:
    mentions = [_m("Park Ji Hoon")] * 3 + [_m("Park Ji-hoon"), _m("Mr Park"), _m("Park’s"), _m("Park Ji Won")]
    entities = _by_name(group_mentions(mentions))
    assert set(entities) == {"Park Ji Hoon", "Park Ji Won"}
    assert entities["Park Ji Hoon"].aliases == ("Mr Park", "Park", "Park Ji-hoon")
    assert entities["Park Ji Won"].aliases == ()  # another full name sharing words is another person


def test_titles_are_stripped_for_matching_but_not_invented() -> None:
    mentions = [_m("Elena Varga"), _m("President Elena Varga", article="b"), _m("Varga", article="c")]
    (entity,) = group_mentions(mentions)
    assert entity.name == "Elena Varga"
    assert entity.aliases == ("President Elena Varga", "Varga")


def test_misspellings_join_across_articles_only() -> None:
    across = group_mentions([_m("Novo-on-Sula", "GPE", "a"), _m("Novo-on-Sulla", "GPE", "b")])
    assert len(across) == 1
    within = group_mentions([_m("Novo-on-Sula", "GPE", "a"), _m("Novo-on-Sulla", "GPE", "a", 1)])
    assert len(within) == 2


@pytest.mark.parametrize(("a", "b"), [("Iran", "Iraq"), ("Austria", "Australia"), ("Slovenia", "Slovakia")])
def test_different_short_names_are_not_misspellings(a: str, b: str) -> None:
    assert len(group_mentions([_m(a, "GPE", "x"), _m(b, "GPE", "y")])) == 2


def test_acronyms_join_their_unique_expansion() -> None:
    mentions = [_m("United Nations", "ORG"), _m("UN", "ORG", "b"), _m("U.N.", "ORG", "c")]
    (entity,) = group_mentions(mentions)
    assert entity.name == "United Nations" and entity.aliases == ("U.N.", "UN")


def test_acronym_is_not_a_surname() -> None:
    mentions = [_m("Kwon Soon Un"), _m("UN", "ORG"), _m("Kwon Soon Un", article="b")]
    assert len(group_mentions(mentions)) == 2


def test_surname_tagged_as_organisation_joins_its_person() -> None:
    mentions = [_m("Oleg Vasnetsov"), _m("Vasnetsov", "ORG", sentence=2)]
    (entity,) = group_mentions(mentions)
    assert entity.kind == "PERSON" and entity.aliases == ("Vasnetsov",)


def test_shorter_head_of_an_organisation_joins_it() -> None:
    mentions = [_m("UN Security Council", "ORG"), _m("Security Council", "ORG", "b")]
    (entity,) = group_mentions(mentions)
    assert entity.name == "UN Security Council"


def test_kind_is_majority_label_but_full_person_names_win() -> None:
    place = group_mentions([_m("Dunmore", "GPE"), _m("Dunmore", "GPE", "b"), _m("Dunmore", "PERSON", "c")])
    assert place[0].kind == "GPE"
    person = group_mentions([_m("Ivo Rask"), _m("Rask", "ORG", "b"), _m("Rask", "ORG", "c"), _m("Rask", "PERSON")])
    assert person[0].kind == "PERSON"


def test_ids_and_order_are_stable() -> None:
    mentions = [_m("Ana Silva", sentence=1), _m("Harbour Authority", "ORG"), _m("Silva", article="b")]
    first, second = group_mentions(mentions), group_mentions(list(reversed(mentions)))
    assert first == second
    assert [e.id for e in first] == ["ana-silva", "harbour-authority"]
    assert first[0].mentions == (("a", 1), ("b", 0))


def test_index_maps_any_spelling_to_the_canonical_name() -> None:
    index = EntityIndex(group_mentions([_m("Dmitri Orlov"), _m("Orlov", article="b"), _m("Harbour Authority", "ORG")]))
    assert index.canonical("Mr Orlov") == "Dmitri Orlov"
    assert index.canonical("Orlov’s") == "Dmitri Orlov"
    assert index.canonical("Port spokesman Dmitri Orlov") == "Dmitri Orlov"
    assert index.canonical("the Harbour Authority") == "Harbour Authority"
    assert index.canonical("Dmitri Orlova") == "Dmitri Orlov"  # a small misspelling
    assert index.canonical("Town council") is None


def test_group_entities_takes_analyses() -> None:
    article = Article(id="a", title="t", paragraphs=("x",))
    analysis = Analysis(article=article, sentences=(), mentions=(_m("Ana Silva"), _m("Silva")))
    assert [e.name for e in group_entities([analysis])] == ["Ana Silva"]


@pytest.fixture(scope="module")
def seed_entities(seeds_dir: Path) -> list[Entity]:
    articles = []
    for path in sorted(seeds_dir.glob("*.txt")):
        lines = tuple(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        articles.append(Article(id=path.stem, title=lines[0], paragraphs=lines, published=dt.date(2023, 9, 15)))
    return group_entities(analyse(articles, Settings()))


def _entity_with(entities: list[Entity], spelling: str) -> Entity:
    (found,) = [e for e in entities if spelling == e.name or spelling in e.aliases]
    return found


def test_seed_kim_jong_un_spellings_form_one_person(seed_entities: list[Entity]) -> None:
    kim = _entity_with(seed_entities, "Mr Kim")
    assert kim.name == "Kim Jong Un" and kim.kind == "PERSON"
    assert {"Kim Jong-un", "Kim"} <= set(kim.aliases)
    father = _entity_with(seed_entities, "Kim Jong Il")
    assert father is not kim and father.kind == "PERSON"


def test_seed_people_and_places_group_with_their_aliases(seed_entities: list[Entity]) -> None:
    putin = _entity_with(seed_entities, "Putin")
    assert putin.name == "Vladimir Putin" and "Mr Putin" in putin.aliases
    assert _entity_with(seed_entities, "Komsomolsk-on-Amure") is _entity_with(seed_entities, "Komsomolsk-on-Amur")
    assert _entity_with(seed_entities, "Manturov").name == "Denis Manturov"
    assert _entity_with(seed_entities, "Degtyarev").name == "Mikhail Degtyarev"
    index = EntityIndex(seed_entities)
    assert index.canonical("Kremlin spokesman Dmitry Peskov") == "Dmitry Peskov"
    assert index.canonical("Mr Peskov") == "Dmitry Peskov"
