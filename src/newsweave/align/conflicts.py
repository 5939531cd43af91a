"""Conflicts: two sources that say different things about the same event.

Candidates are sentence pairs from different articles whose claim similarity clears ``Settings.conflict_similarity``
(looser than fact alignment: sentences that disagree on a detail are, by that detail, less alike). Each pair is then
compared frame by frame (:mod:`newsweave.align.frames`); a conflict needs the same event, compatible participants,
and one slot that differs:

* date: the event happened on different days ("left on Monday" / "departed on Sunday");
* object: a different thing, including a part for the whole ("a spacesuit" / "a glove from a space suit");
* number: different counts of the same unit ("42 containers" / "24 containers");
* negation: one source says it happened, the other that it did not;
* entity: a different place or actor of the same kind for the same event.

Precision matters more than recall here: a false conflict sends a fact-checker after nothing, so every check demands
agreement on everything except the slot in dispute.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.align.facts import claim_rows
from newsweave.align.frames import Frame, Theme, normalise, parse_frames_many
from newsweave.config import Settings
from newsweave.embed import get_embedder
from newsweave.model import Analysis, ArticleId, Conflict, ConflictSide, DateMention, Fact, Sentence
from newsweave.sentence_table import SentenceTable

Resolver = Callable[[str], str | None]

_WORDS = re.compile(r"[^\W\d_]+")
_SAME_THING = 0.55  # embedding cosine above which two places or things are taken to be the same
_OBJECT_CONFLICT_SIMILARITY = 0.6
_NEGATION_SIMILARITY = 0.75
_NUMBER_SIMILARITY = 0.6  # same event, actor and unit are required too; this only keeps apart unrelated contexts


@dataclass(frozen=True)
class _Finding:
    kind: str
    what: str
    value_a: str
    value_b: str


def find_conflicts(
    analyses: Sequence[Analysis],
    table: SentenceTable,
    resolve: Resolver,
    settings: Settings,
    facts: Sequence[Fact] = (),
) -> list[Conflict]:
    """Conflicts among the articles of one story, merged across sentence pairs, in a deterministic order.

    With ``facts``, each side also lists the other articles whose aligned sentence says the same value, so a reader
    sees how many outlets stand on each side.
    """
    dates = _dates_by_sentence(analyses)
    merged: dict[tuple, dict] = {}
    ids = sorted(a.article.id for a in analyses)
    candidates: list[tuple[Sentence, Sentence, float]] = []
    for a, b in itertools.combinations(ids, 2):
        rows_a, rows_b = claim_rows(table, a), claim_rows(table, b)
        if not rows_a or not rows_b:
            continue
        scores = table.similarity(rows_a, rows_b)
        for i, j in zip(*np.nonzero(scores >= settings.conflict_similarity), strict=True):
            candidates.append((table.sentences[rows_a[i]], table.sentences[rows_b[j]], float(scores[i, j])))
    frames = parse_frames_many(s.text for pair in candidates for s in pair[:2])
    for sa, sb, score in candidates:
        for finding in _compare(frames[sa.text], frames[sb.text], sa, sb, score, dates, resolve):
            _merge(merged, finding, sa, sb)
    if facts:
        _widen(merged, facts)
    conflicts = [_conflict(kind, entry) for (kind, _), entry in merged.items()]
    return sorted(conflicts, key=lambda c: (c.kind, c.what, c.id))


def _dates_by_sentence(analyses: Sequence[Analysis]) -> dict[tuple[ArticleId, int], list[DateMention]]:
    out: dict[tuple[ArticleId, int], list[DateMention]] = {}
    for analysis in analyses:
        for mention in analysis.dates:
            out.setdefault((mention.article_id, mention.sentence), []).append(mention)
    return out


def _compare(
    frames_a: Sequence[Frame],
    frames_b: Sequence[Frame],
    sa: Sentence,
    sb: Sentence,
    similarity: float,
    dates: Mapping,
    resolve: Resolver,
) -> list[_Finding]:
    findings = []
    for fa in frames_a:
        for fb in frames_b:
            if fa.event != fb.event or not _same_actor(fa, fb, resolve):
                continue
            finding = (
                _date_conflict(fa, fb, sa, sb, dates)
                or _object_conflict(fa, fb, similarity, sa.text, sb.text)
                or _number_conflict(fa, fb, similarity)
                or _negation_conflict(fa, fb, similarity)
            )
            if finding:
                findings.append(finding)
    return findings


def _same_actor(fa: Frame, fb: Frame, resolve: Resolver) -> bool:
    """Subjects compatible: unknown on either side, or the same entity."""
    if not fa.subject_phrase or not fb.subject_phrase or fa.subject is None or fb.subject is None:
        return True
    if fa.subject == fb.subject:
        return True
    ka, kb = resolve(fa.subject_phrase), resolve(fb.subject_phrase)
    return ka is not None and ka == kb


def _similar(a: str, b: str) -> float:
    vectors = get_embedder().encode([a, b])
    return float(vectors[0] @ vectors[1])


def _places_agree(fa: Frame, fb: Frame) -> bool:
    if not fa.places or not fb.places:
        return True
    return any(normalise(p) == normalise(q) or _similar(p, q) >= _SAME_THING for p in fa.places for q in fb.places)


def _themes_overlap(ta: Sequence[Theme], tb: Sequence[Theme]) -> bool:
    keys_a = {t.head for t in ta} | {t.compound for t in ta}
    return any(t.head in keys_a or t.compound in keys_a for t in tb)


def _frame_dates(frame: Frame, sentence: Sentence, dates: Mapping) -> list[DateMention]:
    """Day-precise dates of the time expressions this frame's verb governs."""
    out = []
    for mention in dates.get((sentence.article_id, sentence.index), []):
        if mention.granularity != "day":
            continue
        start, end = mention.start_char - sentence.start, mention.end_char - sentence.start
        if any(start < e and s < end for s, e in frame.when):
            out.append(mention)
    return out


