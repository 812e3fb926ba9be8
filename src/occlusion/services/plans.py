"""Use case: write a plan for a recorded person and keep a frozen copy of it.

The profile :func:`occlusion.science.prescription.prescribe` needs is assembled from the log —
the person (age from birth year, sex, units), their latest blood pressure, their latest limb
circumferences with any LOP measured by hand or device for the plan's posture and cuff width,
and their latest screening answers with any later clinician clearance — completed by a partial
profile that names the equipment, exercises and training (the same TOML sections as
``occlusion plan --profile``). Values given in that partial profile win.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from occlusion.errors import InputError, ScreeningBlockError
from occlusion.services.measurements import latest_blood_pressure
from occlusion.services.people import find_person
from occlusion.services.queries import MEASURED_SOURCES, latest_screening, lops_for_cuff
from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.store.models import (
    ClinicianClearance,
    LimbMeasurement,
    Person,
    Plan,
)

_DERIVED_ANSWERS = ("age_years", "resting_sbp_mmhg", "resting_dbp_mmhg")


def profile_for_person(
    session: Session, person: Person, partial: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """Return a complete profile mapping for ``person`` from the log and ``partial``."""
    profile: dict[str, Any] = {key: value for key, value in partial.items()}
    missing = missing_for_plan(session, person, profile)
    if missing:
        # Everything still missing at once, so nobody meets one refusal after another.
        first = missing[0]
        raise InputError(
            "; ".join(item["message"] for item in missing),
            **{key: value for key, value in first.items() if key != "message"},
            missing=[{k: v for k, v in item.items() if k != "message"} for item in missing],
        )
    if "person" not in profile:
        assert person.birth_year is not None and person.sex is not None  # missing_for_plan
        profile["person"] = {
            "name": person.name,
            "age_years": now.year - person.birth_year,
            "sex": person.sex,
            "units": person.preferred_units,
        }
    if "blood_pressure" not in profile:
        reading = latest_blood_pressure(session, person)
        assert reading is not None and reading.diastolic_mmhg is not None  # missing_for_plan
        profile["blood_pressure"] = {
            "sbp_mmhg": reading.systolic_mmhg,
            "dbp_mmhg": reading.diastolic_mmhg,
        }
    if "equipment" not in profile:
        from occlusion.services.equipment import latest_equipment

        equipment = latest_equipment(session, person)
        assert equipment is not None  # missing_for_plan
        profile["equipment"] = {
            key: value
            for key, value in (
                ("kind", equipment.kind),
                ("width_cm", equipment.width_cm),
                # For a wrap the profile's "material" names a band in the equipment table,
                # which the log does not hold; the default band of that kind is used.
                ("material", equipment.material if equipment.kind == "cuff" else None),
                ("length_cm", equipment.resting_length_cm),
                ("name", equipment.name),
            )
            if value is not None
        }
    training = profile.get("training", {})
    posture = training.get("posture", "seated") if isinstance(training, Mapping) else "seated"
    if "limbs" not in profile:
        profile["limbs"] = _limbs(session, person, profile["equipment"], posture)
    if "screening" not in profile:
        profile["screening"] = _screening(session, person, now)
    return profile


def _limbs(
    session: Session, person: Person, equipment: Any, posture: str
) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(LimbMeasurement)
        .where(LimbMeasurement.person_id == person.id)
        .order_by(LimbMeasurement.measured_at.desc(), LimbMeasurement.id.desc())
    ).all()
    latest: dict[tuple[str, str], LimbMeasurement] = {}
    for row in rows:
        latest.setdefault((row.limb, row.side), row)
    width = equipment.get("width_cm") if isinstance(equipment, Mapping) else None
    limbs = []
    for (limb, side), row in sorted(latest.items()):
        entry: dict[str, Any] = {
            "limb": limb,
            "side": side,
            "circumference_cm": row.circumference_cm,
        }
        measured = lops_for_cuff(
            session, person.id, limb=limb, side=side, posture=posture,
            cuff_width_cm=None if width is None else float(width), sources=MEASURED_SOURCES,
        )
        if measured:
            record = measured[0]
            method = record.method if record.method in ("doppler", "pulse-oximeter") else (
                "device" if record.source == "device" else "doppler"
            )
            entry["measured_lop"] = {
                "lop_mmhg": record.lop_mmhg,
                "posture": record.posture,
                "cuff_width_cm": record.cuff_width_cm,
                "method": method,
                "measured_on": timestamps.join(
                    record.measured_at, record.measured_offset_min
                ).date().isoformat(),
                "record_id": str(record.id),
            }
        limbs.append(entry)
    return limbs


def _worked_limb(exercise: Any) -> str | None:
    from occlusion.science.exercises import find_exercise

    if not isinstance(exercise, Mapping):
        return None
    limb = exercise.get("limb")
    if isinstance(limb, str) and limb:
        return limb
    entry = find_exercise(exercise["name"]) if isinstance(exercise.get("name"), str) else None
    return None if entry is None else str(entry.limb)


def _worked_limbs(exercises: Any) -> list[tuple[str, str]]:
    """Return ``(limb, exercise name)`` for each limb kind the exercises work, first seen first."""
    worked: dict[str, str] = {}
    for exercise in exercises if isinstance(exercises, list) else []:
        limb = _worked_limb(exercise)
        if limb is not None:
            worked.setdefault(limb, str(exercise.get("name", "")))
    return list(worked.items())


def missing_for_plan(
    session: Session, person: Person, partial: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Return everything a plan still needs from the record, all at once, in order to record.

    The sections given in ``partial`` are not asked of the record. Each item has the ``code``
    of what is missing (``plan.needs-person-details``, ``plan.needs-blood-pressure``,
    ``plan.needs-equipment``, ``plan.needs-limb-circumference`` once per limb the exercises
    work, or once when no limb is on record and no exercise is named, and
    ``plan.needs-screening``), its fields and a ``message``. Empty: nothing is missing (a
    screening that is due again is refused later, with its reasons).
    """
    from occlusion.services.equipment import latest_equipment

    who = {"person": person.name, "person_ref": person.id.hex[-8:]}
    missing: list[dict[str, Any]] = []
    if "person" not in partial and (person.birth_year is None or person.sex is None):
        missing.append({
            "code": "plan.needs-person-details",
            "message": f"{person.name} needs a birth year and sex on record for a plan",
            **who,
        })
    if "blood_pressure" not in partial:
        reading = latest_blood_pressure(session, person)
        if reading is None or reading.diastolic_mmhg is None:
            missing.append({
                "code": "plan.needs-blood-pressure",
                "message": f"record a resting blood pressure (systolic and diastolic) for "
                f"{person.name} first",
                **who,
            })
    if "equipment" not in partial and latest_equipment(session, person) is None:
        missing.append({
            "code": "plan.needs-equipment",
            "message": f"record which equipment (wrap or cuff) restricts {person.name}'s limbs "
            "first",
            **who,
        })
    if "limbs" not in partial:
        measured = set(
            session.scalars(
                select(LimbMeasurement.limb).where(LimbMeasurement.person_id == person.id)
            ).all()
        )
        worked = _worked_limbs(partial.get("exercises"))
        for limb, exercise in worked:
            if limb not in measured:
                missing.append({
                    "code": "plan.needs-limb-circumference",
                    "message": f"{exercise} works the {limb}: record the circumference of the "
                    f"{limb} for {person.name} first",
                    "limb": limb,
                    "exercise": exercise,
                    **who,
                })
        if not measured and not worked:
            missing.append({
                "code": "plan.needs-limb-circumference",
                "message": f"record the circumference of the limbs to train for {person.name} "
                "first",
                **who,
            })
    if "screening" not in partial and latest_screening(session, person.id) is None:
        missing.append({
            "code": "plan.needs-screening",
            "message": f"screen {person.name} first",
            **who,
        })
    return missing


