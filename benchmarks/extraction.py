"""Article body extraction on the Scrapinghub benchmark (181 pages): word 4-gram shingle precision/recall/F1.

First the metric is checked: the published outputs in ``reference-outputs/`` must score the published F1. Then
newsweave (HTML reader + cleaning) and four extractors run live on the same pages in the same process:
trafilatura (as the benchmark calls it: ``include_comments=False``), trafilatura with ``favor_precision=True``,
jusText (English stop list, with the benchmark's own parameters) and readability-lxml (``Document.summary``,
text via lxml).
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from benchmarks import _common
from benchmarks.metrics import extraction_scores

NAME = "extraction"
log = logging.getLogger(__name__)

# F1 from the benchmark's README (scrapinghub/article-extraction-benchmark, commit 4a3bc97).
PUBLISHED_F1 = {
    "trafilatura": 0.958,
    "rs_trafilatura": 0.970,
    "newspaper": 0.949,
    "readability_js": 0.947,
    "justext": 0.804,
    "readability-lxml": 0.922,
}

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li "
    "main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    truth: str
    html: str


def load_pages(root: Path, limit: int | None, seed: int) -> list[Page]:
    records = [json.loads(line) for line in (root / "ground-truth.jsonl").open(encoding="utf-8")]
    pages = []
    for rec in _common.seeded_subset(records, limit, seed):
        with gzip.open(root / "html" / f"{rec['id']}.html.gz", "rt", encoding="utf-8") as f:
            pages.append(Page(rec["id"], rec["url"], rec["articleBody"], f.read()))
    return pages


def load_reference(root: Path, system: str) -> dict[str, str]:
    path = root / "reference-outputs" / f"{system}.jsonl"
    return {r["id"]: r["articleBody"] or "" for r in map(json.loads, path.open(encoding="utf-8"))}


def html_fragment_text(fragment: str) -> str:
    """Visible text of an HTML fragment with a line break after every block, so words of adjacent paragraphs
    do not run together ("end</p><p>Next" would otherwise tokenise as one word)."""
    import lxml.html

    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def trafilatura_default(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, include_comments=False) or ""


def trafilatura_precision(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html, include_comments=False, favor_precision=True) or ""


def justext_english(page: Page) -> str:
    import justext

    # The parameters of the benchmark's run_justext.py, so that this row is comparable with its 0.804.
    paragraphs = justext.justext(page.html, justext.get_stoplist("English"), 50, 200, 0.1, 0.2, 0.2, 200, True)
    return " ".join(p.text for p in paragraphs if not p.is_boilerplate)


def readability_lxml(page: Page) -> str:
    from readability import Document

    return html_fragment_text(Document(page.html).summary(html_partial=True))


def newsweave_corpus(pages: Sequence[Page]) -> list[str]:
    """newsweave's reader then its cleaning, over all pages at once (cleaning looks across articles); a page the
    cleaning skips counts as an empty prediction."""
    from newsweave.clean import clean_corpus
    from newsweave.config import Settings
    from newsweave.ingest.html import parse_html

    raws = [parse_html(p.html, article_id=p.id, url=p.url) for p in pages]
    articles, _skipped = clean_corpus(raws, Settings())
    by_id = {a.id: "\n".join(a.paragraphs) for a in articles}
    return [by_id.get(p.id, "") for p in pages]


PER_PAGE: dict[str, Callable[[Page], str]] = {
    "trafilatura (include_comments=False)": trafilatura_default,
    "trafilatura favor_precision": trafilatura_precision,
    "jusText (English, benchmark params)": justext_english,
    "readability-lxml": readability_lxml,
}
PUBLISHED_FOR_LIVE = {
    "trafilatura (include_comments=False)": PUBLISHED_F1["trafilatura"],
    "jusText (English, benchmark params)": PUBLISHED_F1["justext"],
    "readability-lxml": PUBLISHED_F1["readability-lxml"],
}


def run_live(pages: Sequence[Page], n_bootstrap: int, seed: int) -> tuple[dict[str, dict[str, Any]], str | None]:
    truths = [p.truth for p in pages]
    results: dict[str, dict[str, Any]] = {}
    newsweave_error = None
    try:
        with _common.stopwatch() as t:
            preds = newsweave_corpus(pages)
        results["newsweave"] = _row(truths, preds, t["seconds"], n_bootstrap, seed, None)
    except Exception as exc:  # a stage missing or failing: measure the baselines anyway, and say so
        newsweave_error = f"{type(exc).__name__}: {exc}"
        log.exception("newsweave row not measured: %s", newsweave_error)
    for name, extract in PER_PAGE.items():
        with _common.stopwatch() as t:
            preds = [extract(p) for p in pages]
        results[name] = _row(truths, preds, t["seconds"], n_bootstrap, seed, PUBLISHED_FOR_LIVE.get(name))
    return results, newsweave_error


def _row(
    truths: list[str], preds: list[str], seconds: float, n_bootstrap: int, seed: int, published: float | None
) -> dict[str, Any]:
    scores = extraction_scores(truths, preds, n_bootstrap=n_bootstrap, seed=seed)
    return scores | {
        "seconds": seconds,
        "pages_per_second": len(truths) / seconds if seconds else 0.0,
        "empty_predictions": sum(1 for p in preds if not p.strip()),
        "published_f1": published,
    }


def run_reference_check(root: Path, pages: Sequence[Page], n_bootstrap: int, seed: int) -> dict[str, dict]:
    truths = [p.truth for p in pages]
    out = {}
    for system in ("trafilatura", "rs_trafilatura", "newspaper", "readability_js", "justext"):
        ref = load_reference(root, system)
        scores = extraction_scores(truths, [ref[p.id] for p in pages], n_bootstrap=n_bootstrap, seed=seed)
        out[system] = scores | {"published_f1": PUBLISHED_F1[system]}
    return out


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    p = _common.parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the std columns")
    args = p.parse_args(argv)
    root = _common.require(args.data / "extraction-scrapinghub")
    pages = load_pages(root, args.limit, args.seed)
    check = run_reference_check(root, pages, args.bootstrap, args.seed)
    live, newsweave_error = run_live(pages, args.bootstrap, args.seed)

    columns = ["system", "precision", "recall", "F1", "F1 std", "accuracy", "published F1", "pages/s"]
    rows: list[list[Any]] = []
    for system, s in check.items():
        rows.append([f"check: published output of {system}", s["precision"], s["recall"], s["f1"], s["f1_std"],
                     s["accuracy"], s["published_f1"], "-"])
    if newsweave_error:
        rows.append(["newsweave", "missing", "", "", "", "", "", newsweave_error[:40]])
    for system, s in live.items():
        rows.append([system, s["precision"], s["recall"], s["f1"], s["f1_std"], s["accuracy"],
                     s["published_f1"] if s["published_f1"] is not None else "-", f"{s['pages_per_second']:.1f}"])
    _common.print_table(f"Article body extraction, {len(pages)} pages (word 4-gram shingles)", columns, rows,
                        Console(width=160))
    results = {
        "pages": len(pages),
        "metric": "word 4-gram shingle P/R/F1 (scrapinghub evaluate.py), bootstrap std over pages",
        "reference_check": check,
        "systems": live,
        "newsweave_error": newsweave_error,
        "notes": {
            "trafilatura": "trafilatura.extract(html, include_comments=False), as in the benchmark's script",
            "jusText": "justext(html, English stoplist, 50, 200, 0.1, 0.2, 0.2, 200, True): the benchmark's params",
            "readability-lxml": "Document(html).summary(html_partial=True), block-separated text via lxml",
            "newsweave": "parse_html per page, clean_corpus over all pages; text = '\\n'.join(paragraphs)",
        },
    }
    _common.save(NAME, results, args)
    return results


if __name__ == "__main__":
    main()
