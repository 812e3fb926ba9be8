"""Build the runner's :class:`SessionPlan` from a stored prescription document.

The document is ``Prescription.as_dict()`` as frozen in the ``plan`` table. The protocol's
cadence, per-limb caps and reperfusion time are looked up by its stable name in
:mod:`occlusion.science.protocols.protocol`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from occlusion.errors import InputError
from occlusion.sessions.plan import (
    PlannedExercise,
    PlannedSet,
    SessionPlan,
    StopRuleSpec,
    default_stop_rules,
    limb_key,
)


def _sides(side: str) -> tuple[str, ...]:
    return ("left", "right") if side in ("both", "", None) else (side,)


def session_plan_from_prescription(prescription: Mapping[str, Any]) -> SessionPlan:
    """Return the session plan described by a prescription document.

    Raises
    ------
    InputError
        The document has no exercises or names an unknown protocol.
    """
    from occlusion.science.protocols import REPERFUSION_AFTER_CAP_S, get_protocol

    try:
        protocol_name = prescription["protocol"]["name"]
        limb_plans = list(prescription.get("limbs", []))
        exercise_plans = list(prescription.get("exercises", []))
    except (KeyError, TypeError):
        raise InputError("the stored plan is not a prescription document") from None
    protocol = get_protocol(protocol_name)
    restriction = prescription["protocol"].get("restriction", protocol.restriction)
    if not exercise_plans:
        raise InputError(
            "the plan lists no exercises, so there is nothing to guide: list exercises and "
            "write the plan again",
            code="session.plan-without-exercises",
        )
    exercises = []
    for item in exercise_plans:
        limbs_for = [plan for plan in limb_plans if plan.get("limb") == item["limb"]]
        restricted = tuple(
            limb_key(side, item["limb"])
            for plan in limbs_for
            for side in _sides(plan.get("side", "both"))
        )
        pressure = next((plan.get("pressure_mmhg") for plan in limbs_for), None)
        pct_lop = next((plan.get("pct_lop") for plan in limbs_for), None)
        instructions: list[str] = []
        for plan in limbs_for:
            wrap = plan.get("wrap") or {}
            label = f"{plan.get('side', 'both')} {item['limb']}: " if len(limbs_for) > 1 else ""
            instructions.extend(f"{label}{line}" for line in wrap.get("instructions", []))
        load = (item.get("load") or {}).get("load_kg")
        sets = tuple(
            PlannedSet(
                target_reps=spec.get("reps"),
                to_failure=bool(spec.get("to_failure", False)),
                duration_s=spec.get("duration_s"),
                target_load_kg=load,
            )
            for spec in item["sets"]
        )
        exercises.append(
            PlannedExercise(
                name=item["name"],
                restricted_limbs=restricted,
                sets=sets,
                rest_between_sets_s=float(item.get("rest_between_sets_s", 0.0)),
                restriction=restriction,
                target_pressure_mmhg=pressure,
                target_pct_lop=pct_lop,
                apply_instructions=tuple(dict.fromkeys(instructions)),
            )
        )
    cadence = protocol.cadence
    stop_rules = tuple(
        StopRuleSpec(
            code=rule["code"],
            action=rule["action"],
            advice=rule["advice"],
            discomfort_above=rule.get("discomfort_above"),
            pressure_step_mmhg=rule.get("pressure_step_mmhg"),
        )
        for rule in prescription.get("stop_rules", [])
    ) or default_stop_rules()
    return SessionPlan(
        protocol=protocol.name,
        exercises=tuple(exercises),
        rest_between_exercises_s=float(
            protocol.rest_between_exercises_s
            if protocol.rest_between_exercises_s is not None
            else REPERFUSION_AFTER_CAP_S
        ),
        cadence_s=(
            (cadence.concentric_s, cadence.isometric_s, cadence.eccentric_s) if cadence else None
        ),
        cap_s={str(kind): cap for kind, cap in protocol.max_continuous_restriction_s.items()},
        reperfusion_s=float(protocol.reperfusion_s or REPERFUSION_AFTER_CAP_S),
        stop_rules=stop_rules,
        progression=prescription.get("progression"),
    )
