"""Training loads: one-repetition maximum from a rep-max test, % 1RM, and what a gym can load.

Public API
----------
:func:`estimate_one_rep_max`
    1RM from the heaviest load lifted for a number of repetitions (Brzycki, Epley, Reynolds).
:func:`prescribe_load`, :class:`LoadEquipment`, :data:`STANDARD_EQUIPMENT`
    A % 1RM target rounded to the bar and plates or the machine stack, in kg or lb steps.

Modules outside this topic import from here, never from the modules inside it.
"""

from occlusion.science.loads.one_rep_max import (
    BRZYCKI_1993,
    MAX_ACCEPTED_REPS,
    MAX_ACCURATE_REPS,
    ONE_REP_MAX_FORMULAS,
    ExerciseKind,
    OneRepMaxEstimate,
    OneRepMaxFormula,
    brzycki_1993,
    epley_1985,
    estimate_one_rep_max,
    load_for_pct_one_rep_max,
    reynolds_2006_chest_press_5rm,
    reynolds_2006_leg_press_5rm,
)
from occlusion.science.loads.plates import (
    IMPERIAL_BARBELL,
    IMPERIAL_PLATE_PAIRS_LB,
    IMPERIAL_STACK_STEPS_LB,
    MACHINE_STACK_5KG,
    MACHINE_STACK_5LB,
    METRIC_BARBELL,
    METRIC_PLATE_PAIRS_KG,
    STANDARD_EQUIPMENT,
    LoadEquipment,
    PrescribedLoad,
    prescribe_load,
)

__all__ = [
    "BRZYCKI_1993",
    "IMPERIAL_BARBELL",
    "IMPERIAL_PLATE_PAIRS_LB",
    "IMPERIAL_STACK_STEPS_LB",
    "MACHINE_STACK_5KG",
    "MACHINE_STACK_5LB",
    "MAX_ACCEPTED_REPS",
    "MAX_ACCURATE_REPS",
    "METRIC_BARBELL",
    "METRIC_PLATE_PAIRS_KG",
    "ONE_REP_MAX_FORMULAS",
    "STANDARD_EQUIPMENT",
    "ExerciseKind",
    "LoadEquipment",
    "OneRepMaxEstimate",
    "OneRepMaxFormula",
    "PrescribedLoad",
    "brzycki_1993",
    "epley_1985",
    "estimate_one_rep_max",
    "load_for_pct_one_rep_max",
    "prescribe_load",
    "reynolds_2006_chest_press_5rm",
    "reynolds_2006_leg_press_5rm",
]
