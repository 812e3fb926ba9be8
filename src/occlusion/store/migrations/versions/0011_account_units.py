"""The units an account without a record of its own reads in: ``web_user.preferred_units``.

A coach, clinician or administrator has no person row whose ``preferred_units`` could decide how
loads and lengths are shown to them; an athlete's account keeps following its person's units.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 22:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``web_user.preferred_units`` (empty: metric, as every account read before)."""
    with op.batch_alter_table("web_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("preferred_units", sa.String(length=10), nullable=True))


def downgrade() -> None:
    """Drop ``web_user.preferred_units``."""
    with op.batch_alter_table("web_user", schema=None) as batch_op:
        batch_op.drop_column("preferred_units")
