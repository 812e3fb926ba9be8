"""The JSON API under ``/api/``: every use case of the pages, with its OpenAPI schema.

Authentication is the same server-side session cookie as the pages; every state change needs
the CSRF token (``x-csrftoken`` header, value of the ``csrftoken`` cookie). Errors are
``{"status_code": N, "detail": "one line"}``.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from typing import Annotated, Any

from litestar import Request, Response, Router, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from occlusion import units
from occlusion.errors import InputError, RecordNotFound
from occlusion.services import accounts, audit, grants, password_reset, records, submissions
from occlusion.services.roster import roster
from occlusion.sessions.validation import LOAD_RANGE_KG
from occlusion.vocabulary import (
    CuffMaterial,
    DetectionMethod,
    EquipmentKind,
    LengthUnit,
    Limb,
    MassUnit,
    Posture,
    PressureUnit,
    Role,
    Sex,
    Side,
    UnitSystem,
)
from occlusion.web.context import (
    SESSION_COOKIE,
    app_state,
    client_address,
    require_account,
    require_account_async,
)
from occlusion.web.routes.auth import GRANT_NEXT, SIGN_UP_NEXT, with_session_cookie

Json = dict[str, Any]


@dataclass
class SignUpBody:
    """A new account."""

    email: str
    password: str
    display_name: str
    role: Role = Role.ATHLETE


@dataclass
class SignInBody:
    """E-mail and password."""

    email: str
    password: str


@dataclass
class ProfileBody:
    """The athlete's profile (creates their training record)."""

    sex: Sex | None = None
    birth_year: int | None = None
    body_mass: float | None = None
    preferred_units: UnitSystem = UnitSystem.METRIC


@dataclass
class GrantBody:
    """The e-mail of the coach or clinician to share the record with."""

    email: str


@dataclass
class BloodPressureBody:
    """A resting blood pressure."""

    systolic: float
    diastolic: float | None = None
    unit: PressureUnit = PressureUnit.MMHG
    posture: Posture | None = None


@dataclass
class LimbBody:
    """A limb circumference where the cuff or wrap goes."""

    limb: Limb
    side: Side
    circumference: float
    unit: LengthUnit = LengthUnit.CM


@dataclass
class LopEstimateBody:
    """Which limb and cuff to estimate LOP for."""

    limb: Limb
    side: Side
    cuff_width_cm: float
    posture: Posture = Posture.SEATED
    cuff_material: CuffMaterial = CuffMaterial.NYLON


@dataclass
class LopMeasuredBody:
    """An LOP measured by hand."""

    limb: Limb
    side: Side
    cuff_width_cm: float
    lop_mmhg: float
    posture: Posture = Posture.SEATED
    cuff_material: CuffMaterial = CuffMaterial.NYLON
    method: DetectionMethod = DetectionMethod.DOPPLER


@dataclass
class GuidedLopBody:
    """Settings of a guided manual LOP measurement and the answers so far."""

    limb: Limb
    posture: Posture = Posture.SEATED
    detection: DetectionMethod = DetectionMethod.DOPPLER
    answers: list[str] = field(default_factory=list)


@dataclass
class LopRoutesBody:
    """Which limb and equipment to list the ways to an LOP for."""

    limb: Limb
    side: Side
    equipment: EquipmentKind = EquipmentKind.CUFF
    cuff_width_cm: float | None = None
    posture: Posture = Posture.SEATED
    cuff_material: CuffMaterial = CuffMaterial.NYLON


@dataclass
class PasswordBody:
    """The account's password, asked again before deleting it."""

    password: str


@dataclass
class PasswordChangeBody:
    """The current password and the new one."""

    current_password: str
    new_password: str


@dataclass
class ResetBody:
    """A reset link's token and the new password."""

    token: str
    new_password: str


@dataclass
class AccountChangeBody:
    """An admin's change to an account: a new role, or lifting a lockout."""

    role: Role | None = None
    unlock: bool = False


@dataclass
class ClearanceBody:
    """A clinician's clearance note."""

    note: str = ""


