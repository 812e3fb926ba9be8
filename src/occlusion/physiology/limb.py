"""Per-subject parameters of the limb model, as arrays over a group of subjects.

:class:`LimbArrays` turns people and a cuff into the numbers the equations use: local arterial
pressures (brachial plus the hydrostatic head at the cuff), the transmitted fraction, the
model's occlusion pressure, conductances, compliance, oxygen and lactate constants. Every
array has shape ``(subjects,)`` so one integration serves a whole cohort.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from occlusion.errors import OutOfRangeError
from occlusion.physiology.parameters import (
    hannah_miller_2018,
    knee_extension_flow_oxygen,
    model_choices,
    nyberg_2018_forearm_flow_oxygen,
    rapid_onset_vasodilation,
    vascular_occlusion_nirs,
    wong_2019,
)
from occlusion.physiology.subject import Cuff, Subject
from occlusion.physiology.transmission import material_factor, transmitted_fraction_array

FloatArray = NDArray[np.float64]
_SECONDS_PER_MINUTE = 60.0


def cuff_head_cm(limb: str, posture: str) -> float:
    """Height of the cuff below the heart [cm] for a limb and posture (model parameter)."""
    if posture == "supine":
        return 0.0
    if limb == "thigh":
        return hannah_miller_2018.THIGH_CUFF_HEAD_CM
    return model_choices.ARM_CUFF_HEAD_CM


def exercise_dilation_per_load(limb: str) -> float:
    """Target of the exercise dilation per fraction of maximal load during a set [1].

    Each limb's gain is calibrated on its own flow per oxygen: the thigh's on knee extension
    (4.9, :mod:`.parameters.knee_extension_flow_oxygen`, target E-VO2), the arm's on handgrip
    (7.43, :mod:`.parameters.nyberg_2018_forearm_flow_oxygen`, target E-VO2a).
    """
    if limb == "thigh":
        return knee_extension_flow_oxygen.EXERCISE_DILATION_PER_LOAD
    return nyberg_2018_forearm_flow_oxygen.ARM_EXERCISE_DILATION_PER_LOAD


def fast_dilation_gain(limb: str) -> float:
    """Drive of the fast (rapid-onset) dilation per ``L^p`` while contracting [1].

    The arm's from single forearm contractions (:mod:`.parameters.rapid_onset_vasodilation`);
    the thigh has none: the leg's steady flow per oxygen (E-VO2) leaves no room for the fast
    phase measured in the leg (+138 % after one contraction at 20 %), an inconsistency left open.
    """
    if limb == "thigh":
        return 0.0
    return rapid_onset_vasodilation.fast_dilation_gain()


@dataclass(frozen=True, slots=True)
class LimbArrays:
    """Model constants for ``n`` subjects under one kind of cuff (every field shape ``(n,)``).

    Pressures are in mmHg, volumes in ml, flows in ml/s, oxygen in ml O2 and ml O2/s;
    ``tissue_per_100ml`` is the distal tissue volume in units of 100 ml (the unit of the venous
    pressure-volume curve); ``exercise_dilation_per_load`` is the limb's exercise gain ``g_e``
    (:func:`exercise_dilation_per_load`) and ``fast_dilation_gain`` its fast dilation's drive
    ``k_f`` (:func:`fast_dilation_gain`).
    """

    limbs_exercised: FloatArray
    mean_pressure_mmhg: FloatArray
    pulse_amplitude_mmhg: FloatArray
    head_mmhg: FloatArray
    transmitted_fraction: FloatArray
    occlusion_pressure_mmhg: FloatArray
    distal_volume_ml: FloatArray
    working_volume_ml: FloatArray
    resting_flow_ml_s: FloatArray
    arterial_conductance: FloatArray
    venous_conductance: FloatArray
    tissue_per_100ml: FloatArray
    filtration_ml_s_mmhg: FloatArray
    oxygen_store_ml: FloatArray
    resting_oxygen_use_ml_s: FloatArray
    exercise_dilation_per_load: FloatArray
    fast_dilation_gain: FloatArray

    @property
    def size(self) -> int:
        """Number of subjects."""
        return int(self.mean_pressure_mmhg.shape[0])


class LimbScalars:
    """One subject's constants as plain floats (same attribute names as :class:`LimbArrays`)."""

    def __init__(self, limb: LimbArrays, index: int = 0) -> None:
        for name in LimbArrays.__slots__:
            setattr(self, name, float(getattr(limb, name)[index]))

    def __getattr__(self, name: str) -> float:  # for type checkers; real values set above
        raise AttributeError(name)


