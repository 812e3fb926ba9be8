"""Use cases for guided sessions: prepare, start, resume, log a set.

Preparing a session checks, before anything is written, that the person has an active plan,
that their screening still allows training (not ``exclude``; ``refer`` only with a later
clinician clearance; no older than :data:`SCREENING_VALID_DAYS`), and — for a cuff — that an LOP
is on record for each restricted limb with the plan's cuff width and posture. The next targets
follow the plan's progression rule from the previous session of the same plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from occlusion import units
from occlusion.device.address import DeviceAddress
from occlusion.errors import DeviceError, InputError, ScreeningBlockError
from occlusion.science.screening import RESCREEN_AFTER_DAYS
from occlusion.services.journal import DatabaseJournal, load_events
from occlusion.services.people import find_person
from occlusion.services.queries import active_plan, latest_screening, lops_for_cuff
from occlusion.services.set_times import believable
from occlusion.sessions.events import Clock, LoggedSet, SystemClock
from occlusion.sessions.from_prescription import session_plan_from_document
from occlusion.sessions.plan import SessionPlan
from occlusion.sessions.progression import (
    PreviousExercise,
    ProgressionDecision,
    progress_plan,
)
from occlusion.sessions.restriction import Restriction, WrapRestriction
from occlusion.sessions.runner import SessionRunner
from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.store.models import (
    ClinicianClearance,
    Person,
    Plan,
    SessionExercise,
    TrainingSession,
    TrainingSet,
)
from occlusion.vocabulary import MassUnit, UnitSystem, choose

#: Project policy: a screening older than this must be repeated before training [days]
#: (:data:`occlusion.science.screening.RESCREEN_AFTER_DAYS`).
SCREENING_VALID_DAYS = RESCREEN_AFTER_DAYS
#: Cuff widths that count as "the same cuff" for an LOP on record [cm].


@dataclass(slots=True)
class SessionHandle:
    """A started or resumed session: its id, its runner, and what preparation found."""

    session_id: uuid.UUID
    person_name: str
    runner: SessionRunner
    checks: tuple[str, ...] = ()
    progression: tuple[ProgressionDecision, ...] = field(default=())
    #: The person's units (``metric`` or ``imperial``), for an interface that shows loads.
    units: str = UnitSystem.METRIC

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "session_id": str(self.session_id),
            "person": self.person_name,
            "checks": list(self.checks),
            "progression": [decision.as_dict() for decision in self.progression],
            "view": self.runner.view().as_dict(),
        }


def _active_plan(session: Session, person: Person) -> Plan:
    plan = active_plan(session, person.id)
    if plan is None:
        raise InputError(
            f"{person.name} has no plan yet",
            code="session.no-plan",
            person=person.name,
            person_ref=person.id.hex[-8:],
        )
    return plan


def check_screening(session: Session, person: Person, now_utc: Any) -> str:
    """Return a one-line summary of why screening allows training, or raise.

    Raises
    ------
    ScreeningBlockError
        No screening, an ``exclude``, a ``refer`` without a later clearance, or an old one.
    """
    record = latest_screening(session, person.id)
    short = person.id.hex[-8:]
    if record is None:
        raise ScreeningBlockError(
            f"{person.name} has not been screened",
            code="session.not-screened",
            person=person.name,
            person_ref=short,
        )
    from occlusion.services.screening import due_reasons

    age_days = (now_utc - record.screened_at).days
    due = due_reasons(session, person, record, timestamps.join(now_utc, 0))
    if due:
        raise ScreeningBlockError(
            f"{person.name}'s screening is due again ("
            + ", ".join(reason["code"].removeprefix("screening.") for reason in due)
            + "); screen again",
            code="session.screening-expired",
            person=person.name,
            person_ref=short,
            age_days=age_days,
            valid_days=SCREENING_VALID_DAYS,
            reasons=due,
        )
    if record.decision == "exclude":
        raise ScreeningBlockError(
            f"screening excludes {person.name} from blood-flow-restriction training",
            code="screening.excluded", person=person.name, person_ref=short
        )
    if record.decision == "refer":
        clearance = session.scalars(
            select(ClinicianClearance)
            .where(
                ClinicianClearance.person_id == person.id,
                ClinicianClearance.cleared_at >= record.screened_at,
            )
            .limit(1)
        ).first()
        if clearance is None:
            raise ScreeningBlockError(
                f"screening referred {person.name} to a clinician; record their clearance "
                "before training",
                code="screening.referred-without-clearance", person=person.name, person_ref=short
            )
        return f"screening: refer, cleared by {clearance.clinician}"
    return f"screening: {record.decision} ({age_days} days ago)"


def check_lop_for_cuff(session: Session, person: Person, prescription: dict[str, Any]) -> list[str]:
    """Check that each cuffed limb has an LOP for the plan's cuff width and posture."""
    checks = []
    posture = prescription.get("posture")
    for limb_plan in prescription.get("limbs", []):
        if limb_plan.get("equipment") != "cuff":
            continue
        source = limb_plan.get("occlusion_pressure") or {}
        width = source.get("cuff_width_cm")
        sides = ("left", "right") if limb_plan.get("side") in ("both", None) else (
            limb_plan["side"],
        )
        for side in sides:
            matching = lops_for_cuff(
                session, person.id, limb=limb_plan["limb"], side=side, posture=str(posture),
                cuff_width_cm=width,
            )
            if not matching and source.get("kind") != "estimated":
                raise InputError(
                    f"no LOP on record for the {side} {limb_plan['limb']} with a {width} cm cuff "
                    f"{posture}: measure it first",
                    code="session.needs-measured-lop",
                    person=person.name,
                    person_ref=person.id.hex[-8:],
                    side=side,
                    limb=limb_plan["limb"],
                    cuff_width_cm=width,
                    posture=posture,
                )
            checks.append(
                f"LOP {side} {limb_plan['limb']}: "
                + ("on record" if matching else "estimated in the plan (measure when you can)")
            )
    return checks