@dataclass
class LogSetBody:
    """What was done in the set under way."""

    reps: int | None = None
    load: float | None = None
    load_unit: MassUnit = MassUnit.KG
    rpe: float | None = None
    discomfort: int | None = None
    symptoms: list[str] = field(default_factory=list)
    notes: str = ""
    #: A token the page makes per set: a resend of the same set is not logged twice.
    submission: str | None = None
    #: The set this log is for, as ``[exercise number, set number]`` (from 1): refused when the
    #: session has moved on (a set kept on the phone without a connection and sent later).
    expected_set: list[int] | None = None
    #: When the phone says the set was done: ISO 8601 with its UTC offset. Kept when plausible
    #: (a set kept on the phone without a connection and sent later), else the set is timed on
    #: arrival.
    done_at: str | None = None


@dataclass
class LateSetBody(LogSetBody):
    """A set kept on a phone without a connection, sent after its session had ended."""


@dataclass
class ReportBody:
    """Discomfort (0–10) or a symptom reported at any moment."""

    discomfort: int | None = None
    symptom: str | None = None


@post("/sign-up", status_code=202, tags=["account"], sync_to_thread=True)
def api_sign_up(request: Request[Any, Any, Any], data: JSONBody[SignUpBody]) -> Response[Json]:
    """Ask for an account; sign in next (the same answer whether or not the address had one)."""
    state = app_state(request)
    # A typing slip is refused before the attempt is counted against the address.
    accounts.check_new_account(
        email=data.email, password=data.password, display_name=data.display_name, role=data.role
    )
    state.sign_up_throttle.check(client_address(request))
    accounts.request_account(
        state.database,
        email=data.email,
        password=data.password,
        display_name=data.display_name,
        role=data.role,
        policy=state.config.password_policy,
        now=state.now(),
    )
    return Response(
        {"accepted": True, "next": "sign-in", "detail": SIGN_UP_NEXT}, status_code=202
    )


@post("/sign-in", status_code=200, tags=["account"], sync_to_thread=True)
def api_sign_in(request: Request[Any, Any, Any], data: JSONBody[SignInBody]) -> Response[Json]:
    """Sign in (rate-limited per client address; accounts lock after repeated failures)."""
    state = app_state(request)
    state.throttle.check(client_address(request))
    account = accounts.sign_in(
        state.database,
        email=data.email,
        password=data.password,
        policy=state.config.password_policy,
        now=state.now(),
    )
    return with_session_cookie(request, Response(account.as_dict()), account)


@post("/sign-out", status_code=200, tags=["account"], sync_to_thread=True)
def api_sign_out(request: Request[Any, Any, Any]) -> Response[Json]:
    """End this session."""
    state = app_state(request)
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        accounts.close_session(state.database, token)
    response = Response({"signed_out": True})
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@get("/me", tags=["account"])
async def api_me(request: Request[Any, Any, Any]) -> Json:
    """Return the signed-in account (on the event loop when the token is cached)."""
    return (await require_account_async(request)).as_dict()


@post("/me/profile", status_code=201, tags=["account"], sync_to_thread=True)
def api_profile(request: Request[Any, Any, Any], data: JSONBody[ProfileBody]) -> Json:
    """Create the athlete's training record."""
    state = app_state(request)
    account = accounts.create_profile(
        state.database,
        require_account(request, Role.ATHLETE),
        sex=data.sex,
        birth_year=data.birth_year,
        body_mass=data.body_mass,
        preferred_units=data.preferred_units,
        now=state.now(),
    )
    return account.as_dict()


@get("/me/export", tags=["account"], sync_to_thread=True)
def api_export(request: Request[Any, Any, Any]) -> Json:
    """Everything kept about the signed-in account."""
    state = app_state(request)
    return accounts.export_account(state.database, require_account(request))


@get("/me/grants", tags=["account"], sync_to_thread=True)
def api_grants(request: Request[Any, Any, Any]) -> list[Json]:
    """Active grants on the athlete's record."""
    state = app_state(request)
    return grants.grants_of(state.database, require_account(request, Role.ATHLETE))


