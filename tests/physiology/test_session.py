"""Sessions: restriction pools blood, desaturates and raises lactate; release flushes."""

from __future__ import annotations

import pytest

from occlusion.errors import InputError
from occlusion.physiology import Cuff, Subject, simulate_session

THIGH = Subject("thigh", 55.0, 120.0, 70.0)


def test_restriction_changes_every_summary_in_the_expected_direction() -> None:
    free = simulate_session(THIGH, Cuff(13.5), pct_lop=0.0).summary_dict()
    restricted = simulate_session(THIGH, Cuff(13.5), pct_lop=60.0).summary_dict()
    assert restricted["pooled_volume_ml"] > 3 * free["pooled_volume_ml"]
    assert restricted["swelling_pct"] > free["swelling_pct"]
    assert restricted["min_tissue_saturation_pct"] < free["min_tissue_saturation_pct"]
    assert restricted["peak_muscle_lactate_mmol_l"] > free["peak_muscle_lactate_mmol_l"]
    assert restricted["mean_inflow_in_sets_pct"] < free["mean_inflow_in_sets_pct"]


def test_more_pressure_more_pooling_and_less_oxygen() -> None:
    summaries = [
        simulate_session(THIGH, Cuff(13.5), pct_lop=pct).summary_dict() for pct in (40, 60, 80)
    ]
    pooled = [s["pooled_volume_ml"] for s in summaries]
    oxygen = [s["min_tissue_saturation_pct"] for s in summaries]
    assert pooled == sorted(pooled)
    assert oxygen == sorted(oxygen, reverse=True)


def test_release_is_followed_by_hyperaemia_and_washout() -> None:
    result = simulate_session(THIGH, Cuff(13.5), pct_lop=80.0)
    trajectory = result.trajectory
    release = result.schedule.cuff_intervals_s()[-1][1]
    after = trajectory.times_s >= release
    assert result.summary_dict()["peak_hyperaemia_pct"] > 150.0
    # Blood lactate peaks after the release (the flush), not during the sets.
    peak_time = trajectory.times_s[trajectory.states[:, 0, 4].argmax()]
    assert peak_time > release
    assert trajectory.states[after, 0, 0][-1] < 0.2 * result.summary_dict()["pooled_volume_ml"]


def test_as_dict_and_time_series_are_json_ready() -> None:
    result = simulate_session(THIGH, Cuff(13.5), pct_lop=50.0, recovery_s=60.0)
    document = result.as_dict()
    for key in (
        "pooled_volume_ml",
        "swelling_pct",
        "min_tissue_saturation_pct",
        "peak_lactate_mmol_l",
        "lop_mmhg",
        "references",
    ):
        assert key in document
    series = result.time_series(every_s=5.0)
    lengths = {len(values) for values in series.values()}
    assert len(lengths) == 1
    assert series["time_s"][1] - series["time_s"][0] == 5.0


def test_intermittent_deflates_between_sets() -> None:
    result = simulate_session(THIGH, Cuff(13.5), pct_lop=60.0, intermittent=True)
    assert len(result.schedule.cuff_intervals_s()) == 4


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"protocol": "7x7"}, "unknown protocol"),
        ({"pct_lop": -5.0}, "not plausible"),
        ({"load_pct_1rm": 150.0}, "load"),
    ],
)
def test_bad_session_requests(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        simulate_session(THIGH, Cuff(13.5), **arguments)  # type: ignore[arg-type]


def test_flow_series_are_relative_to_the_unrestricted_resting_flow() -> None:
    result = simulate_session(THIGH, Cuff(13.5), pct_lop=60.0, recovery_s=30.0)
    series = result.time_series(every_s=0.5)
    assert series["arterial_inflow_pct"][0] == pytest.approx(100.0)
    assert series["venous_outflow_pct"][0] == pytest.approx(100.0)
