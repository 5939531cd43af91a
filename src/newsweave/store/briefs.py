"""A stored story's brief: the stages of ``newsweave brief`` run on demand over its stored articles, then cached.

Ingest stores clean text but runs no spaCy (the slow part, about 80 articles a second); the full analysis runs here,
for one story's articles at a time, with the same functions the batch path uses: ``analyse`` (with the story's
publication dates as fallback for undated articles), a sentence table, the copy links stored for these articles,
``build_story`` and ``to_brief``. The story keeps its stored id. The JSON is cached in the story row until the story
changes (its ``version`` moves on), and the entities and quotes of the brief are filed under their entities.
"""

from __future__ import annotations

import dataclasses
import json
import re

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from newsweave.compose.output import to_brief
from newsweave.compose.story import build_story
from newsweave.config import Settings
from newsweave.dedup import origins
from newsweave.model import CopyLink, Corpus, SentencePair
from newsweave.nlp import analyse
from newsweave.pipeline import fallback_dates
from newsweave.render.schema import Brief
from newsweave.sentence_table import SentenceTable
from newsweave.store.codec import ARTICLE_COLUMNS, article_from_row, link_from_row
from newsweave.store.schema import articles, copies, entities, entity_quotes, entity_stories, stories


def cached(conn: Connection, story_id: str) -> Brief | None:
    text = _current_json(conn, story_id)
    return None if text is None else Brief.model_validate_json(text)


def is_current(conn: Connection, story_id: str) -> bool:
    """Whether the story has an up-to-date cached brief, without the cost of parsing it."""
    return _current_json(conn, story_id) is not None


def _current_json(conn: Connection, story_id: str) -> str | None:
    """The cached brief while it describes the story's current version (else None: missing or stale)."""
    row = conn.execute(
        sa.select(stories.c.brief, stories.c.brief_version, stories.c.version).where(stories.c.id == story_id)
    ).first()
    if row is None or row.brief is None or row.brief_version != row.version:
        return None
    return str(row.brief)


def compute(conn: Connection, story_id: str, settings: Settings) -> tuple[Brief, int]:
    """The brief of a live story's articles, and the story version it describes."""
    version = conn.execute(sa.select(stories.c.version).where(stories.c.id == story_id)).scalar_one()
    columns = [articles.c[name] for name in ARTICLE_COLUMNS]
    rows = conn.execute(sa.select(*columns).where(articles.c.story_id == story_id).order_by(articles.c.id)).all()
    members = [article_from_row(r) for r in rows]
    analyses = analyse(members, settings, fallback_dates([members]))
    table = SentenceTable.build(analyses)
    ids = [a.id for a in members]
    links = [
        _known_evidence(link_from_row(r), table)
        for r in conn.execute(sa.select(copies).where(copies.c.article_id.in_(ids), copies.c.source_id.in_(ids)))
    ]
    links.sort(key=lambda c: (c.article, c.source))
    story = build_story(analyses, table, origins(links), settings)
    story = dataclasses.replace(story, id=story_id)
    return to_brief(Corpus(analyses=analyses, copies=links, stories=[story], skipped=[])), version


def _known_evidence(link: CopyLink, table: SentenceTable) -> CopyLink:
    """Drop evidence pairs whose sentences the analysis does not have (a changed sentence splitter)."""
    known = {(s.article_id, s.index) for s in table.sentences}
    pairs: tuple[SentencePair, ...] = tuple(p for p in link.evidence if p.a in known and p.b in known)
    return dataclasses.replace(link, evidence=pairs)


def save(conn: Connection, story_id: str, brief: Brief, version: int) -> bool:
    """Cache the brief and file its entities and quotes, unless the story changed meanwhile (then False: a brief
    of an older version must not overwrite what the next computation will say)."""
    story = brief.stories[0]
    updated = conn.execute(
        stories.update()
        .where(stories.c.id == story_id, stories.c.version == version)
        .values(
            brief=brief.to_json(),
            brief_version=version,
            conflict_count=len(story.conflicts),
            single_source_count=len(story.single_source),
        )
    )
    if not updated.rowcount:
        return False
    file_entities(conn, brief)
    return True


def entity_id(name: str, kind: str) -> str:
    """A stable slug of the canonical name and kind: "Kim Jong Un", PERSON -> "kim-jong-un-person"."""
    slug = re.sub(r"[^\w]+", "-", name.casefold()).strip("-") or "entity"
    return f"{slug}-{kind.casefold()}"


def file_entities(conn: Connection, brief: Brief) -> None:
    """Replace what the store knows of this story's entities, quotes and reported statements with what its brief
    says; both kinds of statement are filed under their speaker's entity."""
    story = brief.stories[0]
    conn.execute(entity_stories.delete().where(entity_stories.c.story_id == story.id))
    conn.execute(entity_quotes.delete().where(entity_quotes.c.story_id == story.id))
    speaker_of: dict[str, str] = {}
    for entity in story.entities:
        eid = entity_id(entity.name, entity.kind)
        row = conn.execute(sa.select(entities.c.aliases).where(entities.c.id == eid)).first()
        if row is None:
            conn.execute(entities.insert().values(id=eid, name=entity.name, kind=entity.kind,
                                                  aliases=json.dumps(sorted(entity.aliases), ensure_ascii=False)))
        else:
            aliases = sorted(set(json.loads(row.aliases)) | set(entity.aliases))
            conn.execute(entities.update().where(entities.c.id == eid).values(aliases=json.dumps(aliases)))
        conn.execute(entity_stories.insert().values(entity_id=eid, story_id=story.id))
        for spelling in (entity.name, *entity.aliases):
            speaker_of.setdefault(spelling, eid)
    quotes = [
        {"entity_id": speaker_of[q.speaker], "story_id": story.id, "speaker": q.speaker, "text": q.text,
         "article_ids": json.dumps(q.sources), "direct": direct}
        for direct, said in ((True, story.quotes), (False, story.reported))
        for q in said
        if q.speaker is not None and q.speaker in speaker_of
    ]
    if quotes:
        conn.execute(entity_quotes.insert(), quotes)