def _previous(session: Session, person: Person, plan: Plan) -> list[PreviousExercise]:
    last = session.scalars(
        select(TrainingSession)
        .where(
            TrainingSession.person_id == person.id,
            TrainingSession.plan_id == plan.id,
            TrainingSession.status == "completed",
        )
        .order_by(TrainingSession.started_at.desc())
        .limit(1)
    ).first()
    if last is None:
        return []
    previous = []
    for exercise in session.scalars(
        select(SessionExercise).where(SessionExercise.session_id == last.id)
    ):
        sets = session.scalars(
            select(TrainingSet)
            .where(TrainingSet.exercise_id == exercise.id)
            .order_by(TrainingSet.position)
        ).all()
        previous.append(
            PreviousExercise(
                exercise.name,
                sets[0].target_load_kg if sets else None,
                tuple(item.reps or 0 for item in sets),
            )
        )
    return previous


def start_session(
    database: Database,
    person: str,
    *,
    restriction: Restriction | None = None,
    device: DeviceAddress | None = None,
    clock: Clock | None = None,
) -> SessionHandle:
    """Prepare and start a guided session from the person's active plan.

    Raises
    ------
    InputError
        No plan, a session already running, or no LOP for a cuff.
    ScreeningBlockError
        Screening does not allow training now.
    """
    clock = clock or SystemClock()
    cuff = device is not None or (restriction is not None and restriction.kind == "cuff")
    kind = "cuff" if cuff else "wrap"
    now = clock.now()
    started_at, offset = timestamps.split(now)
    with database.session() as session:
        owner = find_person(session, person)
        running = _running(session, owner)
        if running is not None:
            raise InputError(
                f"{owner.name} has a session in progress (started "
                f"{timestamps.to_iso(running.started_at, running.started_offset_min)}): "
                "resume it or stop it first",
                code="session.in-progress",
                person=owner.name,
                person_ref=owner.id.hex[-8:],
                started_at=timestamps.to_iso(running.started_at, running.started_offset_min),
            )
        plan_row = _active_plan(session, owner)
        checks = [check_screening(session, owner, started_at)]
        from occlusion.science.prescription import plan_document

        document = plan_document(plan_row.prescription)
        if kind == "cuff":
            checks.extend(check_lop_for_cuff(session, owner, document.as_dict()))
        base_plan = session_plan_from_document(document)
        plan, decisions = progress_plan(base_plan, _previous(session, owner, plan_row))
        if kind == "cuff" and any(
            exercise.restricted_limbs and exercise.target_pressure_mmhg is None
            for exercise in plan.exercises
        ):
            raise InputError(
                "this plan is for wraps (it has no cuff pressure): write a cuff plan to train "
                "with a cuff",
                code="session.wrap-plan-with-cuff",
                person=owner.name,
                person_ref=owner.id.hex[-8:],
            )
        if restriction is None:
            restriction = _restriction_for(device, plan)
        training = TrainingSession(
            person_id=owner.id,
            plan_id=plan_row.id,
            started_at=started_at,
            started_offset_min=offset,
            status="running",
            restriction_kind=restriction.kind,
            device_url=None if device is None else device.url,
            source="occlusion",
            session_plan=plan.as_dict(),
            notes="",
        )
        session.add(training)
        session.flush()
        session_id = training.id
        name = owner.name
        preferred_units = owner.preferred_units
    journal = DatabaseJournal(database, session_id, plan, new_for_person=owner.id)
    runner = SessionRunner(plan, restriction, journal, clock)
    runner.start()
    return SessionHandle(session_id, name, runner, tuple(checks), decisions, preferred_units)


