"""Plans and a fake cuff for runner tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from occlusion.sessions.plan import PlannedExercise, PlannedSet, SessionPlan

START = datetime(2026, 5, 1, 18, 0, tzinfo=timezone(timedelta(hours=2)))


def plan(
    restriction: str = "continuous",
    *,
    exercises: int = 2,
    cap_s: float = 1200.0,
    reperfusion_s: float = 180.0,
    limbs: tuple[str, ...] = ("left-thigh", "right-thigh"),
    progression: dict | None = None,  # type: ignore[type-arg]
) -> SessionPlan:
    sets = tuple(
        PlannedSet(target_reps=reps, to_failure=index == 3, target_load_kg=40.0)
        for index, reps in enumerate((30, 15, 15, 15))
    )
    return SessionPlan(
        protocol="resistance-30-15-15-15",
        exercises=tuple(
            PlannedExercise(
                name=f"exercise {number + 1}",
                restricted_limbs=limbs,
                sets=sets,
                rest_between_sets_s=30.0,
                restriction=restriction,
                target_pressure_mmhg=110.0,
                target_pct_lop=60.0,
                apply_instructions=("marks 10 cm apart",),
            )
            for number in range(exercises)
        ),
        rest_between_exercises_s=120.0,
        cadence_s=(2.0, 0.0, 2.0),
        cap_s={"thigh": cap_s, "arm": 900.0},
        reperfusion_s=reperfusion_s,
        progression=progression,
    )


class FakeCuff:
    """A cuff that reaches its target when told to (stands in for the device client)."""

    kind = "cuff"
    requires_confirmation = False

    def __init__(self) -> None:
        self.targets: dict[str, float] = {}
        self.holding = False
        self.serviced = 0
        self.log: list[str] = []

    def service(self) -> None:
        self.serviced += 1

    def apply(self, limbs: Sequence[str], target_mmhg: float | None) -> list[str]:
        for limb in limbs:
            self.targets[limb] = target_mmhg or 0.0
        self.log.append(f"inflate {','.join(limbs)} {target_mmhg}")
        return ["inflating"]

    def is_applied(self, limbs: Sequence[str]) -> bool:
        return self.holding

    def release(self, limbs: Sequence[str]) -> list[str]:
        for limb in limbs:
            self.targets.pop(limb, None)
        self.holding = False
        self.log.append(f"deflate {','.join(limbs)}")
        return ["deflated"]

    def lower(self, limbs: Sequence[str], step_mmhg: float) -> list[str]:
        for limb in limbs:
            self.targets[limb] -= step_mmhg
        self.log.append(f"lower {step_mmhg}")
        return [f"lowered by {step_mmhg:g} mmHg"]

    def pressures_mmhg(self) -> dict[str, float | None]:
        return {limb: target - 1.0 for limb, target in self.targets.items()}

    def drain_device_records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return [], []

    def safety_released(self) -> list[str]:
        return []

    def latched_alarms(self) -> dict[str, tuple[str, ...]]:
        return {}

    def acknowledge_alarms(self) -> None:
        pass
