"""What a guided session will do: exercises, sets, rests, restriction, caps and stop rules.

A :class:`SessionPlan` is the runner's own, small view of a prescription. It is stored with the
session (``as_dict``/``from_dict``) so that a session resumed after a crash follows exactly the
plan it started with, even if the person's prescription changed meanwhile.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from occlusion.errors import InputError
from occlusion.vocabulary import Limb, Restriction

SIDES = ("left", "right")


def limb_key(side: str, limb: str) -> str:
    """Return the key of one restricted limb, e.g. ``left-thigh``."""
    if side not in SIDES or limb not in tuple(Limb):
        raise InputError(
            f"unknown limb {side!r} {limb!r}: use left/right and arm/thigh",
            code="session.unknown-limb", side=side, limb=limb,
        )
    return f"{side}-{limb}"


def limb_kind(key: str) -> str:
    """Return ``arm`` or ``thigh`` for a limb key such as ``left-thigh``."""
    return key.split("-", 1)[1]


def _positive_or_none(value: float | None, name: str) -> float | None:
    if value is None:
        return None
    if not math.isfinite(value) or value < 0:
        raise InputError(
            f"{name} must be a finite number of at least 0, got {value!r}",
            code="input.negative", what=name, value=value,
        )
    return float(value)


@dataclass(frozen=True, slots=True)
class PlannedSet:
    """One set: target repetitions (or a timed bout) and target load."""

    target_reps: int | None = None
    to_failure: bool = False
    duration_s: float | None = None
    target_load_kg: float | None = None

    def __post_init__(self) -> None:
        if self.target_reps is not None and (
            isinstance(self.target_reps, bool) or self.target_reps < 1
        ):
            raise InputError(
                f"target repetitions must be at least 1, got {self.target_reps!r}",
                code="session.target-reps-below-one", value=self.target_reps,
            )
        _positive_or_none(self.duration_s, "set duration")
        _positive_or_none(self.target_load_kg, "target load")

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "target_reps": self.target_reps,
            "to_failure": self.to_failure,
            "duration_s": self.duration_s,
            "target_load_kg": self.target_load_kg,
        }


@dataclass(frozen=True, slots=True)
class PlannedExercise:
    """One exercise: the limbs it restricts, its sets, rests and target pressure or wrap."""

    name: str
    restricted_limbs: tuple[str, ...]
    sets: tuple[PlannedSet, ...]
    rest_between_sets_s: float
    restriction: str = "continuous"
    target_pressure_mmhg: float | None = None
    target_pct_lop: float | None = None
    apply_instructions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InputError(
                "an exercise needs a name",
                code="session.exercise-without-name",
            )
        if not self.sets:
            raise InputError(
                f"exercise {self.name!r} has no sets",
                code="session.exercise-without-sets", exercise=self.name,
            )
        if self.restriction not in tuple(Restriction):
            raise InputError(
                f"unknown restriction {self.restriction!r}",
                code="unknown-choice",
                what="restriction",
                value=str(self.restriction),
                allowed=[str(r) for r in Restriction],
            )
        for key in self.restricted_limbs:
            side, _, limb = key.partition("-")
            limb_key(side, limb)
        _positive_or_none(self.rest_between_sets_s, "rest between sets")
        _positive_or_none(self.target_pressure_mmhg, "target pressure")

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "name": self.name,
            "restricted_limbs": list(self.restricted_limbs),
            "sets": [planned.as_dict() for planned in self.sets],
            "rest_between_sets_s": self.rest_between_sets_s,
            "restriction": self.restriction,
            "target_pressure_mmhg": self.target_pressure_mmhg,
            "target_pct_lop": self.target_pct_lop,
            "apply_instructions": list(self.apply_instructions),
        }


@dataclass(frozen=True, slots=True)
class StopRuleSpec:
    """A stop rule as the runner applies it (copied from the prescription)."""

    code: str
    action: str
    advice: str
    discomfort_above: float | None = None
    pressure_step_mmhg: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "code": self.code,
            "action": self.action,
            "advice": self.advice,
            "discomfort_above": self.discomfort_above,
            "pressure_step_mmhg": self.pressure_step_mmhg,
        }


def default_stop_rules() -> tuple[StopRuleSpec, ...]:
    """Return the project's stop rules (:data:`occlusion.science.protocols.STOP_RULES`) as specs."""
    from occlusion.science.protocols import STOP_RULES

    return tuple(
        StopRuleSpec(
            rule.code, rule.action, rule.advice, rule.discomfort_above, rule.pressure_step_mmhg
        )
        for rule in STOP_RULES
    )


