"""Accounts: sign-up, sign-in with lockout, sign-in sessions, profile, export, deletion, admin.

An athlete's training data lives in a :class:`~occlusion.store.models.Person` made by the
profile step (:func:`create_profile`, through :func:`occlusion.services.people.add_person`);
coaches and clinicians have no person of their own and see others' records only through the
grants in :mod:`occlusion.services.grants`.

Sign-in sessions are server-side: the client holds a random token, the database holds only its
SHA-256, so a stolen database cannot sign anyone in and deleting the row signs the client out.
The web app keeps the token in a cookie; any other interface may hold it the same way.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from occlusion.errors import AccessDenied, InputError, RecordNotFound, SignInError
from occlusion.services import lockout
from occlusion.services.audit import audit_dict, record_account_change
from occlusion.services.passwords import (
    PasswordPolicy,
    check_new_password,
    hash_password,
    verify_password,
)
from occlusion.services.token_cache import cache_of
from occlusion.store import timestamps
from occlusion.store.accounts import AccessGrant, AuditEntry, WebSession, WebUser
from occlusion.store.engine import Database
from occlusion.store.models import Person
from occlusion.text import check_text
from occlusion.vocabulary import Role, choose, values

#: Roles a person may choose when signing up; admins are made by an administrator.
SELF_SERVICE_ROLES: tuple[Role, ...] = (Role.ATHLETE, Role.COACH, Role.CLINICIAN)
#: Failed password checks in a row that pause an account (see :mod:`occlusion.services.lockout`).
MAX_FAILED_SIGN_INS = lockout.MAX_FAILED_SIGN_INS
#: How long a paused account stays paused [s].
LOCKOUT_S = lockout.LOCKOUT_S
#: How long a sign-in lasts without signing in again [s].
SESSION_LIFETIME_S = 14 * 24 * 3600
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


@dataclass(frozen=True, slots=True)
class Account:
    """A signed-in account: who acts on the records."""

    id: uuid.UUID
    email: str
    display_name: str
    role: Role
    person_id: uuid.UUID | None

    @classmethod
    def from_row(cls, row: WebUser) -> Account:
        """Return the account of a ``web_user`` row."""
        return cls(row.id, row.email, row.display_name, Role(row.role), row.person_id)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping (never the password hash)."""
        return {
            "id": str(self.id),
            "email": self.email,
            "display_name": self.display_name,
            "role": self.role,
            "person_id": None if self.person_id is None else str(self.person_id),
        }


def normalise_email(email: str) -> str:
    """Return the e-mail address trimmed and lower-cased, or raise if it is not one."""
    clean = check_text(email.strip().lower(), what="e-mail address")
    if len(clean) > 254 or not _EMAIL.match(clean):
        raise InputError(
            f"{email.strip()[:80]!r} is not an e-mail address",
            code="account.bad-email",
            value=email.strip()[:80],
        )
    return clean


def check_new_account(
    *, email: str, password: str, display_name: str, role: Role | str, allow_admin: bool = False
) -> tuple[str, str, Role]:
    """Check what a new account is asked with, without looking anything up.

    The answer is the same for every address (whether it has an account is not asked), so a
    sign-up form can refuse a typing slip before it counts an attempt against its rate limit.

    Returns
    -------
    tuple
        The normalised e-mail address, the trimmed display name and the role.

    Raises
    ------
    InputError
        Invalid e-mail, name or role, or a weak password.
    """
    address = normalise_email(email)
    name = check_text(display_name.strip(), what="display name")
    if not 1 <= len(name) <= 200:
        raise InputError("a display name needs 1 to 200 characters", code="account.bad-name")
    allowed = tuple(Role) if allow_admin else SELF_SERVICE_ROLES
    if role not in allowed:
        raise InputError(
            f"role must be one of {', '.join(allowed)}, not {role!r}",
            code="account.role-not-allowed",
            value=str(role),
            allowed=values(Role) if allow_admin else tuple(SELF_SERVICE_ROLES),
        )
    check_new_password(password, user_inputs=(address, name))
    return address, name, Role(role)


