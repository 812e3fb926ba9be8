"""Training protocols as cited data, the % LOP targets and the stop rules every plan carries.

Public API
----------
:class:`Protocol`, :func:`get_protocol`, :func:`all_protocols`, :func:`protocol_names`
    The published protocols, each parameter with its sources, and their lookup by name.
:meth:`Protocol.restriction_budget`
    Total and longest continuous restriction of a session, checked against the limb's cap.
:func:`recommended_pct_lop`, :func:`pressure_from_pct_lop`
    The % LOP range and starting point for a mode and goal, and its mmHg.
:data:`STOP_RULES`
    The conditions that ease or end restriction at once.

The types live in :mod:`~occlusion.science.protocols.protocol` and
:mod:`~occlusion.science.protocols.parts`; the protocols in
:mod:`~occlusion.science.protocols.library`, which imports the types and never the reverse.
Modules outside this topic import from here, never from the modules inside it.
"""

from occlusion.science.protocols.library import (
    PROTOCOLS,
    all_protocols,
    get_protocol,
    protocol_names,
)
from occlusion.science.protocols.parts import (
    BUDGET_ASSUMPTIONS,
    BUDGET_REPETITION_S,
    BUDGET_REPS_TO_FAILURE,
    AbsolutePressure,
    Cadence,
    ProgressionRule,
    RestrictionBudget,
    SetSpec,
)
from occlusion.science.protocols.pressure_targets import (
    MACHEK_2023,
    MAX_PCT_LOP,
    PLAUSIBLE_LOP_MMHG,
    PctLopRecommendation,
    pressure_from_pct_lop,
    recommended_pct_lop,
)
from occlusion.science.protocols.protocol import (
    AIS_VALD_GUIDANCE,
    CONTINUOUS_RESTRICTION_CAP_S,
    REPERFUSION_AFTER_CAP_S,
    Protocol,
    continuous_restriction_cap_s,
)
from occlusion.science.protocols.references import (
    FLOSS_APPLICATION,
    KONRAD_2021_FLOSSING,
    SUGA_2012,
    WILSON_2013,
)
from occlusion.science.protocols.stop_rules import DISCOMFORT_RELEASE_ABOVE, STOP_RULES, StopRule

__all__ = [
    "AIS_VALD_GUIDANCE",
    "BUDGET_ASSUMPTIONS",
    "BUDGET_REPETITION_S",
    "BUDGET_REPS_TO_FAILURE",
    "CONTINUOUS_RESTRICTION_CAP_S",
    "DISCOMFORT_RELEASE_ABOVE",
    "FLOSS_APPLICATION",
    "KONRAD_2021_FLOSSING",
    "MACHEK_2023",
    "MAX_PCT_LOP",
    "PLAUSIBLE_LOP_MMHG",
    "PROTOCOLS",
    "REPERFUSION_AFTER_CAP_S",
    "STOP_RULES",
    "SUGA_2012",
    "WILSON_2013",
    "AbsolutePressure",
    "Cadence",
    "PctLopRecommendation",
    "ProgressionRule",
    "Protocol",
    "RestrictionBudget",
    "SetSpec",
    "StopRule",
    "all_protocols",
    "continuous_restriction_cap_s",
    "get_protocol",
    "pressure_from_pct_lop",
    "protocol_names",
    "recommended_pct_lop",
]
