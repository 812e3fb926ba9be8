"""Use cases over one person's record, for whoever is signed in: owner, coach or clinician.

Each function first opens the record through :func:`occlusion.services.grants.open_record`,
which refuses strangers ("no such record") and writes the audit trail for coaches and clinicians,
then does the work with the other services. The web app's pages and JSON API call these; any
interface with an :class:`~occlusion.services.accounts.Account` can.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from occlusion.device.address import DeviceAddress
from occlusion.errors import AccessDenied, InputError
from occlusion.services import history as history_service
from occlusion.services import measurements as measurement_service
from occlusion.services import plans as plan_service
from occlusion.services import queries
from occlusion.services import screening as screening_service
from occlusion.services.accounts import Account
from occlusion.services.device_lop import DEVICE_LOP_METHOD
from occlusion.services.grants import open_record
from occlusion.services.live_sessions import LiveSessions
from occlusion.services.people import PersonView, show_person
from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.vocabulary import Role


def _open(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    action: str,
    resource: str,
    now: datetime,
) -> str:
    open_record(database, account, person_id, action=action, resource=resource, now=now)
    return str(person_id)


def latest_screening(
    database: Database, person_id: uuid.UUID, now: datetime | None = None
) -> dict[str, Any] | None:
    """Return the newest stored screening (decision, reasons, date) or ``None``.

    With ``now``, ``due`` lists why it is due again (empty: it stands;
    :func:`occlusion.services.screening.due_reasons`).
    """
    from occlusion.services.screening import due_reasons
    from occlusion.store.models import Person

    with database.session() as session:
        record = queries.latest_screening(session, person_id)
        if record is None:
            return None
        owner = session.get(Person, person_id)
        due = [] if now is None or owner is None else due_reasons(session, owner, record, now)
        return {
            "id": str(record.id),
            "screened_at": timestamps.to_iso(record.screened_at, record.screened_offset_min),
            "decision": record.decision,
            "answers": record.answers,
            "result": record.result,
            "due": due,
        }


def active_plan(database: Database, person_id: uuid.UUID) -> dict[str, Any] | None:
    """Return the person's active plan (the frozen prescription) or ``None``.

    ``retired_sources`` lists the limbs whose LOP measurement was retired after the plan was
    written (:func:`occlusion.services.retirement.retired_sources`).
    """
    from occlusion.services.retirement import retired_sources

    with database.session() as session:
        plan = queries.active_plan(session, person_id)
        if plan is None:
            return None
        return {
            "plan_id": str(plan.id),
            "created_at": timestamps.to_iso(plan.created_at, plan.created_offset_min),
            "protocol": plan.protocol,
            "prescription": plan.prescription,
            "retired_sources": retired_sources(session, person_id, plan.prescription),
        }


def person(
    database: Database, account: Account, person_id: uuid.UUID, *, now: datetime
) -> PersonView:
    """Return the person's profile."""
    return show_person(database, _open(database, account, person_id, "read", "profile", now))


def overview(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    *,
    now: datetime,
    live: LiveSessions | None = None,
) -> dict[str, Any]:
    """Return the record's front page: profile, screening, measurements, plan, session."""
    key = _open(database, account, person_id, "read", "overview", now)
    latest = history_service.history(database, key, limit=1)
    return {
        "adherence": latest["adherence"][-3:],
        "latest_session": latest["sessions"][0] if latest["sessions"] else None,
        "person": show_person(database, key).as_dict(),
        "screening": latest_screening(database, person_id, now),
        "measurements": measurement_service.measurements(database, key),
        "plan": active_plan(database, person_id),
        "running_session": None if live is None else live.state(person_id),
    }


def screen(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    answers: Mapping[str, Any],
    *,
    now: datetime,
) -> dict[str, Any]:
    """Screen the person with ``answers`` and store the result."""
    key = _open(database, account, person_id, "write", "screening", now)
    return screening_service.screen_person(database, key, answers, now=now)


def clear(
    database: Database, account: Account, person_id: uuid.UUID, note: str, *, now: datetime
) -> dict[str, Any]:
    """Record the signed-in clinician's clearance of a ``refer`` decision."""
    if account.role != Role.CLINICIAN:
        raise AccessDenied(
            "only a clinician records a clearance", code="account.not-a-clinician"
        )
    key = _open(database, account, person_id, "write", "clearance", now)
    return screening_service.record_clearance(
        database, key, clinician=account.display_name, note=note, now=now
    )


