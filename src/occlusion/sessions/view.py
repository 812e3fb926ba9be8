"""What a screen shows about a running session (terminal, web page or test)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class CadenceCue:
    """Where the person is in the rep tempo: repetition number and phase."""

    repetition: int
    phase: str
    phase_remaining_s: float

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "repetition": self.repetition,
            "phase": self.phase,
            "phase_remaining_s": self.phase_remaining_s,
        }


def cadence_cue(set_elapsed_s: float, cadence_s: tuple[float, float, float]) -> CadenceCue:
    """Return the cue ``set_elapsed_s`` seconds into a set at a (lift, hold, lower) tempo [s]."""
    concentric, isometric, eccentric = cadence_s
    period = concentric + isometric + eccentric
    elapsed = max(0.0, set_elapsed_s)
    repetition = int(elapsed // period) + 1
    within = elapsed - (repetition - 1) * period
    if within < concentric:
        return CadenceCue(repetition, "lift", concentric - within)
    if within < concentric + isometric:
        return CadenceCue(repetition, "hold", concentric + isometric - within)
    return CadenceCue(repetition, "lower", period - within)


@dataclass(frozen=True, slots=True)
class BudgetView:
    """Restriction time on one limb since its last full reperfusion, against its cap [s]."""

    limb: str
    used_s: float
    cap_s: float
    applied: bool
    total_s: float

    @property
    def fraction(self) -> float:
        """Share of the cap used, 0–1."""
        return min(1.0, self.used_s / self.cap_s) if self.cap_s > 0 else 1.0

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "limb": self.limb,
            "used_s": self.used_s,
            "cap_s": self.cap_s,
            "applied": self.applied,
            "session_total_s": self.total_s,
        }


@dataclass(frozen=True, slots=True)
class RunnerView:
    """A snapshot of the session for display."""

    step: str
    exercise: str
    exercise_number: int
    exercise_count: int
    set_number: int
    set_count: int
    target_reps: int | None
    to_failure: bool
    target_load_kg: float | None
    countdown_kind: str | None
    seconds_remaining: float | None
    elapsed_s: float
    cadence: CadenceCue | None
    target_pressure_mmhg: float | None
    pressures_mmhg: dict[str, float | None]
    budgets: tuple[BudgetView, ...]
    prompts: tuple[str, ...]
    outcome: str | None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "step": self.step,
            "exercise": self.exercise,
            "exercise_number": self.exercise_number,
            "exercise_count": self.exercise_count,
            "set_number": self.set_number,
            "set_count": self.set_count,
            "target_reps": self.target_reps,
            "to_failure": self.to_failure,
            "target_load_kg": self.target_load_kg,
            "countdown_kind": self.countdown_kind,
            "seconds_remaining": self.seconds_remaining,
            "elapsed_s": self.elapsed_s,
            "cadence": self.cadence.as_dict() if self.cadence else None,
            "target_pressure_mmhg": self.target_pressure_mmhg,
            "pressures_mmhg": dict(self.pressures_mmhg),
            "budgets": [budget.as_dict() for budget in self.budgets],
            "prompts": list(self.prompts),
            "outcome": self.outcome,
        }
