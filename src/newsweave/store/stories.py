"""Story rows: ids, aggregates (title, dates, counts) kept in step with membership, and the listing queries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsweave.compose.story import story_id
from newsweave.store.index import CorpusIndex
from newsweave.store.records import Coverage, StoryRow
from newsweave.store.schema import articles, entity_quotes, entity_stories, stories

_TOKEN = re.compile(r"\w+", re.UNICODE)
_IN_CHUNK = 500


def utc(moment: dt.datetime) -> dt.datetime:
    """Timestamps come back naive from SQLite and aware from PostgreSQL; both were written in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def founder_id(article_id: str, taken: Callable[[str], bool]) -> str:
    """A new story's id: the id ``newsweave brief`` gives its founding article alone, suffixed if already taken."""
    base = story_id([article_id])
    candidate, n = base, 2
    while taken(candidate):
        candidate, n = f"{base}-{n}", n + 1
    return candidate


@dataclass(frozen=True)
class Aggregate:
    title: str
    first_date: dt.date | None
    last_date: dt.date | None
    article_count: int
    source_count: int


def aggregate(index: CorpusIndex, rows: Sequence[int]) -> Aggregate:
    """A story's list fields from its member rows.

    The title is the headline of the member nearest the centroid of the originals (copies excluded when there are
    originals): the most typical headline, and never one a copy rewrote. The source count counts outlets; an article
    whose outlet is unknown counts as one more, since nothing says it is one of the others.
    """
    originals = [r for r in rows if index.ids[r] not in index.derived] or list(rows)
    vectors = index.matrix[originals]
    centre = vectors.mean(axis=0)
    best = originals[int(np.argmax(vectors @ centre))]
    dates = [index.dates[r] for r in rows if index.dates[r] is not None]
    known = {index.sources[r] for r in rows if index.sources[r] is not None}
    unknown = sum(1 for r in rows if index.sources[r] is None)
    return Aggregate(
        title=index.titles[best],
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        article_count=len(rows),
        source_count=len(known) + unknown,
    )


def pending_count(conn: Connection) -> int:
    """Stored articles still waiting for the rewrite check."""
    return int(conn.execute(sa.select(sa.func.count()).where(articles.c.rewrite_pending)).scalar() or 0)


def write_aggregates(
    conn: Connection, index: CorpusIndex, ids: Iterable[str], now: dt.datetime, needs_pass: bool
) -> None:
    """Insert or update the rows of these live stories and bump their version (their cached brief is stale)."""
    ids = sorted(set(ids))
    existing: set[str] = set()
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        existing.update(conn.execute(sa.select(stories.c.id).where(stories.c.id.in_(chunk))).scalars())
    inserts, updates = [], []
    for sid in ids:
        agg = aggregate(index, index.members[sid])
        values = {
            "title": agg.title,
            "first_date": agg.first_date,
            "last_date": agg.last_date,
            "article_count": agg.article_count,
            "source_count": agg.source_count,
            "updated_at": now,
            "merged_into": None,
        }
        if sid in existing:
            updates.append({"sid": sid, "flag": needs_pass, **values})
        else:
            inserts.append({"id": sid, "created_at": now, "version": 1, "needs_pass": needs_pass, **values})
    if inserts:
        conn.execute(stories.insert(), inserts)
    if updates:
        statement = (
            stories.update()
            .where(stories.c.id == sa.bindparam("sid"))
            .values(
                **{k: sa.bindparam(k) for k in ("title", "first_date", "last_date", "article_count", "source_count",
                                               "updated_at", "merged_into")},
                version=stories.c.version + 1,
                needs_pass=sa.or_(stories.c.needs_pass, sa.bindparam("flag")),
            )
        )
        conn.execute(statement, updates)


def retire(conn: Connection, merged: dict[str, str], now: dt.datetime) -> None:
    """Mark merged stories as redirects to their survivors (and re-point older redirects to them)."""
    for dead, survivor in sorted(merged.items()):
        conn.execute(stories.update().where(stories.c.merged_into == dead).values(merged_into=survivor))
        conn.execute(
            stories.update()
            .where(stories.c.id == dead)
            .values(merged_into=survivor, article_count=0, source_count=0, updated_at=now, needs_pass=False,
                    version=stories.c.version + 1, brief=None, brief_version=None)
        )


def forget_entities(conn: Connection, story_ids: list[str]) -> None:
    """Drop the entity links of stories merged away (their survivor's next brief files them again)."""
    for start in range(0, len(story_ids), _IN_CHUNK):
        chunk = story_ids[start : start + _IN_CHUNK]
        conn.execute(entity_stories.delete().where(entity_stories.c.story_id.in_(chunk)))
        conn.execute(entity_quotes.delete().where(entity_quotes.c.story_id.in_(chunk)))