def measurements(
    database: Database, account: Account, person_id: uuid.UUID, *, now: datetime
) -> dict[str, Any]:
    """Return every measurement of the person, newest first, by kind."""
    key = _open(database, account, person_id, "read", "measurements", now)
    return measurement_service.measurements(database, key)


def add_blood_pressure(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    *,
    now: datetime,
    systolic: float,
    diastolic: float | None,
    unit: str,
    posture: str | None,
) -> dict[str, Any]:
    """Record a resting blood pressure."""
    key = _open(database, account, person_id, "write", "blood-pressure", now)
    return measurement_service.record_blood_pressure(
        database,
        key,
        systolic=systolic,
        diastolic=diastolic,
        unit=unit,
        posture=posture,
        now=now,
    ).as_dict()


def add_limb(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    *,
    now: datetime,
    limb: str,
    side: str,
    circumference: float,
    unit: str,
) -> dict[str, Any]:
    """Record a limb circumference."""
    key = _open(database, account, person_id, "write", "limb", now)
    return measurement_service.record_limb(
        database,
        key,
        limb=limb,
        side=side,
        circumference=circumference,
        unit=unit,
        now=now,
    ).as_dict()


def estimate_lop(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    *,
    now: datetime,
    limb: str,
    side: str,
    posture: str,
    cuff_width_cm: float,
    cuff_material: str,
) -> dict[str, Any]:
    """Estimate LOP (value, 95 % prediction interval, equation) and store it."""
    key = _open(database, account, person_id, "write", "lop-estimate", now)
    return measurement_service.record_estimated_lop(
        database,
        key,
        limb=limb,
        side=side,
        posture=posture,
        cuff_width_cm=cuff_width_cm,
        cuff_material=cuff_material,
        now=now,
    ).as_dict()


