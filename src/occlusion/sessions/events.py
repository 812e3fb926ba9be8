"""The runner's vocabulary: a closed set of typed events, the injected clock and the journal.

Every change of a session is an :class:`Event` whose :attr:`Event.data` is one of the event types
below (:data:`EventData`); nothing else can be journalled. The runner writes each one to a
:class:`Journal` *before* acting on it, and the journal must make it durable before returning,
so a killed process loses nothing it had already shown. Replaying the journal's events rebuilds
the runner exactly (that is how a session resumes).

Stored events keep their kind string and JSON payload (``kind``/``payload``); :meth:`Event.parse`
turns a stored pair back into its type and refuses a kind it does not know.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, ClassVar, Protocol

from occlusion.errors import StoreError


class ReleaseCause(StrEnum):
    """Why restriction was released; the runner's behaviour depends on it, never on wording."""

    STOP_RULE = "stop-rule"
    CAP = "cap"
    INTERMITTENT_REST = "intermittent-rest"
    EXERCISE_FINISHED = "exercise-finished"
    RESUMED = "resumed"
    STOPPED = "stopped"
    DEVICE_SAFETY = "device-safety"


@dataclass(frozen=True, slots=True)
class _Data:
    kind: ClassVar[str]

    def payload(self) -> dict[str, Any]:
        """Return the JSON-ready payload stored with the event."""
        return {item.name: _plain(getattr(self, item.name)) for item in dataclasses.fields(self)}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class SessionStarted(_Data):
    """The session began with this plan (as :meth:`SessionPlan.as_dict`)."""

    kind: ClassVar[str] = "session-started"
    plan: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class SessionResumed(_Data):
    """The session was resumed after ``gap_s`` seconds without a runner [s]."""

    kind: ClassVar[str] = "session-resumed"
    gap_s: float


@dataclass(frozen=True, slots=True)
class ExerciseStarted(_Data):
    """Exercise ``exercise_index`` (from 0) began."""

    kind: ClassVar[str] = "exercise-started"
    exercise_index: int
    name: str


@dataclass(frozen=True, slots=True)
class RestrictionRequested(_Data):
    """The person (or cuff) was asked to restrict ``limbs``."""

    kind: ClassVar[str] = "restriction-requested"
    limbs: tuple[str, ...]
    target_pressure_mmhg: float | None
    instructions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RestrictionApplied(_Data):
    """``limbs`` are restricted (confirmed by the person, or the cuff holds its target)."""

    kind: ClassVar[str] = "restriction-applied"
    limbs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SetStarted(_Data):
    """A set began."""

    kind: ClassVar[str] = "set-started"
    exercise_index: int
    set_index: int
    target_reps: int | None = None
    to_failure: bool = False
    duration_s: float | None = None
    target_load_kg: float | None = None


@dataclass(frozen=True, slots=True)
class SetLogged(_Data):
    """What was done in a set, with its targets, pressure and ratings."""

    kind: ClassVar[str] = "set-logged"
    exercise_index: int
    set_index: int
    target_reps: int | None = None
    reps: int | None = None
    target_load_kg: float | None = None
    load_kg: float | None = None
    load_entered_unit: str = "kg"
    target_pressure_mmhg: float | None = None
    pressure_mmhg: float | None = None
    target_pct_lop: float | None = None
    lop_mmhg: float | None = None
    restriction_s: float | None = None
    rest_s: float | None = None
    rpe: float | None = None
    discomfort: int | None = None
    symptoms: tuple[str, ...] = ()
    notes: str = ""
    #: When the set was done, ISO 8601 with its UTC offset, when that is not when it was logged:
    #: a set kept on a phone without a connection and sent later, by the phone's clock.
    done_at: str | None = None


@dataclass(frozen=True, slots=True)
class SetInterrupted(_Data):
    """The set under way ended early; it is done again."""

    kind: ClassVar[str] = "set-interrupted"
    reason: str


@dataclass(frozen=True, slots=True)
class CountdownStarted(_Data):
    """A rest of ``duration_s`` seconds began; ``then`` says what follows it."""

    kind: ClassVar[str] = "countdown-started"
    countdown: str
    duration_s: float
    then: str

    def payload(self) -> dict[str, Any]:
        """Return the stored payload (the countdown is stored under ``kind``)."""
        return {"kind": self.countdown, "duration_s": self.duration_s, "then": self.then}


@dataclass(frozen=True, slots=True)
class CountdownEnded(_Data):
    """A rest ended, on time or skipped."""

    kind: ClassVar[str] = "countdown-ended"
    countdown: str | None
    skipped: bool

    def payload(self) -> dict[str, Any]:
        """Return the stored payload (the countdown is stored under ``kind``)."""
        return {"kind": self.countdown, "skipped": self.skipped}


