"""Use cases for retiring an LOP on record, and for seeing which plan rests on a retired one.

An LOP measured months ago, with another cuff, or doubtful for any reason can be *retired* by
its owner instead of deleted: it stays in the history and the exports (marked with the time it
was retired) and no longer feeds new plans (:func:`occlusion.services.queries.lops_for_cuff`
leaves it out). A plan written from it keeps the record's id in its document
(``limbs[].occlusion_pressure.record_id``, plan format 4), so the plan page can say that it
rests on a retired measurement and offer to write a new one. Who may call these, and the audit
entry when it is not the owner, is decided one layer up (:mod:`occlusion.services.records`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from occlusion.errors import InputError, RecordNotFound
from occlusion.services.people import find_person
from occlusion.store import timestamps
from occlusion.store.database_rows import row_to_dict
from occlusion.store.engine import Database
from occlusion.store.models import LopRecord


def _own_lop(session: Session, person_id: uuid.UUID, row_id: uuid.UUID) -> LopRecord:
    row = session.get(LopRecord, row_id)
    if row is None or row.person_id != person_id:
        raise RecordNotFound("no such entry in this record", code="record.entry-not-found")
    return row


#: The shortest end of an LOP id accepted as its reference (the last 8 hex digits are shown).
MIN_REFERENCE_DIGITS = 4


def find_lop_id(database: Database, person: str, reference: str) -> uuid.UUID:
    """Return the id of the person's LOP named by ``reference``: its id, or the id's last digits.

    Raises
    ------
    InputError
        ``lop.bad-reference``: no LOP of this person ends so, or several do.
    """
    text = reference.strip().lower().replace("-", "")
    with database.session() as session:
        owner = find_person(session, person)
        ids = session.scalars(select(LopRecord.id).where(LopRecord.person_id == owner.id)).all()
    matches = [
        row_id
        for row_id in ids
        if len(text) >= MIN_REFERENCE_DIGITS and row_id.hex.endswith(text)
    ]
    if len(matches) != 1:
        raise InputError(
            f"no single LOP of this person has the id {reference!r}"
            + (f" ({len(matches)} match)" if matches else ""),
            code="lop.bad-reference",
            reference=reference,
            matches=len(matches),
        )
    return matches[0]


def retire_lop(
    database: Database, person: str, row_id: uuid.UUID, *, now: datetime | None = None
) -> dict[str, Any]:
    """Retire one of the person's LOPs: kept on record, no longer used for new plans.

    Raises
    ------
    RecordNotFound
        No such LOP of this person.
    InputError
        ``lop.already-retired``: it was retired before (nothing changes).
    """
    retired_at, offset = timestamps.split(now or timestamps.now_local())
    with database.session() as session:
        owner = find_person(session, person)
        row = _own_lop(session, owner.id, row_id)
        if row.retired_at is not None:
            raise InputError(
                "this LOP was retired already",
                code="lop.already-retired",
                retired_at=timestamps.to_iso(row.retired_at, row.retired_offset_min),
            )
        row.retired_at, row.retired_offset_min = retired_at, offset
        session.flush()
        return row_to_dict(row)


def restore_lop(database: Database, person: str, row_id: uuid.UUID) -> dict[str, Any]:
    """Put a retired LOP back in use (a retirement by mistake).

    Raises
    ------
    RecordNotFound
        No such LOP of this person.
    InputError
        ``lop.not-retired``: it is in use already.
    """
    with database.session() as session:
        owner = find_person(session, person)
        row = _own_lop(session, owner.id, row_id)
        if row.retired_at is None:
            raise InputError("this LOP is in use, not retired", code="lop.not-retired")
        row.retired_at, row.retired_offset_min = None, None
        session.flush()
        return row_to_dict(row)


def _record_ids(prescription: Mapping[str, Any]) -> dict[uuid.UUID, Mapping[str, Any]]:
    found: dict[uuid.UUID, Mapping[str, Any]] = {}
    for limb in prescription.get("limbs") or []:
        source = limb.get("occlusion_pressure") if isinstance(limb, Mapping) else None
        record_id = source.get("record_id") if isinstance(source, Mapping) else None
        if isinstance(record_id, str):
            try:
                found[uuid.UUID(record_id)] = limb
            except ValueError:
                continue
    return found


def retired_sources(
    session: Session, person_id: uuid.UUID, prescription: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Return the limbs of a stored plan whose LOP record has been retired since.

    Each item has ``limb``, ``side``, ``lop_mmhg``, ``record_id`` and ``retired_at`` (ISO local
    time). Plans written before plan format 4 name no record and give an empty list.
    """
    limbs = _record_ids(prescription)
    if not limbs:
        return []
    rows = session.scalars(
        select(LopRecord).where(
            LopRecord.person_id == person_id,
            LopRecord.id.in_(list(limbs)),
            LopRecord.retired_at.is_not(None),
        )
    ).all()
    return [
        {
            "limb": limbs[row.id].get("limb"),
            "side": limbs[row.id].get("side"),
            "lop_mmhg": row.lop_mmhg,
            "record_id": str(row.id),
            "retired_at": timestamps.to_iso(row.retired_at, row.retired_offset_min),
        }
        for row in rows
    ]