def _screening(session: Session, person: Person, now: datetime) -> dict[str, Any]:
    from occlusion.services.screening import due_reasons

    record = latest_screening(session, person.id)
    assert record is not None  # missing_for_plan
    due = due_reasons(session, person, record, now)
    if due:
        # Screening gates prescription: answers that aged or no longer fit write no plan.
        raise ScreeningBlockError(
            f"{person.name}'s screening is due again ("
            + ", ".join(reason["code"].removeprefix("screening.") for reason in due)
            + "); screen again",
            code="plan.screening-due",
            person=person.name,
            person_ref=person.id.hex[-8:],
            reasons=due,
        )
    answers = {
        key: value for key, value in record.answers.items() if key not in _DERIVED_ANSWERS
    }
    clearance = session.scalars(
        select(ClinicianClearance)
        .where(
            ClinicianClearance.person_id == person.id,
            ClinicianClearance.cleared_at >= record.screened_at,
        )
        .limit(1)
    ).first()
    answers["clinician_clearance"] = clearance is not None
    if clearance is not None:
        answers["clearance_note"] = f"{clearance.clinician}: {clearance.note}".strip(": ")
    return answers


def store_plan(
    database: Database, person: str, prescription: dict[str, Any], *, now: Any = None
) -> dict[str, Any]:
    """Store a frozen copy of a prescription document as the person's active plan.

    The document is read as a :class:`~occlusion.science.prescription.PlanDocument` (older
    formats are migrated) and stored in the current format.
    """
    from occlusion.science.prescription import plan_document

    if not isinstance(prescription.get("protocol"), dict):
        raise InputError(
            "a plan must be a prescription document with its protocol", code="plan.bad-document"
        )
    document = plan_document(prescription).as_dict()
    created_at, offset = timestamps.split(now or timestamps.now_local())
    with database.session() as session:
        owner = find_person(session, person)
        for previous in session.scalars(
            select(Plan).where(Plan.person_id == owner.id, Plan.active.is_(True))
        ):
            previous.active = False
        plan = Plan(
            person_id=owner.id,
            created_at=created_at,
            created_offset_min=offset,
            protocol=document["protocol"]["name"],
            prescription=document,
            active=True,
        )
        session.add(plan)
        session.flush()
        return {"plan_id": str(plan.id), "protocol": plan.protocol}


