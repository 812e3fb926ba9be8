"""Limb occlusion pressure (LOP): published equations, the manual walk-through, the record.

Public API
----------
:func:`estimate`, :func:`applicable_equation` and :func:`methods`
    The applicable published equation with a 95 % prediction interval, or a refusal.
:func:`start_measurement`, :func:`advance`
    The Loenneke 2012 manual protocol as a state machine that never sleeps (driven by
    :mod:`occlusion.services.lop_walkthrough`).
:func:`agreement_studies`
    What is published on the manual methods' agreement with ultrasound and repeatability.
:class:`LopMeasurement`
    One measured or estimated LOP, with UTC time and local offset.

Modules outside this topic import from here, never from the modules inside it.
"""

from occlusion.science.lop.equations import (
    EQUATIONS,
    SPITZ_2024,
    UNVERIFIED_EQUATIONS,
    EquationInfo,
    UnverifiedEquation,
    equation_named,
    rbme_2019_thigh_18cm,
)
from occlusion.science.lop.estimate import (
    CODE_OUTSIDE_POPULATION,
    NARROW_THIGH_CUFF_MAX_CM,
    POPULATION_AGE_MARGIN_YEARS,
    LopEstimate,
    accepted_age_years,
    applicable_equation,
    estimate,
    methods,
    record_estimate,
)
from occlusion.science.lop.estimate_warnings import BUCKNER_2017
from occlusion.science.lop.method_agreement import (
    AGREEMENT_STUDIES,
    AgreementStudy,
    agreement_studies,
)
from occlusion.science.lop.record import LopMeasurement
from occlusion.science.lop.walkthrough import (
    Answer,
    MeasurementState,
    Outcome,
    PulseCheck,
    advance,
    parse_answer,
    start_measurement,
)
from occlusion.science.lop.walkthrough_steps import (
    CEILING_RANGE_MMHG,
    DEFAULT_CEILING_MMHG,
    DEFLATE_S,
    HOLD_S,
    LOENNEKE_2012_PROTOCOL,
    MeasurementSettings,
    Phase,
    ProtocolStep,
)

__all__ = [
    "AGREEMENT_STUDIES",
    "BUCKNER_2017",
    "CEILING_RANGE_MMHG",
    "CODE_OUTSIDE_POPULATION",
    "DEFAULT_CEILING_MMHG",
    "DEFLATE_S",
    "EQUATIONS",
    "HOLD_S",
    "LOENNEKE_2012_PROTOCOL",
    "NARROW_THIGH_CUFF_MAX_CM",
    "POPULATION_AGE_MARGIN_YEARS",
    "SPITZ_2024",
    "UNVERIFIED_EQUATIONS",
    "AgreementStudy",
    "Answer",
    "EquationInfo",
    "LopEstimate",
    "LopMeasurement",
    "MeasurementSettings",
    "MeasurementState",
    "Outcome",
    "Phase",
    "ProtocolStep",
    "PulseCheck",
    "UnverifiedEquation",
    "accepted_age_years",
    "advance",
    "agreement_studies",
    "applicable_equation",
    "equation_named",
    "estimate",
    "methods",
    "parse_answer",
    "rbme_2019_thigh_18cm",
    "record_estimate",
    "start_measurement",
]
