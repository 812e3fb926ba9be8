"""Prescription: a person's profile, screened, turned into a complete, cited plan.

This topic sits above the others: it reads a :class:`Profile`, gates it with screening, takes the
occlusion pressure from a measurement or the LOP equations, the pressure target and budget from
the protocol, the wrap marks from the bands topic and the loads from the loads topic.

Public API
----------
:func:`profile_from_mapping`, :class:`Profile`
    A validated profile from a parsed TOML or JSON mapping.
:func:`prescribe`, :class:`Prescription`
    The plan, or a refusal (screening, a missing measurement, a request the protocol forbids).
:func:`plan_document`, :class:`PlanDocument`
    A stored plan of any format version, migrated to the current one and typed.

Modules outside this topic import from here, never from the modules inside it.
"""

from occlusion.science.prescription.document import (
    MIGRATIONS,
    PLAN_FORMAT_VERSION,
    FrozenSession,
    PlanDocument,
    plan_document,
)
from occlusion.science.prescription.prescribe import (
    ExercisePlan,
    LimbPlan,
    OcclusionPressureSource,
    Prescription,
    limbs_to_restrict,
    prescribe,
    screen_profile,
)
from occlusion.science.prescription.profile import (
    ExerciseSection,
    LimbSection,
    Profile,
    profile_from_mapping,
)

__all__ = [
    "MIGRATIONS",
    "PLAN_FORMAT_VERSION",
    "ExercisePlan",
    "ExerciseSection",
    "FrozenSession",
    "LimbPlan",
    "LimbSection",
    "OcclusionPressureSource",
    "PlanDocument",
    "Prescription",
    "Profile",
    "limbs_to_restrict",
    "plan_document",
    "prescribe",
    "profile_from_mapping",
    "screen_profile",
]