def limb_arrays(
    *,
    limb: str,
    circumference_cm: FloatArray,
    sbp_mmhg: FloatArray,
    dbp_mmhg: FloatArray,
    fat_thickness_cm: FloatArray,
    posture: str,
    cuff_width_cm: float,
    cuff_material: str,
    limbs_exercised: int = 1,
    artery_depth_fraction: FloatArray | float = model_choices.ARTERY_DEPTH_FRACTION,
) -> LimbArrays:
    """Build :class:`LimbArrays` from per-subject arrays (inputs already validated).

    ``artery_depth_fraction`` is each person's place of the femoral artery between fascia and
    limb centre (thigh only; cohorts draw it, see :mod:`.parameters.aop_spread`).

    Raises
    ------
    OutOfRangeError
        If the cuff width is outside the widths the model covers (4-20 cm).
    """
    low, high = model_choices.MODEL_CUFF_WIDTH_CM
    if not low <= cuff_width_cm <= high:
        raise OutOfRangeError(
            f"cuff width {cuff_width_cm:g} cm is outside the simulator's validity range "
            f"({low:g}-{high:g} cm, the widths its sources studied)",
            code="physiology.cuff-width-outside-validity",
            cuff_width_cm=cuff_width_cm,
            minimum_cm=low,
            maximum_cm=high,
        )
    circumference = np.asarray(circumference_cm, dtype=float)
    sbp = np.asarray(sbp_mmhg, dtype=float)
    dbp = np.asarray(dbp_mmhg, dtype=float)
    fat = np.asarray(fat_thickness_cm, dtype=float)
    head = np.full_like(sbp, cuff_head_cm(limb, posture) * model_choices.BLOOD_MMHG_PER_CM)
    k = transmitted_fraction_array(
        cuff_width_cm,
        circumference,
        fat,
        material_factor(cuff_material, limb),
        limb,
        artery_depth_fraction,
    )
    reference_circumference = (
        model_choices.REFERENCE_THIGH_CIRCUMFERENCE_CM
        if limb == "thigh"
        else model_choices.REFERENCE_ARM_CIRCUMFERENCE_CM
    )
    volume = model_choices.DISTAL_VOLUME_ML[limb] * (circumference / reference_circumference) ** 2
    per_100ml = volume / 100.0
    resting_flow = model_choices.RESTING_FLOW_ML_MIN_PER_100ML * per_100ml / _SECONDS_PER_MINUTE
    mean_pressure = 0.5 * (sbp + dbp)
    venous_rest = model_choices.RESTING_VENOUS_PRESSURE_MMHG
    central = model_choices.CENTRAL_VENOUS_PRESSURE_MMHG
    oxygen_use = (
        resting_flow
        * model_choices.OXYGEN_CAPACITY_ML_PER_ML
        * (model_choices.ARTERIAL_SATURATION - model_choices.RESTING_VENOUS_SATURATION)
    )
    return LimbArrays(
        limbs_exercised=np.full_like(sbp, float(limbs_exercised)),
        mean_pressure_mmhg=mean_pressure + head,
        pulse_amplitude_mmhg=0.5 * (sbp - dbp),
        head_mmhg=head,
        transmitted_fraction=k,
        occlusion_pressure_mmhg=(sbp + head) / k,
        distal_volume_ml=volume,
        working_volume_ml=volume * wong_2019.WORKING_VOLUME_FRACTION,
        resting_flow_ml_s=resting_flow,
        arterial_conductance=resting_flow / (mean_pressure - venous_rest),
        venous_conductance=resting_flow / (venous_rest - central),
        tissue_per_100ml=per_100ml,
        filtration_ml_s_mmhg=(
            model_choices.FILTRATION_ML_MIN_MMHG_PER_100ML * per_100ml / _SECONDS_PER_MINUTE
        ),
        oxygen_store_ml=vascular_occlusion_nirs.OXYGEN_STORE_ML_PER_100ML * per_100ml,
        resting_oxygen_use_ml_s=oxygen_use,
        exercise_dilation_per_load=np.full_like(sbp, exercise_dilation_per_load(limb)),
        fast_dilation_gain=np.full_like(sbp, fast_dilation_gain(limb)),
    )


def limb_arrays_for(
    subjects: Sequence[Subject], cuff: Cuff, *, limbs_exercised: int = 1
) -> LimbArrays:
    """Build :class:`LimbArrays` for validated subjects sharing one limb and posture."""
    if not subjects:
        raise ValueError("at least one subject is needed")
    limb = subjects[0].limb
    posture = subjects[0].posture
    if any(s.limb != limb or s.posture != posture for s in subjects):
        raise ValueError("subjects in one integration must share limb and posture")
    return limb_arrays(
        limb=limb,
        circumference_cm=np.array([s.circumference_cm for s in subjects], dtype=float),
        sbp_mmhg=np.array([s.sbp_mmhg for s in subjects], dtype=float),
        dbp_mmhg=np.array([s.dbp_mmhg for s in subjects], dtype=float),
        fat_thickness_cm=np.array([s.effective_fat_thickness_cm for s in subjects], dtype=float),
        posture=posture,
        cuff_width_cm=cuff.width_cm,
        cuff_material=cuff.material,
        limbs_exercised=limbs_exercised,
    )


__all__ = [
    "LimbArrays",
    "LimbScalars",
    "cuff_head_cm",
    "exercise_dilation_per_load",
    "fast_dilation_gain",
    "limb_arrays",
    "limb_arrays_for",
]