@dataclass(frozen=True, slots=True)
class RestrictionReleased(_Data):
    """``limbs`` were released, for ``cause``."""

    kind: ClassVar[str] = "restriction-released"
    limbs: tuple[str, ...]
    reason: str
    instructions: tuple[str, ...] = ()
    cause: ReleaseCause = ReleaseCause.STOPPED


@dataclass(frozen=True, slots=True)
class PressureLowered(_Data):
    """The target was eased by ``step_mmhg`` [mmHg]."""

    kind: ClassVar[str] = "pressure-lowered"
    step_mmhg: float
    instructions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StopRuleFired(_Data):
    """A stop rule fired."""

    kind: ClassVar[str] = "stop-rule"
    code: str
    action: str
    advice: str


@dataclass(frozen=True, slots=True)
class DeviceAlarmRaised(_Data):
    """The cuff raised an alarm (advisories stay in the device trace)."""

    kind: ClassVar[str] = "device-alarm"
    code: str
    severity: str
    message: str = "device alarm"
    channel: str | None = None
    event: str = "raised"


@dataclass(frozen=True, slots=True)
class BudgetCapReached(_Data):
    """A limb reached its restriction cap [s]."""

    kind: ClassVar[str] = "budget-cap-reached"
    limb: str
    used_s: float
    cap_s: float


@dataclass(frozen=True, slots=True)
class DiscomfortReported(_Data):
    """The person rated discomfort under the band (0–10)."""

    kind: ClassVar[str] = "discomfort-reported"
    discomfort: int


@dataclass(frozen=True, slots=True)
class SymptomReported(_Data):
    """The person reported a symptom (a stop-rule code)."""

    kind: ClassVar[str] = "symptom-reported"
    symptom: str


@dataclass(frozen=True, slots=True)
class SessionCompleted(_Data):
    """Every set of every exercise was done."""

    kind: ClassVar[str] = "session-completed"
    reason: str = "completed"


@dataclass(frozen=True, slots=True)
class SessionStopped(_Data):
    """The session ended early."""

    kind: ClassVar[str] = "session-stopped"
    reason: str


EventData = (
    SessionStarted
    | SessionResumed
    | ExerciseStarted
    | RestrictionRequested
    | RestrictionApplied
    | SetStarted
    | SetLogged
    | SetInterrupted
    | CountdownStarted
    | CountdownEnded
    | RestrictionReleased
    | PressureLowered
    | StopRuleFired
    | DeviceAlarmRaised
    | BudgetCapReached
    | DiscomfortReported
    | SymptomReported
    | SessionCompleted
    | SessionStopped
)

#: Every event type by its stored kind: the closed set.
EVENT_TYPES: dict[str, type[EventData]] = {
    data.kind: data
    for data in (
        SessionStarted,
        SessionResumed,
        ExerciseStarted,
        RestrictionRequested,
        RestrictionApplied,
        SetStarted,
        SetLogged,
        SetInterrupted,
        CountdownStarted,
        CountdownEnded,
        RestrictionReleased,
        PressureLowered,
        StopRuleFired,
        DeviceAlarmRaised,
        BudgetCapReached,
        DiscomfortReported,
        SymptomReported,
        SessionCompleted,
        SessionStopped,
    )
}

# Journals written before the release cause was stored: the runner's own reasons, mapped once.
_LEGACY_RELEASE_CAUSES = {
    "restriction cap reached": ReleaseCause.CAP,
    "rest between sets (intermittent)": ReleaseCause.INTERMITTENT_REST,
    "exercise finished": ReleaseCause.EXERCISE_FINISHED,
    "resumed after an interruption": ReleaseCause.RESUMED,
}


def _legacy_cause(reason: str) -> ReleaseCause:
    # Only for reading journals written before ``cause`` was stored; the runner never reads
    # a reason's wording.
    if reason in _LEGACY_RELEASE_CAUSES:
        return _LEGACY_RELEASE_CAUSES[reason]
    if reason == "stop rule device-safety":
        return ReleaseCause.DEVICE_SAFETY
    if reason.startswith("stop rule "):
        return ReleaseCause.STOP_RULE
    return ReleaseCause.STOPPED


