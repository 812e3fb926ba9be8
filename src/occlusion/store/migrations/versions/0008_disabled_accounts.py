"""Accounts an administrator disabled: ``web_user.disabled_at``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``web_user.disabled_at`` (empty: every existing account stays enabled)."""
    with op.batch_alter_table("web_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disabled_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    """Drop ``web_user.disabled_at``."""
    with op.batch_alter_table("web_user", schema=None) as batch_op:
        batch_op.drop_column("disabled_at")
