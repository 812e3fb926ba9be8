"""Use case: record a person's cuff, wrap or floss band (width, material, length, marks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from occlusion import units
from occlusion.errors import InputError
from occlusion.science.checks import PLAUSIBLE_CUFF_WIDTH_CM, require_between
from occlusion.services.people import find_person
from occlusion.store import timestamps
from occlusion.store.database_rows import row_to_dict
from occlusion.store.engine import Database
from occlusion.store.models import Equipment, Person
from occlusion.vocabulary import EquipmentKind, LengthUnit, Material, choose

#: Plausible band length [cm]; rejects typing mistakes only.
PLAUSIBLE_LENGTH_CM = (10.0, 1000.0)


def record_equipment(
    database: Database,
    person: str,
    *,
    kind: EquipmentKind | str,
    width: float,
    material: Material | str,
    name: str = "",
    length: float | None = None,
    unit: LengthUnit | str = LengthUnit.CM,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Record a cuff, wrap or floss band; width and length typed in cm or in.

    Raises
    ------
    InputError
        Unknown kind, material or unit, or an implausible width or length; nothing is written.
    """
    kind = choose(kind, EquipmentKind, "equipment kind")
    material = choose(material, Material, "material")
    unit = choose(unit, LengthUnit, "length unit")
    to_cm = units.inches_to_cm if unit == LengthUnit.IN else float
    width_cm = require_between(to_cm(width), *PLAUSIBLE_CUFF_WIDTH_CM, "width", "cm")
    length_cm = None
    if length is not None:
        length_cm = require_between(to_cm(length), *PLAUSIBLE_LENGTH_CM, "length", "cm")
    if len(name) > 200:
        raise InputError(
            "an equipment name has at most 200 characters",
            code="equipment.name-too-long", max_chars=200,
        )
    created_at, offset = timestamps.split(now or timestamps.now_local())
    with database.session() as session:
        owner = find_person(session, person)
        record = Equipment(
            person_id=owner.id,
            kind=kind,
            name=name.strip() or f"{material} {kind} {width_cm:g} cm",
            width_cm=width_cm,
            width_entered_unit=unit,
            material=material,
            resting_length_cm=length_cm,
            stretch_marks=None,
            created_at=created_at,
            created_offset_min=offset,
        )
        session.add(record)
        session.flush()
        return row_to_dict(record)


def latest_equipment(session: Session, person: Person) -> Equipment | None:
    """Return the person's newest cuff or wrap (floss bands do not carry a plan)."""
    return session.scalars(
        select(Equipment)
        .where(
            Equipment.person_id == person.id,
            Equipment.kind.in_((EquipmentKind.CUFF, EquipmentKind.WRAP)),
        )
        .order_by(Equipment.created_at.desc(), Equipment.id.desc())
        .limit(1)
    ).first()
