"""Cleaning: keep every sentence of the story, remove what is not the story, and say why for each removal.

:func:`clean_corpus` is the stage entry point (it needs the whole corpus for the outlet-repetition cue);
:func:`clean_article` cleans one article given the lines its outlet repeats.
"""

from newsweave.clean.article import clean_article, headline_index
from newsweave.clean.corpus import clean_corpus

__all__ = ["clean_article", "clean_corpus", "headline_index"]
