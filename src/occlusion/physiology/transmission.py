r"""How much of the cuff's pressure reaches the artery and the deep veins.

The pressure at depth is a fraction ``k`` of the cuff pressure,

.. math:: k = m \left(1 - e^{-w / (\alpha d)}\right),

with ``w`` the cuff width [cm], ``d`` the depth of the vessel [cm], ``alpha`` a transmission
length per centimetre of depth (calibrated to Loenneke 2012's wide-cuff mean) and ``m`` a
material factor (1 for nylon; for elastic, calibrated to Buckner 2017 on the arm and 1 on the
thigh after Loenneke 2013). The form encodes the
published qualitative facts: deep pressure is below cuff pressure, rises with width and falls
with depth and limb size (Shaw & Murray 1982), and wide cuffs transmit almost everything at any
depth (Crenshaw 1988).

The vessel depth on the thigh is the fat thickness plus a fixed fraction of the remaining
radius, ``d = f + beta (C / 2 pi - f)`` (the femoral artery runs deep); on the arm the brachial
artery lies just under the fascia, ``d = f + delta`` (:mod:`.parameters.arm_anatomy`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from occlusion.evidence import Reference, register
from occlusion.physiology.parameters import (
    arm_anatomy,
    buckner_2017,
    loenneke_2012,
    loenneke_2013,
    model_choices,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

SHAW_MURRAY_1982 = register(
    Reference(
        key="shaw_murray_1982_tissue_pressure",
        citation=(
            "Shaw JA, Murray DG. J Bone Joint Surg Am 1982;64(8):1148-1152 (tourniquet and "
            "underlying tissue pressure in cadaver thighs)."
        ),
        status="verified",
        doi="10.2106/00004623-198264080-00004",
        note=(
            "Qualitative only: tissue pressure below cuff pressure, falling with depth and "
            "with thigh circumference (abstract read; nomogram numbers not read)."
        ),
    )
)
CRENSHAW_1988 = register(
    Reference(
        key="crenshaw_1988_wide_cuffs",
        citation=(
            "Crenshaw AG et al. Wide tourniquet cuffs more effective at lower inflation "
            "pressures. Acta Orthop Scand 1988;59:447-451."
        ),
        status="verified",
        url="https://paperexplained.cn/articles/paper/detail/0dab4aa231e958930b4460587729fd79bb465643",
        note=(
            "Qualitative: occlusion pressure falls with width (4.5-18 cm); with an 18 cm cuff "
            "it no longer depends on thigh circumference (abstract read)."
        ),
    )
)


def artery_depth_cm(circumference_cm: float, fat_thickness_cm: float, limb: str) -> float:
    """Depth of the main artery below the skin [cm] (model geometry, derived).

    Thigh: the fat plus half the remaining radius. Arm: the fat plus a fixed depth below the
    fascia (the brachial artery is covered only by skin, fat and fascia; see
    :mod:`occlusion.physiology.parameters.arm_anatomy`).
    """
    if limb == "arm":
        return fat_thickness_cm + arm_anatomy.ARTERY_BELOW_FASCIA_CM
    radius_cm = circumference_cm / (2.0 * math.pi)
    beta = model_choices.ARTERY_DEPTH_FRACTION
    return fat_thickness_cm + beta * (radius_cm - fat_thickness_cm)


def material_factor(material: str, limb: str) -> float:
    """Return the share of a nylon cuff's deep transmission that this material achieves [1].

    Elastic cuffs transmit less on the arm (Buckner 2017) but not on the thigh (Loenneke 2013).
    """
    if material != "elastic":
        return 1.0
    if limb == "arm":
        return buckner_2017.ELASTIC_ARM_TRANSMISSION_FACTOR
    return loenneke_2013.ELASTIC_THIGH_TRANSMISSION_FACTOR


def transmitted_fraction(
    *,
    width_cm: float,
    circumference_cm: float,
    fat_thickness_cm: float,
    material: str,
    limb: str,
) -> float:
    """Fraction of the cuff pressure present at the artery's depth [1].

    Parameters
    ----------
    width_cm
        Cuff width [cm].
    circumference_cm
        Limb circumference under the cuff [cm].
    fat_thickness_cm
        Subcutaneous fat thickness [cm].
    material
        ``"nylon"`` or ``"elastic"``.
    limb
        ``"arm"`` or ``"thigh"`` (the elastic factor differs).

    Returns
    -------
    float
        ``k`` in (0, 1].

    References
    ----------
    Loenneke 2012 (calibration of alpha), Buckner 2017 and Loenneke 2013 (elastic factors),
    Shaw & Murray 1982 and
    Crenshaw 1988 (the qualitative form).
    """
    depth_cm = artery_depth_cm(circumference_cm, fat_thickness_cm, limb)
    alpha = loenneke_2012.TRANSMISSION_LENGTH_PER_DEPTH
    return material_factor(material, limb) * (1.0 - math.exp(-width_cm / (alpha * depth_cm)))


def artery_depth_array_cm(
    circumference_cm: NDArray[np.float64],
    fat_thickness_cm: NDArray[np.float64],
    limb: str,
    depth_fraction: NDArray[np.float64] | float = model_choices.ARTERY_DEPTH_FRACTION,
) -> NDArray[np.float64]:
    """Vectorised :func:`artery_depth_cm` with each person's ``beta`` on the thigh [cm]."""
    import numpy as np

    fat = np.asarray(fat_thickness_cm, dtype=float)
    if limb == "arm":
        arm_depth: NDArray[np.float64] = fat + arm_anatomy.ARTERY_BELOW_FASCIA_CM
        return arm_depth
    radius_cm = np.asarray(circumference_cm, dtype=float) / (2.0 * np.pi)
    beta = np.asarray(depth_fraction, dtype=float)
    thigh_depth: NDArray[np.float64] = fat + beta * (radius_cm - fat)
    return thigh_depth


def transmitted_fraction_array(
    width_cm: NDArray[np.float64] | float,
    circumference_cm: NDArray[np.float64],
    fat_thickness_cm: NDArray[np.float64],
    material_factor_value: NDArray[np.float64] | float,
    limb: str,
    depth_fraction: NDArray[np.float64] | float = model_choices.ARTERY_DEPTH_FRACTION,
) -> NDArray[np.float64]:
    """Vectorised :func:`transmitted_fraction` for a cohort (arrays of equal shape).

    ``depth_fraction`` is each person's ``beta`` on the thigh (the artery's place between the
    fascia and the limb's centre; ignored on the arm), by default the model's 0.5.
    """
    import numpy as np

    depth_cm = artery_depth_array_cm(circumference_cm, fat_thickness_cm, limb, depth_fraction)
    alpha = loenneke_2012.TRANSMISSION_LENGTH_PER_DEPTH
    result: NDArray[np.float64] = np.asarray(material_factor_value, dtype=float) * (
        1.0 - np.exp(-np.asarray(width_cm, dtype=float) / (alpha * depth_cm))
    )
    return result


TRANSMISSION_REFERENCES = (
    "loenneke_2012_cuff_width",
    "brachial_artery_depth",
    "buckner_2017_cuff_material",
    "loenneke_2013_cuff_type",
    "shaw_murray_1982_tissue_pressure",
    "crenshaw_1988_wide_cuffs",
    "occlusion_model_choices",
)
