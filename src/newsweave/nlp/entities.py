"""One entity per real-world thing across the articles of a story, with every spelling seen for it.

Mentions are grouped by their match key (:mod:`newsweave.nlp.names`), then groups are joined by four rules:

* **misspellings** – two names with the same number of words, all equal but one, whose differing words are long
  and one or two edits apart ("Komsomolsk-on-Amure" / "Komsomolsk-on-Amur"), when both are the same kind of thing
  and never appear in the same article (an article that writes both most likely means two things);
* **acronyms** – "US" joins "United States" when exactly one multi-word place or organisation has those initials;
* **short forms of people** – a bare surname or any part of a name ("Kim", "Mr Kim", "Putin") joins the most
  mentioned full person name that contains it, when it was itself seen as a person (or behind "Mr"/"Dr"), or when
  spaCy only ever called it an organisation and it is the surname of exactly one full name written in the same
  article (Russian surnames are often tagged ORG; acronyms such as "UN" are never surnames);
* **shorter heads of places and organisations** – "Security Council" joins "U.N. Security Council" when exactly one
  longer name of the same kind ends with it.

Two different full names never merge because they share a word ("Kim Jong Il" stays apart from "Kim Jong Un").
The canonical name is the most complete spelling (most words, no honorific, not in capitals), then the most
frequent. The kind is the majority spaCy label, except that a group containing a multi-word PERSON name is a
PERSON. Ids are slugs of the canonical name (with a short hash when two names slug alike), and entities are ordered
by mentions, then name, so the same input always gives the same list.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from newsweave.model import Analysis, ArticleId, Entity, Mention
from newsweave.nlp.names import has_honorific, match_key, strip_article, strip_possessive

PLACE_OR_ORG = frozenset({"ORG", "GPE", "LOC", "FAC"})  # spaCy's small model mixes these up freely
MIN_FUZZY_WORD = 4  # shorter words must match exactly ("Il" vs "Un", "Iran" vs "Iraq" is guarded by the next)
MIN_FUZZY_SINGLE = 7  # a one-word name must be this long to be matched loosely ("Zelensky" / "Zelenskyy")
LONG_WORD = 9  # words this long may be two edits apart ("Degtyarev" / "Degtyaryov")
_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "on", "in", "de"})


@dataclass
class _Key:
    """Everything seen for one match key."""

    key: str
    tokens: tuple[str, ...]
    labels: Counter[str] = field(default_factory=Counter)
    spellings: Counter[str] = field(default_factory=Counter)
    articles: set[ArticleId] = field(default_factory=set)
    places: set[tuple[ArticleId, int]] = field(default_factory=set)
    honorific: bool = False
    upper: bool = True  # every spelling in capitals: a candidate acronym

    @property
    def count(self) -> int:
        return sum(self.labels.values())

    @property
    def label(self) -> str:
        return max(sorted(self.labels), key=self.labels.__getitem__)

    @property
    def family(self) -> str:
        return "PLACE_OR_ORG" if self.label in PLACE_OR_ORG else self.label

    @property
    def full_person(self) -> bool:
        return len(self.tokens) > 1 and self.label == "PERSON"


def group_entities(analyses: Sequence[Analysis]) -> list[Entity]:
    """The entities of one story's articles, most mentioned first (ties by name)."""
    return group_mentions(mention for analysis in analyses for mention in analysis.mentions)


def group_mentions(mentions: Iterable[Mention]) -> list[Entity]:
    """Entities from mentions, which may come from several articles."""
    keys = _collect(mentions)
    groups = _Union(sorted(keys))
    _join_misspellings(keys, groups)
    _join_acronyms(keys, groups)
    _join_short_forms(keys, groups)
    entities = [_entity([keys[k] for k in members]) for members in groups.groups()]
    entities.sort(key=lambda entity: (-len(entity.mentions), entity.name, entity.kind))
    return _unique_ids(entities)


