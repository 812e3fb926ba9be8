"""Tables of the training log (SQLAlchemy 2 typed models).

Conventions, the same on SQLite and PostgreSQL:

- primary keys are UUIDv7 (:func:`occlusion.store.ids.new_id`), so records made offline merge;
- every instant is a naive UTC ``*_at`` column next to ``*_offset_min``, the local offset the
  person's clock showed (:mod:`occlusion.store.timestamps`);
- raw numbers are in canonical units named in the column (``_cm``, ``_kg``, ``_mmhg``, ``_s``),
  and the unit the person typed is kept beside them (``*_entered_unit``) for display;
- targets sit next to actuals (``target_reps`` / ``reps``), as in wger's workout log;
- constraint names follow :data:`NAMING_CONVENTION`, so Alembic migrations name them identically
  on both databases.

The schema is created and upgraded only by the migrations in ``occlusion/store/migrations``;
``tests/store/test_migrations.py`` checks that the migrations and these models agree.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from occlusion.store.ids import new_id

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base carrying the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _key() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid, primary_key=True, default=new_id)


def _person_key() -> Mapped[uuid.UUID]:
    return mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)


class Person(Base):
    """A person who trains: name, profile and preferred display units."""

    __tablename__ = "person"

    id: Mapped[uuid.UUID] = _key()
    name: Mapped[str] = mapped_column(String(200))
    sex: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    body_mass_kg: Mapped[float | None] = mapped_column(Float)
    body_mass_entered_unit: Mapped[str | None] = mapped_column(String(4))
    preferred_units: Mapped[str] = mapped_column(String(10), default="metric")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_offset_min: Mapped[int] = mapped_column(Integer)


class BloodPressureReading(Base):
    """A resting blood-pressure reading."""

    __tablename__ = "blood_pressure_reading"

    id: Mapped[uuid.UUID] = _key()
    person_id: Mapped[uuid.UUID] = _person_key()
    measured_at: Mapped[datetime] = mapped_column(DateTime)
    measured_offset_min: Mapped[int] = mapped_column(Integer)
    systolic_mmhg: Mapped[float] = mapped_column(Float)
    diastolic_mmhg: Mapped[float | None] = mapped_column(Float)
    pressure_entered_unit: Mapped[str] = mapped_column(String(6), default="mmHg")
    posture: Mapped[str | None] = mapped_column(String(10))


class LimbMeasurement(Base):
    """A limb circumference, taken where the cuff or wrap goes."""

    __tablename__ = "limb_measurement"

    id: Mapped[uuid.UUID] = _key()
    person_id: Mapped[uuid.UUID] = _person_key()
    measured_at: Mapped[datetime] = mapped_column(DateTime)
    measured_offset_min: Mapped[int] = mapped_column(Integer)
    limb: Mapped[str] = mapped_column(String(10))
    side: Mapped[str] = mapped_column(String(5))
    circumference_cm: Mapped[float] = mapped_column(Float)
    circumference_entered_unit: Mapped[str] = mapped_column(String(4), default="cm")


class Equipment(Base):
    """A cuff, elastic wrap or floss band with its width, material and stretch marks."""

    __tablename__ = "equipment"

    id: Mapped[uuid.UUID] = _key()
    person_id: Mapped[uuid.UUID] = _person_key()
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    width_cm: Mapped[float] = mapped_column(Float)
    width_entered_unit: Mapped[str] = mapped_column(String(4), default="cm")
    material: Mapped[str] = mapped_column(String(10))
    resting_length_cm: Mapped[float | None] = mapped_column(Float)
    stretch_marks: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_offset_min: Mapped[int] = mapped_column(Integer)


class LopRecord(Base):
    """A limb occlusion pressure: estimated (with its interval) or measured by hand or device.

    ``retired_at`` is set when its owner retires it (an old or doubtful measurement): it stays
    in the history and exports, marked retired, and no longer feeds new plans.
    """

    __tablename__ = "lop_record"

    id: Mapped[uuid.UUID] = _key()
    person_id: Mapped[uuid.UUID] = _person_key()
    measured_at: Mapped[datetime] = mapped_column(DateTime)
    measured_offset_min: Mapped[int] = mapped_column(Integer)
    limb: Mapped[str] = mapped_column(String(10))
    side: Mapped[str] = mapped_column(String(5))
    posture: Mapped[str] = mapped_column(String(10))
    cuff_width_cm: Mapped[float] = mapped_column(Float)
    cuff_material: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(200))
    lop_mmhg: Mapped[float] = mapped_column(Float)
    interval_low_mmhg: Mapped[float | None] = mapped_column(Float)
    interval_high_mmhg: Mapped[float | None] = mapped_column(Float)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Retired by its owner: kept in the history and exports, no longer used for new plans.
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)
    retired_offset_min: Mapped[int | None] = mapped_column(Integer)


class ScreeningRecord(Base):
    """A pre-participation screening: the answers, the decision and its reasons."""

    __tablename__ = "screening_record"

    id: Mapped[uuid.UUID] = _key()
    person_id: Mapped[uuid.UUID] = _person_key()
    screened_at: Mapped[datetime] = mapped_column(DateTime)
    screened_offset_min: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(10))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class ClinicianClearance(Base):
    """A clinician's written clearance that lifts a ``refer`` screening decision."""

    __tablename__ = "clinician_clearance"

    id: Mapped[uuid.UUID] = _key()
    person_id: Mapped[uuid.UUID] = _person_key()
    cleared_at: Mapped[datetime] = mapped_column(DateTime)
    cleared_offset_min: Mapped[int] = mapped_column(Integer)
    clinician: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")


