"""Each summary row carries its session's point as progress shows it, finished on write.

Progress per session over ten years is thousands of rows; computing each row's rounded volume,
estimated 1RM, pressure held and mean discomfort at every read cost PostgreSQL about 40 times
the time of reading the rows themselves (numeric rounding per value). The four values are now
computed when the summary row is written and read as they are.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_SUMS = [
    "started_offset_min", "sets", "volume_load_kg", "one_rep_max_kg",
    "pressure_sum_mmhg", "pressure_count", "target_pressure_sum_mmhg", "target_pressure_count",
    "discomfort_sum", "discomfort_count", "last_set_reps",
]
_POINTS = [
    "point_volume_load_kg", "point_one_rep_max_kg", "point_pressure_held_pct",
    "point_mean_discomfort",
]

# Spelled out as occlusion.store.summaries computes them at this revision (rounded to 0.001
# through NUMERIC on both databases), so later changes there cannot change this migration.
_BACKFILL = """
UPDATE exercise_summary SET
    point_volume_load_kg = CAST(ROUND(CAST(volume_load_kg AS NUMERIC), 3) AS FLOAT),
    point_one_rep_max_kg = CAST(ROUND(CAST(one_rep_max_kg AS NUMERIC), 3) AS FLOAT),
    point_pressure_held_pct = CAST(ROUND(CAST(CASE
        WHEN pressure_count > 0 AND target_pressure_count > 0 AND target_pressure_sum_mmhg != 0
        THEN 100.0 * (pressure_sum_mmhg / pressure_count)
            / (target_pressure_sum_mmhg / target_pressure_count)
        END AS NUMERIC), 3) AS FLOAT),
    point_mean_discomfort = CAST(ROUND(CAST(CASE
        WHEN discomfort_count > 0 THEN discomfort_sum / discomfort_count
        END AS NUMERIC), 3) AS FLOAT)
"""


def upgrade() -> None:
    """Add the four point columns, fill them, and put them in the covering index."""
    with op.batch_alter_table("exercise_summary", schema=None) as batch_op:
        for name in _POINTS:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))
    op.execute(_BACKFILL)
    with op.batch_alter_table("exercise_summary", schema=None) as batch_op:
        batch_op.drop_index("ix_exercise_summary_person_covering")
        batch_op.create_index(
            "ix_exercise_summary_person_covering",
            ["person_id", "started_at", "name", *_SUMS, *_POINTS],
            unique=False,
        )


def downgrade() -> None:
    """Drop the point columns (the index of revision 0011 comes back)."""
    with op.batch_alter_table("exercise_summary", schema=None) as batch_op:
        batch_op.drop_index("ix_exercise_summary_person_covering")
        batch_op.create_index(
            "ix_exercise_summary_person_covering",
            ["person_id", "started_at", "name", *_SUMS],
            unique=False,
        )
        for name in _POINTS:
            batch_op.drop_column(name)
