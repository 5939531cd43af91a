"""Multi-outlet summaries on AllSides roundups (NeuS val split): ROUGE-1/2/L F1 against the neutral roundup.

Each story has three short excerpts from outlets of the left, centre and right; the reference is AllSides' own
neutral roundup. Every system gets the same length budget: its output is cut to its first W words, W = the mean
length of the *train* roundups (67 words), so no system sees the length of the reference it is scored against.
Sentence-picking baselines add sentences until they reach W words:

* lead: the first sentence of each article, then the second of each, ... (round robin);
* LexRank and TextRank (sumy) over all sentences of the story, best-ranked first;
* oracle: greedy choice of source sentences maximising ROUGE-1 F + ROUGE-2 F against the reference (an upper
  bound for any extractive system under this budget).

newsweave gets the three articles through ``newsweave.brief`` and its summary sentences are cut the same way; its
uncut length is reported too. ROUGE is the implementation checked against ROUGE-1.5.5 by ``rouge_check``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

import numpy as np
from rich.console import Console

from benchmarks import _common
from benchmarks.metrics import bootstrap_std, first_words, rouge_f1, rouge_n

NAME = "summaries"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Story:
    id: str
    articles: tuple[tuple[str, str], ...]  # (title, text); texts may be empty
    summary: str

    def sentences(self) -> list[list[str]]:
        """Sentences of each non-empty article, in order."""
        import sentencex

        out = []
        for _title, text in self.articles:
            sents = [s.strip() for s in sentencex.segment("en", text) if s.strip()]
            if sents:
                out.append(sents)
        return out


def load_stories(path: Path, limit: int | None, seed: int) -> list[Story]:
    records = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [Story(r["story_id"], tuple((a["title"], a["text"]) for a in r["articles"]), r["summary"])
            for r in _common.seeded_subset(records, limit, seed)]


def word_budget(train_path: Path) -> int:
    return round(mean(len(json.loads(line)["summary"].split()) for line in train_path.open(encoding="utf-8")))


def fill(sentences: Sequence[str], budget: int) -> str:
    """Sentences in the given order until the budget is reached, then cut to ``budget`` words."""
    chosen: list[str] = []
    words = 0
    for s in sentences:
        if words >= budget:
            break
        chosen.append(s)
        words += len(s.split())
    return first_words(" ".join(chosen), budget)


def lead(story: Story, budget: int) -> str:
    per_article = story.sentences()
    depth = max((len(a) for a in per_article), default=0)
    return fill([a[i] for i in range(depth) for a in per_article if i < len(a)], budget)


class _Tokenizer:
    """What sumy needs from a tokenizer; sentences come pre-split, words are plain word runs (no NLTK data)."""

    language = "english"

    @staticmethod
    def to_sentences(paragraph: str) -> list[str]:
        return [paragraph]

    @staticmethod
    def to_words(sentence: str) -> list[str]:
        import re

        return re.findall(r"[^\W_]+(?:['’][^\W_]+)?", sentence)


def _sumy(summarizer_cls: type) -> Callable[[Story, int], str]:
    def summarise(story: Story, budget: int) -> str:
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.utils import get_stop_words

        tok = _Tokenizer()
        doc = ObjectDocumentModel(
            [Paragraph([Sentence(s, tok) for s in article]) for article in story.sentences()]
        )
        summarizer = summarizer_cls(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")

        def until_budget(infos: list) -> list:  # infos come best-rated first
            taken, words = [], 0
            for info in infos:
                if words >= budget:
                    break
                taken.append(info)
                words += len(str(info.sentence).split())
            return taken

        return first_words(" ".join(str(s) for s in summarizer(doc, until_budget)), budget)

    return summarise


def oracle(story: Story, budget: int) -> str:
    """Greedy: add the source sentence that raises ROUGE-1 F + ROUGE-2 F most; stop when nothing helps or the
    budget is full. Scored on the cut text, as the systems are."""
    pool = [s for article in story.sentences() for s in article]
    chosen: list[str] = []
    best = 0.0

    def gain(sentences: list[str]) -> float:
        text = " ".join(sentences)
        return sum(rouge_n(text, [story.summary], n, max_words=budget).f for n in (1, 2))

    while pool and len(" ".join(chosen).split()) < budget:
        score, pick = max(((gain([*chosen, s]), s) for s in pool), key=lambda c: c[0])
        if score <= best:
            break
        best = score
        chosen.append(pick)
        pool.remove(pick)
    return first_words(" ".join(chosen), budget)


@dataclass(frozen=True)
class BriefOutcome:
    summary: str
    stories: int  # stories newsweave made of the three articles (1 when it keeps them together)
    skipped: int  # articles it left out (empty, or too short once cleaned)


def _brief(story: Story) -> tuple[Any, int]:
    """(newsweave's brief of the story's non-empty articles, or None when it could use none of them; how many
    articles it was given)."""
    import newsweave
    from newsweave.pipeline import NoArticlesError

    docs = [{"id": f"{story.id}-{i}", "title": title, "text": text, "source": f"outlet-{i}"}
            for i, (title, text) in enumerate(story.articles) if text.strip()]
    try:
        return newsweave.brief(docs), len(docs)
    except NoArticlesError:  # every excerpt too short: an empty summary, scored as such
        return None, len(docs)


def newsweave_summary(story: Story) -> BriefOutcome:
    """The whole brief's summary: every story newsweave found, in its order (the three articles may be split)."""
    brief, given = _brief(story)
    if brief is None:
        return BriefOutcome("", 0, given)
    summary = " ".join(s.text for st in brief.stories for s in st.summary)
    return BriefOutcome(summary, len(brief.stories), given - len(brief.articles))


