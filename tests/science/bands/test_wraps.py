import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.errors import InputError, OutOfRangeError
from occlusion.messages import code_of
from occlusion.science.bands.laplace import laplace_pressure_mmhg
from occlusion.science.bands.wraps import (
    ABE_2019_CALIBRATION,
    OCCLUSION_OVERLAP_BY_STIFFNESS_PCT,
    RECOMMENDED_STRETCH_RANGE_PCT,
    WrapPlan,
    plan_wrap,
    stretch_pct_for_target,
    target_pct_lop_for_stretch,
)


def test_interpolation_reproduces_the_two_abe_2019_points_exactly() -> None:
    # Abe et al. 2019: +10 % stretch ~ 40 % AOP, +20 % stretch ~ 80 % AOP (5 cm elastic arm cuff)
    assert ABE_2019_CALIBRATION == ((40.0, 10.0), (80.0, 20.0))
    assert stretch_pct_for_target(40.0) == 10.0
    assert stretch_pct_for_target(80.0) == 20.0
    assert stretch_pct_for_target(60.0) == 15.0
    assert target_pct_lop_for_stretch(10.0) == 40.0
    assert target_pct_lop_for_stretch(20.0) == 80.0


@pytest.mark.parametrize("target", [39.9, 80.1, 100.0, 30.0])
def test_targets_outside_the_calibration_are_refused(target: float) -> None:
    with pytest.raises(OutOfRangeError, match="calibrated") as refused:
        stretch_pct_for_target(target)
    expected = {"target_pct_lop": target, "low_pct_lop": 40.0, "high_pct_lop": 80.0}
    assert refused.value.fields == expected


@pytest.mark.parametrize("target", [0.0, -5.0, 300.0, 100.1, math.nan, math.inf])
def test_impossible_targets_are_input_errors(target: float) -> None:
    with pytest.raises(InputError):
        stretch_pct_for_target(target)


@pytest.mark.parametrize("stretch", [9.9, 20.1, 30.0])
def test_inverse_refuses_uncalibrated_stretch(stretch: float) -> None:
    with pytest.raises(OutOfRangeError) as refused:
        target_pct_lop_for_stretch(stretch)
    assert refused.value.fields == {"stretch_pct": stretch, "low_pct": 10.0, "high_pct": 20.0}


targets = st.floats(min_value=40.0, max_value=80.0)


@given(targets, targets)
def test_stretch_rises_with_target_pressure(first: float, second: float) -> None:
    low, high = sorted((first, second))
    assert stretch_pct_for_target(low) <= stretch_pct_for_target(high)
    if high > low:
        assert stretch_pct_for_target(low) < stretch_pct_for_target(high)


@given(targets)
def test_stretch_stays_inside_the_recommended_range_and_round_trips(target: float) -> None:
    stretch = stretch_pct_for_target(target)
    assert RECOMMENDED_STRETCH_RANGE_PCT[0] <= stretch <= RECOMMENDED_STRETCH_RANGE_PCT[1]
    assert target_pct_lop_for_stretch(stretch) == pytest.approx(target)


@given(
    st.floats(min_value=12.0, max_value=70.0),
    st.floats(min_value=40.0, max_value=80.0),
    st.floats(min_value=40.0, max_value=80.0),
)
def test_plan_stretched_length_rises_with_target(
    circumference: float, first: float, second: float
) -> None:
    low, high = sorted((first, second))
    low_plan = plan_wrap(limb="arm", circumference_cm=circumference, width_cm=5, target_pct_lop=low)
    high_plan = plan_wrap(
        limb="arm", circumference_cm=circumference, width_cm=5, target_pct_lop=high
    )
    assert low_plan.stretched_length_cm <= high_plan.stretched_length_cm


def test_plan_geometry_for_a_32_cm_arm_at_40_pct() -> None:
    plan = plan_wrap(limb="arm", circumference_cm=32.0, width_cm=5.0, target_pct_lop=40.0)
    assert plan.stretch_pct == 10.0
    assert plan.mark_spacing_cm == 32.0
    assert plan.stretched_length_cm == pytest.approx(35.2)
    assert plan.mark_offset_after_one_turn_cm == pytest.approx(3.2)
    assert plan.turns is None  # the default knee wrap has no sourced length
    assert plan.pressure_estimate_mmhg is None
    assert any("35.2 cm" in step for step in plan.instructions)
    assert any("3.2 cm past mark A" in step for step in plan.instructions)
    assert any("32.0 cm from A" in step for step in plan.instructions)
    assert any("proximal" in step for step in plan.instructions)
    assert any("pulse" in step for step in plan.instructions)
    # arm, 5 cm: no thigh or width warning, but the stiffness and tension caveats remain
    assert [code_of(warning) for warning in plan.warnings] == [
        "wrap.stiffness-varies", "wrap.no-tension-curve"]


def test_thigh_and_wide_band_are_warned_about() -> None:
    plan = plan_wrap(limb="thigh", circumference_cm=55.0, width_cm=7.5, target_pct_lop=60.0)
    found = {code_of(warning): warning.fields for warning in plan.warnings}  # type: ignore[attr-defined]
    assert found["wrap.calibration-not-for-limb"] == {"limb": "thigh", "calibrated_limb": "arm"}
    assert found["wrap.width-not-calibrated"] == {"width_cm": 7.5, "calibrated_width_cm": 5.0}
    keys = [reference.key for reference in plan.references]
    assert "abe_2019_elastic_cuff_stretch" in keys
    assert "aniceto_2022_practical_bfr" in keys
    assert "practical_knee_wraps_acute_responses" in keys