def _restriction_for(device: DeviceAddress | None, plan: SessionPlan) -> Restriction:
    """Return wraps, or a cuff on ``device`` (a simulated one is built to fit the plan)."""
    if device is None:
        return WrapRestriction()
    from occlusion.device.client import CuffClient
    from occlusion.sessions.cuff import CuffRestriction

    limbs = sorted({limb for exercise in plan.exercises for limb in exercise.restricted_limbs})
    return CuffRestriction(CuffClient.connect(device.fitted(limbs)), limbs)


def _running(session: Session, person: Person) -> TrainingSession | None:
    return session.scalars(
        select(TrainingSession)
        .where(TrainingSession.person_id == person.id, TrainingSession.status == "running")
        .order_by(TrainingSession.started_at.desc())
        .limit(1)
    ).first()


def resume_session(
    database: Database,
    person: str,
    *,
    restriction: Restriction | None = None,
    device: DeviceAddress | None = None,
    clock: Clock | None = None,
    confirm_alarms: Callable[[dict[str, tuple[str, ...]]], bool] | None = None,
) -> SessionHandle:
    """Resume the person's session that was interrupted (a crash, a closed terminal).

    A cuff that deflated by itself while the host was gone (its heartbeat-lost alarm, or any
    other) holds the alarm latched and refuses to inflate. ``confirm_alarms`` is shown the
    latched alarms per limb; when it returns True they are acknowledged and the session goes
    on, otherwise nothing changes and the session stays resumable.

    Raises
    ------
    InputError
        The person has no session in progress.
    DeviceError
        ``device.alarm-latched`` when the cuff holds an alarm that was not confirmed (or whose
        cause is still present); field ``alarms`` maps limbs to alarm codes.
    """
    clock = clock or SystemClock()
    with database.session() as session:
        owner = find_person(session, person)
        running = _running(session, owner)
        if running is None or running.session_plan is None:
            raise InputError(
                f"{owner.name} has no session in progress to resume",
                code="session.none-in-progress", person=owner.name, person_ref=owner.id.hex[-8:],
            )
        plan = SessionPlan.from_dict(running.session_plan)
        session_id = running.id
        name = owner.name
        preferred_units = owner.preferred_units
    if restriction is None:
        restriction = _restriction_for(device, plan)
    checks = ["resumed"]
    try:
        latched = restriction.latched_alarms()
        if latched:
            if confirm_alarms is None or not confirm_alarms(latched):
                raise DeviceError(
                    "the cuff holds a latched alarm that was not acknowledged",
                    code="device.alarm-latched",
                    alarms={limb: list(alarms) for limb, alarms in latched.items()},
                )
            restriction.acknowledge_alarms()
            checks.append("device-alarm-acknowledged")
    except BaseException:
        _close(restriction)
        raise
    events = load_events(database, session_id)
    journal = DatabaseJournal(database, session_id, plan)
    runner = SessionRunner.resume(plan, restriction, journal, clock, events)
    return SessionHandle(session_id, name, runner, tuple(checks), units=preferred_units)


