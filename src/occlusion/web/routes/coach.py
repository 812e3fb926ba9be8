"""The coach's and clinician's roster, and the admin's account list and audit log."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from occlusion.errors import InputError
from occlusion.services import accounts, audit, password_reset
from occlusion.services.roster import ADHERENCE_WINDOW_DAYS, roster
from occlusion.text import without_control_characters
from occlusion.vocabulary import Role
from occlusion.web.context import app_state, require_account
from occlusion.web.guard import keeps_form
from occlusion.web.mail import send_reset_link
from occlusion.web.routes.forms import (
    Form,
    Forms,
    FormState,
    control_problem,
    page,
    see_other,
    submit,
)
from occlusion.web.words import error_text


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


@keeps_form
@get("/admin", include_in_schema=False, sync_to_thread=True)
def admin_page(
    request: Request[Any, Any, Any],
    q: FromQuery[str | None] = None,
    page: FromQuery[str | None] = None,
) -> Template:
    """Show accounts (searched by name or e-mail, a page at a time) and the audit log."""
    return _admin_page(request, query=q or "", page_text=page or "1")


def _admin_page(
    request: Request[Any, Any, Any],
    *,
    query: str = "",
    page_text: str = "1",
    status_code: int = 200,
    **extra: Any,
) -> Template:
    admin = require_account(request, Role.ADMIN)
    state = app_state(request)
    number = int(page_text) if page_text.isdigit() and len(page_text) < 7 else 1
    search_error = None
    control = control_problem(request)
    try:
        if control is not None and "q" in control.errors:
            search_error = control.errors["q"]
        else:
            found = accounts.search_accounts(
                state.database, admin, query=query, page=number, now=state.now()
            )
    except InputError as refusal:
        search_error = error_text(refusal)
    typed = None
    if search_error is not None:
        # Every account is listed under the refused search; the field keeps what was typed.
        found = accounts.search_accounts(state.database, admin, page=number, now=state.now())
        typed = without_control_characters(query).strip()[:200]
    return page(
        request,
        "admin.html",
        status_code=400 if search_error and status_code == 200 else status_code,
        found=found,
        search_error=search_error,
        typed=typed,
        roles=tuple(Role),
        audit=audit.audit_log(state.database, limit=100),
        **extra,
    )


def _admin_address(fields: dict[str, str]) -> str:
    """Return the admin page with the search and page the form was sent from."""
    kept = {key: fields[key] for key in ("q", "page") if fields.get(key)}
    return "/admin" + (f"?{urlencode(kept)}" if kept else "")


def _set_disabled(
    request: Request[Any, Any, Any], user_id: uuid.UUID, fields: dict[str, str], *, disabled: bool
) -> Response[Any]:
    admin = require_account(request, Role.ADMIN)
    state = app_state(request)
    done = _admin_address(fields)

    def work() -> Response[Any]:
        accounts.set_disabled(state.database, admin, user_id, disabled=disabled, now=state.now())
        return see_other(done)

    def redraw(forms: Forms) -> Response[Any]:
        return _admin_page(
            request, query=fields.get("q", ""), page_text=fields.get("page", "1"), forms=forms
        )

    return submit(request, fields, form=f"access_{user_id}", done=done, work=work, redraw=redraw)


@keeps_form
@post("/admin/accounts/{user_id:uuid}/disable", include_in_schema=False, sync_to_thread=True)
def admin_disable(
    request: Request[Any, Any, Any], user_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Disable an account: it cannot sign in and every browser of it is signed out."""
    return _set_disabled(request, user_id, data, disabled=True)


@keeps_form
@post("/admin/accounts/{user_id:uuid}/enable", include_in_schema=False, sync_to_thread=True)
def admin_enable(
    request: Request[Any, Any, Any], user_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Enable a disabled account again."""
    return _set_disabled(request, user_id, data, disabled=False)


def issue_reset_link(request: Request[Any, Any, Any], user_id: uuid.UUID) -> dict[str, Any]:
    """Issue a reset link for ``user_id``; mail it when SMTP is configured.

    Returns the link, whom it is for, until when it works (UTC: ``expires_at`` as text for the
    API's older readers, ``expires_at_utc`` in ISO 8601), and whether it was mailed.
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
        "expires_at_utc": issued.expires_at_utc.isoformat(),
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
    """Change a role or unlock an account (a refusal is shown beside that account's row)."""
    admin = require_account(request, Role.ADMIN)
    try:
        accounts.change_account(
            app_state(request).database,
            admin,
            user_id,
            role=data.get("role") or None,
            unlock=data.get("unlock") == "1",
        )
    except InputError as refusal:
        forms = Forms(f"access_{user_id}", FormState(general=error_text(refusal)))
        return _admin_page(request, status_code=400, forms=forms)
    return see_other("/admin")


HANDLERS = [roster_page, admin_page, admin_change, admin_reset_link, admin_disable, admin_enable]
