"""What an article is compared by when newsweave decides which articles tell the same story.

Two views of the top of the article (title plus the first few sentences of the lead), because that is where news
writing puts the event itself; later paragraphs drift into background that many unrelated stories share:

* a sentence embedding of "title. lead" plus half the embedding of the title alone (renormalised), which sees that
  "jobless claims" and "unemployment benefits" mean the same thing. On the dev half of the clustering benchmark
  title weights 0 to 1 score within 0.001 B-cubed F1 of each other (its excerpts are short, so the title is a
  large part of "title. lead" anyway); the extra title stays for long leads, where it would otherwise be diluted.
  A lead of one sentence instead of five costs 0.009; and
* a set of keys (names, numbers and content words, lower-cased and crudely stemmed), which sees what embeddings
  blur: that two articles name the same senator, the same 373,000 or the same town. Keys are weighted by how rare
  they are in the batch (see :mod:`newsweave.cluster.score`), so "trump" counts little and "macron" a lot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newsweave.embed import get_embedder

LEAD_SENTENCES = 5  # sentences of the lead that go into the representation
TITLE_WEIGHT = 0.5  # the title's own embedding, added again: headlines name the event most directly
_LEAD_MAX_CHARS = 600  # the embedder truncates anyway; this keeps one run-on "sentence" from dominating

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’')\]]))\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n+")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
# Words every news story uses: they say nothing about which event it is.
_NEWS_WORDS = frozenset(
    """said says say told tell according report reported reports reporting news new year years week weeks day days
    time times monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr just like including people
    also would could one two first last""".split()
)
_STOP = frozenset(ENGLISH_STOP_WORDS) | _NEWS_WORDS
_PLURAL_ES = re.compile(r"(?:ss|x|z|ch|sh)es$")


def lead_text(lead: str, sentences: int = LEAD_SENTENCES) -> str:
    """The first ``sentences`` sentences of ``lead`` (a cheap split: exact boundaries do not matter here)."""
    parts = [p.strip() for p in _SENTENCE_END.split(lead.strip()) if p and p.strip()]
    return " ".join(parts[:sentences])[:_LEAD_MAX_CHARS]


def article_text(title: str, lead: str) -> str:
    """The text that is embedded for one article."""
    title, top = title.strip(), lead_text(lead)
    if title and top:
        return f"{title}{'' if title[-1] in '.!?' else '.'} {top}"
    return title or top


def article_vectors(titles: Sequence[str], leads: Sequence[str]) -> np.ndarray:
    """Unit rows (n, 384): the embedding of each article's title and first sentences of its lead, title stressed."""
    if len(titles) != len(leads):
        raise ValueError(f"{len(titles)} titles but {len(leads)} leads")
    embedder = get_embedder()
    mixed = embedder.encode([article_text(t, lead) for t, lead in zip(titles, leads, strict=True)])
    mixed = mixed + TITLE_WEIGHT * embedder.encode([t.strip() for t in titles])
    return (mixed / np.maximum(np.linalg.norm(mixed, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def stem(word: str) -> str:
    """A crude suffix strip ("talks" -> "talk", "voted" -> "vot"), enough to match inflections of one word.

    Applied until nothing changes, so that stemming a key again (entity names and keys share one vocabulary) keeps it.
    """
    while True:
        before = word
        if len(word) > 5 and word.endswith(("ing", "ied", "ies")):
            word = word[:-3] + ("y" if word[-3:] in ("ied", "ies") else "")
        elif len(word) > 4 and word.endswith("ed"):
            word = word[:-2]
        elif len(word) > 4 and _PLURAL_ES.search(word):
            word = word[:-2]
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        if word == before:
            return word


def keys_of(text: str) -> frozenset[str]:
    """Names, numbers and content words of ``text`` as match keys (stop words and generic news words dropped)."""
    out = set()
    for match in _TOKEN.finditer(text):
        token = match.group(0).casefold().replace("’", "'")
        if token[0].isdigit():
            out.add(token.replace(",", ""))
            continue
        if token.endswith("'s"):
            token = token[:-2]
        if len(token) > 1 and token not in _STOP:
            out.add(stem(token))
    return frozenset(out)


def article_keys(title: str, lead: str) -> frozenset[str]:
    """The keys of one article's title and lead; pass these (optionally with NER names) as ``entities``."""
    return keys_of(f"{title}\n{lead_text(lead)}")


def normalise_keys(entities: Iterable[str]) -> frozenset[str]:
    """Bring entity names ("Kim Jong Un", "kim jong un") and keys to one vocabulary, word by word."""
    out: set[str] = set()
    for entity in entities:
        out |= keys_of(entity)
    return frozenset(out)