def sign_up(
    database: Database,
    *,
    email: str,
    password: str,
    display_name: str,
    role: Role | str,
    policy: PasswordPolicy,
    now: datetime,
    allow_admin: bool = False,
) -> Account:
    """Create an account; nothing is written if any value is refused.

    Raises
    ------
    InputError
        Invalid e-mail, name or role, a weak password, or an e-mail already in use.
    """
    address, name, role = check_new_account(
        email=email, password=password, display_name=display_name, role=role,
        allow_admin=allow_admin,
    )
    created_at, offset = timestamps.split(now)
    with database.session() as session:
        taken = session.scalar(select(func.count()).where(WebUser.email == address))
        if taken:
            raise InputError(
                "an account with this e-mail address already exists; sign in",
                code="account.email-taken",
            )
        row = WebUser(
            email=address,
            display_name=name,
            role=role,
            password_hash=hash_password(password, policy),
            person_id=None,
            failed_sign_ins=0,
            locked_until=None,
            created_at=created_at,
            created_offset_min=offset,
        )
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            # A parallel sign-up of the same address won the unique index.
            raise InputError(
                "an account with this e-mail address already exists; sign in",
                code="account.email-taken",
            ) from None
        return Account.from_row(row)


def request_account(
    database: Database,
    *,
    email: str,
    password: str,
    display_name: str,
    role: Role | str,
    policy: PasswordPolicy,
    now: datetime,
) -> None:
    """Create the account unless the address already has one; say neither way.

    The self-service sign-up: an address already in use is left untouched after the same work
    as a new one (one Argon2 hash), so the answer and its timing do not tell who has an account.
    The person signs in next; the owner of an existing address signs in as before.

    Raises
    ------
    InputError
        Invalid e-mail, name or role, or a weak password (checked before the address is looked
        up, the same for every address).
    """
    try:
        sign_up(
            database,
            email=email,
            password=password,
            display_name=display_name,
            role=role,
            policy=policy,
            now=now,
        )
    except InputError as refusal:
        if refusal.code != "account.email-taken":
            raise
        hash_password(password, policy)


def sign_in(
    database: Database, *, email: str, password: str, policy: PasswordPolicy, now: datetime
) -> Account:
    """Check the password, counting it against the account's lockout before it runs.

    An unknown address, a wrong password and a paused account get the same answer after the
    same work (one Argon2 verification, against a dummy hash when there is no account to check),
    so neither the message nor the time tells which addresses have accounts or are paused.

    Raises
    ------
    SignInError
        Wrong address or password, or the account is paused (code ``account.sign-in-refused``,
        the same for every case).
    """
    moment, _offset = timestamps.split(now)
    try:
        address: str | None = normalise_email(email)
    except InputError:
        address = None
    row = None
    if address is not None:
        with database.session() as session:
            row = session.scalars(select(WebUser).where(WebUser.email == address)).first()
    if row is None or not lockout.claim_password_check(database, row.id, now_utc=moment):
        verify_password(_dummy_hash(policy), password, policy)
        raise _refused()
    # A disabled account runs the same check and gets the same answer as a wrong password, so
    # neither the message nor the time tells that it exists or that it was disabled.
    if not verify_password(row.password_hash, password, policy) or row.disabled_at is not None:
        raise _refused()
    lockout.clear_failures(database, row.id)
    return Account.from_row(row)


def _refused() -> SignInError:
    return SignInError(
        "this e-mail address and password did not sign in; after "
        f"{lockout.MAX_FAILED_SIGN_INS} wrong passwords in a row an account pauses for "
        f"{lockout.LOCKOUT_S // 60} min",
        code="account.sign-in-refused",
        attempts=lockout.MAX_FAILED_SIGN_INS,
        minutes=lockout.LOCKOUT_S // 60,
    )