@post("/me/grants", status_code=202, tags=["account"], sync_to_thread=True)
def api_grant(request: Request[Any, Any, Any], data: JSONBody[GrantBody]) -> Response[Json]:
    """Share the athlete's record with the coach or clinician with this address, if any.

    The answer is the same whether or not such an account exists; ``GET /api/me/grants`` lists
    the grants in force.
    """
    state = app_state(request)
    account = require_account(request, Role.ATHLETE)
    state.sign_up_throttle.check(client_address(request))
    grants.share_record(state.database, account, data.email, now=state.now())
    return Response({"accepted": True, "detail": GRANT_NEXT}, status_code=202)


@post("/me/password", status_code=200, tags=["account"], sync_to_thread=True)
def api_change_password(
    request: Request[Any, Any, Any], data: JSONBody[PasswordChangeBody]
) -> Json:
    """Change the password (the current one is asked again); other sessions are signed out."""
    state = app_state(request)
    account = require_account(request)
    state.throttle.check(client_address(request))
    signed_out = accounts.change_password(
        state.database,
        account,
        current_password=data.current_password,
        new_password=data.new_password,
        policy=state.config.password_policy,
        now=state.now(),
        keep_token=request.cookies.get(SESSION_COOKIE, ""),
    )
    return {"changed": True, "signed_out": signed_out}


@post("/me/grants/{grant_id:uuid}/revoke", status_code=200, tags=["account"], sync_to_thread=True)
def api_revoke(request: Request[Any, Any, Any], grant_id: FromPath[uuid.UUID]) -> Json:
    """Withdraw a grant at once."""
    state = app_state(request)
    grants.revoke_access(
        state.database, require_account(request, Role.ATHLETE), grant_id, now=state.now()
    )
    return {"revoked": str(grant_id)}


@get("/roster", tags=["coach"], sync_to_thread=True)
def api_roster(request: Request[Any, Any, Any]) -> list[Json]:
    """People who shared their record with the signed-in coach or clinician."""
    state = app_state(request)
    account = require_account(request, Role.COACH, Role.CLINICIAN)
    return roster(state.database, account, now=state.now())


