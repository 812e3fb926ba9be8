"""Use cases for screening a recorded person and recording a clinician's clearance.

The person's age (from their birth year) and latest resting blood pressure are added to the
answers unless the answers give them, then :func:`occlusion.science.screening.screen` decides.
The answers and the whole result are stored, so the decision can be shown and audited later.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from occlusion.errors import InputError
from occlusion.services.measurements import latest_blood_pressure
from occlusion.services.people import find_person
from occlusion.store import timestamps
from occlusion.store.database_rows import row_to_dict
from occlusion.store.engine import Database
from occlusion.store.models import (
    BloodPressureReading,
    ClinicianClearance,
    Person,
    ScreeningRecord,
)


def screen_person(
    database: Database,
    person: str,
    answers: Mapping[str, Any],
    *,
    policy: Any = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Screen a recorded person and store the answers and the result.

    Returns
    -------
    dict
        The stored record, with the full result under ``result``.

    Raises
    ------
    InputError
        An answer is missing, unknown or of the wrong kind; nothing is written.
    """
    return _screen_and_store(database, person, answers, policy, now)[0]


def _screen_and_store(
    database: Database,
    person: str,
    answers: Mapping[str, Any],
    policy: Any = None,
    now: datetime | None = None,
) -> tuple[dict[str, Any], Any]:
    from occlusion.science.screening import ScreeningAnswers, screen

    moment = now or timestamps.now_local()
    screened_at, offset = timestamps.split(moment)
    with database.session() as session:
        owner = find_person(session, person)
        completed = dict(answers)
        if owner.birth_year is not None:
            completed.setdefault("age_years", moment.year - owner.birth_year)
        reading = latest_blood_pressure(session, owner)
        if reading is not None:
            completed.setdefault("resting_sbp_mmhg", reading.systolic_mmhg)
            if reading.diastolic_mmhg is not None:
                completed.setdefault("resting_dbp_mmhg", reading.diastolic_mmhg)
        parsed = ScreeningAnswers.from_mapping(completed)
        result = screen(parsed) if policy is None else screen(parsed, policy)
        record = ScreeningRecord(
            person_id=owner.id,
            screened_at=screened_at,
            screened_offset_min=offset,
            decision=result.decision,
            answers=_plain(completed),
            result=result.as_dict(),
        )
        session.add(record)
        session.flush()
        return row_to_dict(record), result


def screen_logged_person(person: str, answers: Mapping[str, Any], policy: Any = None) -> Any:
    """Open the configured log, screen and record the person, and return the result object."""
    from occlusion.services.log import open_log

    database = open_log()
    try:
        return _screen_and_store(database, person, answers, policy)[1]
    finally:
        database.close()


def record_clearance(
    database: Database,
    person: str,
    *,
    clinician: str,
    note: str = "",
    now: datetime | None = None,
) -> dict[str, Any]:
    """Record a clinician's clearance (it lifts a ``refer`` decision made before it)."""
    if not clinician.strip() or len(clinician) > 200:
        raise InputError(
            "name the clinician who gave the clearance (1 to 200 characters)",
            code="screening.bad-clinician-name", max_chars=200,
        )
    cleared_at, offset = timestamps.split(now or timestamps.now_local())
    with database.session() as session:
        owner = find_person(session, person)
        record = ClinicianClearance(
            person_id=owner.id,
            cleared_at=cleared_at,
            cleared_offset_min=offset,
            clinician=clinician.strip(),
            note=note,
        )
        session.add(record)
        session.flush()
        return row_to_dict(record)


def _plain(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {str(key): value for key, value in answers.items()}


def due_reasons(
    session: Session, person: Person, record: ScreeningRecord, now: datetime
) -> list[dict[str, Any]]:
    """Return why ``record`` (the person's newest screening) is due again at ``now``.

    Each reason is a code with its fields
    (:func:`occlusion.science.screening.rescreen_reasons`): the screening is older than the
    policy interval, a resting blood pressure taken after it leads to a more severe decision,
    or the person has crossed an age that changes the decision. Empty: it stands.
    """
    from occlusion.science.screening import rescreen_reasons

    now_utc, _ = timestamps.split(now)
    answers = record.answers or {}
    newer = session.scalars(
        select(BloodPressureReading)
        .where(
            BloodPressureReading.person_id == person.id,
            BloodPressureReading.measured_at > record.screened_at,
        )
        .order_by(BloodPressureReading.measured_at.desc(), BloodPressureReading.id.desc())
        .limit(1)
    ).first()
    screened_age = answers.get("age_years")
    reasons = rescreen_reasons(
        screened_at=record.screened_at,
        now=now_utc,
        screened_age_years=float(screened_age) if screened_age is not None else None,
        age_years=None if person.birth_year is None else float(now.year - person.birth_year),
        screened_bp_mmhg=(answers.get("resting_sbp_mmhg"), answers.get("resting_dbp_mmhg")),
        newer_bp_mmhg=None if newer is None else (newer.systolic_mmhg, newer.diastolic_mmhg),
    )
    return [reason.as_dict() for reason in reasons]
