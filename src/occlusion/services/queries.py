"""Reads several use cases share: the active plan and the latest screening of a person.

Each takes an open SQLAlchemy session, so a use case reads them inside its own transaction.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from occlusion.store.models import Plan, ScreeningRecord


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
