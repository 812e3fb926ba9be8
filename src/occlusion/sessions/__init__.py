"""Guided sessions: a state machine driven by an injected clock, journalled event by event.

:class:`SessionRunner` walks a person through a :class:`SessionPlan` — apply restriction, sets
with a rep-cadence cue, rests, releases — enforcing the per-limb restriction cap and the stop
rules at once. Each event goes to a :class:`Journal` before it takes effect; replaying the
journal resumes a session after a crash.
"""

from occlusion.sessions.events import (
    Clock,
    Event,
    Journal,
    LoggedSet,
    ManualClock,
    MemoryJournal,
    SystemClock,
)
from occlusion.sessions.plan import PlannedExercise, PlannedSet, SessionPlan, StopRuleSpec
from occlusion.sessions.restriction import Restriction, WrapRestriction
from occlusion.sessions.runner import SessionRunner
from occlusion.sessions.view import RunnerView

__all__ = [
    "Clock",
    "Event",
    "Journal",
    "LoggedSet",
    "ManualClock",
    "MemoryJournal",
    "PlannedExercise",
    "PlannedSet",
    "Restriction",
    "RunnerView",
    "SessionPlan",
    "SessionRunner",
    "StopRuleSpec",
    "SystemClock",
    "WrapRestriction",
]
