"""The runner's state and the one function that changes it: replaying a journalled event.

Keeping every change in :func:`apply_event` is what makes a session resumable: the live runner
and a replay of its journal go through exactly the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from occlusion.sessions.events import Event
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
    last_elapsed_s: float = 0.0
    sequence: int = 0


def apply_event(state: RunnerState, event: Event, plan: SessionPlan) -> None:
    """Apply one journalled event to ``state`` (the only place runner state changes)."""
    payload = event.payload
    state.sequence = event.sequence
    state.last_elapsed_s = event.elapsed_s
    now = event.elapsed_s
    kind = event.kind
    if kind == "session-started":
        state.started_at = event.occurred_at
        state.step = "starting"
    elif kind == "exercise-started":
        state.exercise_index = payload["exercise_index"]
        state.set_index = 0
        state.pressure_reduction_mmhg = 0.0
    elif kind == "restriction-requested":
        state.step = "apply"
        state.countdown_kind = state.countdown_until_s = state.after_countdown = None
        state.prompts = list(payload.get("instructions", []))
    elif kind == "restriction-applied":
        for limb in payload["limbs"]:
            released = state.released_at_s.get(limb)
            if released is None or now - released >= plan.reperfusion_s:
                state.since_reperfusion_s[limb] = 0.0
            state.applied_since_s[limb] = now
        state.prompts = []
    elif kind == "set-started":
        state.step = "set"
        state.set_index = payload["set_index"]
        state.set_pending = True
        state.set_started_s = now
        state.countdown_kind = state.countdown_until_s = state.after_countdown = None
    elif kind == "set-logged":
        state.set_pending = False
        state.set_index = payload["set_index"] + 1
    elif kind == "set-interrupted":
        state.set_pending = False
    elif kind == "countdown-started":
        state.step = payload["kind"]
        state.countdown_kind = payload["kind"]
        state.countdown_until_s = now + payload["duration_s"]
        state.after_countdown = payload["then"]
    elif kind == "countdown-ended":
        state.countdown_kind = state.countdown_until_s = None
    elif kind == "restriction-released":
        for limb in payload["limbs"]:
            since = state.applied_since_s.pop(limb, None)
            if since is not None:
                segment = max(0.0, now - since)
                before = state.since_reperfusion_s.get(limb, 0.0)
                state.since_reperfusion_s[limb] = before + segment
                state.total_restricted_s[limb] = state.total_restricted_s.get(limb, 0.0) + segment
                state.released_at_s[limb] = now
        instructions = list(payload.get("instructions", []))
        keep = str(payload.get("reason", "")).startswith("stop rule")
        state.prompts = [*state.prompts, *instructions] if keep else instructions
        if state.after_countdown == "start-set":
            state.after_countdown = "apply"
    elif kind == "pressure-lowered":
        state.pressure_reduction_mmhg += payload["step_mmhg"]
        state.prompts = list(payload.get("instructions", []))
    elif kind == "stop-rule":
        state.prompts = [payload["advice"]]
    elif kind == "device-alarm":
        state.prompts = [*state.prompts, payload.get("message", "device alarm")]
    elif kind in ("session-completed", "session-stopped"):
        state.step = "completed" if kind == "session-completed" else "stopped"
        state.outcome = payload.get("reason", "completed")
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
