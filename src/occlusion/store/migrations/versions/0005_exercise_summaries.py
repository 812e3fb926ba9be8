"""Per-exercise summaries kept on write, so progress over years reads one row per exercise.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_INCLUDED = [
    "started_offset_min", "sets", "volume_load_kg", "one_rep_max_kg",
    "pressure_sum_mmhg", "pressure_count", "target_pressure_sum_mmhg", "target_pressure_count",
    "discomfort_sum", "discomfort_count", "last_set_reps",
]

# The backfill spells out the aggregate of occlusion.store.summaries as it is at this revision
# (Brzycki 1993 over sets of 1-10 repetitions; last set's reps packed as position*100000+reps),
# so later changes to that module cannot change what this migration does.
_BACKFILL = """
INSERT INTO exercise_summary (
    exercise_id, person_id, name, started_at, started_offset_min, sets, volume_load_kg,
    one_rep_max_kg, pressure_sum_mmhg, pressure_count, target_pressure_sum_mmhg,
    target_pressure_count, discomfort_sum, discomfort_count, last_set_reps)
SELECT e.id, s.person_id, e.name, s.started_at, s.started_offset_min, count(t.id),
    sum(t.load_kg * t.reps),
    max(CASE WHEN t.reps >= 1 AND t.reps <= 10 AND t.load_kg > 0
        THEN t.load_kg / (1.0278 - 0.0278 * CAST(t.reps AS FLOAT)) END),
    sum(t.pressure_mmhg), count(t.pressure_mmhg),
    sum(t.target_pressure_mmhg), count(t.target_pressure_mmhg),
    sum(CAST(t.discomfort AS FLOAT)), count(t.discomfort),
    CASE WHEN max(t.position * 100000 + coalesce(t.reps, 99999)) % 100000 = 99999 THEN NULL
        ELSE max(t.position * 100000 + coalesce(t.reps, 99999)) % 100000 END
FROM training_set t
JOIN session_exercise e ON e.id = t.exercise_id
JOIN training_session s ON s.id = e.session_id
GROUP BY e.id, s.person_id, e.name, s.started_at, s.started_offset_min
"""


def upgrade() -> None:
    """Create ``exercise_summary`` with its person-scoped index and fill it from the sets."""
    op.create_table(
        "exercise_summary",
        sa.Column("exercise_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("started_offset_min", sa.Integer(), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("volume_load_kg", sa.Float(), nullable=True),
        sa.Column("one_rep_max_kg", sa.Float(), nullable=True),
        sa.Column("pressure_sum_mmhg", sa.Float(), nullable=True),
        sa.Column("pressure_count", sa.Integer(), nullable=False),
        sa.Column("target_pressure_sum_mmhg", sa.Float(), nullable=True),
        sa.Column("target_pressure_count", sa.Integer(), nullable=False),
        sa.Column("discomfort_sum", sa.Float(), nullable=True),
        sa.Column("discomfort_count", sa.Integer(), nullable=False),
        sa.Column("last_set_reps", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["session_exercise.id"],
            name=op.f("fk_exercise_summary_exercise_id_session_exercise"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_exercise_summary_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("exercise_id", name=op.f("pk_exercise_summary")),
    )
    with op.batch_alter_table("exercise_summary", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exercise_summary_person_started",
            ["person_id", "started_at", "name"],
            unique=False,
            postgresql_include=_INCLUDED,
        )
    op.execute(_BACKFILL)


def downgrade() -> None:
    """Drop ``exercise_summary`` (the sets it was computed from stay)."""
    with op.batch_alter_table("exercise_summary", schema=None) as batch_op:
        batch_op.drop_index("ix_exercise_summary_person_started")
    op.drop_table("exercise_summary")
