"""Training pressure as a percentage of limb occlusion pressure (% LOP).

Blood-flow-restriction pressure is set relative to the LOP measured (or estimated) with the
same cuff on the same limb, because the absolute pressure that occludes depends on cuff width,
material, limb size, blood pressure and posture. :func:`recommended_pct_lop` gives the range and
a starting value for a training mode and goal; :func:`pressure_from_pct_lop` turns a percentage
into mmHg.

Only modes whose pressure is published as % LOP get a recommendation. Passive BFR,
ischaemic preconditioning, KAATSU cycles and floss bands are specified in absolute mmHg, device
units or band stretch in the sources read, so they raise
:class:`~occlusion.errors.NotEstimableError` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from occlusion.errors import InputError, NotEstimableError
from occlusion.evidence import Reference, register
from occlusion.science.checks import require_between
from occlusion.science.protocols.protocol import AIS_VALD_GUIDANCE
from occlusion.vocabulary import Goal, Limb, Mode, choose

# The AIS guideline summary is registered once, with the Protocol type, and shared here.

LOENNEKE_2014_HORMESIS = register(
    Reference(
        key="loenneke_2014_hormesis_pct_aop",
        citation=(
            "Loenneke JP, Thiebaud RS, Abe T, Bemben MG. Blood flow restriction pressure "
            "recommendations: the hormesis hypothesis. Med Hypotheses 2014;82:623-626."
        ),
        status="verified",
        note=(
            "Per the project evidence notes (science.md 6.4): hypothesises that about 50 % of "
            "the estimated AOP maximises the anabolic response and higher pressures may not help."
        ),
    )
)

BYU_FLOW_THESIS = register(
    Reference(
        key="byu_etd_8259_flow_pct_aop",
        citation=(
            "Brigham Young University thesis (ScholarsArchive etd/8259; the laboratory of "
            "Crossley et al., Med Sci Sports Exerc 2020;52(3):746-753): superficial femoral "
            "artery flow at 0-90 % AOP, seated, n = 23."
        ),
        status="verified",
        url="https://scholarsarchive.byu.edu/etd/8259/",
        note=(
            "Per the project evidence notes (science.md 5.1): no significant difference in "
            "exercise blood flow between 30 % and 80 % AOP; venous outflow still present at "
            "40 % AOP."
        ),
    )
)

MACHEK_2023 = register(
    Reference(
        key="machek_2023_venous_outflow_80pct_aop",
        citation=(
            "Machek et al. Oxygen 2023;3:190-202 (wide-rigid vs narrow-elastic cuffs, "
            "n = 20 men)."
        ),
        status="verified",
        doi="10.3390/oxygen3020014",
        url="https://digitalcommons.csumb.edu/kin_fac/34/",
        note="Per the project evidence notes (science.md 1.2): no venous outflow at 80 % AOP.",
    )
)

#: Percentages above this are full occlusion, which BFR exercise avoids.
MAX_PCT_LOP = 100.0
#: LOP values outside these bounds are typing mistakes (narrow thigh cuffs can exceed 600 mmHg).
PLAUSIBLE_LOP_MMHG = (40.0, 1000.0)

_PCT_RANGE_BY_MODE: dict[Mode, tuple[float, float]] = {
    Mode.RESISTANCE: (40.0, 80.0),
    Mode.AEROBIC: (40.0, 80.0),
}

_NOT_PCT_LOP_REASONS: dict[Mode, str] = {
    Mode.PASSIVE: (
        "the passive (immobilisation) studies read set absolute pressures (Kubota 2008: "
        "200 mmHg; Kubota 2011: 50 mmHg), not a % of LOP; the recalled 70-100 % LOP range of "
        "the Patterson 2019 tables could not be verified"
    ),
    Mode.ISCHEMIC_PRECONDITIONING: (
        "ischaemic preconditioning aims at full occlusion and is prescribed in absolute mmHg "
        "(220 mmHg on the leg, SBP + 50 mmHg on the arm), not as % LOP"
    ),
    Mode.KAATSU_CYCLE: (
        "KAATSU devices use their own pressure units and built-in cycles, not % LOP in mmHg"
    ),
    Mode.FLOSS: "floss bands are set by stretch and overlap, not by a pressure in mmHg",
}


@dataclass(frozen=True, slots=True)
class PctLopRecommendation:
    """Recommended training pressure as a percentage of limb occlusion pressure.

    Parameters
    ----------
    limb, mode, goal
        What the recommendation is for.
    low_pct, high_pct
        Range supported by the evidence [% LOP].
    default_pct
        Where to start within that range [% LOP] (a project policy, explained in
        ``rationale``).
    rationale
        Why this range and this starting point.
    references
        Sources of the range and of the starting point.
    """

    limb: Limb
    mode: Mode
    goal: Goal | None
    low_pct: float
    high_pct: float
    default_pct: float
    rationale: str
    references: tuple[Reference, ...]

    def pressures_mmhg(self, lop_mmhg: float) -> dict[str, float]:
        """Return the low, default and high pressures [mmHg] for a measured ``lop_mmhg``."""
        return {
            "low_mmhg": pressure_from_pct_lop(lop_mmhg, self.low_pct),
            "default_mmhg": pressure_from_pct_lop(lop_mmhg, self.default_pct),
            "high_mmhg": pressure_from_pct_lop(lop_mmhg, self.high_pct),
        }

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "limb": self.limb,
            "mode": self.mode,
            "goal": self.goal,
            "low_pct": self.low_pct,
            "high_pct": self.high_pct,
            "default_pct": self.default_pct,
            "rationale": self.rationale,
            "references": [reference.as_dict() for reference in self.references],
        }


def recommended_pct_lop(
    *, limb: Limb, mode: Mode, goal: Goal | None = None
) -> PctLopRecommendation:
    """Return the % LOP range and starting point for a limb, training mode and goal.

    Parameters
    ----------
    limb
        ``"arm"`` or ``"thigh"``.
    mode
        Training mode (:class:`occlusion.vocabulary.Mode`).
    goal
        Training goal, or ``None``.

    Returns
    -------
    PctLopRecommendation
        40-80 % LOP for resistance and aerobic BFR. The starting point is 50 % for
        resistance (hormesis hypothesis, Loenneke 2014) and 40 % for aerobic exercise and for
        rehabilitation, because exercise blood flow did not differ between 30 % and 80 % AOP
        (BYU thesis) while discomfort rises with pressure.

    Raises
    ------
    InputError
        For an unknown limb, mode or goal.
    NotEstimableError
        For modes that the sources prescribe in absolute mmHg, device units or band stretch.

    Notes
    -----
    The sources read give the same % LOP range for arms and legs; the limb changes the
    absolute pressure only through the LOP itself. No venous outflow remains at 80 % AOP
    (Machek 2023), which is why 80 % is the top of the range rather than a starting point.

    References
    ----------
    .. [1] AIS BFR guidelines as summarised by VALD Performance (secondary source).
    .. [2] Loenneke JP et al. Med Hypotheses 2014;82:623-626.
    .. [3] Brigham Young University thesis, ScholarsArchive etd/8259.
    .. [4] Machek et al. Oxygen 2023;3:190-202.
    """
    limb = choose(limb, Limb, "limb")
    mode = choose(mode, Mode, "mode")
    if goal is not None:
        goal = choose(goal, Goal, "goal")
    if mode not in _PCT_RANGE_BY_MODE:
        raise NotEstimableError(
            f"no % LOP recommendation for mode '{mode}: {_NOT_PCT_LOP_REASONS[mode]}. "
            "Use the protocol's own pressure instead.",
            code="lop.no-pct-recommendation", mode=mode
        )
    low_pct, high_pct = _PCT_RANGE_BY_MODE[mode]
    range_text = (
        f"{low_pct:g}-{high_pct:g} % LOP is the range given for {mode} BFR in the AIS "
        "guideline summary; 80 % already stops venous outflow (Machek 2023)."
    )
    if mode == Mode.AEROBIC or goal in (Goal.REHABILITATION, Goal.ATROPHY_PREVENTION):
        default_pct = low_pct
        start_text = (
            f"Start at {default_pct:g} % (project policy): exercise blood flow did not differ "
            "between 30 % and 80 % AOP (BYU thesis), and lower pressure is more comfortable."
        )
        start_references: tuple[Reference, ...] = (BYU_FLOW_THESIS,)
    else:
        default_pct = 50.0
        start_text = (
            f"Start at {default_pct:g} % (project policy following the hormesis hypothesis, "
            "Loenneke 2014: about 50 % of AOP may be enough for the anabolic response)."
        )
        start_references = (LOENNEKE_2014_HORMESIS, BYU_FLOW_THESIS)
    return PctLopRecommendation(
        limb=limb,
        mode=mode,
        goal=goal,
        low_pct=low_pct,
        high_pct=high_pct,
        default_pct=default_pct,
        rationale=f"{range_text} {start_text} Arms and legs share the range.",
        references=(AIS_VALD_GUIDANCE, MACHEK_2023, *start_references),
    )


def pressure_from_pct_lop(lop_mmhg: float, pct_lop: float) -> float:
    """Return the cuff pressure [mmHg] that is ``pct_lop`` percent of ``lop_mmhg``.

    Parameters
    ----------
    lop_mmhg
        Limb occlusion pressure measured or estimated with the same cuff [mmHg].
    pct_lop
        Target percentage of LOP [%], above 0 and at most 100.

    Returns
    -------
    float
        ``lop_mmhg · pct_lop / 100`` [mmHg].

    Raises
    ------
    InputError
        If either value is not a finite number in its plausible range.
    """
    lop = require_between(lop_mmhg, *PLAUSIBLE_LOP_MMHG, "limb occlusion pressure", "mmHg")
    pct = require_between(pct_lop, 0.0, MAX_PCT_LOP, "target pressure", "% LOP")
    if pct == 0.0:
        raise InputError(
            "target pressure must be above 0 % LOP",
            code="input.not-positive", what="target pressure", value=pct, unit="% LOP",
        )
    # min() keeps 100 % from exceeding the LOP through floating-point rounding.
    return min(lop * pct / 100.0, lop)
