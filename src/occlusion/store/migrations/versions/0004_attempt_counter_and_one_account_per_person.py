"""Attempt counters shared by worker processes; at most one account per person.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``attempt_counter``; make ``web_user.person_id`` unique."""
    op.create_table(
        "attempt_counter",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_attempt_counter")),
    )
    with op.batch_alter_table("attempt_counter", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attempt_counter_window_start"), ["window_start"], unique=False
        )
    with op.batch_alter_table("web_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_user_person_id"))
        batch_op.create_index(batch_op.f("ix_web_user_person_id"), ["person_id"], unique=True)


def downgrade() -> None:
    """Drop ``attempt_counter``; ``web_user.person_id`` is indexed without uniqueness again."""
    with op.batch_alter_table("web_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_user_person_id"))
        batch_op.create_index(batch_op.f("ix_web_user_person_id"), ["person_id"], unique=False)
    with op.batch_alter_table("attempt_counter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attempt_counter_window_start"))
    op.drop_table("attempt_counter")
