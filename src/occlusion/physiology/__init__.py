"""Physiology layer of Occlusion: a lumped-parameter limb under a band or cuff.

Stable public API (other layers depend on these names):

``Subject(limb, circumference_cm, sbp_mmhg, dbp_mmhg, heart_rate_bpm=60, posture="supine",
sex="male", age_years=30, fat_thickness_cm=None)``
    The person and limb.
``Cuff(width_cm, material="nylon")``
    The cuff or band (``Restriction`` is an alias).
``occlusion_pressure_mmhg(subject, cuff) -> float``
    The model's limb occlusion pressure [mmHg].
``flow_at_pressure(subject, cuff, pressure_mmhg, *, reading_time_s=60) -> FlowPoint``
    Arterial inflow and venous outflow [% of unrestricted] at a cuff pressure, read after
    ``reading_time_s`` at rest (``0`` gives the instant of inflation; 1800 s approaches the
    steady state, in which inflow equals outflow plus filtration).
``flow_curve(subject, cuff, pressures_mmhg, *, reading_time_s=60) -> list[FlowPoint]``
    The same for many pressures in one vectorised integration.
``simulate_session(subject, cuff, *, protocol, pct_lop, load_pct_1rm, intermittent)``
    One person through an exercise session; ``SessionResult`` with summary and time series.

The model, its equations, parameters and sources are described in ``docs/physiology.md``.
Simulated values are illustrations of a calibrated model, not measurements: Occlusion is not a
medical device (:data:`occlusion.NOT_A_MEDICAL_DEVICE`).
"""

from __future__ import annotations

from occlusion.physiology.flow import (
    FlowPoint,
    flow_at_pressure,
    flow_curve,
    occlusion_pressure_mmhg,
)
from occlusion.physiology.session import SessionResult, simulate_session
from occlusion.physiology.subject import Cuff, Subject

Restriction = Cuff

__all__ = [
    "Cuff",
    "FlowPoint",
    "Restriction",
    "SessionResult",
    "Subject",
    "flow_at_pressure",
    "flow_curve",
    "occlusion_pressure_mmhg",
    "simulate_session",
]
