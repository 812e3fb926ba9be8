"""A coach's or clinician's roster: one summary row per record shared with them.

Each row says when the person was last screened and with what decision, how old their newest
LOP is, how many sessions they completed lately, and the alerts that need a look. Alerts are
codes with their fields (``not-screened``, ``screening`` with ``decision``, ``no-lop``,
``lop-old`` with ``days``, ``symptoms``, ``high-discomfort`` with ``sets`` and
``above``, ``stopped-by-symptom`` with the stop rule's ``reason`` and the session's
``started_at``); each interface words them for its reader.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from occlusion.science.protocols import DISCOMFORT_RELEASE_ABOVE
from occlusion.services.accounts import Account
from occlusion.services.audit import record_access
from occlusion.services.grants import people_granted_to
from occlusion.services.queries import latest_screening
from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.store.models import LopRecord, TrainingSession, TrainingSet
from occlusion.vocabulary import Decision

#: Sessions in the last this many days count towards adherence [days].
ADHERENCE_WINDOW_DAYS = 28
#: How the runner's stop reason names a fired stop rule ("stop rule dizziness: ...").
STOP_RULE_PREFIX = "stop rule "
#: An LOP older than this is flagged for re-measurement (project policy) [days].
LOP_STALE_DAYS = 180


def _discomfort_limit() -> float:
    # The one discomfort policy (the stop rule's) sets the roster's flag as well.
    return DISCOMFORT_RELEASE_ABOVE


@dataclass(frozen=True, slots=True)
class Alert:
    """Something on a person's record that needs a look: a code and its fields."""

    code: str
    fields: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping: the code and its fields side by side."""
        return {"code": self.code, **self.fields}


def _summary(
    session: Session, person_id: uuid.UUID, name: str, now_utc: datetime
) -> dict[str, Any]:
    screening = latest_screening(session, person_id)
    lop_at = session.scalar(
        select(func.max(LopRecord.measured_at)).where(LopRecord.person_id == person_id)
    )
    window_start = now_utc - timedelta(days=ADHERENCE_WINDOW_DAYS)
    recent = session.scalar(
        select(func.count()).where(
            TrainingSession.person_id == person_id,
            TrainingSession.started_at >= window_start,
            TrainingSession.status == "completed",
        )
    )
    symptoms = session.scalars(
        select(TrainingSet.symptoms).where(
            TrainingSet.person_id == person_id, TrainingSet.performed_at >= window_start
        )
    ).all()
    limit = _discomfort_limit()
    high_discomfort = session.scalar(
        select(func.count()).where(
            TrainingSet.person_id == person_id,
            TrainingSet.performed_at >= window_start,
            TrainingSet.discomfort > limit,
        )
    )
    alerts: list[Alert] = []
    if screening is None:
        alerts.append(Alert("not-screened"))
    elif screening.decision in (Decision.REFER, Decision.EXCLUDE):
        alerts.append(Alert("screening", {"decision": screening.decision}))
    lop_days = None if lop_at is None else (now_utc - lop_at).days
    if lop_days is None:
        alerts.append(Alert("no-lop"))
    elif lop_days > LOP_STALE_DAYS:
        alerts.append(Alert("lop-old", {"days": lop_days}))
    if any(item for item in symptoms):
        alerts.append(Alert("symptoms"))
    if high_discomfort:
        alerts.append(Alert("high-discomfort", {"sets": int(high_discomfort), "above": limit}))
    # A session the person ended with a report button (dizziness, numbness, discomfort) has no
    # logged set to carry the symptom: its stop reason does.
    stopped = session.execute(
        select(
            TrainingSession.stop_reason,
            TrainingSession.started_at,
            TrainingSession.started_offset_min,
        )
        .where(
            TrainingSession.person_id == person_id,
            TrainingSession.started_at >= window_start,
            TrainingSession.status == "stopped",
            TrainingSession.stop_reason.like(f"{STOP_RULE_PREFIX}%"),
        )
        .order_by(TrainingSession.started_at.desc())
    ).all()
    for reason, started_at, offset_min in stopped:
        rule = str(reason).removeprefix(STOP_RULE_PREFIX).split(":", 1)[0].strip()
        alerts.append(
            Alert(
                "stopped-by-symptom",
                {"reason": rule, "started_at": timestamps.to_iso(started_at, offset_min)},
            )
        )
    return {
        "person_id": str(person_id),
        "name": name,
        "screening": None if screening is None else screening.decision,
        "screened_at": None
        if screening is None
        else timestamps.to_iso(screening.screened_at, screening.screened_offset_min),
        "lop_age_days": lop_days,
        "sessions_last_28_days": int(recent or 0),
        "alerts": [alert.as_dict() for alert in alerts],
    }


def roster(database: Database, account: Account, *, now: datetime) -> list[dict[str, Any]]:
    """Return one summary row per record granted to ``account``, by name.

    Each summary reads the person's record (screening decision, symptoms, discomfort), so each
    is written to the audit trail as a ``read`` of ``roster``, in the same transaction.

    Raises
    ------
    AccessDenied
        The account is not a coach's or clinician's.
    """
    now_utc, _offset = timestamps.split(now)
    people = people_granted_to(database, account)
    with database.session() as session:
        rows = []
        for person_id, name in people:
            rows.append(_summary(session, person_id, name, now_utc))
            record_access(
                session,
                actor_id=account.id,
                actor_role=account.role,
                person_id=person_id,
                action="read",
                resource="roster",
                at_utc=now_utc,
            )
        return rows
