"""The web's use cases over a person's record, shared by the pages and the JSON API.

Each function first opens the record through :func:`occlusion.web.grants.open_record` (which
refuses strangers and audits coaches and clinicians), then calls :mod:`occlusion.services`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from occlusion.errors import InputError
from occlusion.services import history as history_service
from occlusion.services import measurements as measurement_service
from occlusion.services import plans as plan_service
from occlusion.services import screening as screening_service
from occlusion.services.device_lop import DEVICE_LOP_METHOD
from occlusion.services.people import PersonView, show_person
from occlusion.store import timestamps
from occlusion.store.models import Plan, ScreeningRecord
from occlusion.vocabulary import Role
from occlusion.web.accounts import AccessDenied, Account
from occlusion.web.context import AppState
from occlusion.web.grants import open_record

#: How the cuff's automatic measurement is named in the log (firmware ramp, oscillometry).


def _open(
    state: AppState, account: Account, person_id: uuid.UUID, action: str, resource: str
) -> str:
    open_record(
        state.database, account, person_id, action=action, resource=resource, now=state.now()
    )
    return str(person_id)


def person(state: AppState, account: Account, person_id: uuid.UUID) -> PersonView:
    """Return the person's profile."""
    return show_person(state.database, _open(state, account, person_id, "read", "profile"))


def latest_screening(state: AppState, person_id: uuid.UUID) -> dict[str, Any] | None:
    """Return the newest stored screening (decision, reasons, date) or ``None``."""
    with state.database.session() as session:
        record = session.scalars(
            select(ScreeningRecord)
            .where(ScreeningRecord.person_id == person_id)
            .order_by(ScreeningRecord.screened_at.desc(), ScreeningRecord.id.desc())
            .limit(1)
        ).first()
        if record is None:
            return None
        return {
            "id": str(record.id),
            "screened_at": timestamps.to_iso(record.screened_at, record.screened_offset_min),
            "decision": record.decision,
            "result": record.result,
        }


def active_plan(state: AppState, person_id: uuid.UUID) -> dict[str, Any] | None:
    """Return the person's active plan (the frozen prescription) or ``None``."""
    with state.database.session() as session:
        plan = session.scalars(
            select(Plan)
            .where(Plan.person_id == person_id, Plan.active.is_(True))
            .order_by(Plan.created_at.desc(), Plan.id.desc())
            .limit(1)
        ).first()
        if plan is None:
            return None
        return {
            "plan_id": str(plan.id),
            "created_at": timestamps.to_iso(plan.created_at, plan.created_offset_min),
            "protocol": plan.protocol,
            "prescription": plan.prescription,
        }


def overview(state: AppState, account: Account, person_id: uuid.UUID) -> dict[str, Any]:
    """Return the record's front page: profile, screening, measurements, plan, session."""
    key = _open(state, account, person_id, "read", "overview")
    return {
        "person": show_person(state.database, key).as_dict(),
        "screening": latest_screening(state, person_id),
        "measurements": measurement_service.measurements(state.database, key),
        "plan": active_plan(state, person_id),
        "running_session": state.live.state(person_id),
    }


def screen(
    state: AppState, account: Account, person_id: uuid.UUID, answers: Mapping[str, Any]
) -> dict[str, Any]:
    """Screen the person with ``answers`` and store the result."""
    key = _open(state, account, person_id, "write", "screening")
    return screening_service.screen_person(state.database, key, answers, now=state.now())


def clear(state: AppState, account: Account, person_id: uuid.UUID, note: str) -> dict[str, Any]:
    """Record the signed-in clinician's clearance of a ``refer`` decision."""
    if account.role != Role.CLINICIAN:
        raise AccessDenied("only a clinician records a clearance")
    key = _open(state, account, person_id, "write", "clearance")
    return screening_service.record_clearance(
        state.database, key, clinician=account.display_name, note=note, now=state.now()
    )


def measurements(state: AppState, account: Account, person_id: uuid.UUID) -> dict[str, Any]:
    """Return every measurement of the person, newest first, by kind."""
    key = _open(state, account, person_id, "read", "measurements")
    return measurement_service.measurements(state.database, key)


def add_blood_pressure(
    state: AppState,
    account: Account,
    person_id: uuid.UUID,
    *,
    systolic: float,
    diastolic: float | None,
    unit: str,
    posture: str | None,
) -> dict[str, Any]:
    """Record a resting blood pressure."""
    key = _open(state, account, person_id, "write", "blood-pressure")
    return measurement_service.record_blood_pressure(
        state.database,
        key,
        systolic=systolic,
        diastolic=diastolic,
        unit=unit,
        posture=posture,
        now=state.now(),
    ).as_dict()


def add_limb(
    state: AppState,
    account: Account,
    person_id: uuid.UUID,
    *,
    limb: str,
    side: str,
    circumference: float,
    unit: str,
) -> dict[str, Any]:
    """Record a limb circumference."""
    key = _open(state, account, person_id, "write", "limb")
    return measurement_service.record_limb(
        state.database,
        key,
        limb=limb,
        side=side,
        circumference=circumference,
        unit=unit,
        now=state.now(),
    ).as_dict()


def estimate_lop(
    state: AppState,
    account: Account,
    person_id: uuid.UUID,
    *,
    limb: str,
    side: str,
    posture: str,
    cuff_width_cm: float,
    cuff_material: str,
) -> dict[str, Any]:
    """Estimate LOP (value, 95 % prediction interval, equation) and store it."""
    key = _open(state, account, person_id, "write", "lop-estimate")
    return measurement_service.record_estimated_lop(
        state.database,
        key,
        limb=limb,
        side=side,
        posture=posture,
        cuff_width_cm=cuff_width_cm,
        cuff_material=cuff_material,
        now=state.now(),
    ).as_dict()


