"""Quote extraction and attribution on PolNeAR (dev, 84 political news articles, brat annotations).

Gold: every ``Content`` span of the first annotation file of each article (files sorted by name; 2 dev articles
have a second annotator, ignored), with the ``Source`` span tied to it by its ``E`` line. PolNeAR annotates all
attributions, including indirect speech without quotation marks. newsweave's direct quotations are scored twice:
against all gold Content spans, and against the gold spans that contain a double quotation mark (straight or curly),
with predictions matching an indirect gold span left out of that second precision; the row "newsweave + reported
speech" adds its reported statements (``Analysis.reported``), which only the all-gold scores can credit.

A predicted quote matches a gold Content span when their characters overlap / union >= 0.5 (one-to-one, best
overlap first); "exact" requires equal spans once quotation marks, spaces and edge punctuation are trimmed from
both. A matched quote is correctly attributed when its speaker shares a word with the gold Source text
(case-insensitive), or when both have none; newsweave's speaker *span* overlapping the gold Source span is
reported as well, since a gold Source is often a pronoun ("he said") that a resolved name cannot share a word with.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from benchmarks import _common
from benchmarks.metrics import Span, match_spans, prf, span_overlap, tokens_overlap, trim_span

if TYPE_CHECKING:
    from newsweave.model import Quote

NAME = "quotes"
log = logging.getLogger(__name__)

QUOTE_MARKS = "\"“”„"
_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True)
class GoldQuote:
    content: Span
    source: Span | None

    def is_direct(self, text: str) -> bool:
        return any(ch in QUOTE_MARKS for start, end in self.content for ch in text[start:end])


@dataclass(frozen=True)
class Prediction:
    span: Span
    speaker: str | None
    speaker_span: Span | None = None


@dataclass
class Article:
    id: str
    text: str
    gold: list[GoldQuote] = field(default_factory=list)


def parse_ann(ann: str) -> list[GoldQuote]:
    """Content spans and their sources from a brat standoff file.

    Lines that are neither T, E nor # lines are the rest of a span text that contained a line break; offsets are
    what matters, so they are skipped.
    """
    spans: dict[str, tuple[str, Span]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        if m := _T_LINE.match(line):
            ranges = tuple(tuple(int(x) for x in part.split()) for part in m[3].split(";"))
            spans[m[1]] = (m[2], ranges)  # type: ignore[assignment]
        elif m := _E_LINE.match(line):
            events.append(dict(arg.split(":", 1) for arg in m[2].split() if ":" in arg))
    source_of: dict[str, str] = {}
    for args in events:
        if "Content" in args and "Source" in args:
            source_of.setdefault(args["Content"], args["Source"])
    gold = []
    for tid, (kind, span) in spans.items():
        if kind == "Content":
            source = spans.get(source_of.get(tid, ""), (None, None))[1]
            gold.append(GoldQuote(content=span, source=source))
    return sorted(gold, key=lambda g: g.content)


def load_articles(root: Path, limit: int | None, seed: int) -> list[Article]:
    texts = sorted((root / "text").glob("*.txt"))
    articles = []
    for path in _common.seeded_subset(texts, limit, seed):
        anns = sorted((root / "attributions").glob(f"{path.stem}_*.ann"))
        anns = [a for a in anns if a.stem.rsplit("_", 1)[0] == path.stem]
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        articles.append(Article(path.stem, text, parse_ann(anns[0].read_text(encoding="utf-8"))))
    return articles


# --- systems --------------------------------------------------------------------------------------

_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"\n]+)\"")
_NAME = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
_NOT_NAMES = frozenset(
    "A An And As At But By For From He Her His I If In It Its Mr Mrs Ms On Or She So That The Their Then There "
    "These They This Those We When While Who You".split()
)
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def regex_quotes(text: str, min_words: int = 1) -> list[Prediction]:
    """Text between double quotes; speaker = the capitalised name nearest to the quote in its sentence."""
    out = []
    for m in _QUOTED.finditer(text):
        group = 1 if m.group(1) is not None else 2
        start, end = m.span(group)
        if len(text[start:end].split()) < min_words:
            continue
        speaker = _nearest_name(text, m.start(), m.end())
        out.append(Prediction(span=((start, end),), speaker=speaker[0] if speaker else None,
                              speaker_span=(speaker[1],) if speaker else None))
    return out


def _nearest_name(text: str, q_start: int, q_end: int) -> tuple[str, tuple[int, int]] | None:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, q_start)]
    left = before[-1] if before else 0
    after = _SENTENCE_END.search(text, q_end)
    right = after.end() if after else len(text)
    best: tuple[int, str, tuple[int, int]] | None = None
    for lo, hi in ((left, q_start), (q_end, right)):
        for m in _NAME.finditer(text, lo, hi):
            words = [w for w in m.group().split() if w.strip(".") not in _NOT_NAMES]
            if not words:
                continue
            distance = q_start - m.end() if hi == q_start else m.start() - q_end
            if best is None or distance < best[0]:
                best = (distance, " ".join(words), m.span())
    return (best[1], best[2]) if best else None


def newsweave_attributions(text: str, article_id: str) -> tuple[list[Prediction], list[Prediction]]:
    """newsweave's direct quotations, and its reported statements (speech without quotation marks)."""
    from newsweave.nlp.quotes import extract_attributions

    quotes, reported = extract_attributions(text, article_id)
    return [_prediction(q) for q in quotes], [_prediction(q) for q in reported]


