"""Use cases that correct or delete what was recorded: the profile, measurements and sets.

People mistype; a log they cannot fix is a log they stop trusting. Each correction checks the
new values exactly as the first entry did (the same plausibility bounds) and changes the row in
place; a deletion removes one row. Only rows of the given person are ever touched: an id of
someone else's row is "not found". Who may call these, and the audit entry when it is not the
owner, is decided one layer up (:mod:`occlusion.services.records`).
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from occlusion import units
from occlusion.errors import InputError, RecordNotFound
from occlusion.science.checks import (
    check_blood_pressure_mmhg,
    check_circumference_cm,
    require_between,
)
from occlusion.services.people import (
    MAX_NAME_LENGTH,
    MIN_BIRTH_YEAR,
    PLAUSIBLE_BODY_MASS_KG,
    PersonView,
    find_person,
)
from occlusion.services.set_times import believable
from occlusion.sessions.events import LoggedSet
from occlusion.sessions.validation import check_logged
from occlusion.store import timestamps
from occlusion.store.database_rows import row_to_dict
from occlusion.store.engine import Database
from occlusion.store.models import (
    BloodPressureReading,
    LimbMeasurement,
    LopRecord,
    SessionExercise,
    TrainingSession,
    TrainingSet,
)
from occlusion.vocabulary import (
    LengthUnit,
    Limb,
    MassUnit,
    Posture,
    PressureUnit,
    Sex,
    UnitSystem,
    choose,
)

#: The kinds of measurement that can be deleted, by the name interfaces use.
MEASUREMENT_KINDS: dict[str, type[BloodPressureReading | LimbMeasurement | LopRecord]] = {
    "blood-pressure": BloodPressureReading,
    "limb": LimbMeasurement,
    "lop": LopRecord,
}


def update_profile(
    database: Database,
    person: str,
    *,
    sex: str | None,
    birth_year: int | None,
    body_mass: float | None,
    preferred_units: str,
    this_year: int,
    name: str | None = None,
) -> PersonView:
    """Change the person's profile; ``body_mass`` is in the units chosen.

    Raises
    ------
    InputError
        A value is invalid (nothing is changed).
    """
    if sex is not None:
        sex = choose(sex, Sex, "sex")
    system = units.parse_unit_system(preferred_units)
    if birth_year is not None:
        require_between(birth_year, MIN_BIRTH_YEAR, this_year, "birth year", "")
    mass_kg = None
    if body_mass is not None:
        mass_kg = require_between(
            units.mass_to_kg(body_mass, system), *PLAUSIBLE_BODY_MASS_KG, "body mass", "kg"
        )
    clean_name = None if name is None else name.strip()
    if clean_name is not None and not 1 <= len(clean_name) <= MAX_NAME_LENGTH:
        raise InputError(
            f"a name has 1 to {MAX_NAME_LENGTH} characters", code="person.bad-name", field="name"
        )
    with database.session() as session:
        row = find_person(session, person)
        row.sex = sex
        row.birth_year = birth_year
        row.body_mass_kg = mass_kg
        row.body_mass_entered_unit = units.mass_unit_label(system) if mass_kg is not None else None
        row.preferred_units = system
        if clean_name is not None:
            row.name = clean_name
        session.flush()
        return PersonView(row_to_dict(row))


def _own_row(session: Any, model: Any, person_id: uuid.UUID, row_id: uuid.UUID) -> Any:
    row = session.get(model, row_id)
    if row is None or row.person_id != person_id:
        raise RecordNotFound("no such entry in this record", code="record.entry-not-found")
    return row


def measurement(database: Database, person: str, kind: str, row_id: uuid.UUID) -> dict[str, Any]:
    """Return one of the person's measurements of ``kind``.

    Raises
    ------
    RecordNotFound
        No such measurement of this person.
    """
    model = MEASUREMENT_KINDS.get(kind)
    if model is None:
        raise RecordNotFound("no such kind of measurement", code="record.entry-not-found")
    with database.session() as session:
        owner = find_person(session, person)
        return row_to_dict(_own_row(session, model, owner.id, row_id))


def delete_measurement(database: Database, person: str, kind: str, row_id: uuid.UUID) -> None:
    """Delete one of the person's measurements of ``kind`` (``blood-pressure``, ``limb``, ``lop``).

    Raises
    ------
    RecordNotFound
        No such measurement of this person.
    """
    model = MEASUREMENT_KINDS.get(kind)
    if model is None:
        raise RecordNotFound("no such kind of measurement", code="record.entry-not-found")
    with database.session() as session:
        owner = find_person(session, person)
        session.delete(_own_row(session, model, owner.id, row_id))


def correct_blood_pressure(
    database: Database,
    person: str,
    row_id: uuid.UUID,
    *,
    systolic: float,
    diastolic: float | None,
    unit: PressureUnit | str,
    posture: Posture | str | None,
) -> dict[str, Any]:
    """Correct a stored blood pressure, typed in mmHg or kPa; its time stays as it was."""
    unit = choose(unit, PressureUnit, "pressure unit")
    if posture is not None:
        posture = choose(posture, Posture, "posture")
    to_mmhg = units.kpa_to_mmhg if unit == PressureUnit.KPA else float
    sbp, dbp = check_blood_pressure_mmhg(
        to_mmhg(systolic), None if diastolic is None else to_mmhg(diastolic)
    )
    with database.session() as session:
        owner = find_person(session, person)
        row = _own_row(session, BloodPressureReading, owner.id, row_id)
        row.systolic_mmhg, row.diastolic_mmhg = sbp, dbp
        row.pressure_entered_unit = unit
        row.posture = posture
        session.flush()
        return row_to_dict(row)


def correct_limb(
    database: Database,
    person: str,
    row_id: uuid.UUID,
    *,
    circumference: float,
    unit: LengthUnit | str,
) -> dict[str, Any]:
    """Correct a stored limb circumference, typed in cm or in."""
    unit = choose(unit, LengthUnit, "length unit")
    circumference_cm = units.inches_to_cm(circumference) if unit == LengthUnit.IN else circumference
    with database.session() as session:
        owner = find_person(session, person)
        row = _own_row(session, LimbMeasurement, owner.id, row_id)
        check_circumference_cm(Limb(row.limb), circumference_cm)
        row.circumference_cm = float(circumference_cm)
        row.circumference_entered_unit = unit
        session.flush()
        return row_to_dict(row)


def _finished_set(session: Any, person_id: uuid.UUID, set_id: uuid.UUID) -> TrainingSet:
    row: TrainingSet = _own_row(session, TrainingSet, person_id, set_id)
    training = session.get(TrainingSession, row.session_id)
    if training is not None and training.status == "running":
        raise InputError(
            "a set of the session under way is corrected after the session ends",
            code="set.session-running",
        )
    return row


def training_set(database: Database, person: str, set_id: uuid.UUID) -> dict[str, Any]:
    """Return one of the person's logged sets."""
    with database.session() as session:
        owner = find_person(session, person)
        return row_to_dict(_own_row(session, TrainingSet, owner.id, set_id))


