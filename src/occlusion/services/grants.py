"""Who may open whose record: owners, and the coaches and clinicians they granted access.

The rules, in one place so every page and API route asks the same question:

- an athlete reads and writes their own record;
- a coach or clinician reads and writes (measurements, screening, plans, sessions) the record of
  an athlete who granted them access and has not revoked it; only a clinician records a
  clearance; every such read and write is written to the audit log;
- an admin manages accounts (roles, lockouts) and reads the audit log, but opens no one's health
  record without a grant (least privilege);
- everyone else gets "no such record", so ids of other people's records reveal nothing.

The trail itself is :mod:`occlusion.services.audit`.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from occlusion.errors import AccessDenied, InputError, RecordNotFound
from occlusion.services.accounts import Account, normalise_email
from occlusion.services.audit import record_access
from occlusion.store import timestamps
from occlusion.store.accounts import AccessGrant, WebUser
from occlusion.store.engine import Database
from occlusion.store.models import Person
from occlusion.vocabulary import Role

GRANTEE_ROLES: tuple[Role, ...] = (Role.COACH, Role.CLINICIAN)


def open_record(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    *,
    action: str,
    resource: str,
    now: datetime,
) -> None:
    """Refuse unless ``account`` may ``action`` the person's record; audit non-owners.

    An owner is let through without reading the database: ``web_user.person_id`` references
    the person with ``ON DELETE CASCADE``, so an account read with a ``person_id`` had that
    person (a deleted person takes the account, and any cached token, with it). Every request
    of a person's own record used to spend a transaction on this check.

    Parameters
    ----------
    action
        ``read`` or ``write``.
    resource
        What is opened (a route name), kept in the audit log.

    Raises
    ------
    RecordNotFound
        No such person, or the account has no right to them.
    """
    if action not in ("read", "write"):
        raise ValueError(f"unknown action {action!r}")
    if account.person_id == person_id:
        return
    moment, _offset = timestamps.split(now)
    with database.session() as session:
        if session.get(Person, person_id) is None:
            raise RecordNotFound(
                "no such record",
                code="record.not-found",
            )
        if account.role not in GRANTEE_ROLES or not _granted(session, account.id, person_id):
            raise RecordNotFound(
                "no such record",
                code="record.not-found",
            )
        record_access(
            session,
            actor_id=account.id,
            actor_role=account.role,
            person_id=person_id,
            action=action,
            resource=resource,
            at_utc=moment,
        )


def still_allowed(database: Database, account: Account, person_id: uuid.UUID) -> bool:
    """Return whether ``account`` still exists and may still open the person's record.

    For re-checking something already opened (a live stream): no audit entry is written, and
    the account's role and grants are read afresh from the database, not from ``account``.
    """
    with database.session() as session:
        user = session.get(WebUser, account.id)
        if user is None or session.get(Person, person_id) is None:
            return False
        if user.person_id == person_id:
            return True
        return user.role in GRANTEE_ROLES and _granted(session, user.id, person_id)


def _granted(session: Any, grantee_id: uuid.UUID, person_id: uuid.UUID) -> bool:
    return (
        session.scalars(
            select(AccessGrant.id).where(
                AccessGrant.grantee_id == grantee_id,
                AccessGrant.person_id == person_id,
                AccessGrant.revoked_at.is_(None),
            )
        ).first()
        is not None
    )


def grant_access(
    database: Database, owner: Account, grantee_email: str, *, now: datetime
) -> dict[str, Any]:
    """Let the coach or clinician with ``grantee_email`` open the owner's record.

    Raises
    ------
    InputError
        The owner has no record yet, or no coach or clinician has that address.
    """
    if owner.person_id is None:
        raise InputError(
            "create your profile before sharing your record", code="grant.no-profile"
        )
    address = normalise_email(grantee_email)
    moment, _offset = timestamps.split(now)
    with database.session() as session:
        grantee = session.scalars(select(WebUser).where(WebUser.email == address)).first()
        if grantee is None or grantee.role not in GRANTEE_ROLES:
            raise InputError(
                f"no coach or clinician has an account with the address {address}",
                code="grant.no-such-grantee",
                email=address,
            )
        if _granted(session, grantee.id, owner.person_id):
            raise InputError(
                f"{grantee.display_name} already has access to your record",
                code="grant.exists",
                grantee=grantee.display_name,
            )
        grant = AccessGrant(
            person_id=owner.person_id, grantee_id=grantee.id, granted_at=moment, revoked_at=None
        )
        session.add(grant)
        session.flush()
        return _grant_dict(grant, grantee)


def share_record(database: Database, owner: Account, grantee_email: str, *, now: datetime) -> None:
    """Grant access to the coach or clinician with this address, if there is one.

    Unlike :func:`grant_access`, an address with no coach or clinician behind it, or one that
    already has access, is not an error: the caller answers every case the same way, so the form
    does not tell who has an account.

    Raises
    ------
    InputError
        The owner has no record yet, or the address is not an e-mail address.
    """
    try:
        grant_access(database, owner, grantee_email, now=now)
    except InputError as refusal:
        if refusal.code not in ("grant.no-such-grantee", "grant.exists"):
            raise


def revoke_access(
    database: Database, owner: Account, grant_id: uuid.UUID, *, now: datetime
) -> None:
    """Withdraw a grant at once.

    Raises
    ------
    RecordNotFound
        No active grant with this id on the owner's record.
    """
    moment, _offset = timestamps.split(now)
    with database.session() as session:
        grant = session.get(AccessGrant, grant_id)
        if grant is None or grant.person_id != owner.person_id or grant.revoked_at is not None:
            raise RecordNotFound("no such grant", code="grant.not-found")
        grant.revoked_at = moment


def grants_of(database: Database, owner: Account) -> list[dict[str, Any]]:
    """Return the active grants on the owner's record."""
    if owner.person_id is None:
        return []
    with database.session() as session:
        rows = session.execute(
            select(AccessGrant, WebUser)
            .join(WebUser, WebUser.id == AccessGrant.grantee_id)
            .where(AccessGrant.person_id == owner.person_id, AccessGrant.revoked_at.is_(None))
            .order_by(AccessGrant.granted_at)
        ).all()
        return [_grant_dict(grant, user) for grant, user in rows]


def _grant_dict(grant: AccessGrant, grantee: WebUser) -> dict[str, Any]:
    return {
        "id": str(grant.id),
        "grantee": grantee.display_name,
        "grantee_email": grantee.email,
        "grantee_role": grantee.role,
        "granted_at": timestamps.to_iso(grant.granted_at, 0),
    }


def people_granted_to(database: Database, account: Account) -> list[tuple[uuid.UUID, str]]:
    """Return (person id, name) of every record granted to a coach or clinician."""
    if account.role not in GRANTEE_ROLES:
        raise AccessDenied(
            "only coaches and clinicians have a roster", code="account.no-roster"
        )
    with database.session() as session:
        rows = session.execute(
            select(Person.id, Person.name)
            .join(AccessGrant, AccessGrant.person_id == Person.id)
            .where(AccessGrant.grantee_id == account.id, AccessGrant.revoked_at.is_(None))
            .order_by(Person.name)
        ).all()
        return [(row[0], row[1]) for row in rows]

