"""The NLP stage: sentences, language, named entities and their aliases, dates and quotations.

``analyse`` is the stage; ``load_spacy`` gives other stages the same cached spaCy pipeline.
"""

from newsweave.nlp.pipeline import analyse
from newsweave.nlp.spacy_model import load_spacy

__all__ = ["analyse", "load_spacy"]
