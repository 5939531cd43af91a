"""The first schema: articles, persisted LSH bands, copies, stories, entities, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_FTS_SQLITE = (
    "CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content='articles', content_rowid='seq', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
_FTS_POSTGRES = (
    "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(text, '')), 'B')) STORED"
)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(255), nullable=False, unique=True),
        sa.Column("content_hash", sa.String(32), nullable=False, unique=True),
        sa.Column("text_hash", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("source_key", sa.String(255)),
        sa.Column("outlet_key", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("author", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("format", sa.String(16)),
        sa.Column("language", sa.String(16)),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("paragraphs", sa.Text, nullable=False),
        sa.Column("removed", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("story_id", sa.String(64)),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.Column("cluster_keys", sa.Text, nullable=False),
        sa.Column("neighbour_scores", sa.LargeBinary, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("text_hash", "source_key", "outlet_key", "published", "story_id"):
        op.create_index(f"ix_articles_{column}", "articles", [column])
    op.create_table(
        "lsh_bands",
        sa.Column("band", sa.SmallInteger, primary_key=True),
        sa.Column("bucket", sa.BigInteger, primary_key=True),
        sa.Column("article_seq", sa.Integer, sa.ForeignKey("articles.seq", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "copies",
        sa.Column("article_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("source_id", sa.String(255), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("direction", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
    )
    op.create_index("ix_copies_source_id", "copies", ["source_id"])
    op.create_table(
        "stories",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("first_date", sa.Date),
        sa.Column("last_date", sa.Date),
        sa.Column("article_count", sa.Integer, nullable=False),
        sa.Column("source_count", sa.Integer, nullable=False),
        sa.Column("conflict_count", sa.Integer),
        sa.Column("single_source_count", sa.Integer),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("merged_into", sa.String(64)),
        sa.Column("needs_pass", sa.Boolean, nullable=False),
        sa.Column("brief", sa.Text),
        sa.Column("brief_version", sa.Integer),
    )
    for column in ("last_date", "updated_at", "merged_into"):
        op.create_index(f"ix_stories_{column}", "stories", [column])
    op.create_table(
        "entities",
        sa.Column("id", sa.String(255), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("aliases", sa.Text, nullable=False),
    )
    op.create_table(
        "entity_stories",
        sa.Column("entity_id", sa.String(255), sa.ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_entity_stories_story_id", "entity_stories", ["story_id"])
    op.create_table(
        "entity_quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entity_id", sa.String(255), sa.ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
        sa.Column("story_id", sa.String(64), sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("speaker", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("article_ids", sa.Text, nullable=False),
    )
    op.create_index("ix_entity_quotes_entity_id", "entity_quotes", ["entity_id"])
    op.create_index("ix_entity_quotes_story_id", "entity_quotes", ["story_id"])
    op.create_table(
        "store_state",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_FTS_SQLITE)
    else:
        op.execute(_FTS_POSTGRES)
        op.execute("CREATE INDEX ix_articles_search ON articles USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE article_fts")
    for table in ("store_state", "entity_quotes", "entity_stories", "entities", "stories", "copies", "lsh_bands",
                  "articles"):
        op.drop_table(table)
