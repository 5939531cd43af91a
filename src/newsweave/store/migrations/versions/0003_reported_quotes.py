"""Reported statements filed beside quotations under their speaker: ``entity_quotes.direct`` tells them apart.

Cached briefs made before this revision have no reported statements, so they are dropped: a brief is derived data,
computed again on demand, by ``newsweave analyse`` or by ``serve``'s idle worker, which then files the statements.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rows filed before this revision are all quotations; reported statements appear as stories are briefed again.
    op.add_column("entity_quotes", sa.Column("direct", sa.Boolean, nullable=False, server_default=sa.true()))
    op.execute(sa.text("UPDATE stories SET brief = NULL, brief_version = NULL"))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM entity_quotes WHERE NOT direct"))
    with op.batch_alter_table("entity_quotes") as batch:
        batch.drop_column("direct")
