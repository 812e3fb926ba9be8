"""Initial training log schema: people, measurements, plans, sessions, sets, events.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-24 02:24:20.626398
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "person",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("body_mass_kg", sa.Float(), nullable=True),
        sa.Column("body_mass_entered_unit", sa.String(length=4), nullable=True),
        sa.Column("preferred_units", sa.String(length=10), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_offset_min", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_table(
        "blood_pressure_reading",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("measured_at", sa.DateTime(), nullable=False),
        sa.Column("measured_offset_min", sa.Integer(), nullable=False),
        sa.Column("systolic_mmhg", sa.Float(), nullable=False),
        sa.Column("diastolic_mmhg", sa.Float(), nullable=True),
        sa.Column("pressure_entered_unit", sa.String(length=6), nullable=False),
        sa.Column("posture", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_blood_pressure_reading_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blood_pressure_reading")),
    )
    with op.batch_alter_table("blood_pressure_reading", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_blood_pressure_reading_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "clinician_clearance",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("cleared_at", sa.DateTime(), nullable=False),
        sa.Column("cleared_offset_min", sa.Integer(), nullable=False),
        sa.Column("clinician", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_clinician_clearance_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinician_clearance")),
    )
    with op.batch_alter_table("clinician_clearance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinician_clearance_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "equipment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("width_cm", sa.Float(), nullable=False),
        sa.Column("width_entered_unit", sa.String(length=4), nullable=False),
        sa.Column("material", sa.String(length=10), nullable=False),
        sa.Column("resting_length_cm", sa.Float(), nullable=True),
        sa.Column("stretch_marks", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_offset_min", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_equipment_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equipment")),
    )
    with op.batch_alter_table("equipment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_equipment_person_id"), ["person_id"], unique=False)

    op.create_table(
        "limb_measurement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("measured_at", sa.DateTime(), nullable=False),
        sa.Column("measured_offset_min", sa.Integer(), nullable=False),
        sa.Column("limb", sa.String(length=10), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("circumference_cm", sa.Float(), nullable=False),
        sa.Column("circumference_entered_unit", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_limb_measurement_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_limb_measurement")),
    )
    with op.batch_alter_table("limb_measurement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_limb_measurement_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "lop_record",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("measured_at", sa.DateTime(), nullable=False),
        sa.Column("measured_offset_min", sa.Integer(), nullable=False),
        sa.Column("limb", sa.String(length=10), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("posture", sa.String(length=10), nullable=False),
        sa.Column("cuff_width_cm", sa.Float(), nullable=False),
        sa.Column("cuff_material", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("method", sa.String(length=200), nullable=False),
        sa.Column("lop_mmhg", sa.Float(), nullable=False),
        sa.Column("interval_low_mmhg", sa.Float(), nullable=True),
        sa.Column("interval_high_mmhg", sa.Float(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_lop_record_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lop_record")),
    )
    with op.batch_alter_table("lop_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lop_record_person_id"), ["person_id"], unique=False)

    op.create_table(
        "plan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_offset_min", sa.Integer(), nullable=False),
        sa.Column("protocol", sa.String(length=100), nullable=False),
        sa.Column("prescription", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_plan_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
    )
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_person_id"), ["person_id"], unique=False)

    op.create_table(
        "screening_record",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("screened_at", sa.DateTime(), nullable=False),
        sa.Column("screened_offset_min", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_screening_record_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_record")),
    )
    with op.batch_alter_table("screening_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_record_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "training_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("plan_id", sa.Uuid(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("started_offset_min", sa.Integer(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("restriction_kind", sa.String(length=10), nullable=False),
        sa.Column("stop_reason", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("session_plan", sa.JSON(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_training_session_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
            name=op.f("fk_training_session_plan_id_plan"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_session")),
    )
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.create_index(
            "ix_training_session_person_started", ["person_id", "started_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_training_session_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "session_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("occurred_offset_min", sa.Integer(), nullable=False),
        sa.Column("elapsed_s", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_session_event_session_id_training_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_event")),
    )
    with op.batch_alter_table("session_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_event_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "session_exercise",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("restricted_limbs", sa.JSON(), nullable=False),
        sa.Column("restriction", sa.String(length=12), nullable=True),
        sa.Column("target_pressure_mmhg", sa.Float(), nullable=True),
        sa.Column("target_pct_lop", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_session_exercise_session_id_training_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_exercise")),
    )
    with op.batch_alter_table("session_exercise", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_exercise_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "training_set",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("exercise_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("performed_at", sa.DateTime(), nullable=False),
        sa.Column("performed_offset_min", sa.Integer(), nullable=False),
        sa.Column("target_load_kg", sa.Float(), nullable=True),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.Column("load_entered_unit", sa.String(length=4), nullable=False),
        sa.Column("target_reps", sa.Integer(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("target_pressure_mmhg", sa.Float(), nullable=True),
        sa.Column("pressure_mmhg", sa.Float(), nullable=True),
        sa.Column("pressure_pct_lop", sa.Float(), nullable=True),
        sa.Column("restriction_s", sa.Float(), nullable=True),
        sa.Column("rest_s", sa.Float(), nullable=True),
        sa.Column("rpe", sa.Float(), nullable=True),
        sa.Column("discomfort", sa.Integer(), nullable=True),
        sa.Column("symptoms", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exercise_id"],
            ["session_exercise.id"],
            name=op.f("fk_training_set_exercise_id_session_exercise"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_training_set_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_session.id"],
            name=op.f("fk_training_set_session_id_training_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_set")),
    )
    with op.batch_alter_table("training_set", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_set_exercise_id"), ["exercise_id"], unique=False
        )
        batch_op.create_index(
            "ix_training_set_person_performed", ["person_id", "performed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_training_set_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("training_set", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_set_session_id"))
        batch_op.drop_index("ix_training_set_person_performed")
        batch_op.drop_index(batch_op.f("ix_training_set_exercise_id"))

    op.drop_table("training_set")
    with op.batch_alter_table("session_exercise", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_exercise_session_id"))

    op.drop_table("session_exercise")
    with op.batch_alter_table("session_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_event_session_id"))

    op.drop_table("session_event")
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_session_plan_id"))
        batch_op.drop_index("ix_training_session_person_started")

    op.drop_table("training_session")
    with op.batch_alter_table("screening_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_record_person_id"))

    op.drop_table("screening_record")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_person_id"))

    op.drop_table("plan")
    with op.batch_alter_table("lop_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lop_record_person_id"))

    op.drop_table("lop_record")
    with op.batch_alter_table("limb_measurement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_limb_measurement_person_id"))

    op.drop_table("limb_measurement")
    with op.batch_alter_table("equipment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equipment_person_id"))

    op.drop_table("equipment")
    with op.batch_alter_table("clinician_clearance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinician_clearance_person_id"))

    op.drop_table("clinician_clearance")
    with op.batch_alter_table("blood_pressure_reading", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blood_pressure_reading_person_id"))

    op.drop_table("blood_pressure_reading")
    op.drop_table("person")