def _prediction(q: Quote) -> Prediction:
    speaker_span = ((q.speaker_start, q.speaker_end),) if q.speaker_start is not None else None
    return Prediction(span=q.parts or ((q.start, q.end),), speaker=q.speaker, speaker_span=speaker_span)


# --- scoring --------------------------------------------------------------------------------------


def _exact(text: str, pred: Span, gold: Span) -> bool:
    trim = QUOTE_MARKS + " \n\t.,;:'‘’"
    return tuple(trim_span(text, s, trim) for s in pred) == tuple(trim_span(text, s, trim) for s in gold)


def _speaker_ok(text: str, pred: Prediction, gold: GoldQuote) -> tuple[bool, bool]:
    """(speaker name shares a word with the gold Source, speaker span overlaps the gold Source span)."""
    if gold.source is None:
        return pred.speaker is None, pred.speaker_span is None
    gold_text = " ".join(text[s:e] for s, e in gold.source)
    by_name = tokens_overlap(pred.speaker, gold_text)
    by_span = pred.speaker_span is not None and span_overlap(pred.speaker_span, gold.source) > 0
    return by_name, by_span


def evaluate(articles: Sequence[Article], predictions: Sequence[Sequence[Prediction]]) -> dict[str, Any]:
    counts = {k: 0 for k in ("pred", "gold", "tp", "exact", "speaker", "speaker_span",
                             "gold_direct", "pred_direct", "tp_direct", "exact_direct", "speaker_direct",
                             "speaker_span_direct")}
    for art, preds in zip(articles, predictions, strict=True):
        gold = art.gold
        pairs = match_spans([p.span for p in preds], [g.content for g in gold])
        direct = [g.is_direct(art.text) for g in gold]
        counts["pred"] += len(preds)
        counts["gold"] += len(gold)
        counts["gold_direct"] += sum(direct)
        matched_indirect = sum(1 for _, j in pairs if not direct[j])
        counts["pred_direct"] += len(preds) - matched_indirect
        for i, j in pairs:
            exact = _exact(art.text, preds[i].span, gold[j].content)
            by_name, by_span = _speaker_ok(art.text, preds[i], gold[j])
            counts["tp"] += 1
            counts["exact"] += exact
            counts["speaker"] += by_name
            counts["speaker_span"] += by_span
            if direct[j]:
                counts["tp_direct"] += 1
                counts["exact_direct"] += exact
                counts["speaker_direct"] += by_name
                counts["speaker_span_direct"] += by_span
    return {
        "all_gold": {
            "content_overlap": prf(counts["tp"], counts["pred"], counts["gold"]),
            "content_exact": prf(counts["exact"], counts["pred"], counts["gold"]),
            "attributed_speaker": prf(counts["speaker"], counts["pred"], counts["gold"]),
            "attributed_speaker_span": prf(counts["speaker_span"], counts["pred"], counts["gold"]),
        },
        "direct_gold": {
            "content_overlap": prf(counts["tp_direct"], counts["pred_direct"], counts["gold_direct"]),
            "content_exact": prf(counts["exact_direct"], counts["pred_direct"], counts["gold_direct"]),
            "attributed_speaker": prf(counts["speaker_direct"], counts["pred_direct"], counts["gold_direct"]),
            "attributed_speaker_span": prf(counts["speaker_span_direct"], counts["pred_direct"],
                                           counts["gold_direct"]),
        },
        "counts": counts,
    }