def correct_set(
    database: Database,
    person: str,
    set_id: uuid.UUID,
    *,
    reps: int | None,
    load: float | None,
    load_unit: MassUnit | str,
    rpe: float | None,
    discomfort: int | None,
) -> dict[str, Any]:
    """Correct a logged set of a finished session, with the checks of logging it.

    Raises
    ------
    InputError
        A value is invalid, or the set belongs to the session under way.
    RecordNotFound
        No such set of this person.
    """
    unit, load_kg = _checked_set(reps, load, load_unit, rpe, discomfort)
    with database.session() as session:
        owner = find_person(session, person)
        row = _finished_set(session, owner.id, set_id)
        row.reps = reps
        row.load_kg = load_kg
        row.load_entered_unit = unit
        row.rpe = rpe
        row.discomfort = discomfort
        session.flush()
        return row_to_dict(row)


def _checked_set(
    reps: int | None,
    load: float | None,
    load_unit: MassUnit | str,
    rpe: float | None,
    discomfort: int | None,
) -> tuple[MassUnit, float | None]:
    """Return the load's unit and the load in kg, refusing what logging the set would refuse."""
    unit = choose(load_unit, MassUnit, "load unit")
    load_kg = None
    if load is not None:
        system = UnitSystem.METRIC if unit == MassUnit.KG else UnitSystem.IMPERIAL
        load_kg = units.mass_to_kg(load, system)
    check_logged(
        LoggedSet(
            reps=reps, load_kg=load_kg, load_entered_unit=unit, rpe=rpe, discomfort=discomfort
        )
    )
    return unit, load_kg


#: A symptom's code, as the session page's list sends it.
_SYMPTOM = re.compile(r"[a-z][a-z-]{0,39}")
#: The note a set logged on a phone without a connection carries when it reached the server
#: after its session had ended.
LATE_SET_NOTE = "logged without a connection; sent after the session had ended"
#: The note of such a set whose time on the phone was missing or not believable: its time is the
#: time it reached the server.
LATE_SET_ARRIVAL_NOTE = (
    "logged without a connection; sent after the session had ended; "
    "timed when it arrived (the time it was done was not kept)"
)


