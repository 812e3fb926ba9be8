"""Population bands: outputs among people who share the person's measurements."""

from __future__ import annotations

from typing import Any

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
    session_with_band,
    settled_flows,
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


def test_the_pct_lop_band_is_the_pressure_over_each_matching_persons_closed_form_lop() -> None:
    """The share of LOP a pressure is, among the same people whose LOP makes the LOP band."""
    from occlusion.physiology.parameters import loenneke_2012

    person = Subject("thigh", 55.0, 120.0, 70.0, fat_thickness_cm=1.5)
    fat, beta = matching_anatomy(person)
    depth = fat + beta * (55.0 / (2.0 * np.pi) - fat)
    lops = 120.0 / (1.0 - np.exp(-13.5 / (loenneke_2012.TRANSMISSION_LENGTH_PER_DEPTH * depth)))
    (flow,) = settled_flows(person, Cuff(13.5), [150.0])
    band = flow.band.pct_lop
    expected = np.percentile(100.0 * 150.0 / lops, (5, 50, 95))
    assert (band.p5, band.p50, band.p95) == pytest.approx(tuple(expected), rel=1e-12)
    # The person's own share lies inside it; the band's ends are the LOP band's ends, swapped.
    assert band.p5 < flow.point.pct_lop < band.p95
    lop_band = occlusion_pressure_band(person, Cuff(13.5))
    assert band.p5 == pytest.approx(100.0 * 150.0 / lop_band.p95, rel=0.02)
    assert band.p95 == pytest.approx(100.0 * 150.0 / lop_band.p5, rel=0.02)
    assert flow.band.as_dict()["pct_lop"] == band.as_dict()


def test_a_given_fat_thickness_on_the_arm_leaves_the_pct_lop_band_a_point() -> None:
    person = Subject("arm", 30.0, 120.0, 70.0, fat_thickness_cm=0.8)
    (flow,) = settled_flows(person, Cuff(5.0), [90.0])
    expected = 100.0 * 90.0 / occlusion_pressure_mmhg(person, Cuff(5.0))
    assert flow.band.pct_lop.p5 == flow.band.pct_lop.p95 == pytest.approx(expected, rel=1e-12)
    assert flow.point.pct_lop == pytest.approx(expected, rel=1e-12)


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


def _band_the_previous_way(
    subject: Subject, cuff: Cuff, pressures: list[float], reading_time_s: float
) -> list[tuple[float, ...]]:
    """The bands as flow_curve_band computed them before it shared a run: the matching people
    alone, each pressure's people in a column block, the whole trajectory stored."""
    from occlusion.physiology.exercise import rest_schedule
    from occlusion.physiology.limb import limb_arrays
    from occlusion.physiology.model import Forcing, flows_ml_s
    from occlusion.physiology.solver import integrate_fixed

    fat, depth = matching_anatomy(subject)
    size = fat.shape[0] * len(pressures)
    limb = limb_arrays(
        limb=subject.limb, circumference_cm=np.full(size, subject.circumference_cm),
        sbp_mmhg=np.full(size, subject.sbp_mmhg), dbp_mmhg=np.full(size, subject.dbp_mmhg),
        fat_thickness_cm=np.tile(fat, len(pressures)), posture=subject.posture,
        cuff_width_cm=cuff.width_cm, cuff_material=cuff.material,
        artery_depth_fraction=np.tile(depth, len(pressures)),
    )  # fmt: skip
    on = np.repeat(np.array(pressures), fat.shape[0])
    state = integrate_fixed(limb, rest_schedule(reading_time_s), on).states[-1]
    inflow, outflow = flows_ml_s(np.ascontiguousarray(state), Forcing(on), limb)
    rows = []
    for flow in (inflow, outflow):
        pct = (100.0 * flow / limb.resting_flow_ml_s).reshape(len(pressures), -1)
        rows.append(np.percentile(pct, (5, 50, 95), axis=1).T)
    pooled = state[:, 0].reshape(len(pressures), -1)
    rows.append(np.percentile(pooled, (5, 50, 95), axis=1).T)
    return [tuple(np.concatenate(parts)) for parts in zip(*rows, strict=True)]


@pytest.mark.parametrize(("subject", "cuff"), [(THIGH, Cuff(11.5)), (ARM, Cuff(5.0))])
def test_one_shared_run_gives_the_person_and_the_band_as_separate_runs_did(
    subject: Subject, cuff: Cuff
) -> None:
    """The person and the band integrated together equal the person alone (flow_curve and the
    stored trajectory's pooled blood) and the band alone, to rounding (stated: 1e-12 relative)."""
    from occlusion.physiology.exercise import rest_schedule
    from occlusion.physiology.limb import limb_arrays_for
    from occlusion.physiology.solver import integrate_fixed

    lop = occlusion_pressure_mmhg(subject, cuff)
    pressures = [0.0, 0.3 * lop, 0.6 * lop, 0.8 * lop, 1.1 * lop]
    flows = settled_flows(subject, cuff, pressures, reading_time_s=300.0)
    alone = flow_curve(subject, cuff, pressures, reading_time_s=300.0)
    limb = limb_arrays_for([subject] * len(pressures), cuff)
    pooled = integrate_fixed(limb, rest_schedule(300.0), np.array(pressures)).states[-1][:, 0]
    previous = _band_the_previous_way(subject, cuff, pressures, 300.0)
    for flow, point, volume, old in zip(flows, alone, pooled, previous, strict=True):
        assert flow.point == point
        assert flow.pooled_volume_ml == pytest.approx(volume, rel=1e-12, abs=1e-12)
        band = flow.band
        new = (*band.arterial_inflow_pct.as_dict().values(),
               *band.venous_outflow_pct.as_dict().values(),
               *band.pooled_volume_ml.as_dict().values())  # fmt: skip
        assert new == pytest.approx(old, rel=1e-12, abs=1e-12)


