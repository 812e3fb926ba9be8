"""Device traces and alarms from cuff sessions; the device address on each session.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 02:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``device_sample``, ``device_alarm`` and ``training_session.device_url``."""
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device_url", sa.String(length=200), nullable=True))

    op.create_table(
        "device_alarm",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("occurred_offset_min", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_device_alarm_session_id_training_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_alarm")),
    )
    with op.batch_alter_table("device_alarm", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_device_alarm_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "device_sample",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("elapsed_s", sa.Float(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("pressure_mmhg", sa.Float(), nullable=False),
        sa.Column("target_mmhg", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_device_sample_session_id_training_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_sample")),
    )
    with op.batch_alter_table("device_sample", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_device_sample_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    """Remove the device tables and ``training_session.device_url``."""
    with op.batch_alter_table("device_sample", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_sample_session_id"))

    op.drop_table("device_sample")
    with op.batch_alter_table("device_alarm", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_alarm_session_id"))

    op.drop_table("device_alarm")
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.drop_column("device_url")