def _dummy_hash(policy: PasswordPolicy) -> str:
    if policy not in _DUMMY_HASHES:
        _DUMMY_HASHES[policy] = hash_password(secrets.token_urlsafe(16), policy)
    return _DUMMY_HASHES[policy]


def check_own_password(
    database: Database, account: Account, password: str, *, policy: PasswordPolicy, now: datetime
) -> None:
    """Check a signed-in account's password again (before deletion or a password change).

    The check counts against the same lockout as sign-in, so it cannot be guessed without limit.

    Raises
    ------
    SignInError
        The password does not match (``account.wrong-own-password``) or the account is paused
        after too many wrong passwords (``account.paused``).
    AccessDenied
        The account no longer exists.
    """
    moment, _offset = timestamps.split(now)
    with database.session() as session:
        stored = session.scalar(select(WebUser.password_hash).where(WebUser.id == account.id))
    if stored is None:
        raise AccessDenied("this account no longer exists", code="account.gone")
    if not lockout.claim_password_check(database, account.id, now_utc=moment):
        raise SignInError(
            f"too many wrong passwords; try again in {lockout.LOCKOUT_S // 60} min",
            code="account.paused",
            minutes=lockout.LOCKOUT_S // 60,
        )
    if not verify_password(stored, password, policy):
        raise SignInError("the password does not match", code="account.wrong-own-password")
    lockout.clear_failures(database, account.id)


_DUMMY_HASHES: dict[PasswordPolicy, str] = {}


def token_digest(token: str) -> str:
    """Return the SHA-256 (hex) under which a session token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(
    database: Database, account: Account, *, now: datetime, user_agent: str = ""
) -> str:
    """Start a server-side session for ``account`` and return the token for its cookie."""
    token = secrets.token_urlsafe(32)
    moment, _offset = timestamps.split(now)
    with database.session() as session:
        session.add(
            WebSession(
                token_sha256=token_digest(token),
                user_id=account.id,
                created_at=moment,
                expires_at=moment + timedelta(seconds=SESSION_LIFETIME_S),
                user_agent=user_agent[:200],
            )
        )
    return token


def account_for_token(database: Database, token: str, *, now: datetime) -> Account | None:
    """Return the account signed in with ``token``, or ``None`` (unknown, expired, revoked)."""
    if not token or len(token) > 100:
        return None
    moment, _offset = timestamps.split(now)
    digest = token_digest(token)
    cache = cache_of(database)
    generation = 0
    if cache is not None:
        generation = cache.generation
        cached = cache.get(digest, moment)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
    with database.session() as session:
        found = session.execute(
            select(WebUser, WebSession.expires_at)
            .join(WebSession, WebSession.user_id == WebUser.id)
            .where(
                WebSession.token_sha256 == digest,
                WebSession.expires_at > moment,
                WebUser.disabled_at.is_(None),
            )
        ).one_or_none()
        if found is None:
            return None
        account = Account.from_row(found[0])
    if cache is not None:
        cache.put(digest, account, found[1], generation)
    return account


def remembered_account(database: Database, token: str, *, now: datetime) -> Account | None:
    """Return the account behind ``token`` when this worker's token cache holds it, else ``None``.

    Never touches the database (an async handler may call it on the event loop); ``None`` means
    "not known here": ask :func:`account_for_token`.
    """
    cache = cache_of(database)
    if cache is None or not token or len(token) > 100:
        return None
    cached = cache.get(token_digest(token), timestamps.split(now)[0])
    return cached if isinstance(cached, Account) else None


def close_session(database: Database, token: str) -> None:
    """Sign out the browser holding ``token`` (its session row is deleted)."""
    with database.session() as session:
        session.execute(delete(WebSession).where(WebSession.token_sha256 == token_digest(token)))


def sessions_of(database: Database, account: Account, current_token: str) -> list[dict[str, Any]]:
    """Return the account's open sessions, marking the current one."""
    current = token_digest(current_token)
    with database.session() as session:
        rows = session.scalars(
            select(WebSession)
            .where(WebSession.user_id == account.id)
            .order_by(WebSession.created_at.desc())
        ).all()
        return [
            {
                "id": str(row.id),
                "created_at": timestamps.to_iso(row.created_at, 0),
                "expires_at": timestamps.to_iso(row.expires_at, 0),
                "user_agent": row.user_agent,
                "current": row.token_sha256 == current,
            }
            for row in rows
        ]


