"""Transmission and occlusion pressure, checked against hand arithmetic on the published form."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.physiology import Cuff, Subject, occlusion_pressure_mmhg
from occlusion.physiology.parameters import buckner_2017, hannah_miller_2018, loenneke_2012
from occlusion.physiology.parameters.arm_anatomy import IMAGED_DEPTH_RANGE_CM
from occlusion.physiology.transmission import (
    artery_depth_array_cm,
    artery_depth_cm,
    material_factor,
    transmitted_fraction,
    transmitted_fraction_array,
)


def test_artery_depth_is_fat_plus_half_the_muscle_radius() -> None:
    radius = 55.0 / (2 * math.pi)  # 8.7535 cm
    assert artery_depth_cm(55.0, 1.5, "thigh") == pytest.approx(1.5 + 0.5 * (radius - 1.5))
    assert artery_depth_cm(55.0, 1.5, "thigh") == pytest.approx(5.1268, abs=1e-4)


def test_transmitted_fraction_by_hand() -> None:
    depth = 5.12676
    expected = 1 - math.exp(-13.5 / (1.46964 * depth))
    k = transmitted_fraction(
        width_cm=13.5, circumference_cm=55.0, fat_thickness_cm=1.5, material="nylon", limb="thigh"
    )
    assert k == pytest.approx(expected, rel=1e-4)
    assert k == pytest.approx(120 / 144, rel=1e-3)


def test_elastic_factor_is_the_buckner_ratio() -> None:
    def k(material: str, limb: str) -> float:
        return transmitted_fraction(
            width_cm=5.0, circumference_cm=40.0, fat_thickness_cm=0.8, material=material,
            limb=limb,
        )

    assert k("elastic", "arm") / k("nylon", "arm") == pytest.approx(139 / 246)
    assert pytest.approx(0.56504, abs=1e-5) == buckner_2017.ELASTIC_ARM_TRANSMISSION_FACTOR
    # Loenneke 2013: no difference between 5 cm nylon and elastic cuffs on the thigh.
    assert k("elastic", "thigh") == k("nylon", "thigh")


def test_occlusion_pressure_reproduces_the_calibration_and_posture_head() -> None:
    supine = Subject("thigh", 55.0, 120.0, 70.0)
    seated = Subject("thigh", 55.0, 120.0, 70.0, posture="seated")
    standing = Subject("thigh", 55.0, 120.0, 70.0, posture="standing")
    cuff = Cuff(13.5)
    lop = occlusion_pressure_mmhg(supine, cuff)
    assert lop == pytest.approx(loenneke_2012.WIDE_CUFF_AOP_MEAN_MMHG, abs=0.1)
    head_mmhg = hannah_miller_2018.THIGH_CUFF_HEAD_CM * 0.7722
    assert occlusion_pressure_mmhg(seated, cuff) == pytest.approx((120 + head_mmhg) * lop / 120)
    assert occlusion_pressure_mmhg(standing, cuff) == occlusion_pressure_mmhg(seated, cuff)


def test_calibrated_constants_follow_from_their_targets() -> None:
    # alpha = 13.5 / (ln(144/24) * depth): k = 120/144 at the reference thigh.
    depth = artery_depth_cm(55.0, 1.5, "thigh")
    alpha = 13.5 / (math.log(144.0 / (144.0 - 120.0)) * depth)
    assert pytest.approx(alpha, abs=1e-5) == loenneke_2012.TRANSMISSION_LENGTH_PER_DEPTH
    head = (203 / 179 - 1) * 120 / 0.7722
    assert pytest.approx(head, abs=0.01) == hannah_miller_2018.THIGH_CUFF_HEAD_CM


@given(
    width=st.floats(4.0, 14.0),
    extra=st.floats(0.5, 6.0),
    circumference=st.floats(40.0, 80.0),
)
def test_wider_cuffs_occlude_at_lower_pressure(
    width: float, extra: float, circumference: float
) -> None:
    person = Subject("thigh", circumference, 125.0, 75.0)
    assert occlusion_pressure_mmhg(person, Cuff(width + extra)) < occlusion_pressure_mmhg(
        person, Cuff(width)
    )


@given(circumference=st.floats(40.0, 79.0), extra=st.floats(0.5, 20.0))
def test_larger_limbs_need_more_pressure(circumference: float, extra: float) -> None:
    small = Subject("thigh", circumference, 120.0, 70.0)
    large = Subject("thigh", min(circumference + extra, 110.0), 120.0, 70.0)
    assert occlusion_pressure_mmhg(large, Cuff(10.0)) > occlusion_pressure_mmhg(small, Cuff(10.0))


@given(sbp=st.floats(90.0, 200.0))
def test_occlusion_pressure_scales_with_systolic_pressure_when_supine(sbp: float) -> None:
    person = Subject("thigh", 55.0, sbp, 60.0)
    reference = Subject("thigh", 55.0, 120.0, 60.0)
    ratio = occlusion_pressure_mmhg(person, Cuff(13.5)) / occlusion_pressure_mmhg(
        reference, Cuff(13.5)
    )
    assert ratio == pytest.approx(sbp / 120.0)


def test_brachial_artery_lies_a_fixed_depth_under_the_fascia() -> None:
    # Anatomy: covered only by skin, fat and fascia; 0.7 cm below the fascia puts the reference
    # arm's artery (0.8 cm of fat) at 1.5 cm, the middle of the imaged 1-2 cm.
    assert artery_depth_cm(30.0, 0.8, "arm") == pytest.approx(1.5)
    assert artery_depth_cm(40.0, 0.8, "arm") == pytest.approx(1.5)  # arm size does not matter
    low, high = IMAGED_DEPTH_RANGE_CM
    assert low <= artery_depth_cm(30.0, 0.8, "arm") <= high
    k = transmitted_fraction(
        width_cm=5.0, circumference_cm=30.0, fat_thickness_cm=0.8, material="nylon", limb="arm"
    )
    alpha = loenneke_2012.TRANSMISSION_LENGTH_PER_DEPTH
    assert k == pytest.approx(1.0 - math.exp(-5.0 / (alpha * 1.5)))


@pytest.mark.parametrize("limb", ["arm", "thigh"])
@pytest.mark.parametrize("material", ["nylon", "elastic"])
def test_the_cohort_form_agrees_with_the_scalar_form(limb: str, material: str) -> None:
    """The vectorised transmission writes the depth again (no NumPy on the scalar path)."""
    import numpy as np

    widths, circumferences, fats = (5.0, 11.5, 13.5), (30.0, 45.0, 60.0), (0.4, 0.8, 2.5)
    cohort = transmitted_fraction_array(
        np.array(widths),
        np.array(circumferences),
        np.array(fats),
        material_factor(material, limb),
        limb,
    )
    for k, width, circumference, fat in zip(cohort, widths, circumferences, fats, strict=True):
        scalar = transmitted_fraction(
            width_cm=width,
            circumference_cm=circumference,
            fat_thickness_cm=fat,
            material=material,
            limb=limb,
        )
        assert k == pytest.approx(scalar, rel=1e-12)


def test_the_vectorised_depth_is_the_single_persons_depth() -> None:
    circumference = np.array([45.0, 55.0, 65.0])
    fat = np.array([0.5, 1.5, 2.5])
    for limb in ("thigh", "arm"):
        depths = artery_depth_array_cm(circumference, fat, limb)
        for c, f, d in zip(circumference, fat, depths, strict=True):
            assert d == pytest.approx(artery_depth_cm(float(c), float(f), limb))
