"""Same-story similarity of two whole articles, for comparing a pair in isolation.

A text is split into a title (its first line, or its first sentence when it has no line breaks) and a lead, and the
pair is compared by the cosine of the clustering representation (:func:`newsweave.cluster.article_vectors`). The key
overlap that the clusterers add is left out on purpose: keys are weighted by how rare they are in a collection, and a
lone pair is no collection (on the SemEval-2022 English pairs, with the padded embedder, adding it lowered Pearson
r from 0.850 to 0.81-0.84; without it, on the unpadded embedder, r is 0.878).
"""

from __future__ import annotations

from newsweave.cluster.represent import article_vectors, lead_text


def split_title(text: str) -> tuple[str, str]:
    """(title, rest) of a text given as one string."""
    text = text.strip()
    if "\n" in text:
        title, _, rest = text.partition("\n")
        return title.strip(), rest.strip()
    first = lead_text(text, sentences=1)
    return first, text[len(first) :].strip()


def article_similarity(text_a: str, text_b: str) -> float:
    """How alike two articles' accounts of their event are, in [0, 1] (negative cosines count as 0)."""
    (title_a, lead_a), (title_b, lead_b) = split_title(text_a), split_title(text_b)
    vectors = article_vectors([title_a, title_b], [lead_a, lead_b])
    return max(0.0, float(vectors[0] @ vectors[1]))