def revoke_other_sessions(database: Database, account: Account, current_token: str) -> int:
    """Sign out every other browser of ``account``; return how many were signed out."""
    with database.session() as session:
        result = session.execute(
            delete(WebSession).where(
                WebSession.user_id == account.id,
                WebSession.token_sha256 != token_digest(current_token),
            )
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def create_profile(
    database: Database,
    account: Account,
    *,
    sex: str | None,
    birth_year: int | None,
    body_mass: float | None,
    preferred_units: str,
    now: datetime,
) -> Account:
    """Make the athlete's person record (their training data) and link it to the account.

    Raises
    ------
    AccessDenied
        The account is not an athlete's.
    InputError
        The account already has a profile, or a value is invalid (nothing is written).
    """
    from occlusion.services.people import add_person

    if account.role != Role.ATHLETE:
        raise AccessDenied(
            "only athletes keep a training record of their own", code="account.not-an-athlete"
        )
    if account.person_id is not None:
        raise InputError("your profile already exists", code="account.profile-exists")
    person = add_person(
        database,
        name=account.display_name,
        sex=sex,
        birth_year=birth_year,
        body_mass=body_mass,
        preferred_units=preferred_units,
        now=now,
    )
    person_id = uuid.UUID(person.id)
    # Link only if no parallel request linked another person first; otherwise drop this one,
    # so an account never leaves a person record that belongs to no one.
    with database.session() as session:
        linked = session.execute(
            update(WebUser)
            .where(WebUser.id == account.id, WebUser.person_id.is_(None))
            .values(person_id=person_id),
            execution_options={"synchronize_session": False},
        )
        won = bool(linked.rowcount)  # type: ignore[attr-defined]
        if not won:
            session.execute(delete(Person).where(Person.id == person_id))
    if not won:
        raise InputError("your profile already exists", code="account.profile-exists")
    return Account(account.id, account.email, account.display_name, account.role, person_id)


def export_account(database: Database, account: Account) -> dict[str, Any]:
    """Return everything kept about ``account``: the account, grants, audit and training log."""
    from occlusion.store.transfer import export_document

    with database.session() as session:
        grants = session.scalars(
            select(AccessGrant).where(
                (AccessGrant.person_id == account.person_id)
                | (AccessGrant.grantee_id == account.id)
            )
        ).all()
        audit = session.scalars(
            select(AuditEntry)
            .where(
                (AuditEntry.person_id == account.person_id) | (AuditEntry.actor_id == account.id)
            )
            .order_by(AuditEntry.occurred_at)
        ).all()
        document: dict[str, Any] = {
            "format": "occlusion-web-account",
            "version": 1,
            "account": account.as_dict(),
            "grants": [
                {
                    "id": str(grant.id),
                    "person_id": str(grant.person_id),
                    "grantee_id": str(grant.grantee_id),
                    "granted_at": timestamps.to_iso(grant.granted_at, 0),
                    "revoked_at": timestamps.to_iso(grant.revoked_at, 0),
                }
                for grant in grants
            ],
            "audit": [audit_dict(entry) for entry in audit],
        }
    document["training_log"] = (
        export_document(database, account.person_id) if account.person_id is not None else None
    )
    return document


def delete_account(
    database: Database,
    account: Account,
    *,
    password: str,
    policy: PasswordPolicy,
    now: datetime,
) -> None:
    """Delete the account, its sessions and grants, and the athlete's whole training record.

    Raises
    ------
    SignInError
        The password does not match (deletion needs it again) or the account is paused after
        too many wrong passwords; nothing is deleted.
    """
    try:
        check_own_password(database, account, password, policy=policy, now=now)
    except AccessDenied:
        return
    with database.session() as session:
        person_id = session.scalar(select(WebUser.person_id).where(WebUser.id == account.id))
        # Core deletes, user first: the database cascades to sessions, grants and every record.
        session.execute(delete(WebUser).where(WebUser.id == account.id))
        if person_id is not None:
            session.execute(delete(Person).where(Person.id == person_id))


def change_password(
    database: Database,
    account: Account,
    *,
    current_password: str,
    new_password: str,
    policy: PasswordPolicy,
    now: datetime,
    keep_token: str,
) -> int:
    """Change a signed-in account's password; every other browser is signed out.

    Parameters
    ----------
    keep_token
        The session token of the browser making the change (it stays signed in).

    Returns
    -------
    int
        How many other sessions were signed out.

    Raises
    ------
    SignInError
        The current password does not match, or the account is paused (same lockout as
        sign-in).
    InputError
        The new password is refused by :func:`check_new_password`.
    """
    check_own_password(database, account, current_password, policy=policy, now=now)
    check_new_password(new_password, user_inputs=(account.email, account.display_name))
    with database.session() as session:
        session.execute(
            update(WebUser)
            .where(WebUser.id == account.id)
            .values(password_hash=hash_password(new_password, policy)),
            execution_options={"synchronize_session": False},
        )
    return revoke_other_sessions(database, account, keep_token)


def list_accounts(database: Database, *, now: datetime) -> list[dict[str, Any]]:
    """Return every account for an administrator (never a password hash)."""
    now_utc, _offset = timestamps.split(now)
    with database.session() as session:
        users = session.scalars(select(WebUser).order_by(WebUser.created_at)).all()
        return [
            {
                "id": str(user.id),
                "email": user.email,
                "display_name": user.display_name,
                "role": user.role,
                "locked": user.locked_until is not None and user.locked_until > now_utc,
                "disabled": user.disabled_at is not None,
            }
            for user in users
        ]


def change_account(
    database: Database,
    admin: Account,
    user_id: uuid.UUID,
    *,
    role: Role | str | None,
    unlock: bool,
) -> None:
    """Change an account's role or lift its lockout (administrators only).

    Raises
    ------
    AccessDenied
        ``admin`` is not an administrator.
    RecordNotFound
        No such account.
    InputError
        An unknown role, an administrator demoting themselves, or an athlete with a training
        record given another role.
    """
    if admin.role != Role.ADMIN:
        raise AccessDenied("only an administrator changes accounts", code="account.not-admin")
    new_role = None if role is None else choose(role, Role, "role")
    with database.session() as session:
        user = session.get(WebUser, user_id)
        if user is None:
            raise RecordNotFound("no such account", code="account.not-found")
        if new_role is not None:
            if user.id == admin.id and new_role != Role.ADMIN:
                raise InputError(
                    "an admin cannot remove their own admin role", code="account.self-demotion"
                )
            if user.person_id is not None and new_role != Role.ATHLETE:
                raise InputError(
                    "an athlete with a training record stays an athlete",
                    code="account.athlete-keeps-role",
                )
            user.role = new_role
        if unlock:
            user.locked_until = None
            user.failed_sign_ins = 0


#: Accounts shown per page of an administrator's search.
ACCOUNTS_PER_PAGE = 25


def search_accounts(
    database: Database,
    admin: Account,
    *,
    query: str = "",
    page: int = 1,
    per_page: int = ACCOUNTS_PER_PAGE,
    now: datetime,
) -> dict[str, Any]:
    """Find accounts whose name or e-mail address contains ``query``, ignoring case.

    Parameters
    ----------
    query
        Text to look for (surrounding spaces ignored); empty lists every account.
    page
        Which page of ``per_page`` accounts, from 1; past the last page gives the last page.

    Returns
    -------
    dict
        ``accounts`` (as :func:`list_accounts`, plus ``disabled_at`` as ISO UTC or ``None``),
        ``total`` matches, ``page`` shown, ``pages`` in all (at least 1) and the ``query``.

    Raises
    ------
    AccessDenied
        ``admin`` is not an administrator.
    """
    if admin.role != Role.ADMIN:
        raise AccessDenied("only an administrator searches accounts", code="account.not-admin")
    text = check_text(query.strip(), what="search")[:200]
    now_utc, _offset = timestamps.split(now)
    condition = None
    if text:
        pattern = "%" + _escape_like(text.lower()) + "%"
        # SQLite's lower() folds only ASCII; the store registers a Unicode one for it.
        lower = func.unicode_lower if database.dialect == "sqlite" else func.lower
        condition = or_(
            lower(WebUser.display_name).like(pattern, escape="\\"),
            lower(WebUser.email).like(pattern, escape="\\"),
        )
    with database.session() as session:
        counted = select(func.count()).select_from(WebUser)
        listed = select(WebUser).order_by(WebUser.display_name, WebUser.email)
        if condition is not None:
            counted = counted.where(condition)
            listed = listed.where(condition)
        total = int(session.scalar(counted) or 0)
        pages = max(1, -(-total // per_page))
        shown = min(max(1, page), pages)
        users = session.scalars(listed.offset((shown - 1) * per_page).limit(per_page)).all()
        rows = [
            {
                "id": str(user.id),
                "email": user.email,
                "display_name": user.display_name,
                "role": user.role,
                "locked": user.locked_until is not None and user.locked_until > now_utc,
                "disabled": user.disabled_at is not None,
                "disabled_at": timestamps.to_iso(user.disabled_at, 0),
                "is_self": user.id == admin.id,
            }
            for user in users
        ]
    return {"accounts": rows, "total": total, "page": shown, "pages": pages, "query": text}


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def set_disabled(
    database: Database, admin: Account, user_id: uuid.UUID, *, disabled: bool, now: datetime
) -> bool:
    """Disable an account (it cannot sign in, every browser is signed out) or enable it again.

    The account's records, grants and audit entries are kept; enabling it again lets it sign in
    with its password as before. Each change is written to the audit trail.

    Returns
    -------
    bool
        Whether anything changed (``False`` when the account already was as asked).

    Raises
    ------
    AccessDenied
        ``admin`` is not an administrator.
    RecordNotFound
        No such account.
    InputError
        An administrator disabling their own account (``account.self-disable``) or the last
        enabled administrator (``account.last-admin``).
    """
    if admin.role != Role.ADMIN:
        raise AccessDenied("only an administrator disables accounts", code="account.not-admin")
    moment, _offset = timestamps.split(now)
    with database.session() as session:
        # Lock the administrators first, so two admins disabling each other cannot both pass
        # the last-admin check (PostgreSQL; SQLite writes one transaction at a time anyway).
        session.execute(select(WebUser.id).where(WebUser.role == Role.ADMIN).with_for_update())
        user = session.get(WebUser, user_id, with_for_update=True)
        if user is None:
            raise RecordNotFound("no such account", code="account.not-found")
        if (user.disabled_at is not None) == disabled:
            return False
        if disabled:
            if user.id == admin.id:
                raise InputError(
                    "an admin cannot disable their own account", code="account.self-disable"
                )
            if user.role == Role.ADMIN:
                others = session.scalar(
                    select(func.count()).where(
                        WebUser.role == Role.ADMIN,
                        WebUser.disabled_at.is_(None),
                        WebUser.id != user.id,
                    )
                )
                if not others:
                    raise InputError(
                        "the last enabled admin cannot be disabled", code="account.last-admin"
                    )
            user.disabled_at = moment
            # Every browser of the account is signed out now; the token cache empties on commit.
            session.execute(delete(WebSession).where(WebSession.user_id == user.id))
        else:
            user.disabled_at = None
            user.failed_sign_ins = 0
            user.locked_until = None
        record_account_change(
            session,
            admin=admin.id,
            account_id=user.id,
            action="disable" if disabled else "enable",
            account_name=user.display_name,
            at_utc=moment,
        )
    return True
