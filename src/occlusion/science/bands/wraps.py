"""Practical BFR with an elastic wrap: the stretch method turned into a plan a person can follow.

The stretch method sets the restriction by how far the band is stretched relative to the resting
limb circumference (Aniceto & da Silva Leandro 2022 recommend 10–30 %). The only published
calibration of stretch against the pneumatic-cuff dose is Abe et al. (2019): a 5 cm elastic cuff
on the **arm**, pulled 10 % and 20 % beyond a resting length set by arm circumference, restricted
flow like a 5 cm nylon cuff at 40 % and 80 % of arterial occlusion pressure (AOP, here LOP).
:func:`stretch_pct_for_target` interpolates linearly between those two points and nowhere else.

:func:`plan_wrap` turns the stretch into marks on the band, a stretched length that can be checked
with a tape, the number of turns the band makes, a Laplace-law upper bound for the pressure when
the band's tension is known (:mod:`occlusion.science.bands.laplace`), and the warnings that say
where the calibration does not reach (thigh, wider band, stiffer band, several layers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from occlusion.errors import InputError, OutOfRangeError
from occlusion.evidence import Reference, cite, register
from occlusion.messages import Message
from occlusion.science.bands.catalogue import ABE_2019, DEFAULT_WRAP_KEY, Band, get_band
from occlusion.science.bands.laplace import (
    LAPLACE_REFERENCE_KEYS,
    LaplaceEstimate,
    estimate_band_pressure,
)
from occlusion.science.checks import (
    PLAUSIBLE_CUFF_WIDTH_CM,
    check_circumference_cm,
    require_between,
    require_finite,
)
from occlusion.units import cm_to_display, length_unit_label
from occlusion.vocabulary import Limb, UnitSystem, choose

ANICETO_2022 = register(
    Reference(
        key="aniceto_2022_practical_bfr",
        citation=(
            "Aniceto RR, da Silva Leandro L. Practical blood flow restriction training: new "
            "methodological directions for practice and research. Sports Med Open. 2022;8:87."
        ),
        status="verified",
        doi="10.1186/s40798-022-00475-2",
        note=(
            "Suggests 10-30 % elastic restraint relative to resting limb circumference for "
            "practical BFR, depending on the elastic, experience and goal."
        ),
    )
)

CUFF_STIFFNESS_2023 = register(
    Reference(
        key="bmc_2023_cuff_stiffness",
        citation=(
            "Influence of cuff stiffness on hemodynamics and perceived cuff pressure in the "
            "upper extremities in males and females: implications for practical blood flow "
            "restriction training. BMC Sports Sci Med Rehabil. 2023."
        ),
        status="verified",
        doi="10.1186/s13102-023-00745-w",
        note=(
            "n = 36; three elastic arm cuffs of equal width; overlap relative to circumference "
            "needed for arterial occlusion: high 30.9 +/- 3.8 %, medium 43.9 +/- 6.1 %, low "
            "stiffness 54.5 +/- 8.3 %."
        ),
    )
)

PRACTICAL_KNEE_WRAPS = register(
    Reference(
        key="practical_knee_wraps_acute_responses",
        citation=(
            "Acute muscular responses to practical low-load blood flow restriction exercise "
            "versus traditional low-load blood flow restriction and high-/low-load exercise. "
            "J Sport Rehabil (abstract; authors not recorded here)."
        ),
        status="verified",
        url=(
            "https://discovery.researcher.life/article/acute-muscular-responses-to-practical-"
            "low-load-blood-flow-restriction-exercise-versus-traditional-low-load-blood-flow-"
            "restriction-and-high-low-load-exercise/00594880abf534788493a8cec69f730f"
        ),
        note=(
            "n = 9; knee wraps stretched by 2 in (practical-low) or to a length of 85 % of thigh "
            "circumference (practical-high) vs nylon cuffs at 40 % and 80 % AOP, 30 % 1RM."
        ),
    )
)

WRAP_POLICY = register(
    Reference(
        key="occlusion_wrap_policy",
        citation=(
            "Occlusion project policy for wrap plans: turns stacked on the most proximal part "
            "of the limb; targets refused outside the calibrated 40-80 % LOP."
        ),
        status="policy",
        note=(
            "Stacking keeps the band as narrow as the calibrated 5 cm cuff instead of spreading "
            "it down the limb; the stretch is not extrapolated beyond Abe et al. (2019)."
        ),
    )
)

#: The two verified calibration points of Abe et al. (2019): (% LOP, stretch % of circumference).
ABE_2019_CALIBRATION: tuple[tuple[float, float], tuple[float, float]] = ((40.0, 10.0), (80.0, 20.0))
#: Width of the elastic cuff of the calibration [cm].
CALIBRATED_WIDTH_CM = 5.0
#: Limb of the calibration.
CALIBRATED_LIMB: Limb = Limb.ARM
#: Elastic restraint range recommended by Aniceto & da Silva Leandro (2022) [% of circumference].
RECOMMENDED_STRETCH_RANGE_PCT = (10.0, 30.0)
#: Overlap relative to circumference [%] at which elastic arm cuffs of equal width but different
#: stiffness fully occluded the brachial artery, mean and SD (BMC Sports Sci Med Rehabil 2023).
#: "Overlap" there is the same quantity as this module's stretch: extra length / circumference.
OCCLUSION_OVERLAP_BY_STIFFNESS_PCT: dict[str, tuple[float, float]] = {
    "high": (30.9, 3.8),
    "medium": (43.9, 6.1),
    "low": (54.5, 8.3),
}
#: Widths within this distance of the calibrated width are treated as "the same" [cm].
_WIDTH_TOLERANCE_CM = 0.5


def stretch_pct_for_target(target_pct_lop: float) -> float:
    """Return the stretch [% of resting limb circumference] for a target [% LOP].

    Linear interpolation between the two verified points of Abe et al. (2019):
    ``stretch = 10 + (target - 40) · (20 - 10) / (80 - 40)``.

    Parameters
    ----------
    target_pct_lop
        Desired restriction as a percentage of limb occlusion pressure [%].

    Returns
    -------
    float
        Stretch of the band beyond its resting length, as a percentage of the resting limb
        circumference [%].

    Raises
    ------
    InputError
        If the target is not a number in (0, 100] % LOP.
    OutOfRangeError
        If the target is outside the calibrated 40–80 % LOP; it is not extrapolated.

    References
    ----------
    .. [1] Abe T et al. Scand J Med Sci Sports. 2019;29(3):329-335. doi:10.1111/sms.13340
    """
    target = require_finite(target_pct_lop, "target")
    if not 0.0 < target <= 100.0:
        raise InputError(
            f"target {target:g} % LOP is not possible: a restriction target is above 0 % and at "
            "most 100 % of limb occlusion pressure",
            code="wrap.target-impossible", target_pct_lop=target
        )
    (low_target, low_stretch), (high_target, high_stretch) = ABE_2019_CALIBRATION
    if not low_target <= target <= high_target:
        raise OutOfRangeError(
            f"the stretch method is calibrated only from {low_target:g} % to {high_target:g} % "
            f"LOP (Abe et al. 2019); {target:g} % LOP would need extrapolation. Choose a target "
            "in that range, or use a pneumatic cuff set to a measured LOP",
            code="wrap.target-outside-calibration",
            target_pct_lop=target,
            low_pct_lop=low_target,
            high_pct_lop=high_target,
        )
    return low_stretch + (target - low_target) * (high_stretch - low_stretch) / (
        high_target - low_target
    )


def target_pct_lop_for_stretch(stretch_pct: float) -> float:
    """Return the restriction [% LOP] that a stretch [% of circumference] corresponds to.

    The inverse of :func:`stretch_pct_for_target`, on the same two Abe et al. (2019) points.

    Raises
    ------
    OutOfRangeError
        If the stretch is outside the calibrated 10–20 %.
    """
    stretch = require_finite(stretch_pct, "stretch")
    (low_target, low_stretch), (high_target, high_stretch) = ABE_2019_CALIBRATION
    if not low_stretch <= stretch <= high_stretch:
        raise OutOfRangeError(
            f"a stretch of {stretch:g} % is outside the calibrated {low_stretch:g}-"
            f"{high_stretch:g} % (Abe et al. 2019)",
            code="wrap.stretch-outside-calibration",
            stretch_pct=stretch,
            low_pct=low_stretch,
            high_pct=high_stretch,
        )
    return low_target + (stretch - low_stretch) * (high_target - low_target) / (
        high_stretch - low_stretch
    )


@dataclass(frozen=True, slots=True)
class WrapPlan:
    """How to apply an elastic wrap for a target restriction, with its evidence and limits.

    All lengths are in centimetres; ``display_units`` only chooses how the instructions are
    written.

    Attributes
    ----------
    limb, circumference_cm, width_cm, target_pct_lop, material
        The request: limb, resting circumference where the band goes [cm], band width [cm],
        target [% LOP] and equipment key.
    stretch_pct
        Stretch beyond the resting length [% of circumference].
    mark_spacing_cm
        Distance between marks A and B on the band lying flat and unstretched [cm]; equal to
        the circumference.
    stretched_length_cm
        Length the A–B section must measure once stretched on the limb [cm].
    mark_offset_after_one_turn_cm
        How far mark B lands past mark A after one turn around the limb [cm].
    wrap_length_cm
        Unstretched band length [cm], if known.
    turns
        Turns the whole band makes at the planned stretch, if the length is known [-].
    layers
        Mean number of band layers under the wrap (turns stacked on one another) [-].
    pressure_estimate_mmhg
        Laplace-law upper bound of the pressure under all layers [mmHg], or ``None`` when the
        band's tension at this stretch is unknown or the band length is unknown.
    pressure_per_layer_mmhg
        Laplace upper bound for one layer [mmHg], or ``None`` without a tension.
    laplace
        The full Laplace estimate, or ``None``.
    instructions
        Steps to follow, in the chosen units.
    warnings
        Where the calibration does not reach this request.
    references
        Citation keys behind the numbers.
    display_units
        Unit system of the instructions.
    """

    limb: Limb
    circumference_cm: float
    width_cm: float
    target_pct_lop: float
    material: str
    stretch_pct: float
    mark_spacing_cm: float
    stretched_length_cm: float
    mark_offset_after_one_turn_cm: float
    wrap_length_cm: float | None
    turns: float | None
    layers: float | None
    pressure_estimate_mmhg: float | None
    pressure_per_layer_mmhg: float | None
    laplace: LaplaceEstimate | None
    instructions: tuple[str, ...]
    warnings: tuple[Message, ...]
    references: tuple[Reference, ...]
    display_units: UnitSystem = UnitSystem.METRIC
    method: str = field(default="stretch (Abe 2019 calibration)")

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping (contract keys first, then the details)."""
        return {
            "stretch_pct": self.stretch_pct,
            "stretched_length_cm": self.stretched_length_cm,
            "instructions": list(self.instructions),
            "pressure_estimate_mmhg": self.pressure_estimate_mmhg,
            "references": [reference.as_dict() for reference in self.references],
            "warnings": list(self.warnings),
            "method": self.method,
            "limb": self.limb,
            "circumference_cm": self.circumference_cm,
            "width_cm": self.width_cm,
            "target_pct_lop": self.target_pct_lop,
            "material": self.material,
            "marks": {
                "spacing_unstretched_cm": self.mark_spacing_cm,
                "spacing_stretched_cm": self.stretched_length_cm,
                "b_past_a_after_one_turn_cm": self.mark_offset_after_one_turn_cm,
            },
            "wrap_length_cm": self.wrap_length_cm,
            "turns": self.turns,
            "layers": self.layers,
            "overlap": "stacked" if self.turns is not None else None,
            "pressure_per_layer_mmhg": self.pressure_per_layer_mmhg,
            "pressure_lower_bound_mmhg": (
                None if self.laplace is None or self.layers is None
                else self.laplace.pressure_lower_bound_mmhg
            ),
            "tension_n": None if self.laplace is None else self.laplace.tension_n,
            "tension_source": None if self.laplace is None else self.laplace.tension_source,
            "display_units": self.display_units,
        }