def record_measured_lop(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    *,
    now: datetime,
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
    key = _open(database, account, person_id, "write", "lop-measured", now)
    return measurement_service.record_measured_lop(
        database,
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
        now=now,
    ).as_dict()


def guided_lop(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    *,
    now: datetime,
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
    from occlusion.services.lop_walkthrough import MAX_ANSWERS, replay

    if len(answers) > MAX_ANSWERS:
        raise InputError(
            "too many answers for one measurement; start again", code="lop.too-many-answers"
        )
    key = _open(database, account, person_id, "read", "lop-guided", now)
    readings = measurement_service.measurements(database, key)["blood_pressure"]
    sbp = readings[0]["systolic_mmhg"] if readings else None
    measurement = replay(answers, limb=limb, posture=posture, detection=detection, sbp_mmhg=sbp)
    return {**measurement.as_dict(), "finished": measurement.finished}


def open_lop_step(
    database: Database, account: Account, person_id: uuid.UUID, *, now: datetime
) -> None:
    """Open the person's record for the LOP step's questions (strangers are refused)."""
    _open(database, account, person_id, "read", "lop-step", now)


def lop_routes(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    *,
    now: datetime,
    device: DeviceAddress | None,
    limb: str,
    side: str,
    equipment: str,
    cuff_width_cm: float | None,
    cuff_material: str,
    posture: str,
) -> dict[str, Any]:
    """Return every route to an LOP for one limb and its equipment (codes and fields).

    See :mod:`occlusion.services.lop_routes`: an estimate where a verified equation applies, the
    stretch method for wraps, the guided manual measurement, and the cuff's own measurement
    when ``device`` is connected.
    """
    from occlusion.services.lop_routes import routes_for_person

    key = _open(database, account, person_id, "read", "lop-routes", now)
    return routes_for_person(
        database,
        key,
        limb=limb,
        side=side,
        equipment=equipment,
        cuff_width_cm=cuff_width_cm,
        cuff_material=cuff_material,
        posture=posture,
        device=device,
        now=now,
    ).as_dict()


def automatic_lop(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    *,
    now: datetime,
    device: DeviceAddress | None,
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

    if device is None:
        raise InputError(
            "no cuff is connected; estimate or measure LOP by hand", code="lop.no-device"
        )
    access = "read" if device.simulated else "write"
    key = _open(database, account, person_id, access, "lop-device", now)
    return measure_lop_with_device(
        database,
        key,
        device=device,
        limb=limb,
        side=side,
        posture=posture,
        cuff_width_cm=cuff_width_cm,
        cuff_material=cuff_material,
        now=now,
    ).as_dict()


def write_plan(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    partial_profile: Mapping[str, Any],
    *,
    now: datetime,
) -> dict[str, Any]:
    """Prescribe from the record plus ``partial_profile`` and store it as the active plan."""
    if not isinstance(partial_profile, Mapping):
        raise InputError(
            "a plan needs a profile: a table of sections such as equipment",
            code="plan.needs-profile",
        )
    key = _open(database, account, person_id, "write", "plan", now)
    return plan_service.write_plan(database, key, partial_profile, now=now)


def plan_missing(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    partial_profile: Mapping[str, Any],
    *,
    now: datetime,
) -> list[dict[str, Any]]:
    """Return what a plan still needs from the record (codes and fields), all at once.

    The sections of ``partial_profile`` (a plan form gives the equipment and exercises) are not
    asked of the record; see :func:`occlusion.services.plans.missing_for_plan`.
    """
    from occlusion.services.people import find_person

    key = _open(database, account, person_id, "read", "plan", now)
    with database.session() as session:
        missing = plan_service.missing_for_plan(
            session, find_person(session, key), partial_profile
        )
    return [{k: v for k, v in item.items() if k != "message"} for item in missing]


def plan(
    database: Database, account: Account, person_id: uuid.UUID, *, now: datetime
) -> dict[str, Any] | None:
    """Return the person's active plan."""
    _open(database, account, person_id, "read", "plan", now)
    return active_plan(database, person_id)


def history(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    *,
    now: datetime,
    limit: int,
    before: str | None,
) -> dict[str, Any]:
    """Return one page of the person's sessions."""
    key = _open(database, account, person_id, "read", "history", now)
    return history_service.history(database, key, limit=limit, before=before)


def progress(
    database: Database, account: Account, person_id: uuid.UUID, *, now: datetime
) -> dict[str, Any]:
    """Return the person's progress per exercise."""
    key = _open(database, account, person_id, "read", "progress", now)
    return history_service.progress(database, key)


def session_action(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    action: str,
    *,
    now: datetime,
    live: LiveSessions,
    **values: Any,
) -> dict[str, Any]:
    """Start the session or act on the running one; return its new state.

    Actions: ``start``, ``confirm`` (wraps are on), ``log`` (reps, load, RPE, discomfort,
    symptoms, notes), ``report`` (discomfort or a symptom at any moment), ``skip`` (end a rest),
    ``stop``, ``state``.
    """
    resource = f"session-{action}"
    _open(database, account, person_id, "read" if action == "state" else "write", resource, now)
    # Run where the session lives (this worker or another one), see LiveSessions.act.
    return live.act(person_id, action, values)


def update_profile(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    *,
    now: datetime,
    sex: str | None,
    birth_year: int | None,
    body_mass: float | None,
    preferred_units: str,
) -> dict[str, Any]:
    """Change the person's profile (audited when it is not the owner who does it)."""
    from occlusion.services.corrections import update_profile as update

    key = _open(database, account, person_id, "write", "profile", now)
    return update(
        database,
        key,
        sex=sex,
        birth_year=birth_year,
        body_mass=body_mass,
        preferred_units=preferred_units,
        this_year=now.year,
    ).as_dict()


def measurement(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    kind: str,
    row_id: uuid.UUID,
    *,
    now: datetime,
) -> dict[str, Any]:
    """Return one measurement of the record, to correct it."""
    from occlusion.services.corrections import measurement as read

    key = _open(database, account, person_id, "read", kind, now)
    return read(database, key, kind, row_id)


def delete_measurement(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    kind: str,
    row_id: uuid.UUID,
    *,
    now: datetime,
) -> None:
    """Delete one measurement of the record (audited when not the owner)."""
    from occlusion.services.corrections import delete_measurement as delete

    key = _open(database, account, person_id, "write", f"{kind}-delete", now)
    delete(database, key, kind, row_id)


def retire_lop(
    database: Database, account: Account, person_id: uuid.UUID, row_id: uuid.UUID, *, now: datetime
) -> dict[str, Any]:
    """Retire an LOP of the record: kept, no longer used for plans (audited when not the owner)."""
    from occlusion.services.retirement import retire_lop as retire

    key = _open(database, account, person_id, "write", "lop-retire", now)
    return retire(database, key, row_id, now=now)


def restore_lop(
    database: Database, account: Account, person_id: uuid.UUID, row_id: uuid.UUID, *, now: datetime
) -> dict[str, Any]:
    """Put a retired LOP of the record back in use (audited when not the owner)."""
    from occlusion.services.retirement import restore_lop as restore

    key = _open(database, account, person_id, "write", "lop-restore", now)
    return restore(database, key, row_id)


def correct_blood_pressure(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    row_id: uuid.UUID,
    *,
    now: datetime,
    systolic: float,
    diastolic: float | None,
    unit: str,
    posture: str | None,
) -> dict[str, Any]:
    """Correct a blood pressure of the record (audited when not the owner)."""
    from occlusion.services.corrections import correct_blood_pressure as correct

    key = _open(database, account, person_id, "write", "blood-pressure-correct", now)
    return correct(
        database, key, row_id, systolic=systolic, diastolic=diastolic, unit=unit, posture=posture
    )


def correct_limb(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    row_id: uuid.UUID,
    *,
    now: datetime,
    circumference: float,
    unit: str,
) -> dict[str, Any]:
    """Correct a limb circumference of the record (audited when not the owner)."""
    from occlusion.services.corrections import correct_limb as correct

    key = _open(database, account, person_id, "write", "limb-correct", now)
    return correct(database, key, row_id, circumference=circumference, unit=unit)


def training_set(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    set_id: uuid.UUID,
    *,
    now: datetime,
) -> dict[str, Any]:
    """Return one logged set of the record, to correct it."""
    from occlusion.services.corrections import training_set as read

    key = _open(database, account, person_id, "read", "set", now)
    return read(database, key, set_id)


def add_late_set(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    session_id: uuid.UUID,
    *,
    now: datetime,
    admit: Callable[[], tuple[int, int] | None],
    done_at: str | None = None,
    **values: Any,
) -> dict[str, Any] | None:
    """Keep a set logged offline whose session had ended before it arrived (audited).

    ``admit`` runs once the record is open to ``account`` and returns the set's
    ``(exercise number, set number)``, or ``None`` for a repeat of a set already kept (then
    nothing is added and ``None`` returned). ``done_at`` is when the phone says the set was
    done (ISO 8601 with its UTC offset); a time without offset or not a time is refused.
    """
    from occlusion.services.corrections import add_late_set as add

    key = _open(database, account, person_id, "write", "session-log", now)
    numbers = admit()
    if numbers is None:
        return None
    exercise_number, set_number = numbers
    moment = None if done_at is None else timestamps.parse_iso(done_at, "done_at")
    return add(
        database, key, session_id, now=now, exercise_number=exercise_number,
        set_number=set_number, done_at=moment, **values,
    )


def correct_set(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    set_id: uuid.UUID,
    *,
    now: datetime,
    reps: int | None,
    load: float | None,
    load_unit: str,
    rpe: float | None,
    discomfort: int | None,
) -> dict[str, Any]:
    """Correct a logged set of a finished session (audited when not the owner)."""
    from occlusion.services.corrections import correct_set as correct

    key = _open(database, account, person_id, "write", "set-correct", now)
    return correct(
        database,
        key,
        set_id,
        reps=reps,
        load=load,
        load_unit=load_unit,
        rpe=rpe,
        discomfort=discomfort,
    )


def delete_set(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    set_id: uuid.UUID,
    *,
    now: datetime,
) -> None:
    """Delete a logged set of a finished session (audited when not the owner)."""
    from occlusion.services.corrections import delete_set as delete

    key = _open(database, account, person_id, "write", "set-delete", now)
    delete(database, key, set_id)


def session_summary(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    session_id: uuid.UUID,
    *,
    now: datetime,
) -> Any:
    """Return one session of the person with its sets, pressure fidelity and stop events.

    Raises
    ------
    InputError
        The session is not one of this person's.
    """
    from occlusion.services.record_data import gather

    key = _open(database, account, person_id, "read", "session-summary", now)
    record = gather(database, person=key, session_ref=str(session_id))
    return record.sessions[0]


def export_record(
    database: Database,
    account: Account,
    person_id: uuid.UUID,
    export_format: str,
    *,
    now: datetime,
    start: date | None = None,
    end: date | None = None,
) -> Any:
    """Return the person's record as a file in ``export_format`` (audited for a grantee).

    Raises
    ------
    InputError
        Unknown format, a reversed or empty period (:func:`occlusion.services.exports.export`).
    """
    from occlusion.services.exports import FORMATS, export
    from occlusion.services.record_data import Period

    if export_format not in FORMATS:
        raise InputError(f"unknown export format {export_format!r}", code="export.unknown-format")
    period = Period(start, end)
    key = _open(database, account, person_id, "read", f"export-{export_format}", now)
    return export(database, export_format, person=key, period=period, now=now)