class EntityIndex:
    """Maps any spelling of a name to its entity: "Mr Peskov", "Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov"."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._entities = list(entities)
        self._by_key: dict[str, Entity] = {}
        self._looked_up: dict[str, Entity | None] = {}  # speakers and pronoun antecedents repeat the same names
        for entity in self._entities:  # most mentioned first: it wins a shared spelling
            for spelling in (entity.name, *entity.aliases):
                self._by_key.setdefault(match_key(spelling), entity)
                if entity.kind == "PERSON":
                    self._by_key.setdefault(match_key(spelling, person=True), entity)

    def lookup(self, name: str) -> Entity | None:
        """The entity a name refers to, or None when the index knows nothing like it."""
        if name not in self._looked_up:
            self._looked_up[name] = self._find(name)
        return self._looked_up[name]

    def canonical(self, name: str) -> str | None:
        """The canonical name for any spelling of it, or None."""
        entity = self.lookup(name)
        return entity.name if entity else None

    def _find(self, name: str) -> Entity | None:
        for key in dict.fromkeys((match_key(name), match_key(name, person=True))):
            if not key:
                continue
            if key in self._by_key:
                return self._by_key[key]
            tokens = key.split()
            # descriptors in front: "kremlin spokesman dmitry peskov"; not "south korea and the united states"
            for start in range(1, len(tokens) if "and" not in tokens else 0):
                if (tail := " ".join(tokens[start:])) in self._by_key:
                    return self._by_key[tail]
            if found := self._person_containing(tokens) or self._misspelt(tokens):
                return found
        return None

    def _person_containing(self, tokens: list[str]) -> Entity | None:
        for entity in self._entities:
            if entity.kind == "PERSON" and any(
                _contains(match_key(spelling, person=True).split(), tokens)
                for spelling in (entity.name, *entity.aliases)
            ):
                return entity
        return None

    def _misspelt(self, tokens: list[str]) -> Entity | None:
        for key, entity in self._by_key.items():
            if _near(tokens, key.split()):
                return entity
        return None


def _collect(mentions: Iterable[Mention]) -> dict[str, _Key]:
    keys: dict[str, _Key] = {}
    for mention in mentions:
        spelling = strip_possessive(strip_article(" ".join(mention.text.split())))
        key = match_key(spelling, person=mention.kind == "PERSON")
        if not key:
            continue
        entry = keys.setdefault(key, _Key(key, tuple(key.split())))
        entry.labels[mention.kind] += 1
        entry.spellings[spelling] += 1
        entry.articles.add(mention.article_id)
        entry.places.add((mention.article_id, mention.sentence))
        entry.honorific |= has_honorific(spelling)
        entry.upper &= spelling.replace(".", "").isupper()
    return keys


class _Union:
    """Union-find over match keys; the smallest key (alphabetically) represents its group, for determinism."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._parent = {key: key for key in keys}

    def find(self, key: str) -> str:
        while self._parent[key] != key:
            self._parent[key] = self._parent[self._parent[key]]
            key = self._parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self._parent[max(root_a, root_b)] = min(root_a, root_b)

    def groups(self) -> list[list[str]]:
        members: dict[str, list[str]] = defaultdict(list)
        for key in self._parent:
            members[self.find(key)].append(key)
        return [sorted(group) for _, group in sorted(members.items())]


