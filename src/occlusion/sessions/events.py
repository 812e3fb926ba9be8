"""The runner's vocabulary: events, commands, the injected clock and the journal.

Every change of a session is an :class:`Event`. The runner writes each one to a
:class:`Journal` *before* acting on it, and the journal must make it durable before returning,
so a killed process loses nothing it had already shown. Replaying the journal's events rebuilds
the runner exactly (that is how a session resumes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened in a session.

    Parameters
    ----------
    sequence
        Position in the session, from 1.
    kind
        What happened (``set-logged``, ``restriction-applied``, ...).
    occurred_at
        When, as an aware datetime in the person's local offset.
    elapsed_s
        Seconds since the session started [s].
    payload
        The details, JSON-ready.
    """

    sequence: int
    kind: str
    occurred_at: datetime
    elapsed_s: float
    payload: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "sequence": self.sequence,
            "kind": self.kind,
            "occurred_at": self.occurred_at.isoformat(),
            "elapsed_s": self.elapsed_s,
            "payload": dict(self.payload),
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


class Journal(Protocol):
    """Where events go; :meth:`append` returns only once the event is durable."""

    def append(self, event: Event) -> None:
        """Persist ``event`` (commit included)."""
        ...


class MemoryJournal:
    """A journal kept in a list (tests, dry runs)."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def append(self, event: Event) -> None:
        """Keep ``event``."""
        self.events.append(event)


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
    """

    reps: int | None
    load_kg: float | None = None
    load_entered_unit: str = "kg"
    rpe: float | None = None
    discomfort: int | None = None
    symptoms: tuple[str, ...] = ()
    notes: str = ""