SYSTEMS: dict[str, Callable[[Article], list[Prediction]]] = {
    "regex quotes + nearest name": lambda a: regex_quotes(a.text),
    "regex quotes >= 4 words + nearest name": lambda a: regex_quotes(a.text, min_words=4),
}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    p = _common.parser(NAME, __doc__.splitlines()[0])
    args = p.parse_args(argv)
    root = _common.require(args.data / "polnear" / "dev")
    articles = load_articles(root, args.limit, args.seed)
    systems: dict[str, dict[str, Any]] = {}
    newsweave_error = None
    try:
        with _common.stopwatch() as t:
            found = [newsweave_attributions(a.text, a.id) for a in articles]
        systems["newsweave"] = evaluate(articles, [quotes for quotes, _ in found]) | {"seconds": t["seconds"]}
        systems["newsweave + reported speech"] = evaluate(articles, [q + r for q, r in found]) | {
            "seconds": t["seconds"]
        }
    except Exception as exc:  # a stage missing or failing: measure the baselines anyway, and say so
        newsweave_error = f"{type(exc).__name__}: {exc}"
        log.exception("newsweave row not measured: %s", newsweave_error)
    for name, system in SYSTEMS.items():
        with _common.stopwatch() as t:
            preds = [system(a) for a in articles]
        systems[name] = evaluate(articles, preds) | {"seconds": t["seconds"]}

    columns = ["system", "gold set", "content P", "R", "F1", "exact F1", "speaker P", "R", "F1", "spk-span F1",
               "pred", "gold"]
    rows: list[list[Any]] = []
    if newsweave_error:
        rows.append(["newsweave", "missing", newsweave_error[:60], *[""] * 9])
    for name, r in systems.items():
        for gold_set in ("all_gold", "direct_gold"):
            g = r[gold_set]
            rows.append([name, gold_set.replace("_gold", ""), g["content_overlap"]["precision"],
                         g["content_overlap"]["recall"], g["content_overlap"]["f1"], g["content_exact"]["f1"],
                         g["attributed_speaker"]["precision"], g["attributed_speaker"]["recall"],
                         g["attributed_speaker"]["f1"],
                         g["attributed_speaker_span"]["f1"],
                         g["content_overlap"]["pred"], g["content_overlap"]["gold"]])
    _common.print_table(f"PolNeAR dev quotes ({len(articles)} articles; overlap/union >= 0.5)", columns, rows,
                        Console(width=180))
    results = {
        "articles": len(articles),
        "annotation_files": "first .ann file per article (sorted by name)",
        "match": "character overlap / union >= 0.5, one-to-one; exact = equal after trimming quote marks, "
                 "spaces and edge punctuation",
        "direct_subset": "gold Content spans containing a double quotation mark; predictions matched to an "
                         "indirect gold span are left out of its precision",
        "systems": systems,
        "newsweave_error": newsweave_error,
    }
    _common.save(NAME, results, args)
    return results


if __name__ == "__main__":
    main()