def _prescribe_and_store(
    database: Database, person: str, partial_profile: Mapping[str, Any], now: datetime | None
) -> tuple[dict[str, Any], Any]:
    from occlusion.science.prescription import prescribe, profile_from_mapping

    moment = now or timestamps.now_local()
    with database.session() as session:
        owner = find_person(session, person)
        mapping = profile_for_person(session, owner, partial_profile, moment)
        owner_id = str(owner.id)
    prescription = prescribe(profile_from_mapping(mapping))
    stored = store_plan(database, owner_id, prescription.as_dict(), now=moment)
    return stored, prescription


def write_plan(
    database: Database,
    person: str,
    partial_profile: Mapping[str, Any],
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Prescribe for a recorded person and store the plan as their active plan.

    Returns
    -------
    dict
        ``plan_id``, ``protocol`` and the whole prescription document under ``prescription``.

    Raises
    ------
    InputError
        Something the plan needs is neither on record nor in the partial profile.
    ScreeningBlockError
        Screening excludes the person, or refers them without a clearance.
    """
    stored, prescription = _prescribe_and_store(database, person, partial_profile, now)
    return {**stored, "prescription": prescription.as_dict()}


def write_plan_for(person: str, partial_profile: Mapping[str, Any]) -> Any:
    """Open the configured log, write the person's plan, and return the ``Prescription``."""
    from occlusion.services.log import open_log

    database = open_log()
    try:
        return _prescribe_and_store(database, person, partial_profile, None)[1]
    finally:
        database.close()