def _close(restriction: Restriction) -> None:
    """Let go of a cuff the session will not drive (it deflates every channel)."""
    close = getattr(restriction, "close", None)
    if close is not None:
        close()


def abandon_session(database: Database, person: str) -> str:
    """Mark the person's interrupted session as stopped without resuming it."""
    with database.session() as session:
        owner = find_person(session, person)
        running = _running(session, owner)
        if running is None:
            raise InputError(
                f"{owner.name} has no session in progress",
                code="session.none-in-progress", person=owner.name, person_ref=owner.id.hex[-8:],
            )
        running.status = "stopped"
        running.stop_reason = "abandoned after an interruption"
        running.ended_at = timestamps.split(timestamps.now_local())[0]
        return str(running.id)


def log_set(
    handle: SessionHandle,
    *,
    reps: int | None,
    load: float | None = None,
    load_unit: MassUnit | str = MassUnit.KG,
    rpe: float | None = None,
    discomfort: int | None = None,
    symptoms: tuple[str, ...] = (),
    notes: str = "",
    done_at: str | None = None,
) -> None:
    """Log the set under way, with the load in the unit the person typed (kg or lb).

    ``done_at`` (ISO 8601 with offset) is when a phone says the set was done, for a set it kept
    without a connection and sent when the connection was back: the set keeps that time when it
    is believable (:func:`occlusion.services.set_times.believable`, against the session's start,
    now and the set logged before it), else it is timed now.

    Raises
    ------
    InputError
        A value is invalid, or ``done_at`` is not an ISO 8601 time with offset.
    """
    unit = choose(load_unit, MassUnit, "load unit")
    load_kg = None
    if load is not None:
        system = UnitSystem.METRIC if unit == MassUnit.KG else UnitSystem.IMPERIAL
        load_kg = units.mass_to_kg(load, system)
    handle.runner.log_set(
        LoggedSet(
            reps=reps,
            load_kg=load_kg,
            load_entered_unit=load_unit,
            rpe=rpe,
            discomfort=discomfort,
            symptoms=symptoms,
            notes=notes,
            done_at=None if done_at is None else _believed_time(handle, done_at),
        )
    )


def _believed_time(handle: SessionHandle, done_at: str) -> datetime | None:
    """Return the phone's time of a set under way when it is believable, else ``None``."""
    moment = timestamps.parse_iso(done_at, "done_at")
    state = handle.runner.state
    if state.started_at is None:
        return None
    utc = _utc(moment)
    earlier = [] if state.last_set_at is None else [_utc(state.last_set_at)]
    arrived = _utc(handle.runner.clock.now())
    keep = believable(utc, arrived_utc=arrived, started_utc=_utc(state.started_at), before=earlier)
    return moment if keep else None


def _utc(moment: datetime) -> datetime:
    return timestamps.split(moment)[0]


__all__ = [
    "SCREENING_VALID_DAYS",
    "SessionHandle",
    "abandon_session",
    "log_set",
    "resume_session",
    "start_session",
]
