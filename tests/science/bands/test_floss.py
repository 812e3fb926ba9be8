import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.errors import InputError, OutOfRangeError
from occlusion.messages import code_of
from occlusion.science.bands.floss import FLOSS_SITES, plan_floss
from occlusion.science.bands.laplace import laplace_pressure_mmhg


def test_defaults_are_fifty_percent_overlap_and_stretch_two_layers() -> None:
    plan = plan_floss(site="knee", circumference_cm=38.0, width_cm=5.08)
    assert plan.stretch_pct == 50.0
    assert plan.overlap_pct == 50.0
    assert plan.layers == 2.0
    assert plan.duration_s == 120.0
    assert plan.band == "floss-band-5cm"
    assert [code_of(warning) for warning in plan.warnings] == ["band.laplace-upper-bound"]
    assert any("distal to proximal" in step for step in plan.instructions)
    assert any("120 s" in step for step in plan.instructions)


def test_pressure_uses_the_measured_rockfloss_tension_and_two_layers() -> None:
    plan = plan_floss(site="knee", circumference_cm=38.0, width_cm=5.08)
    # by hand: 2π · 24.57 N · 2 · 10⁴ / (38 · 5.08) Pa = 15 994 Pa = 120.0 mmHg
    assert plan.pressure_estimate_mmhg == pytest.approx(120.0, abs=0.1)
    assert plan.pressure_estimate_mmhg == pytest.approx(
        laplace_pressure_mmhg(tension_n=24.57, layers=2, circumference_cm=38.0, width_cm=5.08)
    )
    assert plan.laplace is not None
    assert plan.laplace.tension_n == 24.57


def test_wide_band_uses_its_own_curve() -> None:
    plan = plan_floss(site="thigh", circumference_cm=55.0, width_cm=10.16, stretch_pct=75.0)
    assert plan.band == "floss-band-10cm"
    assert plan.laplace is not None
    assert plan.laplace.tension_n == 47.45
    assert "floss.unusual-stretch" not in [code_of(w) for w in plan.warnings]


def test_unmatched_width_has_no_estimate_unless_a_tension_is_given() -> None:
    plan = plan_floss(site="calf", circumference_cm=36.0, width_cm=7.5)
    assert plan.band is None
    assert plan.pressure_estimate_mmhg is None
    assert "floss.no-tension-curve" in [code_of(w) for w in plan.warnings]
    measured = plan_floss(site="calf", circumference_cm=36.0, width_cm=7.5, tension_n=30.0)
    assert measured.pressure_estimate_mmhg == pytest.approx(
        laplace_pressure_mmhg(tension_n=30.0, layers=2, circumference_cm=36.0, width_cm=7.5)
    )


def test_explicit_band_with_other_width_gives_no_estimate() -> None:
    plan = plan_floss(site="calf", circumference_cm=36.0, width_cm=7.5, band="floss-band-5cm")
    assert plan.pressure_estimate_mmhg is None
    found = {code_of(w): w.fields for w in plan.warnings}  # type: ignore[attr-defined]
    assert found["floss.tension-curve-other-width"] == {"width_cm": 7.5, "curve_width_cm": 5.08}


def test_stretch_outside_usual_range_is_warned_and_outside_measured_range_not_estimated() -> None:
    plan = plan_floss(site="ankle", circumference_cm=24.0, width_cm=5.08, stretch_pct=30.0)
    found = {code_of(w): w.fields for w in plan.warnings}  # type: ignore[attr-defined]
    assert found["floss.unusual-stretch"] == {
        "stretch_pct": 30.0, "usual_low_pct": 50.0, "usual_high_pct": 90.0}
    assert plan.pressure_estimate_mmhg is not None
    low = plan_floss(site="ankle", circumference_cm=24.0, width_cm=5.08, stretch_pct=20.0)
    assert low.pressure_estimate_mmhg is None
    found = {code_of(w): w.fields for w in low.warnings}  # type: ignore[attr-defined]
    assert found["floss.stretch-outside-tension-curve"] == {
        "stretch_pct": 20.0, "measured_low_pct": 25.0, "measured_high_pct": 150.0}


