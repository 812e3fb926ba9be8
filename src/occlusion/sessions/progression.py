"""Progression: the next session's targets follow the plan's rule and the last session.

The rule is the protocol's :class:`~occlusion.science.protocols.ProgressionRule`, stored with
the plan as data. For ``add-load`` rules (e.g. the 30-15-15-15 trial: add the minimal 5 kg when
more than 15 repetitions are done in the 4th set), each exercise starts from the target load of
its previous session and gains the increment when that session's decisive set went past the
threshold. Rules of other kinds leave the loads unchanged (they add sets week by week, which the
plan itself already states).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from occlusion.sessions.plan import SessionPlan
from occlusion.vocabulary import ProgressionKind


@dataclass(frozen=True, slots=True)
class PreviousExercise:
    """What the previous session of the same plan did for one exercise."""

    name: str
    target_load_kg: float | None
    reps_per_set: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ProgressionDecision:
    """The target load chosen for one exercise, and why."""

    exercise: str
    previous_target_load_kg: float | None
    target_load_kg: float | None
    increased: bool
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "exercise": self.exercise,
            "previous_target_load_kg": self.previous_target_load_kg,
            "target_load_kg": self.target_load_kg,
            "increased": self.increased,
            "reason": self.reason,
        }


def _rule(progression: Mapping[str, Any] | None) -> Any:
    if not progression or progression.get("kind") != ProgressionKind.ADD_LOAD:
        return None
    from occlusion.science.protocols import ProgressionRule

    return ProgressionRule(
        kind=ProgressionKind.ADD_LOAD,
        description=str(progression.get("description", "")),
        set_number=progression.get("set_number"),
        reps_above=progression.get("reps_above"),
        load_increment_kg=progression.get("load_increment_kg"),
        reference_keys=tuple(progression.get("references", ())),
    )


def progress_plan(
    plan: SessionPlan, previous: Sequence[PreviousExercise]
) -> tuple[SessionPlan, tuple[ProgressionDecision, ...]]:
    """Return the plan with this session's target loads, and the decision per exercise."""
    rule = _rule(plan.progression)
    by_name = {item.name: item for item in previous}
    exercises = []
    decisions = []
    for exercise in plan.exercises:
        before = by_name.get(exercise.name)
        planned_load = exercise.sets[0].target_load_kg
        if before is None or before.target_load_kg is None:
            exercises.append(exercise)
            decisions.append(
                ProgressionDecision(
                    exercise.name, None, planned_load, False, "first session of this plan"
                )
            )
            continue
        load = before.target_load_kg
        increased = False
        if rule is None:
            reason = "the plan has no load progression rule"
        elif rule.should_add_load(list(before.reps_per_set)):
            load += rule.load_increment_kg
            increased = True
            reason = rule.description or "the last session passed the progression threshold"
        else:
            reason = (
                f"set {rule.set_number} needs more than {rule.reps_above} repetitions to add "
                "load"
            )
        sets = tuple(replace(item, target_load_kg=load) for item in exercise.sets)
        exercises.append(replace(exercise, sets=sets))
        decisions.append(
            ProgressionDecision(exercise.name, before.target_load_kg, load, increased, reason)
        )
    return replace(plan, exercises=tuple(exercises)), tuple(decisions)