def _describe(frame: Frame, detail: str = "") -> str:
    subject = frame.subject_phrase or ""
    if subject[:4] in {"The ", "A ", "An "} or subject[:3] in {"An ", "A "}:
        subject = subject[0].lower() + subject[1:]
    return " ".join(p for p in (subject, frame.verb_text, detail) if p).strip()


def _date_conflict(fa: Frame, fb: Frame, sa: Sentence, sb: Sentence, dates: Mapping) -> _Finding | None:
    if fa.is_speech or fb.is_speech or not (_is_movement(fa) and _is_movement(fb)):
        return None
    da, db = _frame_dates(fa, sa, dates), _frame_dates(fb, sb, dates)
    if not da or not db or {m.start for m in da} & {m.start for m in db}:
        return None
    if not _places_agree(fa, fb):
        return None
    if fa.themes and fb.themes and not _themes_overlap(fa.themes, fb.themes) and not (fa.places and fb.places):
        return None
    place = (fa.places or fb.places or ("",))[0]
    return _Finding("date", f"when {_describe(fa, place)}", _date_value(da[0]), _date_value(db[0]))


def _is_movement(frame: Frame) -> bool:
    """ "Left Lisbon" is a departure; "left 40 vessels waiting" is not: a departure's object, if any, is a place."""
    if frame.event not in {"depart", "arrive"}:
        return True
    return not frame.themes or bool(frame.places)


def _date_value(mention: DateMention) -> str:
    return f"{mention.text} ({mention.start.isoformat()})"


def _part_of_conflict(ta: Sequence[Theme], tb: Sequence[Theme]) -> tuple[Theme, Theme] | None:
    """A theme of one side is a part of a theme of the other: "a glove from a space suit" vs "a spacesuit"."""
    for part in tb:
        if part.part_of is None:
            continue
        for whole in ta:
            if part.part_of in {whole.compound, whole.head} and part.head not in {t.head for t in ta}:
                return whole, part
    return None


def _mentions(text: str, themes: Sequence[Theme]) -> bool:
    """``text`` names one of ``themes`` somewhere (singular or plural), even where the parse missed it."""
    words = set(_WORDS.findall(text.casefold()))
    return any(t.head in words or f"{t.head}s" in words or f"{t.head}es" in words for t in themes)


