"""Articles waiting for the rewrite check: the check runs as its own pass after filing, or later on demand.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Articles stored before this revision were checked when they were added: none is pending.
    op.add_column(
        "articles", sa.Column("rewrite_pending", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.create_index("ix_articles_rewrite_pending", "articles", ["rewrite_pending"])


def downgrade() -> None:
    op.drop_index("ix_articles_rewrite_pending", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("rewrite_pending")