def test_turns_layers_and_laplace_with_a_measured_tension() -> None:
    plan = plan_wrap(
        limb="thigh",
        circumference_cm=55.0,
        width_cm=7.5,
        target_pct_lop=60.0,
        wrap_length_cm=200.0,
        tension_n=19.6133,
    )
    # 200 cm stretched by 15 % = 230 cm, over a 55 cm thigh = 4.18 turns stacked
    assert plan.turns == pytest.approx(230.0 / 55.0)
    assert plan.layers == plan.turns
    expected = laplace_pressure_mmhg(
        tension_n=19.6133, layers=230.0 / 55.0, circumference_cm=55.0, width_cm=7.5
    )
    assert plan.pressure_estimate_mmhg == pytest.approx(expected)
    assert plan.pressure_per_layer_mmhg == pytest.approx(expected / (230.0 / 55.0))
    found = {code_of(warning): warning.fields for warning in plan.warnings}  # type: ignore[attr-defined]
    assert found["wrap.several-layers"]["layers"] == pytest.approx(230.0 / 55.0)
    assert "band.laplace-upper-bound" in found
    keys = [reference.key for reference in plan.references]
    assert "garrigues_ramon_2021_laplace_overestimates" in keys


@pytest.mark.parametrize("length_cm", [40.0, 59.9])
def test_band_shorter_than_the_mark_spacing_is_refused(length_cm: float) -> None:
    with pytest.raises(InputError, match="longer band"):
        plan_wrap(
            limb="thigh",
            circumference_cm=60.0,
            width_cm=7.5,
            target_pct_lop=60.0,
            wrap_length_cm=length_cm,
        )


def test_band_of_exactly_one_circumference_makes_one_stretched_turn_and_a_bit() -> None:
    plan = plan_wrap(
        limb="thigh", circumference_cm=60.0, width_cm=7.5, target_pct_lop=80.0, wrap_length_cm=60.0
    )
    assert plan.turns == pytest.approx(1.2)


def test_nylon_cuff_cannot_be_set_by_stretch() -> None:
    with pytest.raises(InputError, match="does not stretch"):
        plan_wrap(
            limb="arm",
            circumference_cm=30.0,
            width_cm=5.0,
            target_pct_lop=50.0,
            material="nylon-cuff-5cm",
        )


@pytest.mark.parametrize(
    "arguments",
    [
        {"limb": "leg"},
        {"circumference_cm": -30.0},
        {"circumference_cm": 0.0},
        {"circumference_cm": 500.0},
        {"width_cm": 0.5},
        {"width_cm": math.nan},
        {"material": "bungee"},
        {"target_pct_lop": 300.0},
        {"tension_n": -1.0},
        {"wrap_length_cm": -10.0},
    ],
)
def test_bad_input_is_an_input_error(arguments: dict[str, object]) -> None:
    base: dict[str, object] = {
        "limb": "arm",
        "circumference_cm": 30.0,
        "width_cm": 5.0,
        "target_pct_lop": 50.0,
    }
    base.update(arguments)
    with pytest.raises(InputError):
        plan_wrap(**base)  # type: ignore[arg-type]


def test_imperial_instructions_use_inches_but_data_stays_in_cm() -> None:
    plan = plan_wrap(
        limb="arm", circumference_cm=30.48, width_cm=5.0, target_pct_lop=40.0, units="imperial"
    )
    assert any("12.0 in from A" in step for step in plan.instructions)
    assert plan.stretched_length_cm == pytest.approx(30.48 * 1.1)
    assert plan.as_dict()["display_units"] == "imperial"


def test_floss_band_as_wrap_is_warned_and_has_no_tension_below_its_measured_range() -> None:
    plan = plan_wrap(
        limb="arm",
        circumference_cm=30.0,
        width_cm=5.08,
        target_pct_lop=60.0,
        material="floss-band-5cm",
    )
    assert "wrap.floss-band-for-sets" in [code_of(warning) for warning in plan.warnings]
    assert plan.pressure_per_layer_mmhg is None  # 15 % is below the measured 25-150 %


def test_as_dict_has_the_contract_keys_and_is_json_ready() -> None:
    plan = plan_wrap(limb="arm", circumference_cm=30.0, width_cm=5.0, target_pct_lop=50.0)
    assert isinstance(plan, WrapPlan)
    document = plan.as_dict()
    for key in (
        "stretch_pct",
        "stretched_length_cm",
        "instructions",
        "pressure_estimate_mmhg",
        "references",
    ):
        assert key in document
    assert isinstance(document["stretch_pct"], float)
    assert all(isinstance(step, str) for step in document["instructions"])
    assert all("citation" in reference for reference in document["references"])
    json.dumps(document)


def test_c8_stiffness_overlaps_are_the_published_values_and_are_quoted() -> None:
    # validation target C8 (BMC Sports Sci Med Rehabil 2023, doi:10.1186/s13102-023-00745-w)
    assert OCCLUSION_OVERLAP_BY_STIFFNESS_PCT == {
        "high": (30.9, 3.8),
        "medium": (43.9, 6.1),
        "low": (54.5, 8.3),
    }
    plan = plan_wrap(limb="arm", circumference_cm=30.0, width_cm=5.0, target_pct_lop=80.0)
    (stiffness,) = [w for w in plan.warnings if code_of(w) == "wrap.stiffness-varies"]
    assert stiffness.fields["occlusion_overlap_pct"]["high"] == {"mean": 30.9, "sd": 3.8}  # type: ignore[attr-defined]


def test_science_modules_do_not_import_numpy_or_scipy() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import occlusion.science.bands.wraps, occlusion.science.bands.floss\n"
        "import occlusion.science.bands.perceived_tightness, occlusion.science.bands.laplace\n"
        "print('numpy' in sys.modules or 'scipy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
