"""Exporting the stored articles with their story and provenance, as JSON Lines or Parquet, streamed in chunks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsweave.store.schema import articles, copies

ExportFormat = Literal["jsonl", "parquet"]
_CHUNK = 1000

_COLUMNS = ("seq", "id", "title", "source", "url", "published", "author", "language", "path", "text", "paragraphs",
            "removed", "notes", "story_id", "added_at", "rewrite_pending")


def records(conn: Connection) -> Iterator[list[dict[str, Any]]]:
    """Every article as a plain dict, in arrival order, ``_CHUNK`` at a time."""
    last = 0
    while True:
        rows = conn.execute(
            sa.select(*(articles.c[c] for c in _COLUMNS)).where(articles.c.seq > last).order_by(articles.c.seq)
            .limit(_CHUNK)
        ).all()
        if not rows:
            return
        last = rows[-1].seq
        ids = [r.id for r in rows]
        links: dict[str, list[dict[str, Any]]] = {}
        for link in conn.execute(sa.select(copies).where(copies.c.article_id.in_(ids)).order_by(copies.c.source_id)):
            links.setdefault(link.article_id, []).append(
                {"source": link.source_id, "kind": link.kind, "score": link.score, "direction": link.direction}
            )
        yield [_record(r, links.get(r.id, [])) for r in rows]


def _record(row: Any, links: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "source": row.source,
        "url": row.url,
        "published": row.published.isoformat() if row.published else None,
        "author": row.author,
        "language": row.language,
        "path": row.path,
        "story_id": row.story_id,
        "text": row.text,
        "paragraphs": json.loads(row.paragraphs),
        "removed": [{"text": t, "reason": reason} for t, reason, _ in json.loads(row.removed)],
        "notes": json.loads(row.notes),
        "derived_from": links,
        "rewrite_checked": not row.rewrite_pending,
        "added_at": row.added_at.isoformat() if row.added_at else None,
    }


def write(conn: Connection, path: Path, fmt: ExportFormat) -> int:
    if fmt == "jsonl":
        return _write_jsonl(conn, path)
    if fmt == "parquet":
        return _write_parquet(conn, path)
    raise ValueError(f"unknown export format {fmt!r}: choose jsonl or parquet")


def _write_jsonl(conn: Connection, path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for chunk in records(conn):
            for record in chunk:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += len(chunk)
    return count


def _parquet_schema():
    import pyarrow as pa

    text = pa.string()
    return pa.schema(
        [
            ("id", text), ("title", text), ("source", text), ("url", text), ("published", text), ("author", text),
            ("language", text), ("path", text), ("story_id", text), ("text", text),
            ("paragraphs", pa.list_(text)),
            ("removed", pa.list_(pa.struct([("text", text), ("reason", text)]))),
            ("notes", pa.list_(text)),
            ("derived_from", pa.list_(pa.struct(
                [("source", text), ("kind", text), ("score", pa.float64()), ("direction", text)]))),
            ("rewrite_checked", pa.bool_()),
            ("added_at", text),
        ]
    )


def _write_parquet(conn: Connection, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in records(conn):
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            count += len(chunk)
        if count == 0:
            writer.write_table(pa.Table.from_pylist([], schema=schema))
    return count
