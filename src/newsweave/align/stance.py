"""Does an article body agree with a headline, dispute it, merely discuss it, or talk about something else?

The four FNC-1 stances, decided in two steps by two small logistic regressions over hand-built features:

1. *related or unrelated*, from how well the headline is matched by the body: the best sentence embedding cosines,
   the cosine to the lead, and how many of the headline's keys (names, numbers, content words) the body repeats;
2. *agree, disagree or discuss*, for related pairs, from cue words read in the headline, in the body's sentences that
   match the headline best, and in the body as a whole: refutation ("hoax", "denied", "debunked"), negation, hedging
   and reporting ("reportedly", "claims", "unconfirmed") and confirmation ("confirmed", "revealed"), plus negation and
   refutation mismatches between the headline and the body (a body calling a story a hoax agrees with the headline
   "X is a hoax" and disputes the headline "X happened").

The learned weights (standardisation and coefficients, a few hundred numbers) ship in ``stance_weights.json`` beside
this module. They were fitted on half of the FNC-1 training bodies; retrain with ``python -m benchmarks.stance --fit``,
which rewrites the file.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsweave.cluster.represent import keys_of
from newsweave.embed import get_embedder

STANCES = ("agree", "disagree", "discuss", "unrelated")
WEIGHTS = Path(__file__).with_name("stance_weights.json")
MAX_SENTENCES = 40  # later sentences add little and cost embedding time
ALIGNED = 3  # best-matching body sentences read for cues

_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’')\]]))\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n+")
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
REFUTE = frozenset(
    """fake fraud hoax false deny denies denied denial debunk debunked debunks bogus prank pranks retract retracted
    retracts untrue myth misleading nonsense fabricated fabrication satire satirical spoof doubt doubts doubtful
    dismissed dismisses refute refuted refutes rejected rejects baseless""".split()
)
NEGATION = frozenset("not no never none nobody nothing neither nor without isn't wasn't aren't weren't don't doesn't "
                     "didn't won't can't cannot couldn't hasn't haven't hadn't shouldn't wouldn't".split())
HEDGE = frozenset(
    """reportedly allegedly alleged alleges claim claims claimed claiming according rumor rumors rumour rumours rumored
    unconfirmed unverified may might could appear appears appeared apparently purportedly purported suggest suggests
    suggested believed possibly speculation speculated reports reported sources source supposedly if whether""".split()
)
CONFIRM = frozenset(
    """confirmed confirms confirm announced announces revealed reveals official officially indeed actually verified
    proven proved true truly definitely admitted admits""".split()
)
CUES = {"refute": REFUTE, "negation": NEGATION, "hedge": HEDGE, "confirm": CONFIRM}


def sentences(body: str) -> list[str]:
    """The body's sentences (a cheap split), at most MAX_SENTENCES."""
    return [s.strip() for s in _SPLIT.split(body.strip()) if s and s.strip()][:MAX_SENTENCES]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("’", "'"))


def _cue_counts(words: Sequence[str]) -> dict[str, int]:
    return {name: sum(w in cue for w in words) for name, cue in CUES.items()}


@dataclass(frozen=True)
class _Body:
    """What features need from a body, computed once however many headlines it is paired with."""

    vectors: np.ndarray  # one unit row per sentence
    keys: tuple[frozenset[str], ...]  # per sentence
    words: tuple[tuple[str, ...], ...]  # per sentence
    all_keys: frozenset[str]
    lead_keys: frozenset[str]  # of the first five sentences
    cues: dict[str, int]  # cue word counts over the whole body
    n_words: int


@lru_cache(maxsize=512)
def _body(body: str) -> _Body:
    parts = sentences(body) or [body.strip() or "."]
    keys = tuple(keys_of(s) for s in parts)
    words = tuple(tuple(_words(s)) for s in parts)
    every = [w for ws in words for w in ws]
    return _Body(
        get_embedder().encode(parts), keys, words, frozenset().union(*keys), frozenset().union(*keys[:5]),
        _cue_counts(every), len(every),
    )


