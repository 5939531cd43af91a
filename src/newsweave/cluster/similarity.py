"""Same-story similarity of two whole articles, on the scale of the clusterers' link probability.

A text is split into a title (its first line, or its first sentence when it has no line breaks) and a lead; both
sides are then scored exactly as the batch clusterer scores a candidate pair, with the key weights taken from the two
articles alone (smoothed, see :func:`newsweave.cluster.score.idf`) and both densities at the floor, since a lone
pair has no neighbourhood.
"""

from __future__ import annotations

import numpy as np

from newsweave.cluster.represent import article_keys, article_vectors, lead_text
from newsweave.cluster.score import base_score, key_matrix, link_probability, pair_key_similarity
from newsweave.config import Settings


def split_title(text: str) -> tuple[str, str]:
    """(title, rest) of a text given as one string."""
    text = text.strip()
    if "\n" in text:
        title, _, rest = text.partition("\n")
        return title.strip(), rest.strip()
    first = lead_text(text, sentences=1)
    return first, text[len(first) :].strip()


def article_similarity(text_a: str, text_b: str, settings: Settings | None = None) -> float:
    """How likely two articles are to report the same story, in [0, 1]."""
    settings = settings or Settings()
    (title_a, lead_a), (title_b, lead_b) = split_title(text_a), split_title(text_b)
    vectors = article_vectors([title_a, title_b], [lead_a, lead_b])
    keys = key_matrix([article_keys(title_a, lead_a), article_keys(title_b, lead_b)], settings.story_idf_prior)
    pair = np.array([0]), np.array([1])
    z = base_score(float(vectors[0] @ vectors[1]), pair_key_similarity(keys, *pair)[0], settings)
    floor = settings.story_density_floor
    return float(link_probability(z, floor, floor, settings))
