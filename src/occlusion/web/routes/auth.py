"""Pages for signing up, in and out, and the account page (grants, sessions, export, delete)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from occlusion.errors import InputError, SignInError
from occlusion.services import accounts, audit, display_units, grants, password_reset
from occlusion.vocabulary import Role, UnitSystem
from occlusion.web.context import (
    SESSION_COOKIE,
    app_state,
    client_address,
    current_account,
    require_account,
)
from occlusion.web.csrf import bound_token, csrf_cookie
from occlusion.web.fields import FormInvalid
from occlusion.web.guard import keeps_form
from occlusion.web.routes.forms import (
    Form,
    Forms,
    FormState,
    control_problem,
    page,
    refused,
    see_other,
    submit,
)
from occlusion.web.words import DELETE_WRONG_PASSWORD, error_text


def home_path(account: accounts.Account) -> str:
    """Return where an account lands after signing in."""
    if account.role == Role.ATHLETE:
        return "/me" if account.person_id is not None else "/onboarding/profile"
    if account.role == Role.ADMIN:
        return "/admin"
    return "/roster"


def _safe_next(target: str | None) -> str | None:
    # Only same-site paths, so a crafted link cannot send someone elsewhere after sign-in.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


def with_session_cookie(
    request: Request[Any, Any, Any], response: Response[Any], account: accounts.Account
) -> Response[Any]:
    """Open a server-side session for ``account`` and set its cookie on ``response``."""
    state = app_state(request)
    token = accounts.open_session(
        state.database,
        account,
        now=state.now(),
        user_agent=request.headers.get("user-agent", ""),
    )
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=state.config.secure_cookies,
        max_age=accounts.SESSION_LIFETIME_S,
        path="/",
    )
    # From now on this browser's CSRF token is derived from its session (see web.csrf).
    response.set_cookie(
        csrf_cookie(bound_token(state.csrf_secret, token), secure=state.config.secure_cookies)
    )
    return response


@get("/", include_in_schema=False, sync_to_thread=True)
def index(request: Request[Any, Any, Any]) -> Response[Any]:
    """Send a visitor to their home page, or show the welcome page."""
    account = current_account(request)
    if account is not None:
        return Redirect(home_path(account))
    return page(request, "welcome.html")


@get("/sign-up", include_in_schema=False, sync_to_thread=False)
def sign_up_page(request: Request[Any, Any, Any]) -> Template:
    """Show the sign-up form."""
    fresh = Forms("sign_up", FormState({"role": "athlete"}))
    return page(request, "sign_up.html", roles=accounts.SELF_SERVICE_ROLES, forms=fresh)


#: What a person reads after signing up, whether or not the address already had an account.
SIGN_UP_NEXT = (
    "If this e-mail address is new here, your account is ready: sign in with it and your "
    "password. If the address already had an account, nothing was changed: sign in with the "
    "password you chose then."
)


#: The sign-up field each refusal of the account layer belongs to (by code, or by ``what``).
_SIGN_UP_FIELDS = {
    "account.bad-email": "email",
    "account.bad-name": "display_name",
    "account.role-not-allowed": "role",
    "password.length": "password",
    "password.weak": "password",
    "e-mail address": "email",
    "display name": "display_name",
}


def _sign_up_problem(error: InputError) -> FormInvalid:
    """Return the refusal beside the field it is about (above the form if it is about none)."""
    field = _SIGN_UP_FIELDS.get(error.code) or _SIGN_UP_FIELDS.get(str(error.fields.get("what")))
    if field is None:
        return FormInvalid({}, general=error_text(error))
    return FormInvalid({field: error_text(error)})


def _sign_up_refused(
    request: Request[Any, Any, Any], fields: Mapping[str, str], problem: FormInvalid
) -> Template:
    return page(
        request,
        "sign_up.html",
        400,
        roles=accounts.SELF_SERVICE_ROLES,
        forms=refused("sign_up", fields, problem),
    )


@keeps_form
@post("/sign-up", include_in_schema=False, sync_to_thread=True)
def sign_up(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    """Create an account (the same answer whether or not the address had one)."""
    fields = data
    state = app_state(request)
    control = control_problem(request)
    if control is not None:
        return _sign_up_refused(request, fields, control)
    try:
        accounts.check_new_account(
            email=fields.get("email", ""),
            password=fields.get("password", ""),
            display_name=fields.get("display_name", ""),
            role=fields.get("role", ""),
        )
    except InputError as error:
        return _sign_up_refused(request, fields, _sign_up_problem(error))
    # A typing slip is refused above before the attempt is counted: only requests that could
    # make an account use up the address's sign-ups.
    state.sign_up_throttle.check(client_address(request))
    try:
        accounts.request_account(
            state.database,
            email=fields.get("email", ""),
            password=fields.get("password", ""),
            display_name=fields.get("display_name", ""),
            role=fields.get("role", ""),
            policy=state.config.password_policy,
            now=state.now(),
        )
    except InputError as error:
        return _sign_up_refused(request, fields, _sign_up_problem(error))
    return page(
        request,
        "sign_in.html",
        202,
        notice=SIGN_UP_NEXT,
        next="",
        email=accounts.normalise_email(fields.get("email", "")),
    )


@get("/sign-in", include_in_schema=False, sync_to_thread=False)
def sign_in_page(request: Request[Any, Any, Any], next: FromQuery[str | None] = None) -> Template:
    """Show the sign-in form."""
    return page(request, "sign_in.html", next=_safe_next(next) or "", email="")


@post("/sign-in", include_in_schema=False, sync_to_thread=True)
def sign_in(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    """Check the password (rate-limited per address, locked per account) and sign in."""
    fields = data
    state = app_state(request)
    state.throttle.check(client_address(request))
    try:
        account = accounts.sign_in(
            state.database,
            email=fields.get("email", ""),
            password=fields.get("password", ""),
            policy=state.config.password_policy,
            now=state.now(),
        )
    except SignInError as error:
        return page(
            request,
            "sign_in.html",
            401,
            error=error_text(error),
            next=_safe_next(fields.get("next")) or "",
            email=fields.get("email", ""),
        )
    target = _safe_next(fields.get("next")) or home_path(account)
    return with_session_cookie(request, see_other(target), account)


@get("/reset/{token:str}", include_in_schema=False, sync_to_thread=True)
def reset_page(request: Request[Any, Any, Any], token: FromPath[str]) -> Template:
    """Show the form of a password reset link (or say that the link no longer works)."""
    state = app_state(request)
    is_open = password_reset.reset_is_open(state.database, token, now=state.now())
    return page(request, "reset.html", 200 if is_open else 404, token=token, open=is_open)


@post("/reset/{token:str}", include_in_schema=False, sync_to_thread=True)
def reset(request: Request[Any, Any, Any], token: FromPath[str], data: Form) -> Response[Any]:
    """Set the new password through a reset link; then the person signs in."""
    state = app_state(request)
    state.throttle.check(client_address(request))
    try:
        email = password_reset.reset_password(
            state.database,
            token,
            data.get("new_password", ""),
            policy=state.config.password_policy,
            now=state.now(),
        )
    except InputError as error:
        is_open = error.code != "reset.invalid"
        return page(request, "reset.html", 400, token=token, open=is_open, error=error_text(error))
    return page(
        request,
        "sign_in.html",
        200,
        notice="Your new password is set. Sign in with it.",
        next="",
        email=email,
    )


@post("/sign-out", include_in_schema=False, sync_to_thread=True)
def sign_out(request: Request[Any, Any, Any]) -> Response[Any]:
    """End this browser's session."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        accounts.close_session(app_state(request).database, token)
    response = see_other("/sign-in")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@get("/onboarding/profile", include_in_schema=False, sync_to_thread=True)
