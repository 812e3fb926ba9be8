"""Build the runner's :class:`SessionPlan` from a stored plan document.

The document is :class:`~occlusion.science.prescription.PlanDocument` (any stored format is
migrated by :func:`~occlusion.science.prescription.plan_document`). Everything a session needs —
restriction, caps, reperfusion, rest, cadence, stop rules, loads and progression — is read from
the document itself, never from the protocol library, so a plan runs exactly as it was written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from occlusion.errors import InputError
from occlusion.sessions.plan import (
    PlannedExercise,
    PlannedSet,
    SessionPlan,
    StopRuleSpec,
    default_stop_rules,
    limb_key,
)

if TYPE_CHECKING:
    from occlusion.science.prescription import PlanDocument


def _sides(side: str) -> tuple[str, ...]:
    return ("left", "right") if side in ("both", "", None) else (side,)


def session_plan_from_prescription(prescription: Mapping[str, Any]) -> SessionPlan:
    """Return the session plan described by a stored plan document of any format version.

    Raises
    ------
    InputError
        The document is not a plan (``plan.bad-document``) or has no exercises
        (``session.plan-without-exercises``).
    """
    from occlusion.science.prescription import plan_document

    return session_plan_from_document(plan_document(prescription))


def session_plan_from_document(document: PlanDocument) -> SessionPlan:
    """Return the session plan of a typed plan document."""
    if not document.exercises:
        raise InputError(
            "the plan lists no exercises, so there is nothing to guide: list exercises and "
            "write the plan again",
            code="session.plan-without-exercises",
        )
    exercises = []
    for item in document.exercises:
        limbs_for = [plan for plan in document.limbs if plan.limb == item.limb]
        restricted = tuple(
            limb_key(side, item.limb) for plan in limbs_for for side in _sides(plan.side)
        )
        pressure = next((plan.pressure_mmhg for plan in limbs_for), None)
        pct_lop = next((plan.pct_lop for plan in limbs_for), None)
        instructions: list[str] = []
        for plan in limbs_for:
            label = f"{plan.side} {item.limb}: " if len(limbs_for) > 1 else ""
            lines = plan.wrap.instructions if plan.wrap is not None else []
            instructions.extend(f"{label}{line}" for line in lines)
        load = item.load.load_kg if item.load is not None else None
        sets = tuple(
            PlannedSet(
                target_reps=spec.reps,
                to_failure=spec.to_failure,
                duration_s=spec.duration_s,
                target_load_kg=load,
            )
            for spec in item.sets
        )
        exercises.append(
            PlannedExercise(
                name=item.name,
                restricted_limbs=restricted,
                sets=sets,
                rest_between_sets_s=float(item.rest_between_sets_s),
                restriction=document.protocol.restriction,
                target_pressure_mmhg=pressure,
                target_pct_lop=pct_lop,
                apply_instructions=tuple(dict.fromkeys(instructions)),
            )
        )
    stop_rules = tuple(
        StopRuleSpec(
            code=rule.code,
            action=rule.action,
            advice=rule.advice,
            discomfort_above=rule.discomfort_above,
            pressure_step_mmhg=rule.pressure_step_mmhg,
        )
        for rule in document.stop_rules
    ) or default_stop_rules()
    frozen = document.session
    return SessionPlan(
        protocol=document.protocol.name,
        exercises=tuple(exercises),
        rest_between_exercises_s=frozen.rest_between_exercises_s,
        cadence_s=frozen.cadence_s,
        cap_s=dict(frozen.cap_s),
        reperfusion_s=frozen.reperfusion_s,
        stop_rules=stop_rules,
        progression=document.progression,
    )
