"""Idempotent form submissions: the ``form_submission`` table of tokens already acted on.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import occlusion.store.submissions  # noqa: F401  (puts the table on the shared metadata)

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``form_submission``."""
    op.create_table(
        "form_submission",
        sa.Column("token", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_form_submission")),
    )
    with op.batch_alter_table("form_submission", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_form_submission_received_at"), ["received_at"], unique=False
        )


def downgrade() -> None:
    """Drop ``form_submission``."""
    with op.batch_alter_table("form_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_form_submission_received_at"))
    op.drop_table("form_submission")
