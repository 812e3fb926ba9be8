"""The audit trail: who read or wrote another's record, and who disabled or enabled an account.

Entries are written by :func:`occlusion.services.grants.open_record` (and by
:func:`occlusion.services.accounts.set_disabled`) in the same transaction as the change they
record, and kept when either account is deleted (actor and person are plain ids).
Administrators read the whole trail; an athlete's export carries the entries about them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from occlusion.store import timestamps
from occlusion.store.accounts import AuditEntry
from occlusion.store.engine import Database
from occlusion.vocabulary import Role

#: What an actor did to a record.
ACTIONS = ("read", "write")
#: What an administrator did to an account (the entry's ``person_id`` is then the account's id).
ACCOUNT_ACTIONS = ("disable", "enable")


def record_access(
    session: Session,
    *,
    actor_id: uuid.UUID,
    actor_role: Role,
    person_id: uuid.UUID,
    action: str,
    resource: str,
    at_utc: datetime,
) -> None:
    """Add one entry to the trail inside the caller's transaction.

    Parameters
    ----------
    action
        ``read`` or ``write``.
    resource
        What was opened (a use case's name), at most 200 characters are kept.
    at_utc
        When, as a naive UTC time (the store's convention).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    session.add(
        AuditEntry(
            occurred_at=at_utc,
            actor_id=actor_id,
            actor_role=actor_role,
            person_id=person_id,
            action=action,
            resource=resource[:200],
            detail="",
        )
    )


def record_account_change(
    session: Session,
    *,
    admin: uuid.UUID,
    account_id: uuid.UUID,
    action: str,
    account_name: str,
    at_utc: datetime,
) -> None:
    """Add an administrator's change to an account to the trail, in the caller's transaction.

    The entry's ``person_id`` holds the account's id and ``detail`` its name at the time, so
    the entry still names the account after it is deleted.
    """
    if action not in ACCOUNT_ACTIONS:
        raise ValueError(f"unknown account action {action!r}")
    session.add(
        AuditEntry(
            occurred_at=at_utc,
            actor_id=admin,
            actor_role=Role.ADMIN,
            person_id=account_id,
            action=action,
            resource="account",
            detail=account_name[:200],
        )
    )


def audit_dict(entry: AuditEntry) -> dict[str, Any]:
    """Return an audit entry as JSON-ready data."""
    return {
        "occurred_at": timestamps.to_iso(entry.occurred_at, 0),
        "actor_id": str(entry.actor_id),
        "actor_role": entry.actor_role,
        "person_id": str(entry.person_id),
        "action": entry.action,
        "resource": entry.resource,
        "detail": entry.detail,
    }


def audit_log(
    database: Database, *, person_id: uuid.UUID | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Return audit entries, newest first, for one person or for everyone (administrators)."""
    with database.session() as session:
        statement = select(AuditEntry).order_by(AuditEntry.occurred_at.desc()).limit(limit)
        if person_id is not None:
            statement = statement.where(AuditEntry.person_id == person_id)
        entries = session.scalars(statement).all()
        return [
            {**audit_dict(entry), **names}
            for entry, names in zip(entries, _names(session, entries), strict=True)
        ]


def _names(session: Session, entries: Sequence[AuditEntry]) -> list[dict[str, str | None]]:
    """Return the actor's and the person's names for each entry (``None`` once deleted)."""
    from occlusion.store.accounts import WebUser
    from occlusion.store.models import Person

    actors = {entry.actor_id for entry in entries}
    people = {entry.person_id for entry in entries}
    actor_names = {
        row[0]: row[1]
        for row in session.execute(
            select(WebUser.id, WebUser.display_name).where(WebUser.id.in_(actors))
        ).all()
    }
    person_names = {
        row[0]: row[1]
        for row in session.execute(select(Person.id, Person.name).where(Person.id.in_(people)))
    }
    accounts = {entry.person_id for entry in entries if entry.action in ACCOUNT_ACTIONS}
    account_names = {
        row[0]: row[1]
        for row in session.execute(
            select(WebUser.id, WebUser.display_name).where(WebUser.id.in_(accounts))
        )
    }
    return [
        {
            "actor_name": actor_names.get(entry.actor_id),
            "person_name": (
                account_names.get(entry.person_id, entry.detail or None)
                if entry.action in ACCOUNT_ACTIONS
                else person_names.get(entry.person_id)
            ),
        }
        for entry in entries
    ]
