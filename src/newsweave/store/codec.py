"""Stored rows to pipeline records and back (JSON columns, evidence, copy links)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from newsweave.model import Article, CopyLink, RawArticle, Removal, SentencePair

ARTICLE_COLUMNS = ("id", "title", "paragraphs", "removed", "path", "source", "url", "published", "author",
                   "language", "notes")


def removed_json(removed: Sequence[Removal]) -> str:
    return json.dumps([[r.text, r.reason, r.line] for r in removed], ensure_ascii=False)


def article_from_row(row: Any) -> Article:
    """An :class:`Article` from a row carrying :data:`ARTICLE_COLUMNS`."""
    return Article(
        id=row.id,
        title=row.title,
        paragraphs=tuple(json.loads(row.paragraphs)),
        removed=tuple(Removal(text, reason, line) for text, reason, line in json.loads(row.removed)),
        path=row.path,
        source=row.source,
        url=row.url,
        published=row.published,
        author=row.author,
        language=row.language,
        notes=tuple(json.loads(row.notes)),
    )


def evidence_json(link: CopyLink, sentences: Mapping[tuple[str, int], str]) -> str:
    """Evidence pairs with their sentence texts, so that they can be shown without re-splitting either article."""
    return json.dumps(
        [
            {"a": list(p.a), "b": list(p.b), "similarity": p.similarity, "a_text": sentences.get(p.a, ""),
             "b_text": sentences.get(p.b, "")}
            for p in link.evidence
        ],
        ensure_ascii=False,
    )


def link_from_row(row: Any) -> CopyLink:
    """A :class:`CopyLink` from a ``copies`` row (evidence as sentence-index pairs)."""
    return CopyLink(
        article=row.article_id,
        source=row.source_id,
        kind=row.kind,
        score=row.score,
        direction=row.direction,
        evidence=tuple(
            SentencePair((e["a"][0], int(e["a"][1])), (e["b"][0], int(e["b"][1])), float(e["similarity"]))
            for e in json.loads(row.evidence)
        ),
    )


def raw_to_json(raw: RawArticle) -> str:
    data = dataclasses.asdict(raw)
    data["published"] = raw.published.isoformat() if raw.published else None
    return json.dumps(data, ensure_ascii=False)


def raw_from_json(text: str) -> RawArticle:
    data = json.loads(text)
    published = dt.date.fromisoformat(data["published"]) if data.get("published") else None
    return RawArticle(
        **{**data, "lines": tuple(data["lines"]), "notes": tuple(data.get("notes", ())), "published": published}
    )