def _story_facts(story: Story) -> list[tuple[Any, ...]]:
    """The facts of each story newsweave made of the articles, in the brief's order: the internal ``Fact`` objects
    that ``summarise`` sees (the published brief leaves out their claims), caught as ``build_story`` returns."""
    from unittest import mock

    import newsweave.compose.story as story_module

    built: dict[str, Any] = {}
    real = story_module.build_story

    def build_and_keep(*args: Any, **kwargs: Any) -> Any:
        built_story = real(*args, **kwargs)
        built[built_story.id] = built_story
        return built_story

    with mock.patch.object(story_module, "build_story", build_and_keep):
        brief, _ = _brief(story)
    return [] if brief is None else [built[st.id].facts for st in brief.stories]


# The selection settings --fit searches (on train only), and the grid it searches them on.
FIT_GRID: dict[str, tuple[float, ...]] = {
    "summary_position": (0.0, 0.01, 0.03, 0.1, 0.3),
    "summary_lead_position": (0.0, 0.1, 0.25, 0.5, 1.0),
    "summary_redundancy": (0.7, 0.75, 0.8, 0.9),
}


def fit(stories: Sequence[Story], budget: int) -> list[dict[str, Any]]:
    """Grid search of the summary selection settings: each story is briefed once, then only ``summarise`` is rerun
    on its facts. Objective: mean of ROUGE-1/2/L F of the output cut to W. Returns every setting, best first."""
    import dataclasses
    import itertools

    from newsweave.compose.summary import summarise
    from newsweave.config import Settings

    story_facts = [_story_facts(s) for s in stories]
    cache: dict[tuple[int, str], float] = {}

    def objective(i: int, text: str) -> float:
        if (i, text) not in cache:
            cache[i, text] = float(mean(rouge_f1(text, stories[i].summary).values()))
        return cache[i, text]

    def evaluate(values: dict[str, float]) -> dict[str, Any]:
        settings = dataclasses.replace(Settings(), **values)
        texts = [first_words(" ".join(s.text for facts in per_story for s in summarise(facts, settings)), budget)
                 for per_story in story_facts]
        return values | {"objective": float(mean(objective(i, t) for i, t in enumerate(texts)))}

    grid = [dict(zip(FIT_GRID, combo, strict=True)) for combo in itertools.product(*FIT_GRID.values())]
    return sorted((evaluate(values) for values in grid), key=lambda r: -r["objective"])


BASELINES: dict[str, Callable[[Story, int], str]] = {"lead": lead, "oracle (extractive)": oracle}


def _sumy_baselines() -> dict[str, Callable[[Story, int], str]]:
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    return {"LexRank (sumy)": _sumy(LexRankSummarizer), "TextRank (sumy)": _sumy(TextRankSummarizer)}


ROUGE_KEYS = ("rouge1", "rouge2", "rougeL")


