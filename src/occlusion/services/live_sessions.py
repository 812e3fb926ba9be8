"""Guided sessions that are running, one per person, kept between requests.

The session runner lives in memory while the server runs, so a page reload or a lost connection
only re-reads its state; every event it makes is already committed to the training log by its
journal. After a server restart the first request for a person resumes their running session
from the log (:func:`occlusion.services.sessions.resume_session`), which — as on the command
line — releases a restriction that was on and counts it against the limb's cap.

When the person's plan is for a cuff (it has target pressures) and the server has a device
(``occlusion serve --device``), the runner restricts through
:class:`occlusion.sessions.cuff.CuffRestriction`: the runner, its stop rules and the limb caps
decide, the device's own supervisor enforces its limits, and this module only carries the
pressure trace and alarms to the page. Three things deflate the cuff besides the runner:
a server error while acting on the session (:meth:`LiveSessions.running`) and no page following
the session for :data:`LEAVE_AFTER_S` (:meth:`LiveSessions.service`, the person left) both stop
the session; the server shutting down (:meth:`LiveSessions.close`) deflates and leaves the
session to resume. If the server dies outright its heartbeats
stop and the device deflates by itself. If this worker loses its ownership while alive (its
lease connection to PostgreSQL was cut, see :mod:`occlusion.services.cluster`), the keeper lets
those sessions go: their cuffs deflate and nothing more is written to their log here, since
another worker may already be running them.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from occlusion.device.address import DeviceAddress
from occlusion.errors import DeviceError, InputError, OcclusionError, StoreError
from occlusion.services.cluster import Cluster, Moved, SingleWorker
from occlusion.services.queries import active_plan
from occlusion.services.sessions import SessionHandle, log_set, resume_session, start_session
from occlusion.sessions.from_prescription import session_plan_from_prescription
from occlusion.sessions.plan import SessionPlan
from occlusion.store.engine import Database
from occlusion.store.models import TrainingSession

_LOG = logging.getLogger(__name__)

#: A cuff session that no page has followed for this long is stopped and deflated [s]
#: (project policy: long enough to ride out a reload or a brief loss of signal, short enough
#: that a person who walked away is not left under pressure).
LEAVE_AFTER_S = 30.0
#: How long a request waits for a session's owner to answer before asking again [s].
CALL_TIMEOUT_S = 1.0
#: How long a request keeps trying to reach a session or take it over [s]; a dead worker's
#: lease goes at once, a silent host's when TCP keepalive gives up (cluster.KEEPALIVE_GIVE_UP_S).
MOVE_WAIT_S = 8.0
#: Answers to forwarded requests kept, so a retried request is not acted on twice.
ANSWERS_KEPT = 256
#: Device alarms kept for the page, newest last.
ALARMS_KEPT = 20


class _Clock:
    """Adapts the app's clock function to the runner's ``Clock`` protocol."""

    def __init__(self, now: Callable[[], datetime]) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now()


@dataclass(slots=True)
class _Cuff:
    """The cuff behind one live session and the alarms it raised, for the page."""

    restriction: Any
    device: DeviceAddress
    alarms: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=ALARMS_KEPT))


@dataclass(slots=True)
class _Live:
    """One running session held in memory."""

    handle: SessionHandle
    cuff: _Cuff | None
    last_seen: datetime


def cuff_limbs(plan: SessionPlan) -> list[str] | None:
    """Return the limbs a cuff would restrict, or ``None`` when the plan is not for a cuff.

    A plan is for a cuff when every restricted exercise has a target pressure (a wrap plan has
    none); a plan that restricts no limb needs no cuff.
    """
    restricted = [exercise for exercise in plan.exercises if exercise.restricted_limbs]
    if not restricted or any(item.target_pressure_mmhg is None for item in restricted):
        return None
    return sorted({limb for exercise in restricted for limb in exercise.restricted_limbs})


class LiveSessions:
    """The running guided sessions of this server, by person id, each behind its own lock.

    Parameters
    ----------
    database
        The training log.
    clock
        Returns the current aware local time (also paces the simulated cuff).
    device
        The server's cuff (the simulated one is built to fit each plan) or ``None``.
    """

    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime],
        device: DeviceAddress | None = None,
        on_alarm: Callable[[str, str], None] | None = None,
        cluster: Cluster | None = None,
    ) -> None:
        self.database = database
        self.on_alarm = on_alarm
        self.cluster: Cluster = cluster if cluster is not None else SingleWorker()
        self.cluster.serve(self._serve_forwarded)
        self.clock = _Clock(clock)
        self.device = device
        self._live: dict[uuid.UUID, _Live] = {}
        self._ended: dict[uuid.UUID, SessionHandle] = {}
        self._locks: dict[uuid.UUID, threading.RLock] = {}
        self._registry_lock = threading.Lock()
        self._service_lock = threading.Lock()
        self._answered: OrderedDict[str, tuple[str, Any]] = OrderedDict()

    def count(self) -> int:
        """Return how many sessions this server holds in memory."""
        return len(self._live)

    def _lock(self, person_id: uuid.UUID) -> threading.RLock:
        with self._registry_lock:
            return self._locks.setdefault(person_id, threading.RLock())

    # ----- which worker runs the session ---------------------------------------------------
    def act(self, person_id: uuid.UUID, action: str, values: dict[str, Any]) -> dict[str, Any]:
        """Start the person's session or act on it, on whichever worker runs it; return its state.

        Actions: ``start``, ``confirm`` (wraps are on), ``log`` (reps, load, RPE, discomfort,
        symptoms, notes), ``report`` (discomfort or a symptom at any moment), ``skip`` (end a
        rest), ``stop``, ``state``.

        Raises
        ------
        InputError
            Unknown action, no session in progress, or a value the runner refuses.
        StoreError
            The session's worker stopped answering and none could take it over in time.
        """
        result = self._route(person_id, {"op": "act", "action": action, "values": values})
        assert isinstance(result, dict)
        return result

    def state(self, person_id: uuid.UUID) -> dict[str, Any] | None:
        """Return the running session's state, or ``None`` when the person has none."""
        result = self._route(person_id, {"op": "state"})
        return result if isinstance(result, dict) else None

    def take_ended(self, person_id: uuid.UUID) -> dict[str, Any] | None:
        """Return, once, the last state of a session the server stopped on its own.

        A server error, a device fault or a page left for :data:`LEAVE_AFTER_S` stops the
        session outside any command; the live page's stream ends with this state so the
        person sees why.
        """
        result = self._route(person_id, {"op": "take_ended"})
        return result if isinstance(result, dict) else None

    def _route(self, person_id: uuid.UUID, request: dict[str, Any]) -> Any:
        """Run ``request`` here when this worker owns (or can take) the session, else forward.

        A forwarded request carries one id across its retries: when the owner answered too late
        and the request is sent again, the owner returns its first answer instead of acting twice
        (a set logged twice, or refused the second time).
        """
        request = {**request, "request_id": uuid.uuid4().hex}
        deadline = time.monotonic() + MOVE_WAIT_S
        while True:
            with self._lock(person_id):
                if self._holds(person_id) and not self.cluster.owns(person_id):
                    self._let_go(person_id)
                if self._holds(person_id) or self.cluster.try_own(person_id):
                    try:
                        return self._local(person_id, request)
                    finally:
                        self._settle(person_id)
            try:
                return self.cluster.call(person_id, request, CALL_TIMEOUT_S)
            except Moved:
                if time.monotonic() > deadline:
                    raise StoreError(
                        "the session's server stopped answering and no other could take the "
                        "session over yet; try again in a few seconds",
                        code="session.moving",
                    ) from None

    def _holds(self, person_id: uuid.UUID) -> bool:
        return person_id in self._live or person_id in self._ended

    def _settle(self, person_id: uuid.UUID) -> None:
        """Let the lease go once this worker keeps nothing of the person's session."""
        if not self._holds(person_id):
            self.cluster.release(person_id)

    def _let_go(self, person_id: uuid.UUID) -> None:
        """Stop driving a session whose ownership this worker lost (lock of the person held).

        The cuff deflates; the log is left as it is (the session stays running there), so the
        worker that owns the session now — or this one, once it takes the lease again —
        resumes it as after a crash.
        """
        live = self._live.pop(person_id, None)
        self._ended.pop(person_id, None)
        if live is not None:
            _LOG.warning("stopped driving a live session whose lease was lost")
            self._close_cuff(live.cuff)

    def _serve_forwarded(self, person_id: uuid.UUID, request: dict[str, Any]) -> Any:
        with self._lock(person_id):
            request_id = str(request.get("request_id", ""))
            answered = self._answered.get(request_id) if request_id else None
            if answered is not None:
                kind, value = answered
                if kind == "error":
                    raise value
                return value
            if self._holds(person_id) and not self.cluster.owns(person_id):
                self._let_go(person_id)
            if not self._holds(person_id):
                raise Moved("not held here")
            try:
                result = self._local(person_id, request)
            except OcclusionError as error:
                self._remember(request_id, ("error", error))
                raise
            finally:
                self._settle(person_id)
            self._remember(request_id, ("result", result))
            return result

    def _remember(self, request_id: str, answer: tuple[str, Any]) -> None:
        if request_id:
            self._answered[request_id] = answer
            while len(self._answered) > ANSWERS_KEPT:
                self._answered.popitem(last=False)

    def _local(self, person_id: uuid.UUID, request: dict[str, Any]) -> Any:
        operation = request.get("op")
        if operation == "state":
            return self._state_here(person_id)
        if operation == "take_ended":
            handle = self._ended.pop(person_id, None)
            return state_of(handle) if handle is not None else None
        action = str(request.get("action"))
        values = dict(request.get("values") or {})
        if action == "start":
            return self.start(person_id)
        with self._held(person_id) as live:
            handle = live.handle
            runner = handle.runner
            if action == "confirm":
                runner.confirm_applied()
            elif action == "log":
                expected = values.pop("expected_set", None)
                if expected is not None:
                    check_expected_set(handle, expected)
                log_set(handle, **values)
            elif action == "report":
                runner.report(**values)
            elif action == "skip":
                runner.skip_countdown()
            elif action == "stop":
                runner.stop()
            elif action != "state":
                raise InputError(
                    f"unknown session action {action!r}",
                    code="session.unknown-action",
                    action=action,
                )
            return state_of(handle, live.cuff)

    def _seconds(self) -> float:
        return self.clock.now().timestamp()

    # ----- the cuff ----------------------------------------------------------------------
    def _connect_cuff(self, plan: SessionPlan) -> _Cuff | None:
        """Return a cuff for ``plan`` on the server's device, or ``None`` (wraps)."""
        limbs = cuff_limbs(plan)
        if self.device is None or limbs is None:
            return None
        from occlusion.device.client import CuffClient
        from occlusion.sessions.cuff import CuffRestriction

        device = self.device.fitted(limbs)
        client = CuffClient.connect(device)
        try:
            restriction = CuffRestriction(client, limbs, monotonic=self._seconds)
        except Exception:
            client.close()
            raise
        cuff = _Cuff(restriction, device)
        limb_of = {channel: limb for limb, channel in restriction.channels.items()}

        def keep(alarm: Any) -> None:
            cuff.alarms.append(
                {
                    "limb": limb_of.get(alarm.channel),
                    "code": alarm.name,
                    "severity": str(alarm.as_dict().get("severity", alarm.severity)),
                    "event": alarm.event,
                }
            )

        client.on_alarm(keep)
        if self.on_alarm is not None:
            count = self.on_alarm

            def counted(alarm: Any) -> None:
                if alarm.event == "raised":
                    count(alarm.name, str(alarm.as_dict().get("severity", alarm.severity)))

            client.on_alarm(counted)
        return cuff

    @staticmethod
    def _close_cuff(cuff: _Cuff | None) -> None:
        if cuff is not None:
            cuff.restriction.close()

    def _running_row(self, person_id: uuid.UUID) -> tuple[dict[str, Any] | None, str | None]:
        with self.database.session() as session:
            row = session.scalars(
                select(TrainingSession)
                .where(TrainingSession.person_id == person_id, TrainingSession.status == "running")
                .order_by(TrainingSession.started_at.desc())
                .limit(1)
            ).first()
            if row is None:
                return None, None
            return row.session_plan, row.restriction_kind

    def _active_prescription(self, person_id: uuid.UUID) -> dict[str, Any] | None:
        with self.database.session() as session:
            plan = active_plan(session, person_id)
            return None if plan is None else dict(plan.prescription)

    # ----- sessions ----------------------------------------------------------------------
    def start(self, person_id: uuid.UUID) -> dict[str, Any]:
        """Start a session from the person's active plan and return its state."""
        with self._lock(person_id):
            cuff = None
            # Without a device every session is on wraps: nothing to read to decide.
            prescription = None if self.device is None else self._active_prescription(person_id)
            if prescription is not None and self._running_row(person_id)[0] is None:
                cuff = self._connect_cuff(session_plan_from_prescription(prescription))
            try:
                if cuff is None:
                    handle = start_session(self.database, str(person_id), clock=self.clock)
                else:
                    handle = start_session(
                        self.database,
                        str(person_id),
                        restriction=cuff.restriction,
                        device=cuff.device,
                        clock=self.clock,
                    )
            except Exception:
                self._close_cuff(cuff)
                raise
            live = _Live(handle, cuff, self.clock.now())
            self._live[person_id] = live
            self._ended.pop(person_id, None)
            return state_of(handle, cuff)

    def _resume(self, person_id: uuid.UUID) -> _Live:
        session_plan, kind = (None, None) if self.device is None else self._running_row(person_id)
        cuff = None
        if session_plan is not None and kind == "cuff":
            cuff = self._connect_cuff(SessionPlan.from_dict(session_plan))
        try:
            if cuff is None:
                handle = resume_session(self.database, str(person_id), clock=self.clock)
            else:
                handle = resume_session(
                    self.database, str(person_id), restriction=cuff.restriction, clock=self.clock
                )
        except Exception:
            self._close_cuff(cuff)
            raise
        return _Live(handle, cuff, self.clock.now())

    @contextmanager
    def _held(self, person_id: uuid.UUID) -> Iterator[_Live]:
        with self._lock(person_id):
            live = self._live.get(person_id)
            if live is None or live.handle.runner.finished:
                self._forget(person_id)
                live = self._resume(person_id)
                self._live[person_id] = live
            live.last_seen = self.clock.now()
            try:
                live.handle.runner.tick()
                yield live
            except InputError:
                raise
            except DeviceError as error:
                # The device refused or failed (a latched alarm, a lost port): end deflated.
                self._emergency_stop(person_id, live, f"device fault: {error}")
                raise
            except BaseException as error:
                # A fault while acting on the session must never leave a cuff inflated.
                self._emergency_stop(person_id, live, f"server error: {error}")
                raise
            if live.handle.runner.finished:
                self._forget(person_id)

    @contextmanager
    def running(self, person_id: uuid.UUID) -> Iterator[SessionHandle]:
        """Yield the person's running session (resumed from the log if this server lost it).

        Raises
        ------
        InputError
            The person has no session in progress.
        """
        with self._held(person_id) as live:
            yield live.handle

    def _state_here(self, person_id: uuid.UUID) -> dict[str, Any] | None:
        try:
            with self._held(person_id) as live:
                return state_of(live.handle, live.cuff)
        except (InputError, DeviceError):
            return None

    def describe(self, handle: SessionHandle) -> dict[str, Any]:
        """Return the state of ``handle`` (held by :meth:`running`) with its cuff, if any."""
        # list() copies the values in one step, so another person's start cannot upset it.
        held = list(self._live.values())
        cuff = next((live.cuff for live in held if live.handle is handle), None)
        return state_of(handle, cuff)

    def _forget(self, person_id: uuid.UUID) -> None:
        live = self._live.pop(person_id, None)
        if live is not None:
            self._close_cuff(live.cuff)

    def _emergency_stop(self, person_id: uuid.UUID, live: _Live, reason: str) -> None:
        try:
            if not live.handle.runner.finished:
                live.handle.runner.stop(reason)
        except Exception:
            # The log may be what failed; deflating below matters more than recording why.
            _LOG.exception("could not record the stop of a live session (%s)", reason)
        finally:
            self._live.pop(person_id, None)
            # Kept so the page's next update shows how the session ended, once.
            self._ended[person_id] = live.handle
            self._close_cuff(live.cuff)

    def service(self) -> None:
        """Keep every cuff session's device serviced; stop those no page has followed.

        Called often by the server's keeper thread (and by tests on their own clock): it keeps
        the heartbeat and the limb caps going between page updates, and stops a cuff session
        with no page for :data:`LEAVE_AFTER_S`, which deflates the cuff. First it asks the
        cluster whether this worker lost the ownership of any session, and lets those go.
        One pass runs at a time, whoever calls.
        """
        with self._service_lock:
            try:
                lost = self.cluster.lost_leases()
            except Exception:  # probing must never stop the cuffs from being serviced
                _LOG.exception("could not probe the live sessions' leases")
                lost = set()
            for person_id in lost:
                with self._lock(person_id):
                    if not self.cluster.owns(person_id):  # not taken again since by a request
                        self._let_go(person_id)
            with self._registry_lock:
                people = [key for key, live in self._live.items() if live.cuff is not None]
            for person_id in people:
                with self._lock(person_id):
                    live = self._live.get(person_id)
                    if live is None:
                        continue
                    left_s = (self.clock.now() - live.last_seen).total_seconds()
                    try:
                        if left_s > LEAVE_AFTER_S:
                            self._emergency_stop(
                                person_id,
                                live,
                                f"no page followed the session for {LEAVE_AFTER_S:g} s: "
                                "cuff deflated",
                            )
                            continue
                        live.handle.runner.tick()
                    except DeviceError as error:
                        self._emergency_stop(person_id, live, f"device fault: {error}")
                        continue
                    except Exception as error:  # any fault, whatever it is, must end deflated
                        self._emergency_stop(person_id, live, f"server error: {error}")
                        continue
                    if live.handle.runner.finished:
                        self._forget(person_id)
                    self._settle(person_id)

    def close(self) -> None:
        """Deflate and let go of every cuff (the server is shutting down).

        The sessions stay running in the log: the next server resumes them as after a crash,
        recording the release and counting the time against the limb's cap.
        """
        with self._registry_lock:
            people = list(self._live)
        for person_id in people:
            with self._lock(person_id):
                live = self._live.pop(person_id, None)
                if live is not None:
                    self._close_cuff(live.cuff)
        # Closing the lease connection lets every session go for another worker to resume.
        self.cluster.close()


