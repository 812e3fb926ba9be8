"""Password reset links an administrator issues (no mail server is assumed).

An administrator asks for a link for one account; the link carries a random token whose SHA-256
alone is stored. The administrator passes the link on (or the web app mails it when an SMTP
server is configured). Opening it within :data:`RESET_LIFETIME_S` lets the person set a new
password once: the link is then used up, every browser of the account is signed out, and any
lockout ends. Issuing a new link replaces the earlier unused ones.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from occlusion.errors import AccessDenied, InputError, RecordNotFound
from occlusion.services.accounts import Account
from occlusion.services.passwords import PasswordPolicy, check_new_password, hash_password
from occlusion.store import timestamps
from occlusion.store.accounts import PasswordReset, WebSession, WebUser
from occlusion.store.engine import Database
from occlusion.vocabulary import Role

#: How long a reset link works [s].
RESET_LIFETIME_S = 24 * 3600


@dataclass(frozen=True, slots=True)
class ResetLink:
    """A freshly issued link's token, whom it is for and until when it works."""

    token: str
    email: str
    display_name: str
    expires_at_utc: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_reset(
    database: Database, admin: Account, user_id: uuid.UUID, *, now: datetime
) -> ResetLink:
    """Issue a one-time reset link for the account ``user_id`` (administrators only).

    Raises
    ------
    AccessDenied
        ``admin`` is not an administrator.
    RecordNotFound
        No such account.
    """
    if admin.role != Role.ADMIN:
        raise AccessDenied("only an administrator issues reset links", code="account.not-admin")
    moment, _offset = timestamps.split(now)
    token = secrets.token_urlsafe(32)
    expires = moment + timedelta(seconds=RESET_LIFETIME_S)
    with database.session() as session:
        user = session.get(WebUser, user_id)
        if user is None:
            raise RecordNotFound("no such account", code="account.not-found")
        session.execute(
            delete(PasswordReset).where(
                PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None)
            )
        )
        session.add(
            PasswordReset(
                token_sha256=_digest(token),
                user_id=user_id,
                issued_by=admin.id,
                created_at=moment,
                expires_at=expires,
                used_at=None,
            )
        )
        return ResetLink(token, user.email, user.display_name, expires)


def reset_is_open(database: Database, token: str, *, now: datetime) -> bool:
    """Return whether ``token`` is a reset link that still works."""
    if not token or len(token) > 100:
        return False
    moment, _offset = timestamps.split(now)
    with database.session() as session:
        found = session.scalar(
            select(PasswordReset.id).where(
                PasswordReset.token_sha256 == _digest(token),
                PasswordReset.used_at.is_(None),
                PasswordReset.expires_at > moment,
            )
        )
        return found is not None


def reset_password(
    database: Database, token: str, new_password: str, *, policy: PasswordPolicy, now: datetime
) -> str:
    """Set a new password through a reset link; return the account's e-mail address.

    The link is used up in the same transaction (a second use, even a parallel one, is
    refused), every session of the account ends and any lockout is lifted.

    Raises
    ------
    InputError
        ``reset.invalid`` for an unknown, used or expired link (one answer for all three), or
        the new password is refused by :func:`~occlusion.services.passwords.check_new_password`.
    """
    moment, _offset = timestamps.split(now)
    invalid = InputError(
        "this reset link does not work any more; ask an administrator for a new one",
        code="reset.invalid",
    )
    if not token or len(token) > 100:
        raise invalid
    with database.session() as session:
        row = session.execute(
            select(PasswordReset, WebUser)
            .join(WebUser, WebUser.id == PasswordReset.user_id)
            .where(
                PasswordReset.token_sha256 == _digest(token),
                PasswordReset.used_at.is_(None),
                PasswordReset.expires_at > moment,
            )
        ).first()
        if row is None:
            raise invalid
        reset, user = row
        check_new_password(new_password, user_inputs=(user.email, user.display_name))
        # Claim the link atomically: only one request turns used_at from NULL to now.
        claimed = session.execute(
            update(PasswordReset)
            .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
            .values(used_at=moment),
            execution_options={"synchronize_session": False},
        )
        if not claimed.rowcount:  # type: ignore[attr-defined]
            raise invalid
        session.execute(
            update(WebUser)
            .where(WebUser.id == user.id)
            .values(
                password_hash=hash_password(new_password, policy),
                failed_sign_ins=0,
                locked_until=None,
            ),
            execution_options={"synchronize_session": False},
        )
        session.execute(delete(WebSession).where(WebSession.user_id == user.id))
        return str(user.email)
