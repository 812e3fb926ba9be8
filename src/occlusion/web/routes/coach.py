"""The coach's and clinician's roster, and the admin's account list and audit log."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template
from sqlalchemy import func, select

from occlusion.errors import InputError
from occlusion.store import timestamps
from occlusion.store.accounts import ROLES, WebUser
from occlusion.store.models import LopRecord, ScreeningRecord, TrainingSession, TrainingSet
from occlusion.vocabulary import Role
from occlusion.web import grants
from occlusion.web.accounts import Account
from occlusion.web.context import AppState, app_state, require_account
from occlusion.web.routes.forms import Form, page, see_other

#: Sessions in the last this many days count towards adherence [days].
ADHERENCE_WINDOW_DAYS = 28
#: An LOP older than this is flagged for re-measurement (project policy) [days].
LOP_STALE_DAYS = 180


def roster(state: AppState, account: Account) -> list[dict[str, Any]]:
    """Return one row per granted person: screening, LOP age, adherence and alerts."""
    now_utc, _offset = timestamps.split(state.now())
    people = grants.people_granted_to(state.database, account)
    rows = []
    with state.database.session() as session:
        for person_id, name in people:
            screening = session.scalars(
                select(ScreeningRecord)
                .where(ScreeningRecord.person_id == person_id)
                .order_by(ScreeningRecord.screened_at.desc())
                .limit(1)
            ).first()
            lop_at = session.scalar(
                select(func.max(LopRecord.measured_at)).where(LopRecord.person_id == person_id)
            )
            window_start = now_utc - timedelta(days=ADHERENCE_WINDOW_DAYS)
            recent = (
                session.scalar(
                    select(func.count()).where(
                        TrainingSession.person_id == person_id,
                        TrainingSession.started_at >= window_start,
                        TrainingSession.status == "completed",
                    )
                )
                or 0
            )
            symptoms = session.scalars(
                select(TrainingSet.symptoms).where(
                    TrainingSet.person_id == person_id, TrainingSet.performed_at >= window_start
                )
            ).all()
            high_discomfort = (
                session.scalar(
                    select(func.count()).where(
                        TrainingSet.person_id == person_id,
                        TrainingSet.performed_at >= window_start,
                        TrainingSet.discomfort > 7,
                    )
                )
                or 0
            )
            alerts = []
            if screening is None:
                alerts.append("not screened")
            elif screening.decision in ("refer", "exclude"):
                alerts.append(f"screening: {screening.decision}")
            lop_days = None if lop_at is None else (now_utc - lop_at).days
            if lop_days is None:
                alerts.append("no LOP on record")
            elif lop_days > LOP_STALE_DAYS:
                alerts.append(f"LOP {lop_days} days old")
            if any(item for item in symptoms):
                alerts.append("symptoms reported")
            if high_discomfort:
                alerts.append(f"{high_discomfort} set(s) with discomfort above 7/10")
            rows.append(
                {
                    "person_id": str(person_id),
                    "name": name,
                    "screening": None if screening is None else screening.decision,
                    "screened_at": None
                    if screening is None
                    else timestamps.to_iso(screening.screened_at, screening.screened_offset_min),
                    "lop_age_days": lop_days,
                    "sessions_last_28_days": int(recent),
                    "alerts": alerts,
                }
            )
    return rows


@get("/roster", include_in_schema=False, sync_to_thread=True)
def roster_page(request: Request[Any, Any, Any]) -> Template:
    """Show the roster of people who shared their record."""
    account = require_account(request, Role.COACH, Role.CLINICIAN)
    return page(
        request,
        "roster.html",
        rows=roster(app_state(request), account),
        window_days=ADHERENCE_WINDOW_DAYS,
    )


def accounts_list(state: AppState) -> list[dict[str, Any]]:
    """Return every account for the admin page (never a password hash)."""
    now_utc, _offset = timestamps.split(state.now())
    with state.database.session() as session:
        users = session.scalars(select(WebUser).order_by(WebUser.created_at)).all()
        return [
            {
                "id": str(user.id),
                "email": user.email,
                "display_name": user.display_name,
                "role": user.role,
                "locked": user.locked_until is not None and user.locked_until > now_utc,
            }
            for user in users
        ]


@get("/admin", include_in_schema=False, sync_to_thread=True)
def admin_page(request: Request[Any, Any, Any]) -> Template:
    """Show accounts and the audit log."""
    require_account(request, Role.ADMIN)
    state = app_state(request)
    return page(
        request,
        "admin.html",
        users=accounts_list(state),
        roles=ROLES,
        audit=grants.audit_log(state.database, limit=100),
    )


def change_account(
    state: AppState,
    admin: Account,
    user_id: uuid.UUID,
    *,
    role: str | None,
    unlock: bool,
) -> None:
    """Change an account's role or lift its lockout."""
    with state.database.session() as session:
        user = session.get(WebUser, user_id)
        if user is None:
            raise grants.RecordNotFound("no such account")
        if role is not None:
            if role not in ROLES:
                raise InputError(f"role must be one of {', '.join(ROLES)}")
            if user.id == admin.id and role != Role.ADMIN:
                raise InputError("an admin cannot remove their own admin role")
            if user.person_id is not None and role != Role.ATHLETE:
                raise InputError("an athlete with a training record stays an athlete")
            user.role = role
        if unlock:
            user.locked_until = None
            user.failed_sign_ins = 0


@post("/admin/accounts/{user_id:uuid}", include_in_schema=False, sync_to_thread=True)
def admin_change(
    request: Request[Any, Any, Any], user_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Change a role or unlock an account."""
    admin = require_account(request, Role.ADMIN)
    state = app_state(request)
    change_account(
        state,
        admin,
        user_id,
        role=data.get("role") or None,
        unlock=data.get("unlock") == "1",
    )
    return see_other("/admin")


HANDLERS = [roster_page, admin_page, admin_change]