def cuff_state(cuff: _Cuff) -> dict[str, Any]:
    """Return the cuff's per-limb pressure, target, state and its alarms, JSON-ready."""
    restriction = cuff.restriction
    status = restriction.client.latest
    channels = {}
    for limb, channel in restriction.channels.items():
        line = status.channels[channel] if status is not None else None
        channels[limb] = {
            "pressure_mmhg": line.pressure_mmhg if line is not None else None,
            "target_mmhg": restriction.targets.get(limb),
            "state": line.state if line is not None else None,
        }
    active = restriction.client.active_alarms()
    return {
        "device": str(cuff.device.kind),
        "simulated": cuff.device.simulated,
        "channels": channels,
        "active_alarms": sorted(set(active)),
        "alarms": list(cuff.alarms),
    }


def state_of(handle: SessionHandle, cuff: _Cuff | None = None) -> dict[str, Any]:
    """Return what the live page shows: the runner's view, the session id and the cuff."""
    view = handle.runner.view().as_dict()
    return {
        "session_id": str(handle.session_id),
        "person": handle.person_name,
        **view,
        "restriction": "cuff" if cuff is not None else "wrap",
        "cuff": cuff_state(cuff) if cuff is not None else None,
        "exercise_plan": exercise_plan(handle) if cuff is None else None,
    }