@get("/people/{person_id:uuid}", tags=["record"], sync_to_thread=True)
def api_overview(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Json:
    """Return a record: profile, latest screening, measurements, plan and running session."""
    state = app_state(request)
    return records.overview(
        state.database, require_account(request), person_id, now=state.now(), live=state.live
    )


@post("/people/{person_id:uuid}/screening", status_code=201, tags=["record"], sync_to_thread=True)
def api_screen(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: JSONBody[dict[str, Any]]
) -> Json:
    """Screen the person with the answers of ``occlusion screen`` (ids as keys)."""
    state = app_state(request)
    return records.screen(
        state.database, require_account(request), person_id, data, now=state.now()
    )


@post("/people/{person_id:uuid}/clearance", status_code=201, tags=["record"], sync_to_thread=True)
def api_clearance(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: JSONBody[ClearanceBody]
) -> Json:
    """Record the signed-in clinician's clearance of a ``refer`` decision."""
    state = app_state(request)
    return records.clear(
        state.database, require_account(request), person_id, data.note, now=state.now()
    )


@get("/people/{person_id:uuid}/measurements", tags=["record"], sync_to_thread=True)
def api_measurements(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Json:
    """Every measurement, newest first, by kind."""
    state = app_state(request)
    return records.measurements(
        state.database, require_account(request), person_id, now=state.now()
    )


@post(
    "/people/{person_id:uuid}/measurements/blood-pressure",
    status_code=201,
    tags=["record"],
    sync_to_thread=True,
)
def api_blood_pressure(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    data: JSONBody[BloodPressureBody],
) -> Json:
    """Record a resting blood pressure."""
    state = app_state(request)
    return records.add_blood_pressure(
        state.database,
        require_account(request),
        person_id,
        systolic=data.systolic,
        diastolic=data.diastolic,
        unit=data.unit,
        posture=data.posture,
        now=state.now(),
    )


@post(
    "/people/{person_id:uuid}/measurements/limb",
    status_code=201,
    tags=["record"],
    sync_to_thread=True,
)
def api_limb(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: JSONBody[LimbBody]
) -> Json:
    """Record a limb circumference."""
    state = app_state(request)
    return records.add_limb(
        state.database,
        require_account(request),
        person_id,
        limb=data.limb,
        side=data.side,
        circumference=data.circumference,
        unit=data.unit,
        now=state.now(),
    )


@post(
    "/people/{person_id:uuid}/lop/estimate", status_code=201, tags=["record"], sync_to_thread=True
)
def api_lop_estimate(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: JSONBody[LopEstimateBody]
) -> Json:
    """Estimate LOP with its 95 % prediction interval from the latest limb and blood pressure."""
    state = app_state(request)
    return records.estimate_lop(
        state.database,
        require_account(request),
        person_id,
        limb=data.limb,
        side=data.side,
        posture=data.posture,
        cuff_width_cm=data.cuff_width_cm,
        cuff_material=data.cuff_material,
        now=state.now(),
    )


@post(
    "/people/{person_id:uuid}/lop/measured", status_code=201, tags=["record"], sync_to_thread=True
)
def api_lop_measured(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: JSONBody[LopMeasuredBody]
) -> Json:
    """Store an LOP measured by hand."""
    state = app_state(request)
    return records.record_measured_lop(
        state.database,
        require_account(request),
        person_id,
        limb=data.limb,
        side=data.side,
        posture=data.posture,
        cuff_width_cm=data.cuff_width_cm,
        cuff_material=data.cuff_material,
        lop_mmhg=data.lop_mmhg,
        method=data.method,
        now=state.now(),
    )


@post(
    "/people/{person_id:uuid}/lop/{lop_id:uuid}/retire",
    status_code=200,
    tags=["record"],
    sync_to_thread=True,
)
def api_lop_retire(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], lop_id: FromPath[uuid.UUID]
) -> Json:
    """Retire an LOP: kept in the history and exports, no longer used for new plans."""
    state = app_state(request)
    return records.retire_lop(
        state.database, require_account(request), person_id, lop_id, now=state.now()
    )


@post(
    "/people/{person_id:uuid}/lop/{lop_id:uuid}/restore",
    status_code=200,
    tags=["record"],
    sync_to_thread=True,
)
def api_lop_restore(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], lop_id: FromPath[uuid.UUID]
) -> Json:
    """Use a retired LOP for new plans again."""
    state = app_state(request)
    return records.restore_lop(
        state.database, require_account(request), person_id, lop_id, now=state.now()
    )


@post("/people/{person_id:uuid}/lop/guided", status_code=200, tags=["record"], sync_to_thread=True)
def api_lop_guided(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: JSONBody[GuidedLopBody]
) -> Json:
    """Replay a guided manual LOP measurement's answers; return the next step or the result."""
    state = app_state(request)
    return records.guided_lop(
        state.database,
        require_account(request),
        person_id,
        limb=data.limb,
        posture=data.posture,
        detection=data.detection,
        answers=data.answers,
        now=state.now(),
    )


@post("/people/{person_id:uuid}/lop/routes", status_code=200, tags=["record"], sync_to_thread=True)
def api_lop_routes(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: JSONBody[LopRoutesBody]
) -> Json:
    """List every way to an LOP for one limb and its equipment, each with its reason (codes)."""
    state = app_state(request)
    return records.lop_routes(
        state.database,
        require_account(request),
        person_id,
        now=state.now(),
        device=state.config.device,
        limb=data.limb,
        side=data.side,
        equipment=data.equipment,
        cuff_width_cm=data.cuff_width_cm,
        cuff_material=data.cuff_material,
        posture=data.posture,
    )


