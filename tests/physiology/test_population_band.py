"""Population bands: outputs among people who share the person's measurements."""

from __future__ import annotations

import numpy as np
import pytest

from occlusion.physiology import Cuff, Subject, flow_curve, occlusion_pressure_mmhg
from occlusion.physiology.population_band import (
    BAND_PEOPLE,
    flow_curve_band,
    matching_anatomy,
    matching_people,
    occlusion_pressure_band,
    session_band,
)
from occlusion.physiology.session import simulate_session

THIGH = Subject("thigh", 55.0, 120.0, 70.0)
ARM = Subject("arm", 30.0, 120.0, 70.0, sex="female")


def test_the_lop_band_is_the_spread_of_the_point_model_over_matching_people() -> None:
    fats = matching_people(ARM)
    assert fats.shape == (BAND_PEOPLE,) and np.ptp(fats) > 0
    from dataclasses import replace

    values = [occlusion_pressure_mmhg(replace(ARM, fat_thickness_cm=float(f)), Cuff(5.0))
              for f in fats]  # fmt: skip
    band = occlusion_pressure_band(ARM, Cuff(5.0))
    expected = np.percentile(values, (5, 50, 95))
    assert (band.p5, band.p50, band.p95) == pytest.approx(tuple(expected), rel=1e-12)
    assert band.p5 < band.p95


def test_a_given_fat_thickness_leaves_nothing_to_spread_on_the_arm() -> None:
    person = Subject("arm", 30.0, 120.0, 70.0, fat_thickness_cm=0.8)
    band = occlusion_pressure_band(person, Cuff(5.0))
    assert band.p5 == band.p50 == band.p95 == pytest.approx(
        occlusion_pressure_mmhg(person, Cuff(5.0))
    )
    (point,) = flow_curve(person, Cuff(5.0), [80.0])
    (flows,) = flow_curve_band(person, Cuff(5.0), [80.0])
    assert flows.arterial_inflow_pct.p50 == pytest.approx(point.arterial_inflow_pct, rel=1e-9)


def test_on_the_thigh_the_arterys_place_still_spreads_a_given_fat_thickness() -> None:
    """The band is the closed-form LOP over the drawn places of the femoral artery."""
    from occlusion.physiology.parameters import loenneke_2012

    person = Subject("thigh", 55.0, 120.0, 70.0, fat_thickness_cm=1.5)
    fat, beta = matching_anatomy(person)
    assert np.all(fat == 1.5) and np.ptp(beta) > 0
    depth = fat + beta * (55.0 / (2.0 * np.pi) - fat)
    lops = 120.0 / (1.0 - np.exp(-13.5 / (loenneke_2012.TRANSMISSION_LENGTH_PER_DEPTH * depth)))
    band = occlusion_pressure_band(person, Cuff(13.5))
    expected = np.percentile(lops, (5, 50, 95))
    assert (band.p5, band.p50, band.p95) == pytest.approx(tuple(expected), rel=1e-12)
    assert band.p5 < occlusion_pressure_mmhg(person, Cuff(13.5)) < band.p95
    (point,) = flow_curve(person, Cuff(13.5), [80.0])
    (flows,) = flow_curve_band(person, Cuff(13.5), [80.0])
    assert flows.arterial_inflow_pct.p5 <= point.arterial_inflow_pct
    assert point.arterial_inflow_pct <= flows.arterial_inflow_pct.p95


def test_flow_bands_bracket_each_pressure_and_fall_with_pressure() -> None:
    bands = flow_curve_band(ARM, Cuff(5.0), [0.0, 60.0, 120.0])
    assert bands[0].arterial_inflow_pct.p5 == pytest.approx(100.0)
    for band in bands:
        assert band.arterial_inflow_pct.p5 <= band.arterial_inflow_pct.p50
        assert band.arterial_inflow_pct.p50 <= band.arterial_inflow_pct.p95
    assert bands[2].venous_outflow_pct.p95 <= bands[1].venous_outflow_pct.p95


def test_session_band_brackets_the_persons_own_session() -> None:
    person = Subject("thigh", 55.0, 120.0, 70.0, fat_thickness_cm=1.5)
    result = simulate_session(person, Cuff(13.5), pct_lop=60.0)
    bands = session_band(
        person, Cuff(13.5), protocol="30-15-15-15", pressure_mmhg=result.cuff_pressure_mmhg
    )
    summary = result.summary_dict()
    for name, band in bands.items():
        assert band.p5 <= summary[name] * (1 + 1e-9) + 1e-9, name
        assert summary[name] <= band.p95 * (1 + 1e-9) + 1e-9, name