def _length(length_cm: float, units: UnitSystem) -> str:
    return f"{cm_to_display(length_cm, units):.1f} {length_unit_label(units)}"


def _placement(limb: Limb) -> str:
    if limb == Limb.ARM:
        return "Place the band on the most proximal part of the upper arm, just below the shoulder."
    return "Place the band on the most proximal part of the thigh, just below the groin fold."


def _distal_pulse(limb: Limb) -> str:
    return "the wrist (radial pulse)" if limb == Limb.ARM else "the foot or inner ankle"


def _tension_for(
    band: Band, stretch_pct: float, tension_n: float | None
) -> tuple[float, str] | None:
    if tension_n is not None:
        tension = require_finite(tension_n, "band tension")
        if tension <= 0.0:
            raise InputError(
                f"band tension must be greater than zero, got {tension:g} N",
                code="band.tension-not-positive", tension_n=tension,
            )
        return tension, "measured by the user"
    if band.tension_curve is None:
        return None
    low, high = band.tension_curve.measured_range_pct
    if not low <= stretch_pct <= high:
        return None
    value = band.tension_at(stretch_pct)
    if value is None:  # pragma: no cover - a band with a curve always returns a value
        return None
    return value, f"equipment table ({band.key})"


def plan_wrap(
    *,
    limb: Limb,
    circumference_cm: float,
    width_cm: float,
    target_pct_lop: float,
    material: str = DEFAULT_WRAP_KEY,
    wrap_length_cm: float | None = None,
    tension_n: float | None = None,
    units: UnitSystem = UnitSystem.METRIC,
) -> WrapPlan:
    """Plan an elastic-wrap application for a target restriction by the stretch method.

    Parameters
    ----------
    limb
        ``"arm"`` or ``"thigh"``.
    circumference_cm
        Resting limb circumference where the band goes [cm].
    width_cm
        Band width [cm].
    target_pct_lop
        Target restriction [% of limb occlusion pressure]; 40–80 % is calibrated.
    material
        Equipment key from :data:`occlusion.science.bands.catalogue.BAND_KEYS`; a nylon cuff is
        refused (it does not stretch).
    wrap_length_cm
        Unstretched band length [cm]; defaults to the table's length when it has one. Needed for
        the number of turns and for a pressure estimate over all layers.
    tension_n
        Band tension at the planned stretch, measured by the person [N] (a luggage scale reading
        in kg times 9.80665). Overrides the table's tension curve.
    units
        Unit system for the written instructions.

    Returns
    -------
    WrapPlan
        Marks, stretched length, turns, pressure upper bound (if the tension is known),
        instructions, warnings and references.

    Raises
    ------
    InputError
        For an unknown limb or band, a non-stretching band, implausible sizes, or a band shorter
        than one circumference (the distance between the two marks).
    OutOfRangeError
        For a target outside the calibrated 40–80 % LOP.

    References
    ----------
    .. [1] Abe T et al. Scand J Med Sci Sports. 2019;29(3):329-335. doi:10.1111/sms.13340
    .. [2] Aniceto RR, da Silva Leandro L. Sports Med Open. 2022;8:87.
       doi:10.1186/s40798-022-00475-2
    .. [3] Thomas S. World Wide Wounds, 2003 (Laplace's law for bandages).
    """
    limb = choose(limb, Limb, "limb")
    units = choose(units, UnitSystem, "unit system")
    circumference = check_circumference_cm(limb, circumference_cm)
    width = require_between(width_cm, *PLAUSIBLE_CUFF_WIDTH_CM, "band width", "cm")
    band = get_band(material)
    if not band.stretchable:
        raise InputError(
            f"{band.name} does not stretch, so the stretch method cannot set it: inflate it to a "
            "percentage of a measured limb occlusion pressure instead",
            code="wrap.band-does-not-stretch", band=band.key
        )
    stretch = stretch_pct_for_target(target_pct_lop)
    low_recommended, high_recommended = RECOMMENDED_STRETCH_RANGE_PCT
    if not low_recommended <= stretch <= high_recommended:  # pragma: no cover - 10-20 lies inside
        raise OutOfRangeError(
            f"stretch {stretch:g} % is outside the recommended {low_recommended:g}-"
            f"{high_recommended:g} % of circumference (Aniceto 2022)",
            code="wrap.stretch-outside-recommended",
            stretch_pct=stretch,
            low_pct=low_recommended,
            high_pct=high_recommended,
        )
    stretch_fraction = stretch / 100.0
    stretched_length = circumference * (1.0 + stretch_fraction)
    offset = circumference * stretch_fraction

    length = wrap_length_cm if wrap_length_cm is not None else band.typical_length_cm
    turns: float | None = None
    if length is not None:
        length = require_between(length, 1.0, 1000.0, "band length", "cm")
        if length < circumference:
            raise InputError(
                f"a band {length:g} cm long is shorter than the {circumference:g} cm between the "
                "two marks (one circumference): use a longer band",
                code="wrap.band-too-short", length_cm=length, circumference_cm=circumference
            )
        turns = length * (1.0 + stretch_fraction) / circumference
    layers = turns

    warnings: list[Message] = []
    references: list[str] = [ABE_2019.key, ANICETO_2022.key, WRAP_POLICY.key]
    if limb != CALIBRATED_LIMB:
        warnings.append(
            Message(
                "The stretch calibration was measured on the arm (Abe et al. 2019); on the thigh "
                "it is not validated. A knee-wrap study on the thigh used other definitions "
                "(stretched by 2 in, or to 85 % of thigh circumference) and did not report % LOP.",
                code="wrap.calibration-not-for-limb",
                limb=limb,
                calibrated_limb=CALIBRATED_LIMB,
            )
        )
        references.append(PRACTICAL_KNEE_WRAPS.key)
    if abs(width - CALIBRATED_WIDTH_CM) > _WIDTH_TOLERANCE_CM:
        warnings.append(
            Message(
                f"The calibration used a {CALIBRATED_WIDTH_CM:g} cm band; yours is {width:g} cm. "
                "Band width changes how much a given stretch restricts (wider cuffs occlude at "
                "lower pressure), so the % LOP is not known for this band.",
                code="wrap.width-not-calibrated",
                width_cm=width,
                calibrated_width_cm=CALIBRATED_WIDTH_CM,
            )
        )
    occlusion_overlaps = ", ".join(
        f"{mean:g} ± {sd:g} % ({stiffness})"
        for stiffness, (mean, sd) in OCCLUSION_OVERLAP_BY_STIFFNESS_PCT.items()
    )
    warnings.append(
        Message(
            "Bands of different stiffness restrict very differently at the same stretch: elastic "
            f"arm cuffs of one width fully occluded the artery at {occlusion_overlaps} overlap of "
            "the circumference (BMC 2023), and a stiff band may come close at the 10-20 % "
            "planned here. The % LOP applies to a band like the one Abe et al. (2019) used.",
            code="wrap.stiffness-varies",
            occlusion_overlap_pct={
                str(stiffness): {"mean": mean, "sd": sd}
                for stiffness, (mean, sd) in OCCLUSION_OVERLAP_BY_STIFFNESS_PCT.items()
            },
        )
    )
    references.append(CUFF_STIFFNESS_2023.key)
    if layers is not None and layers > 1.0:
        warnings.append(
            Message(
                f"The band goes round {layers:.1f} times. By Laplace's law each layer adds about "
                "as much pressure as the first, and the stretch calibration does not cover "
                "several layers: check the pulse and skin colour before every set.",
                code="wrap.several-layers",
                layers=layers,
            )
        )
    if band.kind == "floss band":
        warnings.append(
            Message(
                "A floss band is made for 1-3 minute applications (see the floss method); for "
                "BFR exercise sets use an elastic wrap or BFR band.",
                code="wrap.floss-band-for-sets",
                band=band.key,
            )
        )

    tension = _tension_for(band, stretch, tension_n)
    laplace: LaplaceEstimate | None = None
    per_layer: float | None = None
    total: float | None = None
    if tension is not None:
        tension_value, source = tension
        laplace = estimate_band_pressure(
            tension_n=tension_value,
            layers=layers if layers is not None else 1.0,
            circumference_cm=circumference,
            width_cm=width,
            tension_source=source,
        )
        per_layer = laplace.pressure_upper_bound_mmhg / laplace.layers
        total = laplace.pressure_upper_bound_mmhg if layers is not None else None
        references.extend(LAPLACE_REFERENCE_KEYS)
        references.extend(key for key in band.references if key not in references)
        warnings.append(
            Message(
                "The pressure is a Laplace-law upper bound: measured pressures under bandages "
                "were lower at every site, by up to 42.1 % (Garrigues-Ramón et al. 2021).",
                code="band.laplace-upper-bound",
            )
        )
    else:
        warnings.append(
            Message(
                "No pressure estimate: no published tension-stretch curve exists for this band. "
                "To get an upper bound, hang the band from a luggage scale, stretch the A-B "
                "section to its stretched length and enter the reading as the band tension (1 kg "
                "on the scale is 9.81 N).",
                code="wrap.no-tension-curve",
                band=band.key,
            )
        )

    instructions = wrap_instructions(
        limb=limb,
        units=units,
        circumference_cm=circumference,
        stretch_pct=stretch,
        stretched_length_cm=stretched_length,
        offset_cm=offset,
        turns=turns,
    )
    return WrapPlan(
        limb=limb,
        circumference_cm=circumference,
        width_cm=width,
        target_pct_lop=float(target_pct_lop),
        material=band.key,
        stretch_pct=stretch,
        mark_spacing_cm=circumference,
        stretched_length_cm=stretched_length,
        mark_offset_after_one_turn_cm=offset,
        wrap_length_cm=length,
        turns=turns,
        layers=layers,
        pressure_estimate_mmhg=total,
        pressure_per_layer_mmhg=per_layer,
        laplace=laplace,
        instructions=instructions,
        warnings=tuple(warnings),
        references=tuple(cite(*references)),
        display_units=units,
    )