def test_turns_and_covered_length_from_band_length() -> None:
    plan = plan_floss(site="knee", circumference_cm=40.0, width_cm=5.08, band_length_cm=200.0)
    # 200 cm at 50 % stretch = 300 cm = 7.5 turns; 5.08 + 6.5 · 5.08 · 0.5 cm covered
    assert plan.turns == pytest.approx(7.5)
    assert plan.covered_length_cm == pytest.approx(5.08 + 6.5 * 5.08 * 0.5)


def test_check_marks_in_both_unit_systems() -> None:
    metric = plan_floss(site="elbow", circumference_cm=26.0, width_cm=5.08)
    assert metric.check_mark_spacing_cm == 10.0
    assert metric.check_mark_stretched_cm == pytest.approx(15.0)
    imperial = plan_floss(site="elbow", circumference_cm=26.0, width_cm=5.08, units="imperial")
    assert imperial.check_mark_spacing_cm == pytest.approx(10.16)
    assert any("4.0 in apart" in step and "6.0 in apart" in step for step in imperial.instructions)


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"duration_s": 200.0}, OutOfRangeError),
        ({"duration_s": 0.0}, OutOfRangeError),
        ({"stretch_pct": 160.0}, OutOfRangeError),
        ({"stretch_pct": 0.0}, InputError),
        ({"overlap_pct": 100.0}, OutOfRangeError),
        ({"overlap_pct": -5.0}, OutOfRangeError),
        ({"site": "neck"}, InputError),
        ({"circumference_cm": -1.0}, InputError),
        ({"circumference_cm": math.nan}, InputError),
        ({"width_cm": 50.0}, InputError),
        ({"band": "nylon-cuff-5cm"}, InputError),
        ({"band": "nope"}, InputError),
        ({"band_length_cm": 20.0}, InputError),
        ({"tension_n": 0.0}, InputError),
    ],
)
def test_bad_input(arguments: dict[str, object], error: type[Exception]) -> None:
    base: dict[str, object] = {"site": "knee", "circumference_cm": 38.0, "width_cm": 5.08}
    base.update(arguments)
    with pytest.raises(error):
        plan_floss(**base)  # type: ignore[arg-type]


def test_short_duration_is_warned() -> None:
    plan = plan_floss(site="knee", circumference_cm=38.0, width_cm=5.08, duration_s=30.0)
    found = {code_of(w): w.fields for w in plan.warnings}  # type: ignore[attr-defined]
    assert found["floss.short-application"] == {"duration_s": 30.0, "usual_min_s": 60.0}


def test_as_dict_is_json_ready_and_cited() -> None:
    for site in FLOSS_SITES:
        document = plan_floss(site=site, circumference_cm=30.0, width_cm=5.08).as_dict()
        keys = {reference["key"] for reference in document["references"]}
        assert "cheatham_2020_floss_band_tension" in keys
        assert "floss_band_application_guidance" in keys
        json.dumps(document)


@given(
    st.floats(min_value=25.0, max_value=150.0),
    st.floats(min_value=25.0, max_value=150.0),
    st.floats(min_value=15.0, max_value=100.0),
)
def test_floss_pressure_rises_with_stretch_and_falls_with_circumference(
    first: float, second: float, circumference: float
) -> None:
    low, high = sorted((first, second))
    def pressure(stretch: float, size: float) -> float:
        value = plan_floss(
            site="thigh", circumference_cm=size, width_cm=5.08, stretch_pct=stretch
        ).pressure_estimate_mmhg
        assert value is not None
        return value

    assert pressure(low, circumference) <= pressure(high, circumference)
    assert pressure(low, circumference * 1.05) < pressure(low, circumference)