def _data_from_payload(kind: str, payload: Mapping[str, Any]) -> EventData:
    data_type = EVENT_TYPES.get(kind)
    if data_type is None:
        raise StoreError(f"unknown session event {kind!r}", code="session.unknown-event", kind=kind)
    values = dict(payload)
    if data_type in (CountdownStarted, CountdownEnded):
        values["countdown"] = values.pop("kind", None)
    if data_type is RestrictionReleased and "cause" not in values:
        values["cause"] = _legacy_cause(str(values.get("reason", "")))
    names = {item.name: item for item in dataclasses.fields(data_type)}
    unknown = set(values) - set(names)
    if unknown:
        raise StoreError(
            f"session event {kind!r} has unknown fields {sorted(unknown)}",
            code="session.bad-event",
            kind=kind,
        )
    for name, value in values.items():
        if isinstance(value, list):
            values[name] = tuple(value)
    if "cause" in values:
        values["cause"] = ReleaseCause(values["cause"])
    try:
        return data_type(**values)
    except TypeError as error:
        raise StoreError(
            f"session event {kind!r} is incomplete: {error}", code="session.bad-event", kind=kind
        ) from None


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened in a session.

    Parameters
    ----------
    sequence
        Position in the session, from 1.
    occurred_at
        When, as an aware datetime in the person's local offset.
    elapsed_s
        Seconds since the session started [s].
    data
        What happened: one of the types of :data:`EventData`.
    """

    sequence: int
    occurred_at: datetime
    elapsed_s: float
    data: EventData

    @property
    def kind(self) -> str:
        """The stored kind of the event (``set-logged``, ``restriction-applied``, ...)."""
        return self.data.kind

    @property
    def payload(self) -> dict[str, Any]:
        """The JSON-ready details stored with the event."""
        return self.data.payload()

    @classmethod
    def parse(
        cls,
        sequence: int,
        kind: str,
        occurred_at: datetime,
        elapsed_s: float,
        payload: Mapping[str, Any],
    ) -> Event:
        """Return the typed event of a stored kind and payload.

        Raises
        ------
        StoreError
            ``session.unknown-event`` or ``session.bad-event``.
        """
        return cls(sequence, occurred_at, elapsed_s, _data_from_payload(kind, payload))

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "sequence": self.sequence,
            "kind": self.kind,
            "occurred_at": self.occurred_at.isoformat(),
            "elapsed_s": self.elapsed_s,
            "payload": self.payload,
        }


class Clock(Protocol):
    """Source of the current time (injected so tests never sleep)."""

    def now(self) -> datetime:
        """Return the current time as an aware datetime."""
        ...


class SystemClock:
    """The machine's clock, in its local offset."""

    def now(self) -> datetime:
        """Return the current local time (aware)."""
        return datetime.now(UTC).astimezone()


class ManualClock:
    """A clock that moves only when told to (for tests and replays)."""

    def __init__(self, start: datetime) -> None:
        if start.utcoffset() is None:
            raise ValueError("the manual clock needs an aware start time")
        self._now = start

    def now(self) -> datetime:
        """Return the clock's current time."""
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` [s]."""
        self._now += timedelta(seconds=seconds)


#: A cuff's pressure samples and alarms, as mappings (see :class:`~occlusion.sessions.cuff`).
DeviceRecords = tuple[list[dict[str, Any]], list[dict[str, Any]]]


class Journal(Protocol):
    """Where events go; :meth:`append` returns only once the event is durable."""

    def append(self, event: Event) -> None:
        """Persist ``event`` (commit included)."""
        ...

    def record_device(
        self,
        elapsed_s: float,
        occurred_at: datetime,
        samples: list[dict[str, Any]],
        alarms: list[dict[str, Any]],
    ) -> None:
        """Persist a cuff's pressure samples and alarms (the session's device trace)."""
        ...


class MemoryJournal:
    """A journal kept in lists (tests, dry runs)."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.device_samples: list[dict[str, Any]] = []
        self.device_alarms: list[dict[str, Any]] = []

    def append(self, event: Event) -> None:
        """Keep ``event``."""
        self.events.append(event)

    def record_device(
        self,
        elapsed_s: float,
        occurred_at: datetime,
        samples: list[dict[str, Any]],
        alarms: list[dict[str, Any]],
    ) -> None:
        """Keep the samples and alarms."""
        self.device_samples.extend(samples)
        self.device_alarms.extend(alarms)


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """What the person reports at the end of a set.

    Parameters
    ----------
    reps
        Repetitions completed.
    load_kg
        Load actually used [kg]; the target when omitted.
    load_entered_unit
        ``kg`` or ``lb``, as the person typed it.
    rpe
        Rating of perceived exertion, 0–10.
    discomfort
        Discomfort under the band, 0–10.
    symptoms
        Stop-rule codes noticed during the set (``tingling``, ``numbness``, ...).
    notes
        Free text.
    done_at
        When the set was done (aware), when that was earlier than now: a set kept on a phone
        without a connection and sent later. ``None``: now.
    """

    reps: int | None
    load_kg: float | None = None
    load_entered_unit: str = "kg"
    rpe: float | None = None
    discomfort: int | None = None
    symptoms: tuple[str, ...] = ()
    notes: str = ""
    done_at: datetime | None = None
