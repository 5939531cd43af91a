"""The store's tables (SQLAlchemy Core). Alembic migrations in ``migrations/versions`` create and evolve them.

* ``articles``: one row per stored article: the input as read (``raw``, JSON), the clean text with its paragraphs
  and removals, metadata, and what ingest computed once (title+lead ``vector``, ``cluster_keys``, and the scores to
  its best neighbours that make up its clustering density, ``neighbour_scores``). ``seq`` is the arrival order.
  ``rewrite_pending`` marks an article not yet through the rewrite check (:mod:`newsweave.store.rewrites`).
  ``content_hash`` is the idempotency key (see :mod:`newsweave.store.prepare`); ``text_hash`` finds exact
  duplicates of the clean text.
* ``lsh_bands``: the MinHash LSH index, persisted: one row per (band, bucket hash, article). Near-duplicate
  candidates of a new article are the articles sharing any of its band buckets: one indexed query, at any size.
* ``copies``: provenance, one row per derived article and source, with kind, score, direction and evidence.
* ``stories``: live stories and merged ones (``merged_into`` redirects); ``version`` changes whenever the story's
  articles or copies change, and the cached brief is valid while ``brief_version == version``.
* ``entities``, ``entity_stories``, ``entity_quotes``: kept from computed briefs.
* ``store_state``: counters; ``generation`` goes up with every write, so a process can tell that another one wrote.
* Full-text search: an FTS5 table ``article_fts`` on SQLite, a generated ``tsvector`` column with a GIN index on
  PostgreSQL (both created by the migration, not declared here).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(255), nullable=False, unique=True),
    sa.Column("content_hash", sa.String(32), nullable=False, unique=True),
    sa.Column("text_hash", sa.String(32), nullable=False, index=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("source", sa.Text),
    sa.Column("source_key", sa.String(255), index=True),
    sa.Column("outlet_key", sa.Text, index=True),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date, index=True),
    sa.Column("author", sa.Text),
    sa.Column("path", sa.Text),
    sa.Column("format", sa.String(16)),
    sa.Column("language", sa.String(16)),
    sa.Column("raw", sa.Text, nullable=False),
    sa.Column("paragraphs", sa.Text, nullable=False),
    sa.Column("removed", sa.Text, nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("story_id", sa.String(64), index=True),
    sa.Column("vector", sa.LargeBinary, nullable=False),
    sa.Column("cluster_keys", sa.Text, nullable=False),
    sa.Column("neighbour_scores", sa.LargeBinary, nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("rewrite_pending", sa.Boolean, nullable=False, server_default=sa.false(), index=True),
)

lsh_bands = sa.Table(
    "lsh_bands",
    metadata,
    sa.Column("band", sa.SmallInteger, primary_key=True),
    sa.Column("bucket", sa.BigInteger, primary_key=True),
    sa.Column("article_seq", sa.Integer, sa.ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True),
)

copies = sa.Table(
    "copies",
    metadata,
    sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("source_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("direction", sa.Text, nullable=False),
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Index("ix_copies_source_id", "source_id"),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("first_date", sa.Date),
    sa.Column("last_date", sa.Date, index=True),
    sa.Column("article_count", sa.Integer, nullable=False),
    sa.Column("source_count", sa.Integer, nullable=False),
    sa.Column("conflict_count", sa.Integer),
    sa.Column("single_source_count", sa.Integer),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("merged_into", sa.String(64), index=True),
    sa.Column("needs_pass", sa.Boolean, nullable=False),
    sa.Column("brief", sa.Text),
    sa.Column("brief_version", sa.Integer),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("id", sa.String(255), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("aliases", sa.Text, nullable=False),
)

entity_stories = sa.Table(
    "entity_stories",
    metadata,
    sa.Column("entity_id", sa.String(255), sa.ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_entity_stories_story_id", "story_id"),
)

entity_quotes = sa.Table(
    "entity_quotes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entity_id", sa.String(255), sa.ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    sa.Column("speaker", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("article_ids", sa.Text, nullable=False),
    sa.Column("direct", sa.Boolean, nullable=False, server_default=sa.true()),  # False: a reported statement
    sa.Index("ix_entity_quotes_entity_id", "entity_id"),
    sa.Index("ix_entity_quotes_story_id", "story_id"),
)

store_state = sa.Table(
    "store_state",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
)