class Plan(Base):
    """A frozen copy of a prescription (its ``as_dict()``) with its references."""

    __tablename__ = "plan"

    id: Mapped[uuid.UUID] = _key()
    person_id: Mapped[uuid.UUID] = _person_key()
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_offset_min: Mapped[int] = mapped_column(Integer)
    protocol: Mapped[str] = mapped_column(String(100))
    prescription: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TrainingSession(Base):
    """One training session: guided by the runner, logged by hand or imported."""

    __tablename__ = "training_session"
    __table_args__ = (Index("ix_training_session_person_started", "person_id", "started_at"),)

    id: Mapped[uuid.UUID] = _key()
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    plan_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("plan.id", ondelete="SET NULL"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(DateTime)
    started_offset_min: Mapped[int] = mapped_column(Integer)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(12))
    restriction_kind: Mapped[str] = mapped_column(String(10))
    device_url: Mapped[str | None] = mapped_column(String(200))
    stop_reason: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20), default="occlusion")
    session_plan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text, default="")


class SessionExercise(Base):
    """An exercise within a session, with the limbs it restricts and their target pressure."""

    __tablename__ = "session_exercise"

    id: Mapped[uuid.UUID] = _key()
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    restricted_limbs: Mapped[list[Any]] = mapped_column(JSON, default=list)
    restriction: Mapped[str | None] = mapped_column(String(12))
    target_pressure_mmhg: Mapped[float | None] = mapped_column(Float)
    target_pct_lop: Mapped[float | None] = mapped_column(Float)


class TrainingSet(Base):
    """One set: target next to actual for load, reps and pressure, with how it felt."""

    __tablename__ = "training_set"
    __table_args__ = (Index("ix_training_set_person_performed", "person_id", "performed_at"),)

    id: Mapped[uuid.UUID] = _key()
    exercise_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("session_exercise.id", ondelete="CASCADE"), index=True
    )
    # Denormalised so a person's history and progress are one indexed range scan.
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    performed_at: Mapped[datetime] = mapped_column(DateTime)
    performed_offset_min: Mapped[int] = mapped_column(Integer)
    target_load_kg: Mapped[float | None] = mapped_column(Float)
    load_kg: Mapped[float | None] = mapped_column(Float)
    load_entered_unit: Mapped[str] = mapped_column(String(4), default="kg")
    target_reps: Mapped[int | None] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    target_pressure_mmhg: Mapped[float | None] = mapped_column(Float)
    pressure_mmhg: Mapped[float | None] = mapped_column(Float)
    pressure_pct_lop: Mapped[float | None] = mapped_column(Float)
    restriction_s: Mapped[float | None] = mapped_column(Float)
    rest_s: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    discomfort: Mapped[int | None] = mapped_column(Integer)
    symptoms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")


