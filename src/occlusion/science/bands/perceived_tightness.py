"""The perceived-tightness method (a 0–10 rating) as a fallback for setting a wrap, with its limits.

A person tightens the band until the pressure feels like a chosen rating on a 0–10 scale, where
7/10 is "moderate pressure without pain" and 10/10 "intense pressure with pain" (the anchors of
Bell et al. 2018). It needs no tape or scale, which is why it is popular; the evidence says it is
valid on average on a first try but not reliable from day to day, so this project offers it only
as a fallback to the stretch method (:mod:`occlusion.science.bands.wraps`).

What the numbers say, all from pneumatic cuffs whose pressure could be read:

* Bell et al. 2018 (n = 120): a 7/10 rating was 132 (38) mmHg on the upper arm against an arterial
  occlusion pressure (AOP) of 162 (24) mmHg, and 120 (33) mmHg on the thigh against 171 (28) mmHg.
* Bell et al. 2020 (n = 24, 3 days): the coefficient of variation of the 7/10 pressure was about
  12 %, i.e. roughly ±25 % (arm) and ±20 % (leg) around a person's mean; 7/10 fell above AOP in the
  arm and below it in the leg; on day 1 people chose a higher relative pressure (leg).
* Bielitzki et al. 2024 (n = 30): an elastic knee wrap set by matching the feel of a pneumatic cuff
  at 60 % AOP ("perceptual priming") gave responses similar to the pneumatic cuff.

A commonly repeated "5–6/10 for arms" was not found in a primary source and is not given here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from occlusion.evidence import Reference, register
from occlusion.vocabulary import Limb, choose

BELL_2018 = register(
    Reference(
        key="bell_2018_perceived_tightness",
        citation=(
            "Bell ZW, Dankel SJ, Mattocks KT, Buckner SL, Jessee MB, Mouser JG, Abe T, "
            "Loenneke JP. An investigation into setting the blood flow restriction pressure "
            "based on perception of tightness. Physiol Meas. 2018."
        ),
        status="verified",
        doi="10.1088/1361-6579/aae140",
        url=(
            "https://www.researchwithrowan.com/en/publications/an-investigation-into-setting-"
            "the-blood-flow-restriction-pressure"
        ),
        note=(
            "n = 120; upper body 7/10 132 (38), AOP 162 (24), 10/10 202 (46) mmHg; lower body "
            "7/10 120 (33), AOP 171 (28), 10/10 178 (49) mmHg."
        ),
    )
)

BELL_2020 = register(
    Reference(
        key="bell_2020_perceived_tightness_reliability",
        citation=(
            "Bell ZW, Dankel SJ, Spitz RW, Chatakondi RN, Abe T, Loenneke JP. The perceived "
            "tightness scale does not provide reliable estimates of blood flow restriction "
            "pressure. J Sport Rehabil. 2020;29(4):516-518."
        ),
        status="verified",
        doi="10.1123/jsr.2018-0439",
        note=(
            "n = 24 over 3 days; %CV about 12 % (upper: men 12.3, women 12.2; lower: men 13.7, "
            "women 10.3), i.e. about +/-25 % (upper) and +/-20 % (lower) around the mean; 7/10 "
            "above AOP in the arm, below in the leg; day 1 higher relative pressure (leg)."
        ),
    )
)

BIELITZKI_2024 = register(
    Reference(
        key="bielitzki_2024_perceptual_priming",
        citation=(
            "Bielitzki R, Behrendt T, Behrens M, Malczewski V, Mittlmeier T, Schega L. Low-load "
            "resistance exercise with perceptually primed practical blood flow restriction "
            "induces similar motor performance fatigue, physiological changes, and perceptual "
            "responses compared to traditional blood flow restriction in males and females. "
            "J Sports Sci Med. 2024;23:326-341."
        ),
        status="verified",
        doi="10.52082/jssm.2024.326",
        note=(
            "n = 30; elastic knee wrap primed to the feel of a pneumatic cuff at 60 % AOP; "
            "similar fatigue, EMG, NIRS and perceptual responses, less cuff discomfort."
        ),
    )
)


@dataclass(frozen=True, slots=True)
class PublishedRating:
    """Group results for one rating on one limb, as published.

    Attributes
    ----------
    rating
        The rating on the 0–10 scale.
    pressure_mean_mmhg, pressure_sd_mmhg
        Cuff pressure people chose for that rating: mean and SD [mmHg].
    reference_key
        Citation key.
    """

    rating: int
    pressure_mean_mmhg: float
    pressure_sd_mmhg: float
    reference_key: str

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "rating": self.rating,
            "pressure_mean_mmhg": self.pressure_mean_mmhg,
            "pressure_sd_mmhg": self.pressure_sd_mmhg,
            "reference": self.reference_key,
        }


@dataclass(frozen=True, slots=True)
class _LimbEvidence:
    seven: PublishedRating
    ten: PublishedRating
    aop_mean_mmhg: float
    aop_sd_mmhg: float
    day_to_day_spread_pct: float
    cv_by_sex_pct: tuple[float, float]
    bell_2020_position: str


_EVIDENCE: dict[Limb, _LimbEvidence] = {
    Limb.ARM: _LimbEvidence(
        seven=PublishedRating(7, 132.0, 38.0, BELL_2018.key),
        ten=PublishedRating(10, 202.0, 46.0, BELL_2018.key),
        aop_mean_mmhg=162.0,
        aop_sd_mmhg=24.0,
        day_to_day_spread_pct=25.0,
        cv_by_sex_pct=(12.3, 12.2),
        bell_2020_position="above",
    ),
    Limb.THIGH: _LimbEvidence(
        seven=PublishedRating(7, 120.0, 33.0, BELL_2018.key),
        ten=PublishedRating(10, 178.0, 49.0, BELL_2018.key),
        aop_mean_mmhg=171.0,
        aop_sd_mmhg=28.0,
        day_to_day_spread_pct=20.0,
        cv_by_sex_pct=(13.7, 10.3),
        bell_2020_position="below",
    ),
}

TARGET_RATING = 7
#: Day-to-day coefficient of variation of the 7/10 pressure, rounded as in Bell et al. 2020 [%].
DAY_TO_DAY_CV_PCT = 12.0


@dataclass(frozen=True, slots=True)
class TightnessGuide:
    """How to set a wrap by feel, and what the evidence says that feel means.

    Attributes
    ----------
    limb
        ``"arm"`` or ``"thigh"`` (the studies' "upper body" and "lower body").
    target_rating
        The rating to aim for on the 0–10 scale (7, the rating studied).
    anchors
        Wording of the scale points as used in the studies.
    seven_out_of_ten, ten_out_of_ten
        Published group pressures for 7/10 and 10/10 [mmHg].
    aop_mean_mmhg, aop_sd_mmhg
        Arterial occlusion pressure in the same study [mmHg].
    seven_as_pct_of_aop
        Group-mean 7/10 pressure as a percentage of group-mean AOP [%], derived.
    day_to_day_cv_pct
        Day-to-day coefficient of variation of the 7/10 pressure [%].
    day_to_day_cv_by_sex_pct
        The same for men and for women, as published [%].
    day_to_day_spread_pct
        Over- or under-estimation around a person's mean the CV implies [± %].
    likely_range_mmhg
        Group-mean 7/10 pressure ± that spread [mmHg], derived.
    steps, caveats
        What to do, and what limits the method.
    is_fallback
        Always ``True``: the stretch method is preferred when a tape measure is at hand.
    references
        Citation keys.
    """

    limb: Limb
    target_rating: int
    anchors: dict[int, str]
    seven_out_of_ten: PublishedRating
    ten_out_of_ten: PublishedRating
    aop_mean_mmhg: float
    aop_sd_mmhg: float
    seven_as_pct_of_aop: float
    day_to_day_cv_pct: float
    day_to_day_cv_by_sex_pct: dict[str, float]
    day_to_day_spread_pct: float
    likely_range_mmhg: tuple[float, float]
    steps: tuple[str, ...]
    caveats: tuple[str, ...]
    is_fallback: bool
    references: tuple[Reference, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "limb": self.limb,
            "method": "perceived tightness (fallback)",
            "is_fallback": self.is_fallback,
            "target_rating": self.target_rating,
            "anchors": {str(key): text for key, text in self.anchors.items()},
            "seven_out_of_ten": self.seven_out_of_ten.as_dict(),
            "ten_out_of_ten": self.ten_out_of_ten.as_dict(),
            "aop_mean_mmhg": self.aop_mean_mmhg,
            "aop_sd_mmhg": self.aop_sd_mmhg,
            "seven_as_pct_of_aop": self.seven_as_pct_of_aop,
            "day_to_day_cv_pct": self.day_to_day_cv_pct,
            "day_to_day_cv_by_sex_pct": dict(self.day_to_day_cv_by_sex_pct),
            "day_to_day_spread_pct": self.day_to_day_spread_pct,
            "likely_range_mmhg": list(self.likely_range_mmhg),
            "steps": list(self.steps),
            "caveats": list(self.caveats),
            "references": [reference.as_dict() for reference in self.references],
        }


def perceived_tightness_guide(limb: Limb) -> TightnessGuide:
    """Return the perceived-tightness guide for ``limb``, with its published numbers.

    Parameters
    ----------
    limb
        ``"arm"`` (upper arm) or ``"thigh"``.

    Returns
    -------
    TightnessGuide
        Target rating, what 7/10 and 10/10 meant in mmHg and % AOP in the studies, the
        day-to-day spread, steps and caveats.

    Raises
    ------
    InputError
        For an unknown limb.

    References
    ----------
    .. [1] Bell ZW et al. Physiol Meas. 2018. doi:10.1088/1361-6579/aae140
    .. [2] Bell ZW et al. J Sport Rehabil. 2020;29(4):516-518. doi:10.1123/jsr.2018-0439
    .. [3] Bielitzki R et al. J Sports Sci Med. 2024;23:326-341. doi:10.52082/jssm.2024.326
    """
    limb = choose(limb, Limb, "limb")
    evidence = _EVIDENCE[limb]
    seven = evidence.seven
    spread = evidence.day_to_day_spread_pct / 100.0
    likely = (seven.pressure_mean_mmhg * (1.0 - spread), seven.pressure_mean_mmhg * (1.0 + spread))
    pct_of_aop = 100.0 * seven.pressure_mean_mmhg / evidence.aop_mean_mmhg
    place = "top of the upper arm" if limb == Limb.ARM else "top of the thigh"
    steps = (
        f"Wrap the band snugly around the {place} without stretching it.",
        "Tighten it step by step. After each step rate the pressure from 0 (nothing) to 10 "
        "(intense pressure with pain).",
        f"Stop at {TARGET_RATING}/10: moderate pressure, no pain.",
        "Check the pulse below the band and the skin colour; loosen at once if the pulse is gone "
        "or the skin turns white or blue.",
        "If you can use a pneumatic cuff once, learn the feel of your target % LOP with it and "
        "match that feel with the wrap (perceptual priming, Bielitzki et al. 2024).",
    )
    caveats: tuple[str, ...] = (
        "Fallback only: prefer the stretch method for wraps, which uses your measured "
        "circumference.",
        f"In Bell et al. 2018 the group's 7/10 was {seven.pressure_mean_mmhg:g} "
        f"({seven.pressure_sd_mmhg:g}) mmHg against an occlusion pressure of "
        f"{evidence.aop_mean_mmhg:g} ({evidence.aop_sd_mmhg:g}) mmHg, about {pct_of_aop:.0f} % "
        "of it on average; individuals varied widely.",
        f"Day to day the 7/10 pressure varied by about {DAY_TO_DAY_CV_PCT:g} % (CV), i.e. about "
        f"±{evidence.day_to_day_spread_pct:g} % around a person's own mean (Bell et al. 2020).",
        f"In Bell et al. 2020 the 7/10 pressure sat {evidence.bell_2020_position} the occlusion "
        "pressure on this limb.",
        "On the first day people chose a higher relative pressure than on later days (leg, Bell "
        "et al. 2020): be conservative on day 1.",
        "These mmHg values come from pneumatic cuffs; the same feel under a narrow elastic wrap "
        "is a different pressure.",
    )
    if limb == Limb.ARM:
        caveats += (
            "Because 7/10 sat above occlusion pressure in the arm in Bell et al. 2020, aim below "
            "7/10 on the arm; no study gives a validated lower rating.",
        )
    return TightnessGuide(
        limb=limb,
        target_rating=TARGET_RATING,
        anchors={
            0: "no pressure",
            TARGET_RATING: "moderate pressure without pain",
            10: "intense pressure with pain",
        },
        seven_out_of_ten=seven,
        ten_out_of_ten=evidence.ten,
        aop_mean_mmhg=evidence.aop_mean_mmhg,
        aop_sd_mmhg=evidence.aop_sd_mmhg,
        seven_as_pct_of_aop=pct_of_aop,
        day_to_day_cv_pct=DAY_TO_DAY_CV_PCT,
        day_to_day_cv_by_sex_pct={
            "male": evidence.cv_by_sex_pct[0],
            "female": evidence.cv_by_sex_pct[1],
        },
        day_to_day_spread_pct=evidence.day_to_day_spread_pct,
        likely_range_mmhg=likely,
        steps=steps,
        caveats=caveats,
        is_fallback=True,
        references=(BELL_2018, BELL_2020, BIELITZKI_2024),
    )
