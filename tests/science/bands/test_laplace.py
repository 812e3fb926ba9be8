import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.errors import InputError
from occlusion.evidence import get
from occlusion.science.bands.laplace import (
    CLINICAL_LAPLACE_CONSTANT,
    LAPLACE_MAX_OVERPREDICTION_FRACTION,
    LAPLACE_REFERENCE_KEYS,
    estimate_band_pressure,
    kgf_to_newtons,
    laplace_pressure_mmhg,
    layers_for_overlap,
)


def test_a8_clinical_constant_is_derived_from_gravity_two_pi_and_the_mmhg() -> None:
    # validation target A8: 9.80665 · 2π · 10⁴ / 133.322 = 4621.7
    assert abs(CLINICAL_LAPLACE_CONSTANT - 4621.7) < 0.05
    # the published, rounded constants 4620 and 4630 are within 0.2 % of it
    assert abs(CLINICAL_LAPLACE_CONSTANT - 4620) / 4620 < 0.002
    assert abs(CLINICAL_LAPLACE_CONSTANT - 4630) / 4630 < 0.002


def test_a7_two_kgf_two_layers_on_a_55_cm_thigh_with_a_7_5_cm_band() -> None:
    # validation target A7, by hand: 4621.65 · 2 · 2 / (55 · 7.5) = 18486.6 / 412.5 = 44.816 mmHg
    pressure = laplace_pressure_mmhg(
        tension_n=kgf_to_newtons(2.0), layers=2, circumference_cm=55.0, width_cm=7.5
    )
    assert pressure == pytest.approx(44.816, abs=0.01)
    assert pressure == pytest.approx(44.8, abs=0.05)


def test_clinical_form_in_kgf_equals_the_si_form_in_newtons() -> None:
    tension_kgf, layers, circumference_cm, width_cm = 1.3, 3.0, 38.0, 10.0
    clinical = CLINICAL_LAPLACE_CONSTANT * tension_kgf * layers / (circumference_cm * width_cm)
    si = laplace_pressure_mmhg(
        tension_n=kgf_to_newtons(tension_kgf),
        layers=layers,
        circumference_cm=circumference_cm,
        width_cm=width_cm,
    )
    assert si == pytest.approx(clinical, rel=1e-12)


def test_cylinder_law_p_equals_t_over_r_per_unit_width() -> None:
    # one layer 1 m wide: P = T / r exactly (Laplace's law for a cylinder)
    radius_m = 0.1
    circumference_cm = 2 * math.pi * radius_m * 100
    pressure = laplace_pressure_mmhg(
        tension_n=100.0, layers=1, circumference_cm=circumference_cm, width_cm=100.0
    )
    assert pressure * 133.322387415 == pytest.approx(100.0 / radius_m, rel=1e-12)


@pytest.mark.parametrize(
    "field", ["tension_n", "layers", "circumference_cm", "width_cm"]
)
@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
def test_non_positive_or_non_finite_inputs_are_refused(field: str, bad: float) -> None:
    arguments = {"tension_n": 10.0, "layers": 1.0, "circumference_cm": 40.0, "width_cm": 5.0}
    arguments[field] = bad
    with pytest.raises(InputError):
        laplace_pressure_mmhg(**arguments)


positive = st.floats(min_value=0.1, max_value=1000.0, allow_nan=False)


@given(positive, positive, positive, positive, st.floats(min_value=1.01, max_value=5.0))
def test_pressure_rises_with_tension_and_layers_and_falls_with_size(
    tension: float, layers: float, circumference: float, width: float, factor: float
) -> None:
    base = laplace_pressure_mmhg(
        tension_n=tension, layers=layers, circumference_cm=circumference, width_cm=width
    )
    assert base > 0
    assert laplace_pressure_mmhg(
        tension_n=tension * factor, layers=layers, circumference_cm=circumference, width_cm=width
    ) > base
    assert laplace_pressure_mmhg(
        tension_n=tension, layers=layers * factor, circumference_cm=circumference, width_cm=width
    ) > base
    assert laplace_pressure_mmhg(
        tension_n=tension, layers=layers, circumference_cm=circumference * factor, width_cm=width
    ) < base
    assert laplace_pressure_mmhg(
        tension_n=tension, layers=layers, circumference_cm=circumference, width_cm=width * factor
    ) < base


def test_layers_for_overlap() -> None:
    assert layers_for_overlap(0.0) == 1.0
    assert layers_for_overlap(0.5) == 2.0
    assert layers_for_overlap(0.75) == 4.0
    for bad in (1.0, -0.1, 1.5, math.nan):
        with pytest.raises(InputError):
            layers_for_overlap(bad)


def test_estimate_carries_the_garrigues_ramon_reduction_and_references() -> None:
    estimate = estimate_band_pressure(
        tension_n=20.0, layers=2, circumference_cm=40.0, width_cm=5.0, tension_source="test"
    )
    assert estimate.pressure_lower_bound_mmhg == pytest.approx(
        estimate.pressure_upper_bound_mmhg * (1 - 0.421)
    )
    assert LAPLACE_MAX_OVERPREDICTION_FRACTION == 0.421
    document = estimate.as_dict()
    keys = [reference["key"] for reference in document["references"]]
    assert keys == list(LAPLACE_REFERENCE_KEYS)
    assert get("garrigues_ramon_2021_laplace_overestimates").doi == "10.12968/jowc.2021.30.4.276"


def test_docstring_calls_the_value_an_upper_bound() -> None:
    assert laplace_pressure_mmhg.__doc__ is not None
    assert "upper bound" in laplace_pressure_mmhg.__doc__
    assert "42.1" in laplace_pressure_mmhg.__doc__