class SessionEvent(Base):
    """One event of a guided session, committed the moment it happens (replayed to resume)."""

    __tablename__ = "session_event"

    id: Mapped[uuid.UUID] = _key()
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    sequence: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    occurred_offset_min: Mapped[int] = mapped_column(Integer)
    elapsed_s: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DeviceSample(Base):
    """A pressure sample from a cuff channel during a session (added by migration 0002)."""

    __tablename__ = "device_sample"

    id: Mapped[uuid.UUID] = _key()
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    elapsed_s: Mapped[float] = mapped_column(Float)
    channel: Mapped[str] = mapped_column(String(20))
    pressure_mmhg: Mapped[float] = mapped_column(Float)
    target_mmhg: Mapped[float | None] = mapped_column(Float)


class DeviceAlarm(Base):
    """An alarm raised by a cuff during a session (added by migration 0002)."""

    __tablename__ = "device_alarm"

    id: Mapped[uuid.UUID] = _key()
    session_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("training_session.id", ondelete="CASCADE"), index=True
    )
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    occurred_offset_min: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str | None] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)


class ExerciseSummary(Base):
    """What one exercise of one session adds up to, kept current as sets are written.

    Progress over a person's whole history reads these rows, one per exercise and session,
    from one person-scoped index holding every column it reads (so neither database visits the
    table) instead of every set. Rows are recomputed from the exercise's sets by
    :mod:`occlusion.store.summaries` whenever a set, an exercise or a session's start changes;
    an exercise without sets has no row.
    """

    __tablename__ = "exercise_summary"
    __table_args__ = (
        Index(
            "ix_exercise_summary_person_covering",
            "person_id",
            "started_at",
            "name",
            # In the key, not INCLUDE: SQLite has no INCLUDE, and covers only with key columns.
            "started_offset_min", "sets", "volume_load_kg", "one_rep_max_kg",
            "pressure_sum_mmhg", "pressure_count", "target_pressure_sum_mmhg",
            "target_pressure_count", "discomfort_sum", "discomfort_count", "last_set_reps",
            "point_volume_load_kg", "point_one_rep_max_kg", "point_pressure_held_pct",
            "point_mean_discomfort", "started_local_iso",
        ),
    )

    exercise_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("session_exercise.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    started_offset_min: Mapped[int] = mapped_column(Integer)
    sets: Mapped[int] = mapped_column(Integer)
    volume_load_kg: Mapped[float | None] = mapped_column(Float)
    one_rep_max_kg: Mapped[float | None] = mapped_column(Float)
    pressure_sum_mmhg: Mapped[float | None] = mapped_column(Float)
    pressure_count: Mapped[int] = mapped_column(Integer)
    target_pressure_sum_mmhg: Mapped[float | None] = mapped_column(Float)
    target_pressure_count: Mapped[int] = mapped_column(Integer)
    discomfort_sum: Mapped[float | None] = mapped_column(Float)
    discomfort_count: Mapped[int] = mapped_column(Integer)
    last_set_reps: Mapped[int | None] = mapped_column(Integer)
    # The session's point as progress shows it, finished on write (rounded to 0.001): reading
    # ten years per session then computes nothing per row.
    point_volume_load_kg: Mapped[float | None] = mapped_column(Float)
    point_one_rep_max_kg: Mapped[float | None] = mapped_column(Float)
    point_pressure_held_pct: Mapped[float | None] = mapped_column(Float)
    point_mean_discomfort: Mapped[float | None] = mapped_column(Float)
    # The session's start as the local ISO 8601 text progress shows, written by the database
    # with the row (occlusion.store.local_iso): ten years per session read text, no times.
    started_local_iso: Mapped[str | None] = mapped_column(String(40))
