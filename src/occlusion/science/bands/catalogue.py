"""A small table of bands, wraps and cuffs, with only the numbers that have a source.

Each :class:`Band` says what kind of equipment it is, its width and length where a study
reported them, and its tension–stretch relation where one was measured. Where nobody has
published a number, the field is ``None`` and the code that uses the table asks the person for
the value (their band's width, its length, a tension measured with a luggage scale) or declines
to estimate. No band stiffness is invented here.

What was searched for and not found (so the fields stay ``None``): a published force–elongation
curve for elastic knee wraps or for the elastic BFR cuffs of Abe et al. (2019) and of the 2023
cuff-stiffness study (doi:10.1186/s13102-023-00745-w reports the overlap needed to occlude, not
the force); a sourced standard size for knee wraps; the lengths of floss bands.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Literal, get_args

from occlusion.errors import InputError, OutOfRangeError
from occlusion.evidence import Reference, register
from occlusion.science.checks import require_finite
from occlusion.science.cuff_materials import CUFF_TYPE_2013

BandKind = Literal["elastic knee wrap", "elastic BFR band", "floss band", "nylon cuff"]
BAND_KINDS: tuple[BandKind, ...] = get_args(BandKind)

CHEATHAM_BAKER_2020 = register(
    Reference(
        key="cheatham_2020_floss_band_tension",
        citation=(
            "Cheatham SW, Baker R. Quantification of the Rockfloss floss band stretch force at "
            "different elongation lengths. J Sport Rehabil. 2020;29:377-380."
        ),
        status="verified",
        doi="10.1123/jsr.2019-0034",
        note=(
            "Force-gauge tension of Rockfloss bands 5.08 cm and 10.16 cm wide at 25-150 % "
            "elongation (mean (SD), one trained rater); tension rose linearly with elongation."
        ),
    )
)

ABE_2019 = register(
    Reference(
        key="abe_2019_elastic_cuff_stretch",
        citation=(
            "Abe T, Mouser JG, Dankel SJ, Bell ZW, Buckner SL, Mattocks KT, Jessee MB, "
            "Loenneke JP. A method to standardize the blood flow restriction pressure by an "
            "elastic cuff. Scand J Med Sci Sports. 2019;29(3):329-335."
        ),
        status="verified",
        doi="10.1111/sms.13340",
        url="http://47.251.13.51:8081/30468528",
        note=(
            "n = 35 (16 men, 19 women); 5 cm elastic arm cuff pulled 10 % and 20 % beyond a "
            "resting length set by arm circumference vs 5 cm nylon cuff at 40 % and 80 % AOP; "
            "flow difference -5.9 (-18.9, 7.0) % and -4.0 (-13.2, 5.1) %; no sex effect."
        ),
    )
)


@dataclass(frozen=True, slots=True)
class TensionCurve:
    """Measured band tension at given elongations, interpolated linearly between the points.

    Attributes
    ----------
    elongation_pct
        Elongations at which tension was measured, increasing [% of resting length].
    tension_n
        Mean tension at each elongation [N].
    reference_key
        Citation key of the measurement.
    """

    elongation_pct: tuple[float, ...]
    tension_n: tuple[float, ...]
    reference_key: str

    def __post_init__(self) -> None:
        if len(self.elongation_pct) != len(self.tension_n) or len(self.elongation_pct) < 2:
            raise ValueError("a tension curve needs at least two (elongation, tension) pairs")
        if any(b <= a for a, b in pairwise(self.elongation_pct)):
            raise ValueError("tension-curve elongations must increase")

    @property
    def measured_range_pct(self) -> tuple[float, float]:
        """Return the smallest and largest measured elongation [%]."""
        return self.elongation_pct[0], self.elongation_pct[-1]

    def tension_at(self, elongation_pct: float) -> float:
        """Return the tension at ``elongation_pct`` [N], interpolated between measured points.

        Raises
        ------
        OutOfRangeError
            Outside the measured elongations: the curve is not extrapolated.
        """
        elongation = require_finite(elongation_pct, "band elongation")
        low, high = self.measured_range_pct
        if not low <= elongation <= high:
            raise OutOfRangeError(
                f"band tension was measured only between {low:g} % and {high:g} % elongation; "
                f"{elongation:g} % is outside it",
                code="band.elongation-outside-measured",
                elongation_pct=elongation,
                low=low,
                high=high,
            )
        points = list(zip(self.elongation_pct, self.tension_n, strict=True))
        for (x0, y0), (x1, y1) in pairwise(points):
            if elongation <= x1:
                return y0 + (y1 - y0) * (elongation - x0) / (x1 - x0)
        return self.tension_n[-1]  # pragma: no cover - the range check above makes this unreachable

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready mapping."""
        return {
            "elongation_pct": list(self.elongation_pct),
            "tension_n": list(self.tension_n),
            "reference": self.reference_key,
        }


