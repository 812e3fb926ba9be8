"""Virtual cohorts: seeded sampling, cited defaults, closure probabilities, chunking."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from occlusion.errors import InputError, OutOfRangeError
from occlusion.physiology import Cuff, Subject, occlusion_pressure_mmhg
from occlusion.physiology.cohort import (
    Population,
    probability_closed,
    sample_cohort,
    simulate_cohort,
)


def test_same_seed_same_people_other_seed_other_people() -> None:
    first = sample_cohort(Population("arm"), 500, seed=7)
    again = sample_cohort(Population("arm"), 500, seed=7)
    other = sample_cohort(Population("arm"), 500, seed=8)
    assert np.array_equal(first.circumference_cm, again.circumference_cm)
    assert not np.array_equal(first.circumference_cm, other.circumference_cm)


def test_arm_defaults_follow_nhanes_means_by_sex() -> None:
    cohort = sample_cohort(Population("arm"), 40_000, seed=1)
    men = cohort.circumference_cm[~cohort.is_female].mean()
    women = cohort.circumference_cm[cohort.is_female].mean()
    assert men == pytest.approx(34.2, abs=0.1)
    assert women == pytest.approx(31.9, abs=0.1)
    # Half the NHANES III triceps skinfold: 0.655 cm men, 1.175 cm women (before clipping).
    fat_men = cohort.fat_thickness_cm[~cohort.is_female].mean()
    fat_women = cohort.fat_thickness_cm[cohort.is_female].mean()
    assert fat_men == pytest.approx(0.655, abs=0.03)
    assert fat_women == pytest.approx(1.175, rel=0.06)


def test_blood_pressure_defaults_follow_nhanes_means() -> None:
    cohort = sample_cohort(Population("thigh"), 40_000, seed=11)
    assert cohort.sbp_mmhg.mean() == pytest.approx(122.0, abs=0.3)
    assert cohort.dbp_mmhg.mean() == pytest.approx(71.0, abs=0.5)


def test_every_sampled_person_is_a_valid_subject() -> None:
    cohort = sample_cohort(Population("thigh", sbp_sd_mmhg=40.0), 2000, seed=2)
    for index in range(0, 2000, 97):
        Subject(
            "thigh",
            float(cohort.circumference_cm[index]),
            float(cohort.sbp_mmhg[index]),
            float(cohort.dbp_mmhg[index]),
            fat_thickness_cm=float(cohort.fat_thickness_cm[index]),
        )
    assert np.all(cohort.dbp_mmhg <= cohort.sbp_mmhg - 10.0)


def test_cohort_lop_equals_the_single_person_function() -> None:
    cohort = sample_cohort(Population("thigh", artery_depth_fraction_sd=0.0), 5, seed=3)
    result = simulate_cohort(cohort, Cuff(11.0))
    for index in range(5):
        person = Subject(
            "thigh",
            float(cohort.circumference_cm[index]),
            float(cohort.sbp_mmhg[index]),
            float(cohort.dbp_mmhg[index]),
            fat_thickness_cm=float(cohort.fat_thickness_cm[index]),
        )
        assert result.occlusion_pressure_mmhg[index] == pytest.approx(
            occlusion_pressure_mmhg(person, Cuff(11.0))
        )


def test_each_persons_artery_place_enters_the_published_closed_form() -> None:
    """LOP = SBP / k, k = 1 - exp(-w / (alpha d)), d = f + beta (C / 2 pi - f), per person."""
    from occlusion.physiology.parameters import aop_spread, loenneke_2012

    cohort = sample_cohort(Population("thigh"), 400, seed=5)
    beta = cohort.artery_depth_fraction
    low, high = aop_spread.ARTERY_DEPTH_FRACTION_BOUNDS
    assert np.all((beta >= low) & (beta <= high)) and 0.08 < beta.std() < 0.13
    fat = cohort.fat_thickness_cm
    depth = fat + beta * (cohort.circumference_cm / (2.0 * np.pi) - fat)
    k = 1.0 - np.exp(-5.0 / (loenneke_2012.TRANSMISSION_LENGTH_PER_DEPTH * depth))
    lop = cohort.limb_arrays(Cuff(5.0)).occlusion_pressure_mmhg
    assert lop == pytest.approx(cohort.sbp_mmhg / k, rel=1e-12)


def test_the_artery_place_is_drawn_last_so_other_draws_do_not_move() -> None:
    with_spread = sample_cohort(Population("thigh"), 50, seed=8)
    without = sample_cohort(Population("thigh", artery_depth_fraction_sd=0.0), 50, seed=8)
    for name in ("circumference_cm", "sbp_mmhg", "dbp_mmhg", "fat_thickness_cm", "age_years"):
        assert np.array_equal(getattr(with_spread, name), getattr(without, name)), name
    assert np.all(without.artery_depth_fraction == 0.5)
    arm = sample_cohort(Population("arm"), 20, seed=8)
    assert np.all(arm.artery_depth_fraction == 0.5)


@settings(max_examples=30)
@given(low=st.floats(0.0, 300.0), extra=st.floats(0.0, 200.0))
def test_closure_probability_rises_with_pressure(low: float, extra: float) -> None:
    lop = sample_cohort(Population("thigh"), 300, seed=4).limb_arrays(Cuff(13.5))
    values = lop.occlusion_pressure_mmhg
    assert probability_closed(values, low) <= probability_closed(values, low + extra)


def test_closure_probability_by_hand() -> None:
    assert probability_closed(np.array([100.0, 150.0, 200.0, 250.0]), 160.0) == 0.5


def test_wrap_closure_uses_the_laplace_upper_bound() -> None:
    from occlusion.science.bands import laplace_pressure_mmhg

    cohort = sample_cohort(Population("arm"), 200, seed=5)
    result = simulate_cohort(cohort, Cuff(5.0, "elastic"), wrap_tension_n=60.0, wrap_layers=3)
    pressures = [
        laplace_pressure_mmhg(tension_n=60.0, layers=3, circumference_cm=float(c), width_cm=5.0)
        for c in cohort.circumference_cm
    ]
    expected = float(np.mean(np.array(pressures) >= result.occlusion_pressure_mmhg))
    assert result.closure_checks["probability_wrap_closes_artery_at_most"] == expected
    assert result.closure_checks["wrap_pressure_upper_bound_mmhg_median"] == pytest.approx(
        float(np.median(pressures))
    )


def test_chunked_session_equals_one_chunk_and_reports_progress() -> None:
    cohort = sample_cohort(Population("thigh"), 50, seed=6)
    calls: list[tuple[int, int]] = []
    chunked = simulate_cohort(
        cohort, Cuff(13.5), protocol="30-15-15-15", chunk_size=20,
        progress=lambda done, total: calls.append((done, total)),
    )
    whole = simulate_cohort(cohort, Cuff(13.5), protocol="30-15-15-15", chunk_size=1000)
    assert calls == [(20, 50), (40, 50), (50, 50)]
    assert chunked.session is not None and whole.session is not None
    for name, stats in whole.session.items():
        for key, value in stats.items():
            assert chunked.session[name][key] == pytest.approx(value, rel=1e-9), (name, key)


def test_as_dict_lists_sources_and_settings() -> None:
    cohort = sample_cohort(Population("arm"), 100, seed=9)
    document = simulate_cohort(
        cohort, Cuff(5.0), closing_pressure_mmhg=150.0, protocol="4x20", pct_lop=40.0
    ).as_dict()
    keys = {reference["key"] for reference in document["references"]}  # type: ignore[union-attr]
    assert {
        "ostchega_2013_arm_circumference",
        "nhanes_iii_triceps_skinfold",
        "wright_2011_nhanes_blood_pressure",
    } <= keys
    assert document["session"]["protocol"] == "4x20"  # type: ignore[index]
    assert 0.0 <= document["probability_artery_closed"] <= 1.0  # type: ignore[operator]


@pytest.mark.parametrize("size", [0, -3, 2_000_000])
def test_bad_sizes(size: int) -> None:
    with pytest.raises(InputError, match="cohort size"):
        sample_cohort(Population(), size)


def test_bad_population() -> None:
    with pytest.raises(OutOfRangeError):
        Population(female_fraction=1.5)
    with pytest.raises(InputError, match="limb"):
        Population(limb="foot")