@dataclass(frozen=True, slots=True)
class SessionPlan:
    """Everything the runner needs to guide one session.

    Parameters
    ----------
    protocol
        Stable protocol name, e.g. ``resistance-30-15-15-15``.
    exercises
        The exercises in order.
    rest_between_exercises_s
        Release and rest between exercises [s].
    cadence_s
        Tempo of a repetition as (concentric, isometric, eccentric) [s], or ``None``.
    cap_s
        Longest restriction per limb kind (``arm``, ``thigh``) without a full reperfusion [s].
    reperfusion_s
        Release long enough to count as reperfusion, and the forced rest at the cap [s].
    stop_rules
        The rules that end or ease restriction at once.
    progression
        The protocol's progression rule as data (see
        :class:`occlusion.science.protocols.ProgressionRule`), or ``None``.
    """

    protocol: str
    exercises: tuple[PlannedExercise, ...]
    rest_between_exercises_s: float
    cadence_s: tuple[float, float, float] | None
    cap_s: Mapping[str, float]
    reperfusion_s: float
    stop_rules: tuple[StopRuleSpec, ...] = field(default_factory=default_stop_rules)
    progression: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        if not self.exercises:
            raise InputError(
                "a session needs at least one exercise",
                code="session.plan-without-exercises",
            )
        for kind in {limb_kind(key) for ex in self.exercises for key in ex.restricted_limbs}:
            if kind not in self.cap_s or self.cap_s[kind] <= 0:
                raise InputError(
                    f"the plan has no restriction cap for the {kind}",
                    code="session.no-restriction-cap", limb=kind,
                )
        if self.reperfusion_s <= 0:
            raise InputError(
                "reperfusion time must be positive",
                code="session.reperfusion-not-positive", reperfusion_s=self.reperfusion_s,
            )

    @property
    def repetition_s(self) -> float | None:
        """Duration of one repetition [s], if the plan has a cadence."""
        return sum(self.cadence_s) if self.cadence_s else None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping (stored with the session)."""
        return {
            "protocol": self.protocol,
            "exercises": [exercise.as_dict() for exercise in self.exercises],
            "rest_between_exercises_s": self.rest_between_exercises_s,
            "cadence_s": list(self.cadence_s) if self.cadence_s else None,
            "cap_s": dict(self.cap_s),
            "reperfusion_s": self.reperfusion_s,
            "stop_rules": [rule.as_dict() for rule in self.stop_rules],
            "progression": dict(self.progression) if self.progression else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionPlan:
        """Rebuild a plan from :meth:`as_dict` output."""
        try:
            exercises = tuple(
                PlannedExercise(
                    name=item["name"],
                    restricted_limbs=tuple(item["restricted_limbs"]),
                    sets=tuple(PlannedSet(**planned) for planned in item["sets"]),
                    rest_between_sets_s=item["rest_between_sets_s"],
                    restriction=item["restriction"],
                    target_pressure_mmhg=item.get("target_pressure_mmhg"),
                    target_pct_lop=item.get("target_pct_lop"),
                    apply_instructions=tuple(item.get("apply_instructions", ())),
                )
                for item in data["exercises"]
            )
            cadence = data.get("cadence_s")
            return cls(
                protocol=data["protocol"],
                exercises=exercises,
                rest_between_exercises_s=data["rest_between_exercises_s"],
                cadence_s=(cadence[0], cadence[1], cadence[2]) if cadence else None,
                cap_s=dict(data["cap_s"]),
                reperfusion_s=data["reperfusion_s"],
                stop_rules=tuple(StopRuleSpec(**rule) for rule in data["stop_rules"]),
                progression=data.get("progression"),
            )
        except (KeyError, TypeError, IndexError) as exc:
            raise InputError(
                f"the stored session plan is incomplete ({exc})",
                code="session.stored-plan-incomplete", detail=str(exc),
            ) from None

