"""The limb simulator as use cases: the flow page's model run and the pressure conversions.

The numbers come from the physiology model (:mod:`occlusion.physiology`): flows and pooled
venous volume five minutes after inflation at rest (flows relative to the same limb without
restriction), and the largest pooled volume of a 30-15-15-15 session at the chosen pressure.

Why five minutes and not the first minute: in the first minute the veins below the cuff are
still filling, so at 60-80 % LOP the artery drives against a low venous pressure and inflow
rises again with pressure (validation target F1b); a forearm study with manometers found such
changes in forward flow last "only briefly until venous pressure and resistance rise" (F4),
and plethysmography that inflow falls as the veins fill (Junejo 2019). By five minutes venous
pressure has settled at every pressure, the curve falls at every step as the femoral duplex
study reports (F1, Tafuna'i 2021), and a session under the cuff spends most of its time there
(the model's 30-15-15-15 keeps the cuff on for four minutes). A
wrap stretch is turned into a pressure with the calibration of Abe et al. (2019)
(:func:`occlusion.science.bands.wraps.target_pct_lop_for_stretch`), which holds only for a 5 cm
elastic band on the arm pulled 10–20 % beyond its resting length; that study found such a band
restricts like a 5 cm nylon cuff at 40–80 % of occlusion pressure, so the model simulates that
nylon cuff. A wrap's tension is turned into its Laplace pressure, an upper bound. Both the
command line and the web app's simulator page call these functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from occlusion.errors import InputError
from occlusion.vocabulary import CuffMaterial, Limb, Posture

#: Highest % LOP a pressure may be given as [% of the model's occlusion pressure].
MAX_PCT_LOP = 150.0

#: Points on the curve drawn from 0 to 120 % of the model's occlusion pressure.
CURVE_POINTS = 25
#: The session whose largest pooled volume is shown for the chosen pressure.
SESSION_PROTOCOL = "30-15-15-15"
#: Highest pressure the session simulator accepts [% of the model's occlusion pressure].
SESSION_MAX_PCT_LOP = 150.0


def prefer_compiled_model() -> bool:
    """Run this process's simulations with the compiled model step where numba is installed.

    For long-lived processes (a web worker); ``True`` if the compiled step was loaded. Loading
    takes about 0.75 s (:mod:`occlusion.physiology.jit_rhs`).
    """
    from occlusion.physiology import jit_rhs

    return jit_rhs.prefer_compiled()


def input_bounds() -> dict[str, Any]:
    """Return the bounds of what the simulator takes, as the model and its checks hold them.

    Returns
    -------
    dict
        ``cuff_width_cm``: the widths the model covers (its sources' widths) [cm];
        ``circumference_cm``: per limb, the plausible circumferences [cm];
        ``sbp_mmhg``, ``dbp_mmhg``: the plausible resting pressures [mmHg];
        ``stretch_width_cm``: the band width the wrap-stretch calibration holds for [cm].
    """
    from occlusion.physiology.parameters import model_choices
    from occlusion.science.bands import CALIBRATED_WIDTH_CM
    from occlusion.science.checks import (
        PLAUSIBLE_CIRCUMFERENCE_CM,
        PLAUSIBLE_DBP_MMHG,
        PLAUSIBLE_SBP_MMHG,
    )

    return {
        "cuff_width_cm": model_choices.MODEL_CUFF_WIDTH_CM,
        "circumference_cm": {limb.value: PLAUSIBLE_CIRCUMFERENCE_CM[limb] for limb in Limb},
        "sbp_mmhg": PLAUSIBLE_SBP_MMHG,
        "dbp_mmhg": PLAUSIBLE_DBP_MMHG,
        "stretch_width_cm": CALIBRATED_WIDTH_CM,
    }


def _stretch_pressure(
    stretch_pct: float, limb: Limb, cuff_width_cm: float
) -> tuple[float, list[str]]:
    """Return the % LOP of a wrap stretch and its reference keys, refusing uncalibrated use."""
    from occlusion.science.bands import (
        ABE_2019,
        CALIBRATED_LIMB,
        CALIBRATED_WIDTH_CM,
        target_pct_lop_for_stretch,
    )

    if limb != CALIBRATED_LIMB or cuff_width_cm != CALIBRATED_WIDTH_CM:
        raise InputError(
            f"the wrap-stretch calibration (Abe et al. 2019) is for a {CALIBRATED_WIDTH_CM:g} cm "
            f"elastic band on the {CALIBRATED_LIMB}: choose that limb and width, or set a pressure",
            code="simulator.stretch-not-calibrated",
            limb=CALIBRATED_LIMB,
            cuff_width_cm=CALIBRATED_WIDTH_CM,
        )
    return target_pct_lop_for_stretch(stretch_pct), [ABE_2019.key]


def simulate_flow(
    *,
    limb: Limb,
    circumference_cm: float,
    sbp_mmhg: float,
    dbp_mmhg: float,
    cuff_width_cm: float,
    cuff_material: CuffMaterial,
    pressure_mmhg: float,
    stretch_pct: float | None = None,
    posture: Posture = Posture.SUPINE,
) -> dict[str, Any]:
    """Return flows and pooled blood at the chosen pressure (or wrap stretch) and the curve.

    The curve runs from 0 to 120 % of the model's occlusion pressure. With ``stretch_pct`` the
    pressure is the model's occlusion pressure times the calibrated % LOP of that stretch and
    the cuff is the 5 cm nylon cuff the stretch was calibrated against.

    Raises
    ------
    InputError
        A stretch outside the calibrated 10–20 % or for another limb or width than calibrated.
    """
    from occlusion.evidence import cite
    from occlusion.physiology import Cuff, Subject, occlusion_pressure_mmhg
    from occlusion.physiology.flow import FLOW_REFERENCES, flow_references
    from occlusion.physiology.parameters import model_choices
    from occlusion.physiology.parameters.spitz_2024 import MAX_STUDIED_CUFF_PRESSURE_MMHG
    from occlusion.physiology.population_band import (
        occlusion_pressure_band,
        session_with_band,
        settled_flows,
    )
    from occlusion.physiology.session import SESSION_REFERENCES

    extra_references: list[str] = []
    stretch_pct_lop = None
    if stretch_pct is not None:
        stretch_pct_lop, extra_references = _stretch_pressure(stretch_pct, limb, cuff_width_cm)
        cuff_material = CuffMaterial.NYLON
    subject = Subject(limb, circumference_cm, sbp_mmhg, dbp_mmhg, posture=posture)
    cuff = Cuff(cuff_width_cm, cuff_material)
    lop = occlusion_pressure_mmhg(subject, cuff)
    if stretch_pct_lop is not None:
        pressure_mmhg = lop * stretch_pct_lop / 100.0
    # The curve stops at the highest pressure the simulator accepts (907 mmHg, Spitz 2024).
    top_mmhg = min(lop * 1.2, MAX_STUDIED_CUFF_PRESSURE_MMHG)
    pressures = [top_mmhg * index / (CURVE_POINTS - 1) for index in range(CURVE_POINTS)]
    reading_time_s = model_choices.SETTLED_FLOW_READING_TIME_S
    # The person's flows and pooled blood with their population bands: the same outputs among
    # people with these measurements and the unmeasured anatomy drawn from the population
    # (occlusion.physiology.population_band), all pressures in one integration.
    flows = settled_flows(subject, cuff, [*pressures, pressure_mmhg], reading_time_s=reading_time_s)
    points = [
        {
            **flow.point.as_dict(),
            "pooled_volume_ml": flow.pooled_volume_ml,
            "band": flow.band.as_dict(),
        }
        for flow in flows
    ]
    # The session simulator takes pressures up to its limit in % of the model's LOP; above it
    # the artery is shut anyway and the page shows no session value rather than an error.
    session: dict[str, float] | None = None
    session_bands: dict[str, dict[str, float]] | None = None
    if pressure_mmhg <= lop * SESSION_MAX_PCT_LOP / 100.0:
        outputs, bands = session_with_band(
            subject, cuff, protocol=SESSION_PROTOCOL, pressure_mmhg=pressure_mmhg
        )
        # Every session output with its band: the page says how far tissue oxygen falls.
        session = dict(outputs)
        session_bands = {name: band.as_dict() for name, band in bands.items()}
        # The session's numbers (lactate, swelling, oxygen use) rest on sources of their own.
        extra_references += [key for key in SESSION_REFERENCES if key not in FLOW_REFERENCES]
    return {
        "reading_time_s": reading_time_s,
        "model_lop_mmhg": lop,
        "model_lop_band_mmhg": occlusion_pressure_band(subject, cuff).as_dict(),
        "band_basis": (
            "5th-95th percentile among people with the same limb, circumference and blood "
            "pressure, with the unmeasured fat thickness and, on the thigh, the femoral artery's "
            "depth drawn from the population"
        ),
        "stretch_pct": stretch_pct,
        "stretch_pct_lop": stretch_pct_lop,
        "cuff_material": cuff_material,
        "selected": {
            **points[-1],
            "session_protocol": SESSION_PROTOCOL,
            # Kept for readers of the API before every session output was returned.
            "session_pooled_volume_ml": None if session is None else session["pooled_volume_ml"],
            "session_pooled_volume_band_ml": (
                None if session_bands is None else session_bands["pooled_volume_ml"]
            ),
            "session": session,
            "session_bands": session_bands,
        },
        "curve": points[:-1],
        "references": [
            *flow_references(),
            *(reference.as_dict() for reference in cite(*extra_references)),
        ],
    }


def wrap_pressure_mmhg(
    *,
    tension_n: float,
    layers: float,
    circumference_cm: float,
    width_cm: float,
    cuff_material: CuffMaterial,
) -> float:
    """Return an elastic wrap's Laplace pressure from its tension [mmHg] (an upper bound).

    Raises
    ------
    InputError
        ``simulator.wrap-not-elastic`` when the band is not elastic, or invalid dimensions.
    """
    from occlusion.science.bands import laplace_pressure_mmhg

    if cuff_material != CuffMaterial.ELASTIC:
        raise InputError(
            "a wrap is elastic: simulate it with an elastic band", code="simulator.wrap-not-elastic"
        )
    return laplace_pressure_mmhg(
        tension_n=tension_n, layers=layers, circumference_cm=circumference_cm, width_cm=width_cm
    )


def pressures_mmhg(values: Sequence[float], *, pct_lop: bool, lop_mmhg: float) -> list[float]:
    """Return cuff pressures [mmHg] from ``values`` given in mmHg or in % of ``lop_mmhg``.

    Raises
    ------
    InputError
        ``simulator.pct-lop-out-of-range`` for a % LOP outside 0 to :data:`MAX_PCT_LOP`.
    """
    if not pct_lop:
        return [float(value) for value in values]
    for value in values:
        if not 0.0 <= value <= MAX_PCT_LOP:
            raise InputError(
                f"{value:g} % LOP is not possible: give 0 to {MAX_PCT_LOP:g} % LOP",
                code="simulator.pct-lop-out-of-range",
                value=value,
            )
    return [lop_mmhg * value / 100.0 for value in values]
