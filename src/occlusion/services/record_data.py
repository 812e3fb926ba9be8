"""Gather what a report or an export needs from one person's record, in one read.

Every export format (PDF report, FHIR bundle, FIT activities, Strong and Hevy CSV) starts from
:func:`gather`: the person, their measurements, screening and clearances, the active plan, and
the sessions of the chosen period with exercises, sets (each with its pressure fidelity), stop
events, symptoms and device alarms, plus adherence per month. Rows become JSON-ready mappings
(:func:`occlusion.store.database_rows.row_to_dict`), so the writers never touch the database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from occlusion.errors import InputError
from occlusion.services import fidelity
from occlusion.services.people import find_person
from occlusion.services.queries import active_plan
from occlusion.store import timestamps
from occlusion.store.database_rows import row_to_dict
from occlusion.store.engine import Database
from occlusion.store.models import (
    BloodPressureReading,
    ClinicianClearance,
    DeviceAlarm,
    Equipment,
    LimbMeasurement,
    LopRecord,
    ScreeningRecord,
    SessionEvent,
    SessionExercise,
    TrainingSession,
    TrainingSet,
)

#: Session events a clinician reads in a report: why restriction stopped, what was felt.
REPORTED_EVENTS = (
    "stop-rule",
    "pressure-lowered",
    "symptom-reported",
    "discomfort-reported",
    "set-interrupted",
    "budget-cap-reached",
    "device-alarm",
    "session-stopped",
)


#: Session events that place sets and restriction in time.
TIMELINE_EVENTS = ("set-started", "set-logged", "restriction-applied", "restriction-released")


@dataclass(frozen=True, slots=True)
class Period:
    """Local calendar days, both ends included (``None``: open)."""

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise InputError(
                f"the period starts ({self.start}) after it ends ({self.end})",
                code="export.period-reversed",
            )

    def contains(self, day: date) -> bool:
        """Return whether ``day`` falls in the period."""
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    @property
    def is_open(self) -> bool:
        """Return whether neither end is set."""
        return self.start is None and self.end is None


@dataclass(slots=True)
class SessionData:
    """One session with everything a report shows about it."""

    session: dict[str, Any]
    started_local: datetime
    ended_local: datetime | None
    exercises: list[dict[str, Any]]
    events: list[dict[str, Any]]
    alarms: list[dict[str, Any]]
    restriction_s_by_limb: dict[str, float]

    @property
    def id(self) -> str:
        """Return the session's id."""
        return str(self.session["id"])

    def sets(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Return every ``(exercise, set)`` pair in order."""
        return [(exercise, item) for exercise in self.exercises for item in exercise["sets"]]


@dataclass(slots=True)
class RecordData:
    """What a report about one person and period needs."""

    person: dict[str, Any]
    period: Period
    blood_pressure: list[dict[str, Any]] = field(default_factory=list)
    limbs: list[dict[str, Any]] = field(default_factory=list)
    lop: list[dict[str, Any]] = field(default_factory=list)
    equipment: list[dict[str, Any]] = field(default_factory=list)
    screenings: list[dict[str, Any]] = field(default_factory=list)
    clearances: list[dict[str, Any]] = field(default_factory=list)
    plan: dict[str, Any] | None = None
    sessions: list[SessionData] = field(default_factory=list)
    adherence: list[fidelity.MonthAdherence] = field(default_factory=list)


def find_session(session: Session, reference: str, person_id: uuid.UUID | None) -> TrainingSession:
    """Return the session whose id, or a unique start or end of it (4+ hex digits), matches.

    Raises
    ------
    InputError
        No session (of that person, when given) or more than one matches.
    """
    text = reference.strip().lower()
    try:
        exact: uuid.UUID | None = uuid.UUID(text)
    except ValueError:
        exact = None
    statement = select(TrainingSession)
    if person_id is not None:
        statement = statement.where(TrainingSession.person_id == person_id)
    if exact is not None:
        found = session.scalars(statement.where(TrainingSession.id == exact)).first()
        if found is None:
            raise InputError(f"no session with id {reference}", code="export.no-session")
        return found
    compact = text.replace("-", "")
    if len(compact) < 4 or any(character not in "0123456789abcdef" for character in compact):
        raise InputError(
            f"{reference!r} is not a session id (at least 4 hex digits of it)",
            code="export.no-session",
        )
    matches = [
        training
        for training in session.scalars(statement).all()
        if training.id.hex.startswith(compact) or training.id.hex.endswith(compact)
    ]
    if not matches:
        raise InputError(f"no session with an id starting or ending {reference}",
                         code="export.no-session")
    if len(matches) > 1:
        raise InputError(f"more than one session matches {reference}; give more of the id",
                         code="export.no-session")
    return matches[0]


def gather(
    database: Database,
    *,
    person: str | None = None,
    session_ref: str | None = None,
    period: Period | None = None,
) -> RecordData:
    """Return one person's record and the sessions of a period (or one session).

    Parameters
    ----------
    person
        The person's id (or a unique start or end of it); optional when ``session_ref`` is
        given.
    session_ref
        Only this session.
    period
        Only sessions that started on these local days.

    Raises
    ------
    InputError
        Neither a person nor a session is given, or either is unknown.
    """
    chosen = period or Period()
    if person is None and session_ref is None:
        raise InputError("say whose record: a person or a session", code="export.no-person")
    with database.session() as session:
        owner = find_person(session, person) if person is not None else None
        only: TrainingSession | None = None
        if session_ref is not None:
            only = find_session(session, session_ref, owner.id if owner else None)
            if owner is None:
                owner = find_person(session, str(only.person_id))
        assert owner is not None
        record = RecordData(person=row_to_dict(owner), period=chosen)
        for model, target, order in (
            (BloodPressureReading, record.blood_pressure, BloodPressureReading.measured_at),
            (LimbMeasurement, record.limbs, LimbMeasurement.measured_at),
            (LopRecord, record.lop, LopRecord.measured_at),
            (Equipment, record.equipment, Equipment.created_at),
            (ScreeningRecord, record.screenings, ScreeningRecord.screened_at),
            (ClinicianClearance, record.clearances, ClinicianClearance.cleared_at),
        ):
            rows = session.scalars(
                select(model).where(model.person_id == owner.id).order_by(order)
            ).all()
            target.extend(row_to_dict(row) for row in rows)
        plan = active_plan(session, owner.id)
        record.plan = row_to_dict(plan) if plan is not None else None
        if only is not None:
            trainings = [only]
        else:
            trainings = [
                training
                for training in session.scalars(
                    select(TrainingSession)
                    .where(TrainingSession.person_id == owner.id)
                    .order_by(TrainingSession.started_at)
                ).all()
                if chosen.contains(fidelity.session_local_day(training))
            ]
        record.sessions = [_session_data(session, training) for training in trainings]
        record.adherence = fidelity.adherence(
            fidelity.session_local_day(training) for training in trainings
        )
    return record


def _session_data(session: Session, training: TrainingSession) -> SessionData:
    exercises = session.scalars(
        select(SessionExercise)
        .where(SessionExercise.session_id == training.id)
        .order_by(SessionExercise.position)
    ).all()
    sets = session.scalars(
        select(TrainingSet)
        .where(TrainingSet.session_id == training.id)
        .order_by(TrainingSet.position)
    ).all()
    position_of = {exercise.id: exercise.position for exercise in exercises}
    targets = {
        (position_of[item.exercise_id], item.position): item.target_pressure_mmhg for item in sets
    }
    timeline = [
        (row[0], row[1], row[2])
        for row in session.execute(
            select(SessionEvent.kind, SessionEvent.elapsed_s, SessionEvent.payload)
            .where(SessionEvent.session_id == training.id,
                   SessionEvent.kind.in_(TIMELINE_EVENTS))
            .order_by(SessionEvent.sequence)
        ).all()
    ]
    windows = fidelity.set_windows(timeline)
    fidelities = {
        (entry.exercise_position, entry.set_position): entry
        for entry in (
            fidelity.session_fidelity(session, training.id, targets)
            if training.restriction_kind == "cuff"
            else []
        )
    }
    sets_by_exercise: dict[uuid.UUID, list[dict[str, Any]]] = {}
    limbs_of = {exercise.id: list(exercise.restricted_limbs or []) for exercise in exercises}
    for item in sets:
        values = row_to_dict(item)
        entry = fidelities.get((position_of[item.exercise_id], item.position))
        values["fidelity"] = entry.as_dict() if entry is not None else None
        window = windows.get((position_of[item.exercise_id], item.position))
        values["duration_s"] = (
            window[1] - window[0] if window is not None else item.restriction_s
        )
        values["started_elapsed_s"] = window[0] if window is not None else None
        sets_by_exercise.setdefault(item.exercise_id, []).append(values)
    # From apply to release, as the runner counts it against the cap: rests with the restriction
    # on count too (a set's own restriction_s covers only the set). A session without those
    # events (imported) has only its sets' times.
    restriction = fidelity.restricted_s_by_limb(timeline)
    if not restriction:
        for item in sets:
            for limb in limbs_of[item.exercise_id]:
                restriction[limb] = restriction.get(limb, 0.0) + (item.restriction_s or 0.0)
    events = [
        row_to_dict(event)
        for event in session.scalars(
            select(SessionEvent)
            .where(SessionEvent.session_id == training.id,
                   SessionEvent.kind.in_(REPORTED_EVENTS))
            .order_by(SessionEvent.sequence)
        ).all()
    ]
    alarms = [
        row_to_dict(alarm)
        for alarm in session.scalars(
            select(DeviceAlarm)
            .where(DeviceAlarm.session_id == training.id)
            .order_by(DeviceAlarm.occurred_at)
        ).all()
    ]
    return SessionData(
        session=row_to_dict(training),
        started_local=timestamps.join(training.started_at, training.started_offset_min),
        ended_local=(
            timestamps.join(training.ended_at, training.started_offset_min)
            if training.ended_at is not None
            else None
        ),
        exercises=[
            {**row_to_dict(exercise), "sets": sets_by_exercise.get(exercise.id, [])}
            for exercise in exercises
        ],
        events=events,
        alarms=alarms,
        restriction_s_by_limb=restriction,
    )


def day_span(record: RecordData) -> tuple[date, date] | None:
    """Return the first and last local day with a session, or ``None``."""
    if not record.sessions:
        return None
    return record.sessions[0].started_local.date(), record.sessions[-1].started_local.date()

