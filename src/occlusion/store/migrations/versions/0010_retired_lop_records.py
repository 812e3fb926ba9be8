"""LOP records their owner retired: ``lop_record.retired_at`` and ``retired_offset_min``.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the retirement time (empty: every existing LOP stays in use)."""
    with op.batch_alter_table("lop_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("retired_offset_min", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop the retirement time."""
    with op.batch_alter_table("lop_record", schema=None) as batch_op:
        batch_op.drop_column("retired_offset_min")
        batch_op.drop_column("retired_at")
