"""Each summary row carries its session's start as the local ISO 8601 text progress shows.

Progress per session over ten years is 6 250 points; building a datetime and an ISO string
for each in Python was about half of the read's CPU on SQLite, and writing it in SQL at every
read cost SQLite as much again. The text is now written with the row and read as it is.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 04:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_KEY = [
    "person_id", "started_at", "name", "started_offset_min", "sets", "volume_load_kg",
    "one_rep_max_kg", "pressure_sum_mmhg", "pressure_count", "target_pressure_sum_mmhg",
    "target_pressure_count", "discomfort_sum", "discomfort_count", "last_set_reps",
    "point_volume_load_kg", "point_one_rep_max_kg", "point_pressure_held_pct",
    "point_mean_discomfort",
]

# Spelled out as occlusion.store.local_iso writes it at this revision, so later changes there
# cannot change this migration: local wall time, ".ffffff" only when not zero, "+HH:MM".
_BACKFILL = {
    "sqlite": """
UPDATE exercise_summary SET started_local_iso =
    strftime('%Y-%m-%dT%H:%M:%S', substr(started_at, 1, 19),
             CAST(started_offset_min AS VARCHAR) || ' minutes')
    || CASE WHEN substr(started_at, 21, 6) IN ('', '000000') THEN ''
            ELSE '.' || substr(started_at, 21, 6) END
    || CASE WHEN started_offset_min < 0 THEN '-' ELSE '+' END
    || printf('%02d', abs(started_offset_min) / 60) || ':'
    || printf('%02d', abs(started_offset_min) % 60)
""",
    "postgresql": """
UPDATE exercise_summary SET started_local_iso =
    to_char(started_at + make_interval(0, 0, 0, 0, 0, started_offset_min),
            'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN CAST(date_part('microseconds', started_at) AS INTEGER) % 1000000 = 0 THEN ''
            ELSE to_char(started_at, '.US') END
    || CASE WHEN started_offset_min < 0 THEN '-' ELSE '+' END
    || to_char(abs(started_offset_min) / 60, 'FM00') || ':'
    || to_char(abs(started_offset_min) % 60, 'FM00')
""",
}


def upgrade() -> None:
    """Add the column, fill it, and put it in the covering index."""
    # The index goes first: filling a column it holds would rewrite every entry twice.
    with op.batch_alter_table("exercise_summary", schema=None) as batch_op:
        batch_op.drop_index("ix_exercise_summary_person_covering")
        batch_op.add_column(sa.Column("started_local_iso", sa.String(length=40), nullable=True))
    op.execute(_BACKFILL[op.get_bind().dialect.name])
    with op.batch_alter_table("exercise_summary", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exercise_summary_person_covering", [*_KEY, "started_local_iso"], unique=False
        )


def downgrade() -> None:
    """Drop the column (the index of revision 0012 comes back)."""
    with op.batch_alter_table("exercise_summary", schema=None) as batch_op:
        batch_op.drop_index("ix_exercise_summary_person_covering")
        batch_op.create_index("ix_exercise_summary_person_covering", _KEY, unique=False)
        batch_op.drop_column("started_local_iso")