def wrap_instructions(
    *,
    limb: Limb,
    units: UnitSystem,
    circumference_cm: float,
    stretch_pct: float,
    stretched_length_cm: float,
    offset_cm: float,
    turns: float | None,
) -> tuple[str, ...]:
    """Return the steps of the stretch method with every length in ``units``.

    A plan keeps its numbers in centimetres; interfaces call this when they show the plan, so
    a reader who changed units reads the steps in the units chosen now.

    Parameters
    ----------
    circumference_cm
        Resting limb circumference: the spacing of marks A and B [cm].
    stretch_pct
        Planned stretch of the band [%].
    stretched_length_cm
        Length of the A-B section stretched on the limb [cm].
    offset_cm
        How far mark B lands past mark A after one turn [cm].
    turns
        Turns of the whole band at this stretch [-], or ``None`` if its length is unknown.
    """
    steps = [
        f"Measure the resting {limb} circumference at the top of the limb: "
        f"{_length(circumference_cm, units)}.",
        "Lay the band flat without stretching it. Make mark A near the free end.",
        f"Make mark B exactly {_length(circumference_cm, units)} from A (one circumference).",
        _placement(limb),
        f"Wrap with the band stretched by {stretch_pct:.1f} %: the A-B section must measure "
        f"{_length(stretched_length_cm, units)} on the limb, so after one full turn mark B "
        f"lands {_length(offset_cm, units)} past mark A.",
    ]
    if turns is not None:
        steps.append(
            f"Keep the same stretch for the rest of the band and lay each turn on top of the "
            f"previous one (about {turns:.1f} turns in all); secure the end."
        )
    else:
        steps.append(
            "Keep the same stretch for the rest of the band, laying each turn on top of the "
            "previous one; secure the end."
        )
    steps.extend(
        [
            f"Check: the pulse is still there at {_distal_pulse(limb)}. If you cannot feel it, "
            "loosen the band at once.",
            "Check: the skin below the band is pink to red, not white or blue, and a pressed "
            "nail turns pink again as quickly as on the other side.",
            "Stop and remove the band at once for numbness, tingling, sharp pain or discomfort "
            "above 7/10.",
        ]
    )
    return tuple(steps)
