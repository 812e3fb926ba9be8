"""The coach's and clinician's roster, and the admin's account list and audit log."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from occlusion.services import accounts, audit, password_reset
from occlusion.services.roster import ADHERENCE_WINDOW_DAYS, roster
from occlusion.vocabulary import Role
from occlusion.web.context import app_state, require_account
from occlusion.web.mail import send_reset_link
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
    return _admin_page(request)


def _admin_page(request: Request[Any, Any, Any], **extra: Any) -> Template:
    require_account(request, Role.ADMIN)
    state = app_state(request)
    return page(
        request,
        "admin.html",
        users=accounts.list_accounts(state.database, now=state.now()),
        roles=tuple(Role),
        audit=audit.audit_log(state.database, limit=100),
        **extra,
    )


def issue_reset_link(request: Request[Any, Any, Any], user_id: uuid.UUID) -> dict[str, Any]:
    """Issue a reset link for ``user_id``; mail it when SMTP is configured.

    Returns the link, whom it is for, until when it works (UTC), and whether it was mailed.
    """
    admin = require_account(request, Role.ADMIN)
    state = app_state(request)
    issued = password_reset.issue_reset(state.database, admin, user_id, now=state.now())
    link = f"{str(request.base_url).rstrip('/')}/reset/{issued.token}"
    mailed = False
    if state.config.smtp_url:
        try:
            send_reset_link(
                state.config.smtp_url,
                state.config.mail_from,
                issued.email,
                issued.display_name,
                link,
            )
            mailed = True
        except OSError:
            request.logger.exception("could not mail the reset link")
    return {
        "link": link,
        "email": issued.email,
        "display_name": issued.display_name,
        "expires_at": issued.expires_at_utc.strftime("%Y-%m-%d %H:%M UTC"),
        "mailed": mailed,
    }


@post("/admin/accounts/{user_id:uuid}/reset-link", include_in_schema=False, sync_to_thread=True)
def admin_reset_link(request: Request[Any, Any, Any], user_id: FromPath[uuid.UUID]) -> Template:
    """Issue a reset link and show it once."""
    return _admin_page(request, reset=issue_reset_link(request, user_id))


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


HANDLERS = [roster_page, admin_page, admin_change, admin_reset_link]