def test_readings_are_kept_and_only_new_pressures_are_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from occlusion.physiology import population_band

    monkeypatch.setattr(population_band, "_SETTLED", population_band._BoundedCache(3))
    runs: list[int] = []
    real = population_band.final_state

    def counting(limb: Any, schedule: Any, pressures: Any) -> Any:
        runs.append(limb.size)
        return real(limb, schedule, pressures)

    monkeypatch.setattr(population_band, "final_state", counting)
    person = Subject("thigh", 57.0, 118.0, 72.0)
    first = settled_flows(person, Cuff(11.5), [50.0, 100.0], reading_time_s=30.0)
    assert runs == [2 * (1 + BAND_PEOPLE)]
    again = settled_flows(person, Cuff(11.5), [100.0, 150.0, 50.0], reading_time_s=30.0)
    assert runs[1:] == [1 + BAND_PEOPLE]
    assert again[0] == first[1] and again[2] == first[0]
    # Another reading time, person or cuff is another reading.
    settled_flows(person, Cuff(11.5), [50.0], reading_time_s=60.0)
    settled_flows(person, Cuff(12.0), [50.0], reading_time_s=30.0)
    assert len(runs) == 4
    # At most three readings are kept: the oldest went first.
    settled_flows(person, Cuff(11.5), [100.0], reading_time_s=30.0)
    assert len(runs) == 5


def test_session_person_and_band_in_one_run_equal_separate_runs() -> None:
    from occlusion.physiology.exercise import exercise_schedule, protocol_named
    from occlusion.physiology.limb import limb_arrays
    from occlusion.physiology.session import SessionSummary, integrate_summary

    person = Subject("thigh", 55.0, 120.0, 70.0)
    cuff = Cuff(11.5)
    result = simulate_session(person, cuff, protocol="30-15-15-15", pressure_mmhg=140.0)
    outputs, bands = session_with_band(person, cuff, protocol="30-15-15-15", pressure_mmhg=140.0)
    assert outputs == pytest.approx(result.summary_dict(), rel=1e-12)
    fat, depth = matching_anatomy(person)
    people = limb_arrays(
        limb="thigh", circumference_cm=np.full(BAND_PEOPLE, 55.0),
        sbp_mmhg=np.full(BAND_PEOPLE, 120.0), dbp_mmhg=np.full(BAND_PEOPLE, 70.0),
        fat_thickness_cm=fat, posture=person.posture, cuff_width_cm=11.5,
        cuff_material=cuff.material, artery_depth_fraction=depth,
    )  # fmt: skip
    chosen = protocol_named("30-15-15-15")
    schedule = exercise_schedule(chosen, load_pct_1rm=chosen.default_load_pct_1rm)
    alone = integrate_summary(people, schedule, np.full(BAND_PEOPLE, 140.0))
    for name in SessionSummary.__slots__:
        expected = np.percentile(getattr(alone, name), (5, 50, 95))
        assert tuple(bands[name].as_dict().values()) == pytest.approx(tuple(expected), rel=1e-12)
    assert session_band(person, cuff, protocol="30-15-15-15", pressure_mmhg=140.0) == bands


def test_session_series_bands_are_the_spread_of_each_persons_own_session() -> None:
    """On the arm people differ only in fat: each one's own session, then percentiles."""
    from dataclasses import replace

    from occlusion.physiology.model import reported_tissue_saturation
    from occlusion.physiology.population_band import session_series_band

    person = Subject("arm", 30.0, 120.0, 70.0, sex="female")
    cuff = Cuff(5.0)
    result = simulate_session(person, cuff, pct_lop=50.0, recovery_s=30.0)
    bands = session_series_band(person, cuff, result.schedule, result.cuff_pressure_mmhg)
    rows = []
    for fat in matching_people(person):
        own = simulate_session(
            replace(person, fat_thickness_cm=float(fat)), cuff,
            pressure_mmhg=result.cuff_pressure_mmhg, recovery_s=30.0,
        )  # fmt: skip
        rows.append(own.trajectory.states[:, 0, :])
    states = np.stack(rows, axis=1)
    expected = {
        "pooled_volume_ml": states[:, :, 0],
        "tissue_saturation_pct": 100.0 * reported_tissue_saturation(states[:, :, 2]),
        "blood_lactate_mmol_l": states[:, :, 4],
        "muscle_lactate_mmol_l": states[:, :, 3],
    }
    for name, values in expected.items():
        low, high = bands[name]
        assert low.shape == (result.trajectory.times_s.shape[0],)
        assert np.allclose(low, np.percentile(values, 5, axis=1), rtol=1e-9, atol=1e-9)
        assert np.allclose(high, np.percentile(values, 95, axis=1), rtol=1e-9, atol=1e-9)
        assert np.all(low <= high)
    assert np.ptp(bands["pooled_volume_ml"][1] - bands["pooled_volume_ml"][0]) > 0


def test_a_pressure_asked_twice_and_the_instant_of_inflation_read_as_flow_curve_does() -> None:
    person = Subject("arm", 31.0, 126.0, 80.0)
    twice = settled_flows(person, Cuff(5.0), [90.0, 90.0, 40.0], reading_time_s=0.0)
    assert twice[0] == twice[1]
    alone = flow_curve(person, Cuff(5.0), [90.0, 40.0], reading_time_s=0.0)
    assert [twice[0].point, twice[2].point] == alone
    assert twice[0].pooled_volume_ml == 0.0
    assert twice[0].band.pooled_volume_ml.p95 == 0.0