def score(
    outputs: Sequence[str], stories: Sequence[Story], seconds: float, seed: int
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """(the table row, per-story scores for paired comparisons)."""
    per_story = [rouge_f1(o, s.summary) for o, s in zip(outputs, stories, strict=True)]
    row: dict[str, Any] = {"seconds": seconds, "mean_words": float(mean(len(o.split()) for o in outputs)),
                           "empty_outputs": sum(1 for o in outputs if not o.strip())}
    arrays = {key: np.array([p[key] for p in per_story]) for key in ROUGE_KEYS}
    for key, values in arrays.items():
        row[key] = float(values.mean())
        row[f"{key}_std"] = bootstrap_std(values, seed=seed)
    return row, arrays


def paired(ours: dict[str, np.ndarray], theirs: dict[str, np.ndarray], seed: int) -> dict[str, dict[str, float]]:
    """Mean per-story difference (ours - theirs) and its bootstrap std: is a gap bigger than its noise?"""
    return {key: {"mean_diff": float((ours[key] - theirs[key]).mean()),
                  "std": bootstrap_std(ours[key] - theirs[key], seed=seed)} for key in ROUGE_KEYS}


def run_fit(stories: Sequence[Story], budget: int) -> dict[str, Any]:
    """Print the ten best settings of the train search and where the shipped defaults rank; nothing is saved."""
    from newsweave.config import Settings

    ranked = fit(stories, budget)
    keys = list(FIT_GRID)
    shipped = next(n for n, r in enumerate(ranked, 1) if all(r[k] == getattr(Settings(), k) for k in keys))
    _common.print_table(f"summary settings searched on train ({len(stories)} stories), objective = mean ROUGE-1/2/L "
                        f"F cut to W = {budget}", ["rank", *keys, "objective"],
                        [[str(n), *(r[k] for k in keys), r["objective"]] for n, r in enumerate(ranked[:10], 1)]
                        + [[f"shipped ({shipped})", *(ranked[shipped - 1][k] for k in keys),
                            ranked[shipped - 1]["objective"]]], Console(width=160))
    return {"stories": len(stories), "best": ranked[0], "shipped_rank": shipped, "ranked": ranked}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    p = _common.parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--split", choices=("val", "train"), default="val", help="the split to score (default val)")
    p.add_argument("--fit", action="store_true",
                   help="search the summary selection settings on the train split (never val) and print the best")
    args = p.parse_args(argv)
    root = _common.require(args.data / "allsides-roundups")
    budget = word_budget(root / "train.jsonl")
    if args.fit:
        return run_fit(load_stories(root / "train.jsonl", args.limit, args.seed), budget)
    stories = load_stories(root / f"{args.split}.jsonl", args.limit, args.seed)
    systems: dict[str, dict[str, Any]] = {}
    per_story: dict[str, dict[str, np.ndarray]] = {}
    newsweave_error = None
    try:
        with _common.stopwatch() as t:
            outcomes = [newsweave_summary(s) for s in stories]
        full = [o.summary for o in outcomes]
        extra = {"mean_stories_per_brief": float(mean(o.stories for o in outcomes)),
                 "articles_skipped": sum(o.skipped for o in outcomes),
                 "articles_given": sum(1 for s in stories for _, text in s.articles if text.strip())}
        row, per_story["newsweave (cut to W)"] = score([first_words(f, budget) for f in full], stories,
                                                       t["seconds"], args.seed)
        systems["newsweave (cut to W)"] = row | extra
        row, per_story["newsweave (uncut)"] = score(full, stories, t["seconds"], args.seed)
        systems["newsweave (uncut)"] = row | extra
    except Exception as exc:  # a stage missing or failing: measure the baselines anyway, and say so
        newsweave_error = f"{type(exc).__name__}: {exc}"
        log.exception("newsweave rows not measured: %s", newsweave_error)
    for name, system in (BASELINES | _sumy_baselines()).items():
        with _common.stopwatch() as t:
            outputs = [system(s, budget) for s in stories]
        systems[name], per_story[name] = score(outputs, stories, t["seconds"], args.seed)
    ours = per_story.get("newsweave (cut to W)")
    comparisons = {name: paired(ours, arrays, args.seed) for name, arrays in per_story.items()
                   if ours is not None and not name.startswith("newsweave")}

    columns = ["system", "ROUGE-1 F", "±", "ROUGE-2 F", "±", "ROUGE-L F", "±", "mean words", "s/story"]
    rows: list[list[Any]] = []
    if newsweave_error:
        rows.append(["newsweave", "missing", "", "", "", "", "", "", newsweave_error[:60]])
    for name, r in systems.items():
        rows.append([name, r["rouge1"], r["rouge1_std"], r["rouge2"], r["rouge2_std"], r["rougeL"],
                     r["rougeL_std"], f"{r['mean_words']:.1f}", f"{r['seconds'] / len(stories):.3f}"])
    _common.print_table(f"AllSides roundups ({args.split}, {len(stories)} stories), budget W = {budget} words; "
                        "± = bootstrap std over stories", columns, rows, Console(width=160))
    if comparisons:
        _common.print_table("newsweave (cut to W) minus each baseline, per story (paired); ± = bootstrap std",
                            ["baseline", "Δ ROUGE-1 F", "±", "Δ ROUGE-2 F", "±", "Δ ROUGE-L F", "±"],
                            [[name, *(v for key in ROUGE_KEYS for v in (c[key]["mean_diff"], c[key]["std"]))]
                             for name, c in comparisons.items()], Console(width=160))
    if not args.quiet and "newsweave (uncut)" in systems:
        nw = systems["newsweave (uncut)"]
        print(f"newsweave: {nw['mean_stories_per_brief']:.2f} stories per brief; {nw['articles_skipped']} of "
              f"{nw['articles_given']} non-empty articles skipped")
    results = {
        "split": args.split,
        "stories": len(stories),
        "budget_words": budget,
        "budget_rule": "every output cut to its first W words, W = mean word count of train roundups",
        "metric": "ROUGE-1/2/L F1 (ROUGE-1.5.5 tokenisation + WordNet exceptions + Porter), mean over stories",
        "systems": systems,
        "paired_newsweave_cut_minus": comparisons,
        "newsweave_error": newsweave_error,
        "mean_reference_words": float(mean(len(s.summary.split()) for s in stories)),
    }
    _common.save(NAME, results, args)
    return results


if __name__ == "__main__":
    main()