def resolve(conn: Connection, sid: str) -> str | None:
    """Follow redirects from a merged story to the live one (cycle-safe)."""
    seen = set()
    current: str | None = sid
    while current is not None and current not in seen:
        seen.add(current)
        row = conn.execute(
            sa.select(stories.c.merged_into, stories.c.article_count).where(stories.c.id == current)
        ).first()
        if row is None:
            return None
        if row.merged_into is None:
            return current if row.article_count > 0 else None
        current = row.merged_into
    return None


@dataclass(frozen=True)
class Filters:
    query: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    outlet: str | None = None
    min_sources: int = 1


def _live() -> list[sa.ColumnElement[bool]]:
    """A story that has articles and was not merged away: what lists, counts and analysis are about."""
    return [stories.c.merged_into.is_(None), stories.c.article_count > 0]


def _stale() -> sa.ColumnElement[bool]:
    """No cached brief, or one of an older version of the story (the same test as :func:`briefs.cached`)."""
    return sa.or_(stories.c.brief.is_(None), stories.c.brief_version.is_distinct_from(stories.c.version))


def _newest_first() -> tuple[sa.ColumnElement, ...]:
    """By the latest article's date (undated last), then the latest change: the order a reader browses in."""
    return stories.c.last_date.desc().nulls_last(), stories.c.updated_at.desc(), stories.c.id


def _conditions(conn: Connection, f: Filters) -> list[sa.ColumnElement[bool]]:
    where = _live()
    if f.min_sources > 1:
        where.append(stories.c.source_count >= f.min_sources)
    if f.since is not None:
        where.append(stories.c.last_date >= f.since)
    if f.until is not None:
        where.append(stories.c.first_date <= f.until)
    if f.outlet:
        where.append(
            sa.exists().where(articles.c.story_id == stories.c.id, articles.c.source_key == f.outlet.strip().casefold())
        )
    if f.query is not None:
        where.append(stories.c.id.in_(matching_stories(conn, f.query)))
    return where


def matching_stories(conn: Connection, query: str) -> sa.Select:
    """Story ids whose articles match every word of ``query`` in title or clean text (FTS5 or tsvector)."""
    words = _TOKEN.findall(query)
    if not words:
        return sa.select(articles.c.story_id).where(sa.false())
    if conn.dialect.name == "sqlite":
        expression = " ".join('"' + w.replace('"', "") + '"' for w in words)
        return sa.select(articles.c.story_id).where(
            articles.c.seq.in_(sa.text("SELECT rowid FROM article_fts WHERE article_fts MATCH :fts").bindparams(
                fts=expression).columns(sa.column("rowid", sa.Integer)))
        )
    return sa.select(articles.c.story_id).where(
        sa.literal_column("articles.search").op("@@")(sa.func.plainto_tsquery("english", " ".join(words)))
    )


def list_rows(conn: Connection, f: Filters, limit: int, offset: int) -> list[StoryRow]:
    query = (
        sa.select(stories)
        .where(*_conditions(conn, f))
        .order_by(*_newest_first())
        .limit(limit)
        .offset(offset)
    )
    rows = conn.execute(query).all()
    members = article_ids(conn, [r.id for r in rows])
    return [
        StoryRow(
            id=r.id,
            title=r.title,
            article_ids=tuple(members.get(r.id, ())),
            first_date=r.first_date,
            last_date=r.last_date,
            source_count=r.source_count,
            article_count=r.article_count,
            conflict_count=r.conflict_count,
            single_source_count=r.single_source_count,
            updated_at=utc(r.updated_at),
        )
        for r in rows
    ]


def count_rows(conn: Connection, f: Filters) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(stories).where(*_conditions(conn, f))).scalar())


def article_ids(conn: Connection, ids: Sequence[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        query = (
            sa.select(articles.c.story_id, articles.c.id)
            .where(articles.c.story_id.in_(ids[start : start + _IN_CHUNK]))
            .order_by(articles.c.id)
        )
        for sid, aid in conn.execute(query):
            out.setdefault(sid, []).append(aid)
    return out


def stale_ids(conn: Connection, limit: int | None = None) -> list[str]:
    """Live stories whose brief is missing or stale, newest first."""
    query = sa.select(stories.c.id).where(*_live(), _stale()).order_by(*_newest_first()).limit(limit)
    return list(conn.execute(query).scalars())


def coverage(conn: Connection) -> Coverage:
    """How many live stories there are and how many of them have no up-to-date brief (so no filed entities)."""
    stale = sa.func.coalesce(sa.func.sum(sa.case((_stale(), 1), else_=0)), 0)
    row = conn.execute(sa.select(sa.func.count(), stale).select_from(stories).where(*_live())).one()
    return Coverage(stories=int(row[0]), unanalysed=int(row[1]))