def add_late_set(
    database: Database,
    person: str,
    session_id: uuid.UUID,
    *,
    exercise_number: int,
    set_number: int,
    reps: int | None,
    load: float | None,
    load_unit: MassUnit | str,
    rpe: float | None,
    discomfort: int | None,
    symptoms: tuple[str, ...] = (),
    now: Any = None,
    done_at: datetime | None = None,
) -> dict[str, Any]:
    """Keep a set done during a session that had already ended when it reached the server.

    A phone without a connection logs sets and sends them when the connection is back; if the
    session ended meanwhile (no page followed it, or it was stopped), the set is added to that
    session as its ``set_number``-th set of its ``exercise_number``-th exercise, marked with
    :data:`LATE_SET_NOTE`, with the checks of logging it. The stop rules do not run: the
    session is over.

    ``done_at`` is when the phone says the set was done (aware). It is kept when it is
    plausible (see :func:`_believable`); otherwise, or when it is missing, the set takes the
    time it arrived (``now``) and the note :data:`LATE_SET_ARRIVAL_NOTE`.

    Raises
    ------
    InputError
        A value is invalid, the session is still under way, the exercise is not one of it, or
        that set is logged already.
    RecordNotFound
        No such session of this person.
    """
    unit, load_kg = _checked_set(reps, load, load_unit, rpe, discomfort)
    if any(not _SYMPTOM.fullmatch(str(symptom)) for symptom in symptoms):
        raise InputError("a symptom is one of the list", code="set.unknown-symptom",
                         field="symptoms")
    arrived_at, arrived_offset = timestamps.split(now or timestamps.now_local())
    with database.session() as session:
        owner = find_person(session, person)
        training = session.get(TrainingSession, session_id)
        if training is None or training.person_id != owner.id:
            raise RecordNotFound("no such session in this record", code="export.no-session")
        if training.status == "running":
            raise InputError(
                "the session is under way: log the set in it",
                code="set.session-running",
            )
        exercise = session.scalars(
            select(SessionExercise).where(
                SessionExercise.session_id == training.id,
                SessionExercise.position == exercise_number,
            )
        ).first()
        if exercise is None:
            raise InputError(
                f"the session has no exercise {exercise_number}",
                code="set.no-such-exercise",
                exercise_number=exercise_number,
            )
        taken = session.scalars(
            select(TrainingSet.id).where(
                TrainingSet.exercise_id == exercise.id, TrainingSet.position == set_number
            )
        ).first()
        if taken is not None:
            raise InputError(
                f"set {set_number} of {exercise.name} is logged already",
                code="set.logged-already",
                exercise=exercise.name,
                set_number=set_number,
            )
        target_reps, target_load_kg = _planned_targets(training, exercise_number, set_number)
        performed_at, offset, note = arrived_at, arrived_offset, LATE_SET_ARRIVAL_NOTE
        if done_at is not None:
            done_utc, done_offset = timestamps.split(done_at)
            if _believable(session, training, exercise_number, set_number, done_utc, arrived_at):
                performed_at, offset, note = done_utc, done_offset, LATE_SET_NOTE
        row = TrainingSet(
            exercise_id=exercise.id,
            target_reps=target_reps,
            target_load_kg=target_load_kg,
            session_id=training.id,
            person_id=owner.id,
            position=set_number,
            performed_at=performed_at,
            performed_offset_min=offset,
            load_kg=load_kg,
            load_entered_unit=unit,
            reps=reps,
            rpe=rpe,
            discomfort=discomfort,
            symptoms=list(symptoms),
            notes=note,
        )
        session.add(row)
        session.flush()
        return row_to_dict(row)


def _believable(
    session: Any,
    training: TrainingSession,
    exercise_number: int,
    set_number: int,
    done_utc: datetime,
    arrived_utc: datetime,
) -> bool:
    """Say whether a set sent late may keep the time the phone gave it (naive UTC values).

    By the rule of :func:`occlusion.services.set_times.believable`, against the sets logged
    before and after it (by exercise, then set number).
    """
    logged = session.execute(
        select(SessionExercise.position, TrainingSet.position, TrainingSet.performed_at)
        .join(SessionExercise, TrainingSet.exercise_id == SessionExercise.id)
        .where(TrainingSet.session_id == training.id)
    ).all()
    here = (exercise_number, set_number)
    return believable(
        done_utc,
        arrived_utc=arrived_utc,
        started_utc=training.started_at,
        before=[at for ex, number, at in logged if (ex, number) < here],
        after=[at for ex, number, at in logged if (ex, number) > here],
    )


def _planned_targets(
    training: TrainingSession, exercise_number: int, set_number: int
) -> tuple[int | None, float | None]:
    """Return the target reps and load [kg] the session planned for that set, if it did."""
    from occlusion.sessions.plan import SessionPlan

    if training.session_plan is None:
        return None, None
    exercises = SessionPlan.from_dict(training.session_plan).exercises
    if not 1 <= exercise_number <= len(exercises):
        return None, None
    sets = exercises[exercise_number - 1].sets
    if not 1 <= set_number <= len(sets):
        return None, None
    planned = sets[set_number - 1]
    return planned.target_reps, planned.target_load_kg


def delete_set(database: Database, person: str, set_id: uuid.UUID) -> None:
    """Delete a logged set of a finished session (one entered by mistake)."""
    with database.session() as session:
        owner = find_person(session, person)
        session.delete(_finished_set(session, owner.id, set_id))


__all__ = [
    "MEASUREMENT_KINDS",
    "correct_blood_pressure",
    "correct_limb",
    "correct_set",
    "delete_measurement",
    "delete_set",
    "measurement",
    "training_set",
    "update_profile",
]