@dataclass(frozen=True, slots=True)
class Band:
    """One band, wrap or cuff in the equipment table.

    Attributes
    ----------
    key
        Stable identifier used on the command line (``--material``).
    name
        Readable name.
    kind
        One of :data:`BAND_KINDS`.
    width_cm
        Width [cm], or ``None`` when it varies by product and no source fixes it.
    typical_length_cm
        Length [cm] as reported by a study, or ``None`` when unsourced.
    tension_curve
        Measured tension–stretch relation, or ``None`` when none is published.
    stretchable
        Whether the stretch method can be used with it (a nylon cuff does not stretch).
    references
        Citation keys of the sources of the numbers above.
    note
        What the entry is for and what is missing.
    """

    key: str
    name: str
    kind: BandKind
    width_cm: float | None
    typical_length_cm: float | None
    tension_curve: TensionCurve | None
    stretchable: bool
    references: tuple[str, ...]
    note: str

    def tension_at(self, elongation_pct: float) -> float | None:
        """Return the tension at ``elongation_pct`` [N], or ``None`` without a sourced curve.

        Raises
        ------
        OutOfRangeError
            If the band has a curve but ``elongation_pct`` is outside its measured range.
        """
        if self.tension_curve is None:
            return None
        return self.tension_curve.tension_at(elongation_pct)

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready mapping."""
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "width_cm": self.width_cm,
            "typical_length_cm": self.typical_length_cm,
            "tension_curve": None if self.tension_curve is None else self.tension_curve.as_dict(),
            "stretchable": self.stretchable,
            "references": list(self.references),
            "note": self.note,
        }


_ROCKFLOSS_ELONGATION_PCT = (25.0, 50.0, 75.0, 100.0, 125.0, 150.0)

BANDS: tuple[Band, ...] = (
    Band(
        key="elastic-knee-wrap",
        name="Elastic knee wrap (powerlifting style)",
        kind="elastic knee wrap",
        width_cm=None,
        typical_length_cm=None,
        tension_curve=None,
        stretchable=True,
        references=(),
        note=(
            "Width and length vary by product: measure yours. No published tension-stretch "
            "curve was found, so a pressure estimate needs a tension you measure."
        ),
    ),
    Band(
        key="elastic-bfr-band",
        name="Elastic BFR band, 5 cm wide (non-pneumatic)",
        kind="elastic BFR band",
        width_cm=5.0,
        typical_length_cm=None,
        tension_curve=None,
        stretchable=True,
        references=(ABE_2019.key,),
        note=(
            "The width of the elastic cuff the stretch calibration was measured with (Abe 2019, "
            "arm). Length varies by product and no tension-stretch curve is published."
        ),
    ),
    Band(
        key="floss-band-5cm",
        name="Floss band 5.08 cm (2 in, Rockfloss)",
        kind="floss band",
        width_cm=5.08,
        typical_length_cm=None,
        tension_curve=TensionCurve(
            elongation_pct=_ROCKFLOSS_ELONGATION_PCT,
            tension_n=(13.53, 24.57, 36.18, 45.89, 54.68, 62.54),
            reference_key=CHEATHAM_BAKER_2020.key,
        ),
        stretchable=True,
        references=(CHEATHAM_BAKER_2020.key,),
        note="Latex floss band; tension measured at 25-150 % elongation. Length not sourced.",
    ),
    Band(
        key="floss-band-10cm",
        name="Floss band 10.16 cm (4 in, Rockfloss)",
        kind="floss band",
        width_cm=10.16,
        typical_length_cm=None,
        tension_curve=TensionCurve(
            elongation_pct=_ROCKFLOSS_ELONGATION_PCT,
            tension_n=(16.70, 31.90, 47.45, 57.75, 69.02, 81.10),
            reference_key=CHEATHAM_BAKER_2020.key,
        ),
        stretchable=True,
        references=(CHEATHAM_BAKER_2020.key,),
        note="Latex floss band; tension measured at 25-150 % elongation. Length not sourced.",
    ),
    Band(
        key="nylon-cuff-5cm",
        name="Nylon pneumatic cuff 5 cm",
        kind="nylon cuff",
        width_cm=5.0,
        typical_length_cm=83.0,
        tension_curve=None,
        stretchable=False,
        references=(CUFF_TYPE_2013.key,),
        note=(
            "Does not stretch: set it by inflation pressure as a % of measured limb occlusion "
            "pressure, not with the stretch method."
        ),
    ),
)

DEFAULT_WRAP_KEY = "elastic-knee-wrap"
DEFAULT_FLOSS_KEY = "floss-band-5cm"

_BY_KEY: dict[str, Band] = {band.key: band for band in BANDS}
BAND_KEYS: tuple[str, ...] = tuple(_BY_KEY)


def get_band(key: str) -> Band:
    """Return the band registered under ``key``; raise :class:`InputError` for an unknown key."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise InputError(
            f"unknown band or wrap {key!r}: choose one of {', '.join(BAND_KEYS)}",
            code="unknown-choice", what="band", value=key, allowed=list(BAND_KEYS)
        ) from None
