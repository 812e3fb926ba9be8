"""Tables of the web app's accounts: users, sign-in sessions, access grants and the audit log.

They share the training log's declarative base and naming convention, so one database holds both
and one chain of Alembic migrations creates them (revisions ``0003`` and ``0004``). An athlete's
account points at their :class:`~occlusion.store.models.Person`, which owns their training data
(at most one account per person, a unique index); deleting the person deletes the account's
grants with it (``ON DELETE CASCADE``).

- ``web_user``: e-mail, display name, role (athlete, coach, clinician, admin), the Argon2id hash
  of the password, and the failed-sign-in counter with the lockout end;
- ``web_session``: server-side sign-in sessions, looked up by the SHA-256 of the cookie's token
  (the token itself is never stored), so deleting a row signs that browser out at once;
- ``access_grant``: an athlete's permission for a coach or clinician to open their record,
  revoked by setting ``revoked_at``;
- ``audit_entry``: every read or write of someone else's record, kept when either account is
  deleted (the actor and person are plain ids, not foreign keys);
- ``attempt_counter``: attempts per client address and purpose (sign-in, sign-up) in the current
  window, shared by every worker process serving the same database;
- ``password_reset``: one-time links to set a new password, issued by an administrator.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from occlusion.store.ids import new_id
from occlusion.store.models import Base
from occlusion.vocabulary import Role

ROLES: tuple[Role, ...] = tuple(Role)


class WebUser(Base):
    """A person who signs in to the web app."""

    __tablename__ = "web_user"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True, unique=True
    )
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_offset_min: Mapped[int] = mapped_column(Integer)
    #: When an administrator disabled the account (naive UTC); ``None`` while it may sign in.
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: Units for an account without a person of its own (``None``: metric); an athlete's
    #: account follows ``person.preferred_units``.
    preferred_units: Mapped[str | None] = mapped_column(String(10))


class WebSession(Base):
    """A signed-in browser; the cookie carries a token whose SHA-256 is ``token_sha256``."""

    __tablename__ = "web_session"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("web_user.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class AccessGrant(Base):
    """An athlete's permission for a coach or clinician to open and write to their record."""

    __tablename__ = "access_grant"
    __table_args__ = (Index("ix_access_grant_grantee_person", "grantee_id", "person_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    grantee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("web_user.id", ondelete="CASCADE"))
    granted_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEntry(Base):
    """One read or write of a person's record by someone other than its owner."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_person_occurred", "person_id", "occurred_at"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)
    actor_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    actor_role: Mapped[str] = mapped_column(String(10))
    person_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    action: Mapped[str] = mapped_column(String(10))
    resource: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="")


class AttemptCounter(Base):
    """Attempts of one kind from one client in the current fixed window.

    ``key`` is the SHA-256 (hex) of the purpose and the client address, so the table keeps no
    address in clear.
    """

    __tablename__ = "attempt_counter"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer)


class PasswordReset(Base):
    """A one-time link an administrator issued so someone can set a new password.

    Only the SHA-256 of the link's token is kept; a used, expired or replaced link opens nothing.
    """

    __tablename__ = "password_reset"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("web_user.id", ondelete="CASCADE"), index=True
    )
    issued_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
