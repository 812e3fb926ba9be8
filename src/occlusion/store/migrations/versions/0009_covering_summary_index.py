"""Progress reads its summary rows from the index alone on SQLite too.

The person-scoped index of ``exercise_summary`` carried its other columns with PostgreSQL's
``INCLUDE``, which SQLite ignores: there every one of a person's summary rows was then fetched
from the table, scattered through it in the order the rows were written — thousands of page
reads for ten years of training. The index now has every column progress reads in its key, so
both databases answer from the index alone, whatever the size of the log.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 22:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_INCLUDED = [
    "started_offset_min", "sets", "volume_load_kg", "one_rep_max_kg",
    "pressure_sum_mmhg", "pressure_count", "target_pressure_sum_mmhg", "target_pressure_count",
    "discomfort_sum", "discomfort_count", "last_set_reps",
]


def upgrade() -> None:
    """Replace the person-scoped index by one covering it on both databases."""
    with op.batch_alter_table("exercise_summary", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exercise_summary_person_covering",
            ["person_id", "started_at", "name", *_INCLUDED],
            unique=False,
        )
        batch_op.drop_index("ix_exercise_summary_person_started")


def downgrade() -> None:
    """Put back the index of revision 0005."""
    with op.batch_alter_table("exercise_summary", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exercise_summary_person_started",
            ["person_id", "started_at", "name"],
            unique=False,
            postgresql_include=_INCLUDED,
        )
        batch_op.drop_index("ix_exercise_summary_person_covering")
