"""Exercise schedules: repetitions resolved, rests, continuous and intermittent cuffs."""

from __future__ import annotations

import pytest

from occlusion.errors import InputError
from occlusion.physiology.exercise import PROTOCOLS, exercise_schedule, protocol_named


def test_default_protocol_timing() -> None:
    schedule = exercise_schedule(PROTOCOLS["30-15-15-15"], baseline_s=30.0, recovery_s=300.0)
    # 75 repetitions of 2 s, three 30 s rests, 30 s baseline, 300 s recovery.
    assert schedule.duration_s == pytest.approx(150 + 90 + 30 + 300)
    assert schedule.set_intervals_s() == [(30.0, 90.0), (120.0, 150.0), (180.0, 210.0),
                                          (240.0, 270.0)]
    assert schedule.cuff_intervals_s() == [(30.0, 270.0)]
    contractions = [s for s in schedule.segments if s.contracting]
    assert len(contractions) == 75 and all(s.duration_s == 1.0 for s in contractions)


def test_intermittent_cuff_only_in_sets() -> None:
    schedule = exercise_schedule(PROTOCOLS["30-15-15-15"], intermittent=True)
    assert schedule.cuff_intervals_s() == schedule.set_intervals_s()


def test_unrestricted_has_no_cuff_and_bilateral_protocol() -> None:
    schedule = exercise_schedule(PROTOCOLS["5x15"], restricted=False)
    assert schedule.cuff_intervals_s() == []
    assert schedule.limbs_exercised == 2
    assert all(s.load_fraction == 0.3 for s in schedule.segments if s.in_set)


def test_bad_requests() -> None:
    with pytest.raises(InputError, match="unknown protocol"):
        protocol_named("100x1")
    with pytest.raises(InputError, match="load"):
        exercise_schedule(PROTOCOLS["3x30"], load_pct_1rm=-1.0)


def test_library_protocols_are_simulated_from_their_published_data() -> None:
    from occlusion.physiology.exercise import protocol_named
    from occlusion.science.protocols import get_protocol

    library = get_protocol("resistance-30-15-15-15")
    simulated = protocol_named("resistance-30-15-15-15")
    assert simulated.repetitions == (30, 15, 15, 15)
    assert simulated.rest_s == library.rest_between_sets_s
    assert protocol_named("30-15-15-15") == simulated


def test_non_repetition_protocols_are_refused_with_the_choices() -> None:
    import pytest

    from occlusion.errors import InputError
    from occlusion.physiology.exercise import protocol_named

    with pytest.raises(InputError, match="not a repetition-based resistance protocol"):
        protocol_named("aerobic-walk-5x2min")
    with pytest.raises(InputError, match="unknown protocol 'nonsense'"):
        protocol_named("nonsense")