def record_measured_lop(
    state: AppState,
    account: Account,
    person_id: uuid.UUID,
    *,
    limb: str,
    side: str,
    posture: str,
    cuff_width_cm: float,
    cuff_material: str,
    lop_mmhg: float,
    method: str,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Store an LOP measured by hand (Doppler or pulse oximeter) or by the cuff itself."""
    key = _open(state, account, person_id, "write", "lop-measured")
    return measurement_service.record_measured_lop(
        state.database,
        key,
        limb=limb,
        side=side,
        posture=posture,
        cuff_width_cm=cuff_width_cm,
        cuff_material=cuff_material,
        lop_mmhg=lop_mmhg,
        source="device" if method == DEVICE_LOP_METHOD else "manual",
        method=method,
        details=details,
        now=state.now(),
    ).as_dict()


def guided_lop(
    state: AppState,
    account: Account,
    person_id: uuid.UUID,
    *,
    limb: str,
    posture: str,
    detection: str,
    answers: list[str],
) -> dict[str, Any]:
    """Replay the answers of a guided manual LOP measurement and return where it stands.

    The walk-through of :mod:`occlusion.science.lop.walkthrough` keeps no state between steps:
    the answers so far (``done``, ``y``, ``n``, ``stop``) are replayed from the start, with the
    person's latest systolic pressure for the second inflation.
    """
    from occlusion.science.lop import run_measurement

    if len(answers) > 60:
        raise InputError("too many answers for one measurement; start again")
    key = _open(state, account, person_id, "read", "lop-guided")
    readings = measurement_service.measurements(state.database, key)["blood_pressure"]
    sbp = readings[0]["systolic_mmhg"] if readings else None
    measurement = run_measurement(
        answers, limb=limb, posture=posture, detection=detection, sbp_mmhg=sbp
    )
    return {**measurement.as_dict(), "finished": measurement.finished}


def automatic_lop(
    state: AppState,
    account: Account,
    person_id: uuid.UUID,
    *,
    limb: str,
    side: str,
    posture: str,
    cuff_width_cm: float,
    cuff_material: str,
) -> dict[str, Any]:
    """Run the cuff's automatic LOP measurement (firmware ramp, oscillometric analysis).

    With a real cuff the result is stored as a ``device`` LOP. With the simulated cuff the limb
    measured is the simulator's, not the person's, so the result is returned and never stored.

    Raises
    ------
    InputError
        No cuff is configured, or a value is invalid.
    DeviceError
        The cuff failed; it is deflated.
    """
    from occlusion.services.device_lop import measure_lop_with_device

    url = state.config.device_url
    if url is None:
        raise InputError("no cuff is connected to this server; estimate or measure LOP by hand")
    simulated = url.startswith("sim")
    key = _open(state, account, person_id, "read" if simulated else "write", "lop-device")
    return measure_lop_with_device(
        state.database,
        key,
        device_url=url,
        limb=limb,
        side=side,
        posture=posture,
        cuff_width_cm=cuff_width_cm,
        cuff_material=cuff_material,
        now=state.now(),
    ).as_dict()


def write_plan(
    state: AppState, account: Account, person_id: uuid.UUID, partial_profile: Mapping[str, Any]
) -> dict[str, Any]:
    """Prescribe from the record plus ``partial_profile`` and store it as the active plan."""
    if not isinstance(partial_profile, Mapping):
        raise InputError("a plan needs a profile: a table of sections such as equipment")
    key = _open(state, account, person_id, "write", "plan")
    return plan_service.write_plan(state.database, key, partial_profile, now=state.now())


def plan(state: AppState, account: Account, person_id: uuid.UUID) -> dict[str, Any] | None:
    """Return the person's active plan."""
    _open(state, account, person_id, "read", "plan")
    return active_plan(state, person_id)


def history(
    state: AppState, account: Account, person_id: uuid.UUID, *, limit: int, before: str | None
) -> dict[str, Any]:
    """Return one page of the person's sessions."""
    key = _open(state, account, person_id, "read", "history")
    return history_service.history(state.database, key, limit=limit, before=before)


def progress(state: AppState, account: Account, person_id: uuid.UUID) -> dict[str, Any]:
    """Return the person's progress per exercise."""
    key = _open(state, account, person_id, "read", "progress")
    return history_service.progress(state.database, key)


def session_action(
    state: AppState, account: Account, person_id: uuid.UUID, action: str, **values: Any
) -> dict[str, Any]:
    """Start the session or act on the running one; return its new state.

    Actions: ``start``, ``confirm`` (wraps are on), ``log`` (reps, load, RPE, discomfort,
    symptoms, notes), ``report`` (discomfort or a symptom at any moment), ``skip`` (end a rest),
    ``stop``, ``state``.
    """
    from occlusion.services.sessions import log_set

    resource = f"session-{action}"
    _open(state, account, person_id, "read" if action == "state" else "write", resource)
    if action == "start":
        return state.live.start(person_id)
    with state.live.running(person_id) as handle:
        runner = handle.runner
        if action == "confirm":
            runner.confirm_applied()
        elif action == "log":
            log_set(handle, **values)
        elif action == "report":
            runner.report(**values)
        elif action == "skip":
            runner.skip_countdown()
        elif action == "stop":
            runner.stop()
        elif action != "state":
            raise InputError(f"unknown session action {action!r}")
        return state.live.describe(handle)