def _object_conflict(fa: Frame, fb: Frame, similarity: float, text_a: str, text_b: str) -> _Finding | None:
    if not fa.themes or not fb.themes or fa.negated != fb.negated:
        return None
    pair = _part_of_conflict(fa.themes, fb.themes)
    if pair:
        return _Finding("object", f"what {_describe(fa, fa.recipient or '')}", pair[0].phrase, pair[1].phrase)
    pair = _part_of_conflict(fb.themes, fa.themes)
    if pair:
        return _Finding("object", f"what {_describe(fa, fa.recipient or '')}", pair[1].phrase, pair[0].phrase)
    if (
        similarity >= _OBJECT_CONFLICT_SIMILARITY
        and fa.subject
        and fb.subject
        and not fa.is_speech
        and not _themes_overlap(fa.themes, fb.themes)
        and not _mentions(text_b, fa.themes)  # "gave a rifle" vs "presented the queen with a fine rifle": a parse
        and not _mentions(text_a, fb.themes)  # that missed a theme is not a source that named another thing
        and all(_similar(x.phrase, y.phrase) < _SAME_THING - 0.1 for x in fa.themes for y in fb.themes)
    ):
        return _Finding("object", f"what {_describe(fa)}", fa.themes[0].phrase, fb.themes[0].phrase)
    return None


def _number_conflict(fa: Frame, fb: Frame, similarity: float) -> _Finding | None:
    if similarity < _NUMBER_SIMILARITY or not fa.numbers or not fb.numbers:
        return None
    for value_a, unit_a, text_a in fa.numbers:
        same_unit = [(v, t) for v, u, t in fb.numbers if u == unit_a]
        if same_unit and all(v != value_a for v, _ in same_unit):
            noun = text_a.split(" ", 1)[-1]
            return _Finding("number", f"how many {noun}", text_a, same_unit[0][1])
    return None


def _negation_conflict(fa: Frame, fb: Frame, similarity: float) -> _Finding | None:
    if similarity < _NEGATION_SIMILARITY or fa.negated == fb.negated or fa.verb != fb.verb or fa.is_speech:
        return None
    if fa.modal or fb.modal:  # "would not reopen until..." and "will reopen on Thursday" can both be true
        return None
    if fa.themes and fb.themes and not _themes_overlap(fa.themes, fb.themes):
        return None
    said, denied = ("happened", "did not happen") if not fa.negated else ("did not happen", "happened")
    return _Finding("negation", f"whether {_describe(fa)}", said, denied)


def _merge(merged: dict, finding: _Finding, sa: Sentence, sb: Sentence) -> None:
    key = (finding.kind, frozenset({normalise(finding.value_a), normalise(finding.value_b)}))
    entry = merged.setdefault(key, {"what": finding.what, "sides": {}})
    for sentence, value in ((sa, finding.value_a), (sb, finding.value_b)):
        entry["sides"].setdefault(
            (sentence.article_id, normalise(value)),
            ConflictSide(sentence.article_id, sentence.index, sentence.text, value),
        )


def _widen(merged: dict, facts: Sequence[Fact]) -> None:
    fact_of = {(c.article_id, c.sentence): f for f in facts for c in f.claims}
    for entry in merged.values():
        for side in list(entry["sides"].values()):
            fact = fact_of.get((side.article_id, side.sentence))
            if fact is None:
                continue
            core = side.value.split(" (")[0].casefold()
            for claim in fact.claims:
                if core and core in claim.text.casefold():
                    entry["sides"].setdefault(
                        (claim.article_id, normalise(side.value)),
                        ConflictSide(claim.article_id, claim.sentence, claim.text, side.value),
                    )


def _conflict(kind: str, entry: dict) -> Conflict:
    sides = tuple(sorted(entry["sides"].values(), key=lambda s: (normalise(s.value), s.article_id, s.sentence)))
    values = sorted({normalise(s.value) for s in sides})
    digest = hashlib.blake2b(f"{kind}|{'|'.join(values)}".encode(), digest_size=5).hexdigest()
    what = entry["what"] + ": " + " vs ".join(dict.fromkeys(s.value for s in sides))
    return Conflict(f"c-{digest}", kind, what, sides)  # type: ignore[arg-type]