def features(headline: str, body: str) -> np.ndarray:
    """The feature vector of one pair (see FEATURES for the names)."""
    text = _body(body)
    sent = text.vectors
    head = get_embedder().encode([headline.strip() or "."])[0]
    cosine = sent @ head
    order = np.argsort(-cosine, kind="stable")
    top = cosine[order[:ALIGNED]]
    lead = sent[:3].mean(axis=0)
    whole = sent.mean(axis=0)
    lead_cos = float(lead @ head / max(np.linalg.norm(lead), 1e-9))
    body_cos = float(whole @ head / max(np.linalg.norm(whole), 1e-9))

    head_keys = keys_of(headline)
    n_keys = max(len(head_keys), 1)
    coverage = len(head_keys & text.all_keys) / n_keys
    lead_coverage = len(head_keys & text.lead_keys) / n_keys
    best_coverage = max(len(head_keys & k) for k in text.keys) / n_keys

    head_words = _words(headline)
    aligned_words = [w for i in order[:ALIGNED] for w in text.words[i]]
    head_cues, aligned_cues, body_cues = _cue_counts(head_words), _cue_counts(aligned_words), text.cues
    per_word = 100.0 / max(text.n_words, 1)
    relatedness = float(top[0])
    values = [
        float(top[0]), float(top.mean()), lead_cos, body_cos,
        coverage, lead_coverage, best_coverage, math.log1p(len(head_keys)),
        math.log1p(text.n_words), float("?" in headline),
    ]
    for name in CUES:
        values += [
            float(head_cues[name] > 0),
            math.log1p(aligned_cues[name]),
            body_cues[name] * per_word,
            relatedness * math.log1p(aligned_cues[name]),
        ]
    # A refuting body agrees with a refuting headline ("... is a hoax") and disputes a plain one: a linear model
    # needs these interactions spelt out.
    head_refutes = head_cues["refute"] > 0
    values += [
        float((head_cues["negation"] > 0) != (aligned_cues["negation"] > 0)),
        float(head_refutes != (aligned_cues["refute"] > 0)),
        float(head_refutes and body_cues["refute"] > 0),
        float(not head_refutes and aligned_cues["refute"] > 0) * relatedness,
        float(not head_refutes) * body_cues["refute"] * per_word,
    ]
    return np.array(values, dtype=np.float64)


FEATURES = (
    "cos_best", "cos_top3", "cos_lead", "cos_body", "key_coverage", "key_coverage_lead", "key_coverage_best",
    "log_headline_keys", "log_body_words", "headline_question",
    *(f"{cue}_{where}" for cue in CUES for where in ("headline", "aligned", "body_rate", "aligned_x_cos")),
    "negation_mismatch", "refute_mismatch", "refute_both", "refute_body_only_x_cos", "refute_body_only_rate",
)


@dataclass(frozen=True)
class LinearModel:
    """A fitted logistic regression: standardise, then a linear score per class (one row for a binary model)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (classes or 1, features)
    intercept: np.ndarray
    classes: tuple[str, ...]

    def predict(self, x: np.ndarray) -> list[str]:
        scores = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        if len(self.classes) == 2:
            return [self.classes[int(s > 0)] for s in scores[:, 0]]
        return [self.classes[i] for i in scores.argmax(axis=1)]

    def to_json(self) -> dict[str, object]:
        return {k: (v.tolist() if isinstance(v, np.ndarray) else list(v)) for k, v in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: dict[str, list]) -> LinearModel:
        return cls(*(np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef", "intercept")),
                   classes=tuple(data["classes"]))


@dataclass(frozen=True)
class StanceModel:
    related: LinearModel  # classes ("related", "unrelated") in sklearn's sorted order
    stance: LinearModel  # classes ("agree", "disagree", "discuss")

    def predict(self, x: np.ndarray) -> list[str]:
        """Stances for a matrix of feature rows."""
        x = np.atleast_2d(x)
        first = self.related.predict(x)
        second = self.stance.predict(x)
        return ["unrelated" if r == "unrelated" else s for r, s in zip(first, second, strict=True)]

    def save(self, path: Path = WEIGHTS) -> None:
        data = {"features": list(FEATURES), "related": self.related.to_json(), "stance": self.stance.to_json()}
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> StanceModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path} was fitted on other features; retrain with `python -m benchmarks.stance --fit`")
        return cls(LinearModel.from_json(data["related"]), LinearModel.from_json(data["stance"]))


@lru_cache(maxsize=1)
def default_model() -> StanceModel:
    return StanceModel.load()


def stance(headline: str, body: str) -> str:
    """One of "agree", "disagree", "discuss", "unrelated": what ``body`` does with the claim of ``headline``."""
    return default_model().predict(features(headline, body))[0]
