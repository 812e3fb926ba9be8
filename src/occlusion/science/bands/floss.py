"""Floss-band (tissue flossing) application: overlap, stretch, a short timed hold, and its pressure.

A latex floss band is wrapped around a joint or muscle from distal to proximal, each turn covering
part of the previous one, with the band stretched; the person then moves the region for a short
time and the band comes off. The parameters here and their status:

* 50 % overlap and 50 % stretch are the typical values named in the primary tension study of
  Cheatham & Baker (2020); the 50–90 % stretch range, the distal-to-proximal direction and the
  1–3 min duration were read only in a secondary source citing the primary studies.
* Band tension at 25–150 % elongation was measured for 5.08 cm and 10.16 cm Rockfloss bands
  (Cheatham & Baker 2020, in :mod:`occlusion.science.bands.catalogue`), so a Laplace-law upper
  bound of the pressure is available for those bands (2 layers at 50 % overlap). No measured
  pressure under a floss band was found.

The application guidance and the flossing review are registered once, with the floss protocol in
:mod:`occlusion.science.protocols.library`; this module cites the same entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from occlusion.errors import InputError, OutOfRangeError
from occlusion.evidence import Reference, cite, register
from occlusion.messages import Message
from occlusion.science.bands.catalogue import BANDS, CHEATHAM_BAKER_2020, Band, get_band
from occlusion.science.bands.laplace import (
    LAPLACE_REFERENCE_KEYS,
    LaplaceEstimate,
    estimate_band_pressure,
    layers_for_overlap,
)
from occlusion.science.checks import PLAUSIBLE_CUFF_WIDTH_CM, require_between, require_finite
from occlusion.science.protocols import FLOSS_APPLICATION, KONRAD_2021_FLOSSING
from occlusion.units import cm_to_display, length_unit_label
from occlusion.vocabulary import UnitSystem, choose


class FlossSite(StrEnum):
    """Where a floss band is wrapped: a joint or a muscle belly."""

    ANKLE = "ankle"
    CALF = "calf"
    KNEE = "knee"
    THIGH = "thigh"
    WRIST = "wrist"
    FOREARM = "forearm"
    ELBOW = "elbow"
    ARM = "arm"
    SHOULDER = "shoulder"


FLOSS_SITES: tuple[FlossSite, ...] = tuple(FlossSite)

FLOSS_POLICY = register(
    Reference(
        key="occlusion_floss_policy",
        citation=(
            "Occlusion project policy for floss plans: no application longer than the 3 min the "
            "evidence describes; stretch limited to the measured 25-150 % band-tension range."
        ),
        status="policy",
    )
)

#: Typical values (Cheatham & Baker 2020 abstract).
TYPICAL_STRETCH_PCT = 50.0
TYPICAL_OVERLAP_PCT = 50.0
#: Elongation range in the secondary summary [%].
USUAL_STRETCH_RANGE_PCT = (50.0, 90.0)
#: Application time in the secondary summary [s].
USUAL_DURATION_RANGE_S = (60.0, 180.0)
#: Longest application this project plans [s] (policy: the end of the published range).
MAX_DURATION_S = 180.0
#: Largest stretch planned: the top of the measured tension curve [%].
MAX_STRETCH_PCT = 150.0
#: Plausible circumference of any flossed site [cm] (rejects typing mistakes only).
PLAUSIBLE_SITE_CIRCUMFERENCE_CM = (10.0, 110.0)
#: Spacing of the two marks used to check the stretch [cm] (metric) and [in] (imperial).
_CHECK_MARK_SPACING = {UnitSystem.METRIC: 10.0, UnitSystem.IMPERIAL: 4.0}
_WIDTH_MATCH_TOLERANCE_CM = 0.5


@dataclass(frozen=True, slots=True)
class FlossPlan:
    """A floss-band application: how to wrap, for how long, and an upper bound of its pressure.

    Attributes
    ----------
    site, circumference_cm, width_cm
        Where the band goes, its circumference there [cm] and the band width [cm].
    stretch_pct, overlap_pct
        Band elongation [% of resting length] and overlap of each turn on the previous [%].
    layers
        Layers under the band at 50 % overlap: 2 [-].
    duration_s
        Application time [s].
    band
        Equipment key of the band whose tension curve was used, or ``None``.
    band_length_cm, turns, covered_length_cm
        Unstretched band length [cm], turns it makes [-] and length of limb it covers [cm], when
        the band length is known.
    check_mark_spacing_cm, check_mark_stretched_cm
        Two marks this far apart on the unstretched band [cm] should be this far apart when
        stretched [cm].
    pressure_estimate_mmhg
        Laplace-law upper bound [mmHg], or ``None`` when the tension is unknown.
    laplace
        The full estimate, or ``None``.
    instructions, warnings, references
        Steps, limits, citation keys.
    display_units
        Unit system of the instructions.
    """

    site: FlossSite
    circumference_cm: float
    width_cm: float
    stretch_pct: float
    overlap_pct: float
    layers: float
    duration_s: float
    band: str | None
    band_length_cm: float | None
    turns: float | None
    covered_length_cm: float | None
    check_mark_spacing_cm: float
    check_mark_stretched_cm: float
    pressure_estimate_mmhg: float | None
    laplace: LaplaceEstimate | None
    instructions: tuple[str, ...]
    warnings: tuple[Message, ...]
    references: tuple[Reference, ...]
    display_units: UnitSystem = UnitSystem.METRIC

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "stretch_pct": self.stretch_pct,
            "overlap_pct": self.overlap_pct,
            "layers": self.layers,
            "duration_s": self.duration_s,
            "instructions": list(self.instructions),
            "pressure_estimate_mmhg": self.pressure_estimate_mmhg,
            "pressure_lower_bound_mmhg": (
                None if self.laplace is None else self.laplace.pressure_lower_bound_mmhg
            ),
            "tension_n": None if self.laplace is None else self.laplace.tension_n,
            "tension_source": None if self.laplace is None else self.laplace.tension_source,
            "references": [reference.as_dict() for reference in self.references],
            "warnings": list(self.warnings),
            "site": self.site,
            "circumference_cm": self.circumference_cm,
            "width_cm": self.width_cm,
            "band": self.band,
            "band_length_cm": self.band_length_cm,
            "turns": self.turns,
            "covered_length_cm": self.covered_length_cm,
            "marks": {
                "spacing_unstretched_cm": self.check_mark_spacing_cm,
                "spacing_stretched_cm": self.check_mark_stretched_cm,
            },
            "display_units": self.display_units,
        }


def _matching_band(band_key: str | None, width_cm: float) -> Band | None:
    if band_key is not None:
        band = get_band(band_key)
        if band.kind != "floss band":
            raise InputError(
                f"{band.name} is not a floss band: use the wrap method for it",
                code="floss.not-a-floss-band",
                band=band.key,
            )
        return band
    for band in BANDS:
        if (
            band.kind == "floss band"
            and band.width_cm is not None
            and abs(band.width_cm - width_cm) <= _WIDTH_MATCH_TOLERANCE_CM
        ):
            return band
    return None


def _length(length_cm: float, units: UnitSystem) -> str:
    return f"{cm_to_display(length_cm, units):.1f} {length_unit_label(units)}"


def plan_floss(
    *,
    site: str,
    circumference_cm: float,
    width_cm: float,
    stretch_pct: float = TYPICAL_STRETCH_PCT,
    overlap_pct: float = TYPICAL_OVERLAP_PCT,
    duration_s: float = 120.0,
    band: str | None = None,
    band_length_cm: float | None = None,
    tension_n: float | None = None,
    units: UnitSystem = UnitSystem.METRIC,
) -> FlossPlan:
    """Plan a floss-band application.

    Parameters
    ----------
    site
        Body site, one of :data:`FLOSS_SITES`.
    circumference_cm
        Circumference where the band goes [cm].
    width_cm
        Band width [cm]. A 5.08 cm or 10.16 cm band (±0.5 cm) uses the measured Rockfloss tension
        curve unless ``band`` or ``tension_n`` says otherwise.
    stretch_pct
        Band elongation [% of resting length]; 50 % typical, 50–90 % usual, at most 150 %.
    overlap_pct
        Overlap of each turn on the previous one [%]; 50 % typical, below 100 %.
    duration_s
        Application time [s]; 60–180 s usual, at most 180 s.
    band
        Equipment key of a floss band, to use its tension curve.
    band_length_cm
        Unstretched band length [cm], for the number of turns and the length covered.
    tension_n
        Tension measured by the person at the planned stretch [N]; overrides the table.
    units
        Unit system for the written instructions.

    Returns
    -------
    FlossPlan
        Steps, timing, the Laplace upper bound of the pressure (when the tension is known),
        warnings and references.

    Raises
    ------
    InputError
        For an unknown site or band, or implausible sizes.
    OutOfRangeError
        For a stretch above 150 %, an overlap of 100 % or more, or a duration above 3 min.

    References
    ----------
    .. [1] Cheatham SW, Baker R. J Sport Rehabil. 2020;29:377-380. doi:10.1123/jsr.2019-0034
    .. [2] Konrad A, Močnik R, Nakamura M. Front Physiol. 2021;12:666129.
    .. [3] Thomas S. World Wide Wounds, 2003 (Laplace's law for bandages).
    """
    chosen_site = choose(site, FlossSite, "floss site")
    units = choose(units, UnitSystem, "unit system")
    circumference = require_between(
        circumference_cm, *PLAUSIBLE_SITE_CIRCUMFERENCE_CM, f"{site} circumference", "cm"
    )
    width = require_between(width_cm, *PLAUSIBLE_CUFF_WIDTH_CM, "band width", "cm")
    stretch = require_finite(stretch_pct, "band stretch")
    if stretch <= 0.0:
        raise InputError(
            "band stretch must be greater than 0 %: an unstretched band does nothing",
            code="floss.stretch-not-positive", stretch_pct=stretch,
        )
    if stretch > MAX_STRETCH_PCT:
        raise OutOfRangeError(
            f"a stretch of {stretch:g} % is beyond the {MAX_STRETCH_PCT:g} % up to which "
            "floss-band tension has been measured; the usual range is 50-90 %",
            code="floss.stretch-beyond-measured", stretch_pct=stretch, max_pct=MAX_STRETCH_PCT
        )
    overlap = require_between(overlap_pct, 0.0, 100.0, "overlap", "%")
    if overlap >= 100.0:
        raise OutOfRangeError(
            "overlap must be below 100 %, otherwise the band never advances",
            code="floss.overlap-too-large", overlap_pct=overlap,
        )
    duration = require_finite(duration_s, "application time")
    if duration <= 0.0:
        raise OutOfRangeError(
            "the application time must be greater than 0 s",
            code="floss.duration-not-positive", duration_s=duration,
        )
    if duration > MAX_DURATION_S:
        raise OutOfRangeError(
            f"{duration:g} s is longer than the {MAX_DURATION_S:g} s (3 min) that floss "
            "applications are described with; plan at most 3 min",
            code="floss.duration-too-long", duration_s=duration, max_s=MAX_DURATION_S
        )
    layers = layers_for_overlap(overlap / 100.0)

    chosen_band = _matching_band(band, width)
    warnings: list[Message] = []
    references: list[str] = [
        CHEATHAM_BAKER_2020.key,
        FLOSS_APPLICATION.key,
        KONRAD_2021_FLOSSING.key,
        FLOSS_POLICY.key,
    ]
    low_stretch, high_stretch = USUAL_STRETCH_RANGE_PCT
    if not low_stretch <= stretch <= high_stretch:
        warnings.append(
            Message(
                f"A stretch of {stretch:g} % is outside the usual "
                f"{low_stretch:g}-{high_stretch:g} % (secondary source).",
                code="floss.unusual-stretch",
                stretch_pct=stretch,
                usual_low_pct=low_stretch,
                usual_high_pct=high_stretch,
            )
        )
    if overlap != TYPICAL_OVERLAP_PCT:
        warnings.append(
            Message(
                f"{overlap:g} % overlap differs from the typical {TYPICAL_OVERLAP_PCT:g} %.",
                code="floss.unusual-overlap",
                overlap_pct=overlap,
                typical_pct=TYPICAL_OVERLAP_PCT,
            )
        )
    if duration < USUAL_DURATION_RANGE_S[0]:
        warnings.append(
            Message(
                f"{duration:g} s is shorter than the 1-3 min the studies describe; effects may "
                "be smaller.",
                code="floss.short-application",
                duration_s=duration,
                usual_min_s=USUAL_DURATION_RANGE_S[0],
            )
        )

    stretch_fraction = stretch / 100.0
    turns: float | None = None
    covered: float | None = None
    length = band_length_cm
    if length is not None:
        length = require_between(length, 10.0, 1000.0, "band length", "cm")
        turns = length * (1.0 + stretch_fraction) / circumference
        if turns < 1.0:
            raise InputError(
                f"a band {length:g} cm long stretched by {stretch:g} % does not go once around "
                f"a {circumference:g} cm {site}: use a longer band",
                code="floss.band-too-short",
                length_cm=length,
                stretch_pct=stretch,
                circumference_cm=circumference,
                site=site,
            )
        covered = width + (turns - 1.0) * width * (1.0 - overlap / 100.0)

    laplace = _laplace(chosen_band, stretch, tension_n, layers, circumference, width, warnings)
    if laplace is not None:
        references.extend(LAPLACE_REFERENCE_KEYS)
        warnings.append(
            Message(
                "The pressure is a Laplace-law upper bound (measured bandage pressures were "
                "lower, by up to 42.1 %); no measured pressure under a floss band was found.",
                code="band.laplace-upper-bound",
                floss=True,
            )
        )

    spacing = _CHECK_MARK_SPACING[units]
    spacing_cm = spacing if units == UnitSystem.METRIC else spacing * 2.54
    stretched_cm = spacing_cm * (1.0 + stretch_fraction)
    instructions = (
        f"Mark two points {_length(spacing_cm, units)} apart on the unstretched band; stretched "
        f"by {stretch:g} % they must be {_length(stretched_cm, units)} apart.",
        f"Start just below (distal to) the {site} and anchor the free end under the first turn.",
        f"Wrap towards the body (distal to proximal), stretching the band by {stretch:g} % and "
        f"covering {overlap:g} % of the previous turn with each new one ({layers:g} layers).",
        "Tuck the end under the last turn.",
        f"Move the {site} actively and passively through its range for {duration:g} s "
        f"({duration / 60.0:.1f} min), then unwrap it completely.",
        "Remove it at once for numbness, tingling, sharp pain, or skin turning white or blue.",
    )
    return FlossPlan(
        site=chosen_site,
        circumference_cm=circumference,
        width_cm=width,
        stretch_pct=stretch,
        overlap_pct=overlap,
        layers=layers,
        duration_s=duration,
        band=None if chosen_band is None else chosen_band.key,
        band_length_cm=length,
        turns=turns,
        covered_length_cm=covered,
        check_mark_spacing_cm=spacing_cm,
        check_mark_stretched_cm=stretched_cm,
        pressure_estimate_mmhg=None if laplace is None else laplace.pressure_upper_bound_mmhg,
        laplace=laplace,
        instructions=instructions,
        warnings=tuple(warnings),
        references=tuple(cite(*references)),
        display_units=units,
    )


def _laplace(
    band: Band | None,
    stretch_pct: float,
    tension_n: float | None,
    layers: float,
    circumference_cm: float,
    width_cm: float,
    warnings: list[Message],
) -> LaplaceEstimate | None:
    if tension_n is not None:
        return estimate_band_pressure(
            tension_n=tension_n,
            layers=layers,
            circumference_cm=circumference_cm,
            width_cm=width_cm,
            tension_source="measured by the user",
        )
    if band is None or band.tension_curve is None:
        warnings.append(
            Message(
                "No pressure estimate: no tension curve matches this band width. Measure the "
                "tension at the planned stretch (luggage scale) and give it.",
                code="floss.no-tension-curve",
                width_cm=width_cm,
            )
        )
        return None
    if band.width_cm is not None and abs(band.width_cm - width_cm) > _WIDTH_MATCH_TOLERANCE_CM:
        warnings.append(
            Message(
                f"The tension curve is for a {band.width_cm:g} cm band but the width given is "
                f"{width_cm:g} cm; no pressure estimate.",
                code="floss.tension-curve-other-width",
                width_cm=width_cm,
                curve_width_cm=band.width_cm,
            )
        )
        return None
    low, high = band.tension_curve.measured_range_pct
    if not low <= stretch_pct <= high:
        warnings.append(
            Message(
                f"Band tension was measured only at {low:g}-{high:g} % stretch; no pressure "
                f"estimate at {stretch_pct:g} %.",
                code="floss.stretch-outside-tension-curve",
                stretch_pct=stretch_pct,
                measured_low_pct=low,
                measured_high_pct=high,
            )
        )
        return None
    tension = band.tension_curve.tension_at(stretch_pct)
    return estimate_band_pressure(
        tension_n=tension,
        layers=layers,
        circumference_cm=circumference_cm,
        width_cm=width_cm,
        tension_source=f"equipment table ({band.key}, Cheatham & Baker 2020)",
    )
