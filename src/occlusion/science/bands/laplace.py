r"""Laplace-law estimate of the pressure under an elastic band, wrap or bandage.

A band under tension ``T`` wrapped around a cylinder of radius ``r`` presses on it with
``P = T / r`` per unit band width (Laplace's law for a cylinder). With ``N`` layers of a band of
width ``W`` and the limb circumference ``C = 2πr`` measured with a tape, the sub-band pressure is

.. math::

    P = \frac{2\pi \, T \, N}{C \, W}

which, with ``T`` in kilogram-force, ``C`` and ``W`` in centimetres and ``P`` in mmHg, is the
clinical form ``P = K·T·N / (C·W)`` with ``K = 9.80665 · 2π · 10⁴ / 133.322 ≈ 4621.7``
(published rounded to 4620 or 4630). This module works in newtons and derives ``K`` from the
constants instead of typing it in.

The result is an **upper bound**, not a measurement: real limbs are neither circular nor rigid,
and Garrigues-Ramón et al. (2021) measured sub-bandage pressures below the Laplace value at every
site of the leg, by up to 42.1 % above the ankle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from occlusion.errors import InputError
from occlusion.evidence import Reference, cite, register
from occlusion.science.checks import require_finite
from occlusion.units import PA_PER_MMHG

#: Standard acceleration of gravity [m/s²] (one kilogram-force is this many newtons).
STANDARD_GRAVITY_M_PER_S2 = 9.80665
#: Centimetres squared per metre squared: the circumference and width are typed in cm.
_CM2_PER_M2 = 1.0e4

#: ``K`` of the clinical form P[mmHg] = K·T[kgf]·N/(C[cm]·W[cm]), derived from the constants.
CLINICAL_LAPLACE_CONSTANT = STANDARD_GRAVITY_M_PER_S2 * 2.0 * math.pi * _CM2_PER_M2 / PA_PER_MMHG

#: Largest over-prediction of measured sub-bandage pressure by Laplace's law reported by
#: Garrigues-Ramón et al. (2021), as a fraction (supramalleolar level, 47 women).
LAPLACE_MAX_OVERPREDICTION_FRACTION = 0.421

THOMAS_2003 = register(
    Reference(
        key="thomas_2003_laplace_bandage",
        citation=(
            "Thomas S. The use of the Laplace equation in the calculation of sub-bandage "
            "pressure. World Wide Wounds, 2003 (first published 2002)."
        ),
        status="verified",
        url="http://www.worldwidewounds.com/2003/june/Thomas/Laplace-Bandages.html",
        note=(
            "Sub-bandage pressure is proportional to bandage tension and number of layers and "
            "inversely proportional to limb radius (circumference) and bandage width."
        ),
    )
)

URGO_LAPLACE = register(
    Reference(
        key="urgo_laplace_clinical_form",
        citation=(
            "Urgo Medical. Theoretical pressures and in vivo pressures: practical consequences "
            "of Laplace's law (manufacturer's technical page)."
        ),
        status="verified-secondary",
        url=(
            "http://www.urgo.co.uk/294-theoretical-pressures-and-in-vivo-pressures-practical-"
            "consequences-of-laplace-s-law"
        ),
        note=(
            "Clinical form P[mmHg] from T[kgf], N layers, C[cm], W[cm]; the constant 4621.7 is "
            "derived here from g, 2π and the mmHg."
        ),
    )
)

GARRIGUES_RAMON_2021 = register(
    Reference(
        key="garrigues_ramon_2021_laplace_overestimates",
        citation=(
            "Garrigues-Ramón M, Julián M, Zaragoza C, Barrios C. Inability of Laplace's law to "
            "estimate sub-bandage pressures after applying a compressive bandage: a clinical "
            "study. J Wound Care. 2021;30(4):276-282."
        ),
        status="verified",
        doi="10.12968/jowc.2021.30.4.276",
        note=(
            "n = 47 women; sensor pressures lower than Laplace at all four leg sites, by up to "
            "42.1 % at the supramalleolar level."
        ),
    )
)

LAPLACE_REFERENCE_KEYS: tuple[str, ...] = (
    THOMAS_2003.key,
    URGO_LAPLACE.key,
    GARRIGUES_RAMON_2021.key,
)


def _require_positive(value: float, name: str, unit: str) -> float:
    number = require_finite(value, name)
    if number <= 0.0:
        raise InputError(
            f"{name} must be greater than zero, got {number:g} {unit}".rstrip(),
            code="input.not-positive", what=name, value=number, unit=unit,
        )
    return number


def laplace_pressure_mmhg(
    *, tension_n: float, layers: float, circumference_cm: float, width_cm: float
) -> float:
    """Return the Laplace-law pressure under a band [mmHg] — an upper bound.

    ``P = 2π·T·N / (C·W)``, converted from pascal to mmHg.

    Parameters
    ----------
    tension_n
        Tension in the band at the stretch it is applied with [N]. It comes from the band's
        tension–stretch curve (see :mod:`occlusion.science.bands.catalogue`) or from a measurement,
        for example a hanging luggage scale on the stretched band (1 kgf = 9.80665 N).
    layers
        Number of band layers over the point of interest [-]; for a spiral with overlap ``o``
        (a fraction), ``1 / (1 - o)``.
    circumference_cm
        Limb circumference under the band [cm].
    width_cm
        Band width [cm].

    Returns
    -------
    float
        Mean pressure the band would exert on a rigid circular limb [mmHg]. Real limbs deform
        and are not circular, so measured pressures are lower: treat the value as a ceiling.

    Raises
    ------
    InputError
        If any argument is not a finite number greater than zero.

    Notes
    -----
    Garrigues-Ramón et al. (2021) found Laplace over-predicting measured sub-bandage pressure at
    every site of the lower leg, by up to 42.1 %. No study has checked the law under a BFR wrap
    on the proximal thigh or arm.

    References
    ----------
    .. [1] Thomas S. The use of the Laplace equation in the calculation of sub-bandage pressure.
       World Wide Wounds, 2003.
    .. [2] Garrigues-Ramón M et al. J Wound Care. 2021;30(4):276-282.
       doi:10.12968/jowc.2021.30.4.276
    """
    tension = _require_positive(tension_n, "band tension", "N")
    layer_count = _require_positive(layers, "number of layers", "")
    circumference = _require_positive(circumference_cm, "limb circumference", "cm")
    width = _require_positive(width_cm, "band width", "cm")
    pressure_pa = (
        2.0 * math.pi * tension * layer_count * _CM2_PER_M2 / (circumference * width)
    )
    return pressure_pa / PA_PER_MMHG


def kgf_to_newtons(force_kgf: float) -> float:
    """Convert a force in kilogram-force [kgf] (what a luggage scale shows) to newtons [N]."""
    return force_kgf * STANDARD_GRAVITY_M_PER_S2


def layers_for_overlap(overlap_fraction: float) -> float:
    """Return the number of layers a spiral wrap lays down for an overlap fraction [-].

    Each turn covering the fraction ``o`` of the previous one gives ``1 / (1 - o)`` layers at
    any point: 50 % overlap gives 2 layers. ``o`` must be at least 0 and below 1.
    """
    overlap = require_finite(overlap_fraction, "overlap fraction")
    if not 0.0 <= overlap < 1.0:
        raise InputError(
            f"overlap must be at least 0 % and below 100 %, got {overlap * 100:g} %",
            code="band.bad-overlap", overlap_pct=overlap * 100,
        )
    return 1.0 / (1.0 - overlap)


@dataclass(frozen=True, slots=True)
class LaplaceEstimate:
    """A Laplace-law pressure with the inputs it came from and its lower plausible bound.

    Attributes
    ----------
    pressure_upper_bound_mmhg
        Laplace value [mmHg]; the ceiling.
    pressure_lower_bound_mmhg
        The Laplace value reduced by the largest over-prediction Garrigues-Ramón et al. (2021)
        measured (42.1 %) [mmHg]. Not a guaranteed floor: it is what the worst measured site
        would suggest.
    tension_n, layers, circumference_cm, width_cm
        The inputs [N], [-], [cm], [cm].
    tension_source
        Where the tension came from (a table entry or "measured by the user").
    """

    pressure_upper_bound_mmhg: float
    pressure_lower_bound_mmhg: float
    tension_n: float
    layers: float
    circumference_cm: float
    width_cm: float
    tension_source: str

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "pressure_upper_bound_mmhg": self.pressure_upper_bound_mmhg,
            "pressure_lower_bound_mmhg": self.pressure_lower_bound_mmhg,
            "tension_n": self.tension_n,
            "layers": self.layers,
            "circumference_cm": self.circumference_cm,
            "width_cm": self.width_cm,
            "tension_source": self.tension_source,
            "references": [reference.as_dict() for reference in cite(*LAPLACE_REFERENCE_KEYS)],
        }


def estimate_band_pressure(
    *,
    tension_n: float,
    layers: float,
    circumference_cm: float,
    width_cm: float,
    tension_source: str,
) -> LaplaceEstimate:
    """Return the Laplace upper bound and the 42.1 %-reduced value as a :class:`LaplaceEstimate`.

    Parameters are those of :func:`laplace_pressure_mmhg`; ``tension_source`` says where the
    tension came from so that a reader can judge it.

    References
    ----------
    .. [1] Thomas S. World Wide Wounds, 2003.
    .. [2] Garrigues-Ramón M et al. J Wound Care. 2021;30(4):276-282.
    """
    upper = laplace_pressure_mmhg(
        tension_n=tension_n, layers=layers, circumference_cm=circumference_cm, width_cm=width_cm
    )
    return LaplaceEstimate(
        pressure_upper_bound_mmhg=upper,
        pressure_lower_bound_mmhg=upper * (1.0 - LAPLACE_MAX_OVERPREDICTION_FRACTION),
        tension_n=tension_n,
        layers=layers,
        circumference_cm=circumference_cm,
        width_cm=width_cm,
        tension_source=tension_source,
    )
