"""Use cases for measurements: blood pressure, limb circumference and limb occlusion pressure.

Each value is checked before anything is written, stored in its canonical unit (mmHg, cm) and
kept with the unit the person typed, so it can be shown back to them as they entered it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from occlusion import units
from occlusion.errors import InputError
from occlusion.messages import Message
from occlusion.science.checks import (
    PLAUSIBLE_CUFF_WIDTH_CM,
    check_blood_pressure_mmhg,
    check_circumference_cm,
    require_between,
)
from occlusion.science.protocols import PLAUSIBLE_LOP_MMHG
from occlusion.services.people import find_person, short_id
from occlusion.store import timestamps
from occlusion.store.database_rows import row_to_dict
from occlusion.store.engine import Database
from occlusion.store.models import BloodPressureReading, LimbMeasurement, LopRecord, Person

if TYPE_CHECKING:
    from occlusion.science.lop import LopEstimate

from occlusion.vocabulary import (
    CuffMaterial,
    LengthUnit,
    Limb,
    LopSource,
    Posture,
    PressureUnit,
    Sex,
    Side,
    choose,
)


@dataclass(frozen=True, slots=True)
class MeasurementView:
    """A stored measurement as interfaces show it, with its kind."""

    kind: str
    record: dict[str, Any]
    warnings: tuple[Message, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {"kind": self.kind, **self.record, "warnings": list(self.warnings)}


def _moment(now: datetime | None) -> tuple[datetime, int]:
    return timestamps.split(now or timestamps.now_local())


def record_blood_pressure(
    database: Database,
    person: str,
    *,
    systolic: float,
    diastolic: float | None = None,
    unit: PressureUnit | str = PressureUnit.MMHG,
    posture: Posture | str | None = None,
    now: datetime | None = None,
) -> MeasurementView:
    """Record a resting blood pressure typed in mmHg or kPa.

    Raises
    ------
    InputError
        Implausible values, diastolic not below systolic, unknown unit or posture.
    """
    unit = choose(unit, PressureUnit, "pressure unit")
    if posture is not None:
        posture = choose(posture, Posture, "posture")
    to_mmhg = units.kpa_to_mmhg if unit == PressureUnit.KPA else float
    sbp, dbp = check_blood_pressure_mmhg(
        to_mmhg(systolic), None if diastolic is None else to_mmhg(diastolic)
    )
    measured_at, offset = _moment(now)
    with database.session() as session:
        owner = find_person(session, person)
        reading = BloodPressureReading(
            person_id=owner.id,
            measured_at=measured_at,
            measured_offset_min=offset,
            systolic_mmhg=sbp,
            diastolic_mmhg=dbp,
            pressure_entered_unit=unit,
            posture=posture,
        )
        session.add(reading)
        session.flush()
        return MeasurementView("blood-pressure", row_to_dict(reading))


def record_limb(
    database: Database,
    person: str,
    *,
    limb: str,
    side: str,
    circumference: float,
    unit: str = "cm",
    now: datetime | None = None,
) -> MeasurementView:
    """Record a limb circumference typed in cm or in (where the cuff or wrap goes)."""
    limb = choose(limb, Limb, "limb")
    side = choose(side, Side, "side")
    unit = choose(unit, LengthUnit, "length unit")
    circumference_cm = units.inches_to_cm(circumference) if unit == LengthUnit.IN else circumference
    check_circumference_cm(limb, circumference_cm)
    measured_at, offset = _moment(now)
    with database.session() as session:
        owner = find_person(session, person)
        record = LimbMeasurement(
            person_id=owner.id,
            measured_at=measured_at,
            measured_offset_min=offset,
            limb=limb,
            side=side,
            circumference_cm=float(circumference_cm),
            circumference_entered_unit=unit,
        )
        session.add(record)
        session.flush()
        return MeasurementView("limb", row_to_dict(record))


@dataclass(frozen=True, slots=True)
class CuffOnLimb:
    """The limb, side, posture and cuff an LOP belongs to, validated."""

    limb: Limb
    side: Side
    posture: Posture
    cuff_width_cm: float
    cuff_material: CuffMaterial


def check_cuff(
    limb: str, side: str, posture: str, cuff_width_cm: float, material: str
) -> CuffOnLimb:
    """Validate the limb, side, posture, cuff width [cm] and material of an LOP record."""
    return CuffOnLimb(
        limb=choose(limb, Limb, "limb"),
        side=choose(side, Side, "side"),
        posture=choose(posture, Posture, "posture"),
        cuff_width_cm=require_between(
            cuff_width_cm, *PLAUSIBLE_CUFF_WIDTH_CM, "cuff width", "cm"
        ),
        cuff_material=choose(material, CuffMaterial, "cuff material"),
    )


def _add_lop_record(
    session: Session,
    owner: Person,
    cuff: CuffOnLimb,
    when: tuple[datetime, int],
    *,
    source: LopSource,
    method: str,
    lop_mmhg: float,
    interval_mmhg: tuple[float, float] | None,
    details: dict[str, Any],
) -> LopRecord:
    """Add one LOP record for ``owner`` measured with ``cuff`` at ``when`` (UTC, offset [min])."""
    measured_at, offset_min = when
    low, high = interval_mmhg if interval_mmhg is not None else (None, None)
    record = LopRecord(
        person_id=owner.id,
        measured_at=measured_at,
        measured_offset_min=offset_min,
        limb=cuff.limb,
        side=cuff.side,
        posture=cuff.posture,
        cuff_width_cm=cuff.cuff_width_cm,
        cuff_material=cuff.cuff_material,
        source=source,
        method=method,
        lop_mmhg=float(lop_mmhg),
        interval_low_mmhg=low,
        interval_high_mmhg=high,
        details=details,
    )
    session.add(record)
    session.flush()
    return record


def record_measured_lop(
    database: Database,
    person: str,
    *,
    limb: str,
    side: str,
    posture: str,
    cuff_width_cm: float,
    cuff_material: str,
    lop_mmhg: float,
    source: str = "manual",
    method: str = "doppler",
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> MeasurementView:
    """Record an LOP measured by hand (Doppler, pulse oximeter) or by the device."""
    cuff = check_cuff(limb, side, posture, cuff_width_cm, cuff_material)
    lop_source = choose(source, LopSource, "LOP source")
    if lop_source == LopSource.ESTIMATED:
        raise InputError(
            "a measured LOP comes from a person with a gauge or from the cuff",
            code="lop.source-not-measured",
        )
    if not method.strip():
        raise InputError(
            "say how the LOP was measured (e.g. doppler, pulse-oximeter)",
            code="lop.needs-detection-method",
        )
    require_between(lop_mmhg, *PLAUSIBLE_LOP_MMHG, "limb occlusion pressure", "mmHg")
    with database.session() as session:
        owner = find_person(session, person)
        record = _add_lop_record(
            session, owner, cuff, _moment(now), source=lop_source, method=method.strip(),
            lop_mmhg=lop_mmhg, interval_mmhg=None, details=dict(details or {}),
        )
        return MeasurementView("lop", row_to_dict(record))


def record_estimated_lop(
    database: Database,
    person: str,
    *,
    limb: str,
    side: str,
    posture: str,
    cuff_width_cm: float,
    cuff_material: str = "nylon",
    method: str | None = None,
    now: datetime | None = None,
) -> MeasurementView:
    """Estimate LOP from the person's latest limb and blood-pressure records and store it.

    The estimate, its 95 % prediction interval, the equation and its references come from
    :func:`occlusion.science.lop.estimate`.

    Raises
    ------
    InputError
        The person has no circumference for that limb and side, or no blood pressure.
    NotEstimableError
        No published equation applies (the message says how to measure instead).
    """
    from occlusion.science.lop import estimate

    cuff = check_cuff(limb, side, posture, cuff_width_cm, cuff_material)
    limb, side = cuff.limb, cuff.side
    moment = now or timestamps.now_local()
    measured_at, offset = timestamps.split(moment)
    with database.session() as session:
        owner = find_person(session, person)
        girth = latest_limb(session, owner, limb, side)
        pressure = latest_blood_pressure(session, owner)
        if girth is None:
            raise InputError(
                f"no {side} {limb} circumference recorded for {owner.name}",
                code="lop.needs-limb-circumference",
                person=owner.name,
                person_ref=short_id(owner.id),
                limb=limb,
                side=side,
            )
        if pressure is None:
            raise InputError(
                f"no blood pressure recorded for {owner.name}",
                code="lop.needs-blood-pressure",
                person=owner.name,
                person_ref=short_id(owner.id),
            )
        result = estimate(
            limb=cuff.limb,
            cuff_width_cm=cuff.cuff_width_cm,
            circumference_cm=girth.circumference_cm,
            sbp_mmhg=pressure.systolic_mmhg,
            dbp_mmhg=pressure.diastolic_mmhg,
            age_years=float(moment.year - owner.birth_year) if owner.birth_year else None,
            sex=None if owner.sex is None else choose(owner.sex, Sex, "sex"),
            posture=cuff.posture,
            cuff_material=cuff.cuff_material,
            method=method,
        )
        details = result.as_dict()
        details["limb_measurement_id"] = str(girth.id)
        details["blood_pressure_reading_id"] = str(pressure.id)
        record = _add_lop_record(
            session, owner, cuff, (measured_at, offset), source=LopSource.ESTIMATED,
            method=result.method, lop_mmhg=result.lop_mmhg,
            interval_mmhg=result.interval_95_mmhg, details=details,
        )
        return MeasurementView("lop", row_to_dict(record), tuple(result.warnings))


def record_lop_estimate(
    database: Database,
    person: str,
    result: LopEstimate,
    *,
    side: str,
    now: datetime | None = None,
) -> MeasurementView:
    """Keep an estimate made from values typed in (not from the log) as an estimated LOP."""
    inputs = result.inputs
    cuff = check_cuff(
        inputs["limb"], side, inputs["posture"], inputs["cuff_width_cm"], inputs["cuff_material"]
    )
    with database.session() as session:
        owner = find_person(session, person)
        record = _add_lop_record(
            session, owner, cuff, _moment(now), source=LopSource.ESTIMATED,
            method=result.method, lop_mmhg=result.lop_mmhg,
            interval_mmhg=result.interval_95_mmhg, details=result.as_dict(),
        )
        return MeasurementView("lop", row_to_dict(record), tuple(result.warnings))


def latest_limb(session: Session, person: Person, limb: str, side: str) -> LimbMeasurement | None:
    """Return the person's newest circumference for ``limb`` and ``side``."""
    statement = (
        select(LimbMeasurement)
        .where(
            LimbMeasurement.person_id == person.id,
            LimbMeasurement.limb == limb,
            LimbMeasurement.side == side,
        )
        .order_by(LimbMeasurement.measured_at.desc(), LimbMeasurement.id.desc())
        .limit(1)
    )
    return session.scalars(statement).first()


def latest_blood_pressure(session: Session, person: Person) -> BloodPressureReading | None:
    """Return the person's newest blood-pressure reading."""
    statement = (
        select(BloodPressureReading)
        .where(BloodPressureReading.person_id == person.id)
        .order_by(BloodPressureReading.measured_at.desc(), BloodPressureReading.id.desc())
        .limit(1)
    )
    return session.scalars(statement).first()


def measurements(database: Database, person: str) -> dict[str, Any]:
    """Return all of a person's measurements, newest first, by kind."""
    with database.session() as session:
        owner = find_person(session, person)
        document: dict[str, Any] = {"person_id": str(owner.id)}
        for key, model in (
            ("blood_pressure", BloodPressureReading),
            ("limbs", LimbMeasurement),
            ("lop", LopRecord),
        ):
            rows = session.scalars(
                select(model)
                .where(model.person_id == owner.id)
                .order_by(model.measured_at.desc(), model.id.desc())
            ).all()
            document[key] = [row_to_dict(row) for row in rows]
        return document