@post("/people/{person_id:uuid}/lop/device", status_code=200, tags=["record"], sync_to_thread=True)
def api_lop_device(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    data: JSONBody[LopEstimateBody],
) -> Json:
    """Let the cuff measure LOP (stored only for a real cuff, never for the simulated one)."""
    state = app_state(request)
    return records.automatic_lop(
        state.database,
        require_account(request),
        person_id,
        limb=data.limb,
        side=data.side,
        posture=data.posture,
        cuff_width_cm=data.cuff_width_cm,
        cuff_material=data.cuff_material,
        now=state.now(),
        device=state.config.device,
    )


@post("/me/delete", status_code=200, tags=["account"], sync_to_thread=True)
def api_delete(request: Request[Any, Any, Any], data: JSONBody[PasswordBody]) -> Response[Json]:
    """Delete the account and its whole record (the password is asked again)."""
    state = app_state(request)
    account = require_account(request)
    state.throttle.check(client_address(request))
    accounts.delete_account(
        state.database,
        account,
        password=data.password,
        policy=state.config.password_policy,
        now=state.now(),
    )
    response = Response({"deleted": True})
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@post("/me/sessions/revoke-others", status_code=200, tags=["account"], sync_to_thread=True)
def api_revoke_other_sessions(request: Request[Any, Any, Any]) -> Json:
    """Sign out every other browser of this account."""
    state = app_state(request)
    count = accounts.revoke_other_sessions(
        state.database,
        require_account(request),
        request.cookies.get(SESSION_COOKIE, ""),
    )
    return {"signed_out": count}


@get("/admin/accounts", tags=["admin"], sync_to_thread=True)
def api_accounts(request: Request[Any, Any, Any]) -> list[Json]:
    """Return every account (admins only; never a password hash)."""
    require_account(request, Role.ADMIN)
    state = app_state(request)
    return accounts.list_accounts(state.database, now=state.now())


@post("/admin/accounts/{user_id:uuid}", status_code=200, tags=["admin"], sync_to_thread=True)
def api_change_account(
    request: Request[Any, Any, Any],
    user_id: FromPath[uuid.UUID],
    data: JSONBody[AccountChangeBody],
) -> Json:
    """Change an account's role or lift its lockout (admins only)."""
    admin = require_account(request, Role.ADMIN)
    state = app_state(request)
    accounts.change_account(state.database, admin, user_id, role=data.role, unlock=data.unlock)
    return {"changed": str(user_id)}


@post(
    "/admin/accounts/{user_id:uuid}/reset-link",
    status_code=201,
    tags=["admin"],
    sync_to_thread=True,
)
def api_reset_link(request: Request[Any, Any, Any], user_id: FromPath[uuid.UUID]) -> Json:
    """Issue a one-time password reset link (admins only); mailed when SMTP is configured."""
    from occlusion.web.routes.coach import issue_reset_link

    return issue_reset_link(request, user_id)


@post("/reset", status_code=200, tags=["account"], sync_to_thread=True)
def api_reset(request: Request[Any, Any, Any], data: JSONBody[ResetBody]) -> Json:
    """Set a new password with a reset link's token; every session of the account ends."""
    state = app_state(request)
    state.throttle.check(client_address(request))
    password_reset.reset_password(
        state.database,
        data.token,
        data.new_password,
        policy=state.config.password_policy,
        now=state.now(),
    )
    return {"reset": True, "next": "sign-in"}


@get("/admin/audit", tags=["admin"], sync_to_thread=True)
def api_audit(request: Request[Any, Any, Any]) -> list[Json]:
    """Return the newest 200 reads and writes of others' records (admins only)."""
    state = app_state(request)
    require_account(request, Role.ADMIN)
    return audit.audit_log(state.database, limit=200)


