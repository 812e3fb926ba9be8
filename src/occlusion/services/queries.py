"""Reads several use cases share: the active plan, the latest screening, the LOPs for a cuff.

Each takes an open SQLAlchemy session, so a use case reads them inside its own transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from occlusion.store.models import LopRecord, Plan, ScreeningRecord
from occlusion.vocabulary import LopSource

#: Two cuffs within this width of each other count as the same cuff for an LOP [cm].
CUFF_WIDTH_TOLERANCE_CM = 0.5
#: LOPs a person or a cuff measured (not estimated from an equation).
MEASURED_SOURCES = frozenset({LopSource.MANUAL, LopSource.DEVICE})


def active_plan(session: Session, person_id: uuid.UUID) -> Plan | None:
    """Return the person's active plan (the newest if several are marked active), or ``None``."""
    return session.scalars(
        select(Plan)
        .where(Plan.person_id == person_id, Plan.active.is_(True))
        .order_by(Plan.created_at.desc(), Plan.id.desc())
        .limit(1)
    ).first()


def latest_screening(session: Session, person_id: uuid.UUID) -> ScreeningRecord | None:
    """Return the person's newest screening, or ``None``."""
    return session.scalars(
        select(ScreeningRecord)
        .where(ScreeningRecord.person_id == person_id)
        .order_by(ScreeningRecord.screened_at.desc(), ScreeningRecord.id.desc())
        .limit(1)
    ).first()


def lops_for_cuff(
    session: Session,
    person_id: uuid.UUID,
    *,
    limb: str,
    side: str,
    posture: str,
    cuff_width_cm: float | None,
    sources: Collection[str] | None = None,
    include_retired: bool = False,
) -> list[LopRecord]:
    """Return the person's LOPs for this limb, side, posture and cuff, newest first.

    An LOP belongs to one cuff: records whose cuff width differs from ``cuff_width_cm`` by more
    than :data:`CUFF_WIDTH_TOLERANCE_CM` are left out (``None`` accepts any width). ``sources``
    keeps only those sources (e.g. :data:`MEASURED_SOURCES`); ``None`` keeps every source.
    Records their owner retired are left out unless ``include_retired``.
    """
    statement = select(LopRecord).where(
        LopRecord.person_id == person_id,
        LopRecord.limb == limb,
        LopRecord.side == side,
        LopRecord.posture == posture,
    )
    if not include_retired:
        statement = statement.where(LopRecord.retired_at.is_(None))
    if sources is not None:
        statement = statement.where(LopRecord.source.in_([str(source) for source in sources]))
    records = session.scalars(
        statement.order_by(LopRecord.measured_at.desc(), LopRecord.id.desc())
    ).all()
    return [
        record
        for record in records
        if cuff_width_cm is None
        or abs(record.cuff_width_cm - float(cuff_width_cm)) <= CUFF_WIDTH_TOLERANCE_CM
    ]
