"""The coach's and clinician's roster, and the admin's account list and audit log."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from occlusion.services import accounts, audit
from occlusion.services.roster import ADHERENCE_WINDOW_DAYS, roster
from occlusion.vocabulary import Role
from occlusion.web.context import app_state, require_account
from occlusion.web.routes.forms import Form, page, see_other


@get("/roster", include_in_schema=False, sync_to_thread=True)
def roster_page(request: Request[Any, Any, Any]) -> Template:
    """Show the roster of people who shared their record."""
    account = require_account(request, Role.COACH, Role.CLINICIAN)
    state = app_state(request)
    return page(
        request,
        "roster.html",
        rows=roster(state.database, account, now=state.now()),
        window_days=ADHERENCE_WINDOW_DAYS,
    )


@get("/admin", include_in_schema=False, sync_to_thread=True)
def admin_page(request: Request[Any, Any, Any]) -> Template:
    """Show accounts and the audit log."""
    require_account(request, Role.ADMIN)
    state = app_state(request)
    return page(
        request,
        "admin.html",
        users=accounts.list_accounts(state.database, now=state.now()),
        roles=tuple(Role),
        audit=audit.audit_log(state.database, limit=100),
    )


@post("/admin/accounts/{user_id:uuid}", include_in_schema=False, sync_to_thread=True)
def admin_change(
    request: Request[Any, Any, Any], user_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Change a role or unlock an account."""
    admin = require_account(request, Role.ADMIN)
    accounts.change_account(
        app_state(request).database,
        admin,
        user_id,
        role=data.get("role") or None,
        unlock=data.get("unlock") == "1",
    )
    return see_other("/admin")


HANDLERS = [roster_page, admin_page, admin_change]