@get("/people/{person_id:uuid}/plan", tags=["record"], sync_to_thread=True)
def api_plan(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Json:
    """Return the active plan: a frozen prescription with its references."""
    state = app_state(request)
    plan = records.plan(state.database, require_account(request), person_id, now=state.now())
    if plan is None:
        raise RecordNotFound("no plan yet", code="plan.none")
    return plan


@post("/people/{person_id:uuid}/plan", status_code=201, tags=["record"], sync_to_thread=True)
def api_write_plan(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: JSONBody[dict[str, Any]]
) -> Json:
    """Prescribe from the record plus a partial profile (equipment, training, exercises)."""
    state = app_state(request)
    return records.write_plan(
        state.database, require_account(request), person_id, data, now=state.now()
    )


@get("/people/{person_id:uuid}/history", tags=["record"], sync_to_thread=True)
def api_history(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 20,
    before: FromQuery[str | None] = None,
) -> Json:
    """One page of sessions with every set, newest first."""
    state = app_state(request)
    return records.history(
        state.database,
        require_account(request),
        person_id,
        limit=limit,
        before=before,
        now=state.now(),
    )


@get("/people/{person_id:uuid}/progress", tags=["record"], sync_to_thread=True)
def api_progress(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Json:
    """Return progress per exercise and session (volume load, e1RM, reps, pressure, discomfort)."""
    state = app_state(request)
    return records.progress(state.database, require_account(request), person_id, now=state.now())


@get("/people/{person_id:uuid}/session", tags=["session"], sync_to_thread=True)
def api_session_state(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Json:
    """Return the running session's state."""
    state = app_state(request)
    return records.session_action(
        state.database,
        require_account(request),
        person_id,
        "state",
        now=state.now(),
        live=state.live,
    )


def _session_post(action: str, summary: str) -> Any:
    @post(
        f"/people/{{person_id:uuid}}/session/{action}",
        status_code=200,
        tags=["session"],
        summary=summary,
        operation_id=f"session_{action}",
        name=f"session-{action}",
        sync_to_thread=True,
    )
    def handler(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Json:
        state = app_state(request)
        return records.session_action(
            state.database,
            require_account(request),
            person_id,
            action,
            now=state.now(),
            live=state.live,
        )

    return handler


@post(
    "/people/{person_id:uuid}/session/log", status_code=200, tags=["session"], sync_to_thread=True
)
def api_log_set(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: JSONBody[LogSetBody]
) -> Json:
    """Log the set under way; stop rules act at once.

    A ``submission`` token already used answers with the session's state, logging nothing.
    """
    state = app_state(request)
    account = require_account(request)
    token = submissions.parse_token(data.submission)
    if token is not None and not submissions.claim(
        state.database, token, actor_id=account.id, action="session-log", now=state.now()
    ):
        try:
            return records.session_action(
                state.database, account, person_id, "state", now=state.now(), live=state.live
            )
        except InputError:
            # The set already logged was the last one: the session is over.
            return {"step": "finished", "repeat": True}
    try:
        return log_now(request, person_id, data, account)
    except Exception:
        if token is not None:
            submissions.release(state.database, token)
        raise


def log_now(
    request: Request[Any, Any, Any],
    person_id: uuid.UUID,
    data: LogSetBody,
    account: accounts.Account,
) -> Json:
    """Log the set under way now (a load is checked in the unit it was typed in)."""
    state = app_state(request)
    if data.load is not None:
        system = UnitSystem.METRIC if data.load_unit == MassUnit.KG else UnitSystem.IMPERIAL
        low, high = units.mass_bounds(LOAD_RANGE_KG, system)
        if not (math.isfinite(data.load) and low <= data.load <= high):
            raise InputError(
                f"load must be from {low:,g} to {high:,g} {data.load_unit}, got {data.load!r}",
                code="set.load-out-of-range",
                field="load",
                low=low,
                high=high,
                unit=str(data.load_unit),
            )
    return records.session_action(
        state.database,
        account,
        person_id,
        "log",
        reps=data.reps,
        load=data.load,
        load_unit=data.load_unit,
        rpe=data.rpe,
        discomfort=data.discomfort,
        symptoms=tuple(data.symptoms),
        notes=data.notes,
        now=state.now(),
        live=state.live,
        **({} if data.expected_set is None else {"expected_set": expected_set(data.expected_set)}),
        **({} if data.done_at is None else {"done_at": data.done_at}),
    )


def expected_set(numbers: list[int]) -> list[int]:
    """Return ``[exercise number, set number]`` checked for shape, or refuse it."""
    if len(numbers) != 2 or any(isinstance(n, bool) or not 1 <= n <= 1000 for n in numbers):
        raise InputError(
            "expected_set is [exercise number, set number], each from 1",
            code="session.bad-expected-set",
        )
    return list(numbers)


@post(
    "/people/{person_id:uuid}/sessions/{session_id:uuid}/late-sets",
    status_code=201,
    tags=["session"],
    sync_to_thread=True,
)
def api_late_set(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    session_id: FromPath[uuid.UUID],
    data: JSONBody[LateSetBody],
) -> Response[Json]:
    """Keep a set logged without a connection whose session ended before it was sent.

    ``expected_set`` (``[exercise number, set number]``) is required: the set is added to the
    ended session as that set, marked as sent late. ``done_at`` (ISO 8601 with offset) is when
    the phone says it was done: kept when plausible, else the set is timed on arrival and says
    so. A ``submission`` token already used answers ``{"repeat": true}`` and adds nothing.
    """
    state = app_state(request)
    account = require_account(request)
    token = submissions.parse_token(data.submission)
    claimed = False

    def admit() -> tuple[int, int] | None:
        # Runs once the record is open to this account: a stranger is refused before the body
        # is judged or a submission token spent.
        nonlocal claimed
        if data.expected_set is None:
            raise InputError(
                "expected_set is [exercise number, set number], each from 1",
                code="session.bad-expected-set",
            )
        exercise_number, set_number = expected_set(data.expected_set)
        if token is not None:
            if not submissions.claim(
                state.database, token, actor_id=account.id, action="session-late-set",
                now=state.now(),
            ):
                return None
            claimed = True
        return exercise_number, set_number

    try:
        added = records.add_late_set(
            state.database,
            account,
            person_id,
            session_id,
            now=state.now(),
            admit=admit,
            reps=data.reps,
            load=data.load,
            load_unit=data.load_unit,
            rpe=data.rpe,
            discomfort=data.discomfort,
            symptoms=tuple(data.symptoms),
            done_at=data.done_at,
        )
    except Exception:
        if claimed and token is not None:
            submissions.release(state.database, token)
        raise
    if added is None:
        return Response({"repeat": True}, status_code=200)
    return Response(added, status_code=201)


@post(
    "/people/{person_id:uuid}/session/report",
    status_code=200,
    tags=["session"],
    sync_to_thread=True,
)
def api_report(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: JSONBody[ReportBody]
) -> Json:
    """Report discomfort or a symptom now; stop rules act at once."""
    state = app_state(request)
    return records.session_action(
        state.database,
        require_account(request),
        person_id,
        "report",
        discomfort=data.discomfort,
        symptom=data.symptom,
        now=state.now(),
        live=state.live,
    )


def api_router() -> Router:
    """Return the router of the JSON API under ``/api``."""
    return Router(
        path="/api",
        route_handlers=[
            api_sign_up,
            api_sign_in,
            api_sign_out,
            api_me,
            api_profile,
            api_export,
            api_grants,
            api_grant,
            api_change_password,
            api_revoke,
            api_roster,
            api_overview,
            api_screen,
            api_clearance,
            api_measurements,
            api_blood_pressure,
            api_limb,
            api_lop_estimate,
            api_lop_measured,
            api_lop_retire,
            api_lop_restore,
            api_lop_guided,
            api_lop_device,
            api_lop_routes,
            api_delete,
            api_revoke_other_sessions,
            api_accounts,
            api_change_account,
            api_reset_link,
            api_reset,
            api_audit,
            api_plan,
            api_write_plan,
            api_history,
            api_progress,
            api_session_state,
            _session_post("start", "Start a session from the active plan"),
            _session_post("confirm", "Confirm the wraps are on"),
            _session_post("skip", "End the current rest early"),
            _session_post("stop", "Release and end the session now"),
            api_log_set,
            api_late_set,
            api_report,
        ],
    )