def _near(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two names differ by a small misspelling of one long word."""
    if len(a) != len(b):
        return False
    different = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(different) != 1:
        return False
    x, y = different[0]
    shortest = min(len(x), len(y))
    if shortest < (MIN_FUZZY_SINGLE if len(a) == 1 else MIN_FUZZY_WORD) or x[0] != y[0]:
        return False
    return Levenshtein.distance(x, y) <= (2 if shortest >= LONG_WORD else 1)


def _join_misspellings(keys: dict[str, _Key], groups: _Union) -> None:
    by_shape: dict[tuple[int, str], list[_Key]] = defaultdict(list)
    for entry in keys.values():
        by_shape[(len(entry.tokens), entry.family)].append(entry)
    for same_shape in by_shape.values():
        for i, a in enumerate(same_shape):
            for b in same_shape[i + 1 :]:
                if not (a.articles & b.articles) and _near(a.tokens, b.tokens):
                    groups.join(a.key, b.key)


def _join_acronyms(keys: dict[str, _Key], groups: _Union) -> None:
    initials: dict[str, set[str]] = defaultdict(set)
    for entry in keys.values():
        if len(entry.tokens) > 1 and entry.label in PLACE_OR_ORG:
            letters = "".join(token[0] for token in entry.tokens if token not in _ACRONYM_SKIP)
            initials[letters].add(groups.find(entry.key))
    for entry in keys.values():
        targets = initials.get(entry.key, set())
        if entry.upper and len(entry.tokens) == 1 and 2 <= len(entry.key) <= 5 and len(targets) == 1:
            groups.join(entry.key, next(iter(targets)))


def _join_short_forms(keys: dict[str, _Key], groups: _Union) -> None:
    group_size: Counter[str] = Counter()
    for entry in keys.values():
        group_size[groups.find(entry.key)] += entry.count
    people = [entry for entry in keys.values() if entry.full_person]
    heads = [entry for entry in keys.values() if len(entry.tokens) > 1 and entry.label in PLACE_OR_ORG]
    for entry in sorted(keys.values(), key=lambda e: e.key):
        containing = [p for p in people if len(p.tokens) > len(entry.tokens) and _contains(p.tokens, entry.tokens)]
        if containing and _person_like(entry, containing):
            best = max(containing, key=lambda p: (group_size[groups.find(p.key)], p.count, p.key))
            groups.join(entry.key, best.key)
            continue
        if len(entry.tokens) > 1 and entry.label in PLACE_OR_ORG:
            ending = {
                groups.find(h.key)
                for h in heads
                if len(h.tokens) > len(entry.tokens) and h.tokens[-len(entry.tokens) :] == entry.tokens
            }
            if len(ending) == 1:
                groups.join(entry.key, ending.pop())


def _person_like(entry: _Key, containing: list[_Key]) -> bool:
    if entry.labels["PERSON"] or entry.honorific:
        return True
    if len(entry.tokens) > 1 or entry.upper or len(entry.key) < MIN_FUZZY_WORD or set(entry.labels) != {"ORG"}:
        return False  # "UN" is not the surname in "Kim Jong Un"
    surname_of = [p for p in containing if p.tokens[-1] == entry.key and p.articles & entry.articles]
    return len(surname_of) == 1


def _contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    size = len(shorter)
    return size > 0 and any(list(longer[i : i + size]) == list(shorter) for i in range(len(longer) - size + 1))


def _entity(entries: list[_Key]) -> Entity:
    spellings: Counter[str] = Counter()
    tokens_of: dict[str, int] = {}
    honorific: dict[str, bool] = {}
    labels: Counter[str] = Counter()
    places: set[tuple[ArticleId, int]] = set()
    for entry in entries:
        spellings.update(entry.spellings)
        labels.update(entry.labels)
        places |= entry.places
        for spelling in entry.spellings:
            tokens_of[spelling] = len(entry.tokens)
            honorific[spelling] = has_honorific(spelling)
    name = max(
        sorted(spellings),
        key=lambda s: (not honorific[s], tokens_of[s], not s.isupper(), spellings[s]),
    )
    if any(entry.full_person for entry in entries):
        kind = "PERSON"
    else:
        kind = max(sorted(labels), key=labels.__getitem__)
    aliases = tuple(sorted(set(spellings) - {name}))
    return Entity(id=_slug(name), name=name, kind=kind, aliases=aliases, mentions=tuple(sorted(places)))


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-") or "entity"


def _unique_ids(entities: list[Entity]) -> list[Entity]:
    """Ids come from names; two entities whose names slug alike get a suffix from name and kind."""
    counts = Counter(entity.id for entity in entities)
    unique = []
    for entity in entities:
        if counts[entity.id] > 1:
            digest = hashlib.sha1(f"{entity.kind}:{entity.name}".encode()).hexdigest()[:6]
            entity = Entity(f"{entity.id}-{digest}", entity.name, entity.kind, entity.aliases, entity.mentions)
        unique.append(entity)
    return unique