def profile_page(request: Request[Any, Any, Any]) -> Response[Any]:
    """Ask an athlete for the profile the equations need."""
    account = require_account(request, Role.ATHLETE)
    if account.person_id is not None:
        return Redirect("/me")
    return page(request, "profile.html")


@keeps_form
@post("/onboarding/profile", include_in_schema=False, sync_to_thread=True)
def create_profile(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    """Create the athlete's record."""
    from occlusion.web.routes.corrections import profile_fields

    account = require_account(request, Role.ATHLETE)
    state = app_state(request)

    def work() -> Response[Any]:
        if account.person_id is not None:
            return see_other(f"/people/{account.person_id}")
        updated = accounts.create_profile(
            state.database, account, now=state.now(), **profile_fields(data, state.now().year)
        )
        return see_other(f"/people/{updated.person_id}/screening")

    return submit(
        request,
        data,
        form="profile",
        done="/me",
        work=work,
        redraw=lambda forms: page(request, "profile.html", forms=forms),
    )


@get("/me", include_in_schema=False, sync_to_thread=True)
def me(request: Request[Any, Any, Any]) -> Redirect:
    """Open the signed-in athlete's own record."""
    account = require_account(request, Role.ATHLETE)
    if account.person_id is None:
        return Redirect("/onboarding/profile")
    return Redirect(f"/people/{account.person_id}")


def _account_page(
    request: Request[Any, Any, Any], status_code: int = 200, **extra: Any
) -> Template:
    account = require_account(request)
    state = app_state(request)
    token = request.cookies.get(SESSION_COOKIE, "")
    return page(
        request,
        "account.html",
        status_code,
        grants=grants.grants_of(state.database, account),
        sessions=[
            {**row, "created_at": in_server_time(row["created_at"], state.now())}
            for row in accounts.sessions_of(state.database, account, token)
        ],
        audit=audit.audit_log(state.database, person_id=account.person_id, limit=50)
        if account.person_id is not None
        else [],
        **extra,
    )


def in_server_time(stored: str | None, now: datetime) -> str | None:
    """Return a stored UTC time (ISO 8601) in the server clock's offset, as the log shows times."""
    if not stored:
        return stored
    return datetime.fromisoformat(stored).astimezone(now.tzinfo).isoformat()


@get("/account", include_in_schema=False, sync_to_thread=True)
def account_page(request: Request[Any, Any, Any]) -> Template:
    """Show grants, open sessions, password change, export and deletion."""
    return _account_page(request)


#: What the grant form says, whether or not a coach or clinician has that address.
GRANT_NEXT = (
    "If a coach or clinician has an account with this address, they can open your record now "
    "and appear in the list above. If nobody appears, check the address with them."
)


@post("/account/grants", include_in_schema=False, sync_to_thread=True)
def add_grant(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    """Grant a coach or clinician access to the athlete's record (same answer for any address)."""
    account = require_account(request, Role.ATHLETE)
    state = app_state(request)
    state.sign_up_throttle.check(client_address(request))
    try:
        grants.share_record(state.database, account, data.get("email", ""), now=state.now())
    except InputError as error:
        return _account_page(request, 400, grant_error=error_text(error))
    return _account_page(request, grant_notice=GRANT_NEXT)


@post("/account/password", include_in_schema=False, sync_to_thread=True)
def change_password(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    """Change the password; other browsers are signed out."""
    account = require_account(request)
    state = app_state(request)
    state.throttle.check(client_address(request))
    try:
        signed_out = accounts.change_password(
            state.database,
            account,
            current_password=data.get("current_password", ""),
            new_password=data.get("new_password", ""),
            policy=state.config.password_policy,
            now=state.now(),
            keep_token=request.cookies.get(SESSION_COOKIE, ""),
        )
    except InputError as error:
        # Beside the field it is about: the current password, or the new one refused.
        own = error.code in ("account.wrong-own-password", "account.paused")
        field = "current_password" if own else "new_password"
        return _account_page(request, 400, password_errors={field: error_text(error)})
    others = f" {signed_out} other browser(s) were signed out." if signed_out else ""
    return _account_page(request, password_notice=f"Your password is changed.{others}")


@post("/account/units", include_in_schema=False, sync_to_thread=True)
def change_units(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    """Choose the units loads and lengths are shown in (an athlete's are their profile's)."""
    account = require_account(request)
    state = app_state(request)
    try:
        system = display_units.set_account_units(
            state.database, account.id, account.person_id, data.get("units", "")
        )
    except InputError as error:
        return _account_page(request, 400, units_notice=error_text(error))
    request.scope["occlusion_units"] = system  # type: ignore[typeddict-unknown-key]
    words = "pounds and inches" if system == UnitSystem.IMPERIAL else "kilograms and centimetres"
    return _account_page(request, units_notice=f"Loads and lengths are now in {words}.")


@post("/account/grants/{grant_id:uuid}/revoke", include_in_schema=False, sync_to_thread=True)
def revoke_grant(request: Request[Any, Any, Any], grant_id: FromPath[uuid.UUID]) -> Response[Any]:
    """Withdraw a grant."""
    account = require_account(request, Role.ATHLETE)
    state = app_state(request)
    grants.revoke_access(state.database, account, grant_id, now=state.now())
    return see_other("/account")


@post("/account/sessions/revoke-others", include_in_schema=False, sync_to_thread=True)
def revoke_other_sessions(request: Request[Any, Any, Any]) -> Response[Any]:
    """Sign out every other browser."""
    account = require_account(request)
    accounts.revoke_other_sessions(
        app_state(request).database, account, request.cookies.get(SESSION_COOKIE, "")
    )
    return see_other("/account")


@get("/account/export", include_in_schema=False, sync_to_thread=True)
def export(request: Request[Any, Any, Any]) -> Response[Any]:
    """Download everything kept about the account as one JSON file."""
    account = require_account(request)
    document = accounts.export_account(app_state(request).database, account)
    return Response(
        document,
        headers={"content-disposition": 'attachment; filename="occlusion-account.json"'},
    )


@post("/account/delete", include_in_schema=False, sync_to_thread=True)
def delete(request: Request[Any, Any, Any], data: Form) -> Response[Any]:
    """Delete the account and its whole record after checking the password again."""
    account = require_account(request)
    fields = data
    state = app_state(request)
    state.throttle.check(client_address(request))
    try:
        accounts.delete_account(
            state.database,
            account,
            password=fields.get("password", ""),
            policy=state.config.password_policy,
            now=state.now(),
        )
    except SignInError as error:
        wrong = error.code == "account.wrong-own-password"
        message = DELETE_WRONG_PASSWORD if wrong else error_text(error)
        return _account_page(request, 401, delete_error=message)
    response = see_other("/?deleted=1")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


HANDLERS = [
    index,
    sign_up_page,
    sign_up,
    sign_in_page,
    sign_in,
    sign_out,
    reset_page,
    reset,
    profile_page,
    create_profile,
    me,
    account_page,
    add_grant,
    change_password,
    change_units,
    revoke_grant,
    revoke_other_sessions,
    export,
    delete,
]
