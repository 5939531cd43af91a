"""Article ids: stable across runs (from the file name or the content), unique within a run."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import replace

from newsweave.model import RawArticle

log = logging.getLogger(__name__)


def content_id(title: str | None, lines: Sequence[str]) -> str:
    """ "a-" and 12 hex digits of a BLAKE2b hash of title and text: one article, one id, every run."""
    digest = hashlib.blake2b(digest_size=6)
    digest.update((title or "").encode("utf-8"))
    digest.update(b"\n")
    digest.update("\n".join(lines).encode("utf-8"))
    return "a-" + digest.hexdigest()


def make_unique(articles: Sequence[RawArticle]) -> list[RawArticle]:
    """Rename every article whose id an earlier one already has ("x" -> "x-2"), with a note saying so."""
    reserved = {a.id for a in articles}
    owner: dict[str, str] = {}
    out: list[RawArticle] = []
    for article in articles:
        if article.id not in owner:
            owner[article.id] = article.path or article.id
            out.append(article)
            continue
        n = 2
        while f"{article.id}-{n}" in reserved or f"{article.id}-{n}" in owner:
            n += 1
        new_id = f"{article.id}-{n}"
        note = f"id {article.id!r} is already used by {owner[article.id]}; this article is now {new_id!r}"
        log.warning("%s: %s", article.path or article.id, note)
        owner[new_id] = article.path or new_id
        out.append(replace(article, id=new_id, notes=(*article.notes, note)))
    return out