def check_expected_set(handle: SessionHandle, expected: Sequence[int]) -> None:
    """Refuse a set logged for another set than the one under way (exercise and set, from 1).

    A set kept on a phone without a connection is sent later; if the session has moved on
    meanwhile, its reps must not land on another set.

    Raises
    ------
    InputError
        ``session.set-moved-on`` with the expected and the current set.
    """
    state = handle.runner.state
    current = (state.exercise_index + 1, state.set_index + 1)
    wanted = tuple(int(number) for number in expected)
    if not state.set_pending or current != wanted:
        raise InputError(
            "that set is no longer under way: the session has moved on",
            code="session.set-moved-on",
            expected=list(wanted),
            current=list(current) if state.set_pending else None,
        )


def exercise_plan(handle: SessionHandle) -> dict[str, Any]:
    """Return the current exercise's sets and rests, for a wrap session's page to go on alone.

    Without a connection the page keeps counting the rests and takes the next sets from this;
    a cuff session never does (the device deflates when the host falls silent).
    """
    exercise = handle.runner.exercise
    return {
        "sets": [planned.as_dict() for planned in exercise.sets],
        "rest_between_sets_s": exercise.rest_between_sets_s,
        "intermittent": exercise.restriction == "intermittent",
    }


class Keeper:
    """A daemon thread that calls :meth:`LiveSessions.service` every ``interval_s`` [s]."""

    def __init__(self, live: LiveSessions, interval_s: float) -> None:
        self.live = live
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start servicing in the background (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="occlusion-cuff", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.live.service()

    def stop(self) -> None:
        """Stop the thread, then stop every cuff session and deflate."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.live.close()
