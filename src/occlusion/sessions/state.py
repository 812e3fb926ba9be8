"""The runner's state and the one function that changes it: replaying a journalled event.

Keeping every change in :func:`apply_event` is what makes a session resumable: the live runner
and a replay of its journal go through exactly the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import assert_never

from occlusion.sessions.events import (
    BudgetCapReached,
    CountdownEnded,
    CountdownStarted,
    DeviceAlarmRaised,
    DiscomfortReported,
    Event,
    ExerciseStarted,
    PressureLowered,
    ReleaseCause,
    RestrictionApplied,
    RestrictionReleased,
    RestrictionRequested,
    SessionCompleted,
    SessionResumed,
    SessionStarted,
    SessionStopped,
    SetInterrupted,
    SetLogged,
    SetStarted,
    StopRuleFired,
    SymptomReported,
)
from occlusion.sessions.plan import SessionPlan, limb_kind

FINISHED = ("completed", "stopped")


@dataclass
class RunnerState:
    """Everything the runner knows, rebuilt from the journal by :func:`apply_event`."""

    step: str = "not-started"
    exercise_index: int = 0
    set_index: int = 0
    set_pending: bool = False
    set_started_s: float | None = None
    countdown_kind: str | None = None
    countdown_until_s: float | None = None
    after_countdown: str | None = None
    applied_since_s: dict[str, float] = field(default_factory=dict)
    released_at_s: dict[str, float] = field(default_factory=dict)
    since_reperfusion_s: dict[str, float] = field(default_factory=dict)
    total_restricted_s: dict[str, float] = field(default_factory=dict)
    pressure_reduction_mmhg: float = 0.0
    prompts: list[str] = field(default_factory=list)
    outcome: str | None = None
    started_at: datetime | None = None
    #: When the last logged set was done (its own time if it had one, else when it was logged).
    last_set_at: datetime | None = None
    last_elapsed_s: float = 0.0
    sequence: int = 0


def apply_event(state: RunnerState, event: Event, plan: SessionPlan) -> None:
    """Apply one journalled event to ``state`` (the only place runner state changes)."""
    state.sequence = event.sequence
    state.last_elapsed_s = event.elapsed_s
    now = event.elapsed_s
    match event.data:
        case SessionStarted():
            state.started_at = event.occurred_at
            state.step = "starting"
        case ExerciseStarted(exercise_index=index):
            state.exercise_index = index
            state.set_index = 0
            state.pressure_reduction_mmhg = 0.0
        case RestrictionRequested(instructions=instructions):
            state.step = "apply"
            state.countdown_kind = state.countdown_until_s = state.after_countdown = None
            state.prompts = list(instructions)
        case RestrictionApplied(limbs=limbs):
            for limb in limbs:
                released = state.released_at_s.get(limb)
                if released is None or now - released >= plan.reperfusion_s:
                    state.since_reperfusion_s[limb] = 0.0
                state.applied_since_s[limb] = now
            state.prompts = []
        case SetStarted(set_index=set_index):
            state.step = "set"
            state.set_index = set_index
            state.set_pending = True
            state.set_started_s = now
            state.countdown_kind = state.countdown_until_s = state.after_countdown = None
        case SetLogged(set_index=set_index, done_at=done_at):
            state.set_pending = False
            state.set_index = set_index + 1
            done = event.occurred_at if done_at is None else datetime.fromisoformat(done_at)
            state.last_set_at = done
        case SetInterrupted():
            state.set_pending = False
        case CountdownStarted(countdown=countdown, duration_s=duration_s, then=then):
            state.step = countdown
            state.countdown_kind = countdown
            state.countdown_until_s = now + duration_s
            state.after_countdown = then
        case CountdownEnded():
            state.countdown_kind = state.countdown_until_s = None
        case RestrictionReleased(limbs=limbs, instructions=instructions, cause=cause):
            _release(state, limbs, now)
            # A stop rule's advice stays on screen next to the release instructions.
            keep = cause is ReleaseCause.STOP_RULE
            state.prompts = [*state.prompts, *instructions] if keep else list(instructions)
            if state.after_countdown == "start-set":
                state.after_countdown = "apply"
        case PressureLowered(step_mmhg=step_mmhg, instructions=instructions):
            state.pressure_reduction_mmhg += step_mmhg
            state.prompts = list(instructions)
        case StopRuleFired(advice=advice):
            state.prompts = [advice]
        case DeviceAlarmRaised(message=message):
            state.prompts = [*state.prompts, message]
        case SessionCompleted(reason=reason):
            _finish(state, "completed", reason)
        case SessionStopped(reason=reason):
            _finish(state, "stopped", reason)
        case SessionResumed() | BudgetCapReached() | DiscomfortReported() | SymptomReported():
            pass
        case _:
            assert_never(event.data)


def _release(state: RunnerState, limbs: tuple[str, ...], now: float) -> None:
    for limb in limbs:
        since = state.applied_since_s.pop(limb, None)
        if since is not None:
            segment = max(0.0, now - since)
            before = state.since_reperfusion_s.get(limb, 0.0)
            state.since_reperfusion_s[limb] = before + segment
            state.total_restricted_s[limb] = state.total_restricted_s.get(limb, 0.0) + segment
            state.released_at_s[limb] = now


def _finish(state: RunnerState, step: str, reason: str) -> None:
    state.step = step
    state.outcome = reason
    state.countdown_kind = state.countdown_until_s = state.after_countdown = None


def cap_s(plan: SessionPlan, limb: str) -> float:
    """Return the restriction cap of ``limb`` (by its kind, arm or thigh) [s]."""
    return float(plan.cap_s[limb_kind(limb)])


def used_s(state: RunnerState, plan: SessionPlan, limb: str, now: float) -> float:
    """Return restriction time on ``limb`` since its last full reperfusion [s]."""
    if limb in state.applied_since_s:
        return state.since_reperfusion_s.get(limb, 0.0) + now - state.applied_since_s[limb]
    released = state.released_at_s.get(limb)
    if released is not None and now - released >= plan.reperfusion_s:
        return 0.0
    return state.since_reperfusion_s.get(limb, 0.0)


def cap_reached_limbs(
    state: RunnerState, plan: SessionPlan, now: float, *, include_released: bool = False
) -> list[str]:
    """Return the limbs whose restriction time has reached their cap."""
    limbs = set(state.applied_since_s) | (
        set(state.since_reperfusion_s) if include_released else set()
    )
    return sorted(limb for limb in limbs if used_s(state, plan, limb, now) >= cap_s(plan, limb))
