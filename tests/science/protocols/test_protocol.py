from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.errors import InputError, NotEstimableError
from occlusion.science.protocols import (
    Protocol,
    SetSpec,
    all_protocols,
    continuous_restriction_cap_s,
    get_protocol,
    protocol_names,
)


def test_caps_follow_ais_guidance() -> None:
    # AIS via VALD: under 20 min on the lower limb, under 15 min on the upper limb.
    assert continuous_restriction_cap_s("thigh") == 20 * 60
    assert continuous_restriction_cap_s("arm") == 15 * 60
    with pytest.raises(InputError, match="unknown limb"):
        continuous_restriction_cap_s("calf")  # type: ignore[arg-type]


def test_trial_progression_rule() -> None:
    # PMC7534706: add the minimal load (5 kg) when more than 15 reps are done in the 4th set.
    rule = get_protocol("resistance-30-15-15-15").progression
    assert rule is not None
    assert rule.should_add_load([30, 15, 15, 16])
    assert not rule.should_add_load([30, 15, 15, 15])
    assert not rule.should_add_load([30, 15])  # the deciding set was not done
    assert rule.load_increment_kg == 5.0


def test_restriction_budget_by_hand_for_30_15_15_15() -> None:
    protocol = get_protocol("resistance-30-15-15-15")
    # 2 s up + 2 s down; sets 30, 15, 15 and 15-to-failure budgeted at 15 reps:
    # (30 + 15 + 15 + 15) x 4 s = 300 s of work + 3 rests x 30 s = 390 s continuous.
    assert protocol.longest_continuous_restriction_s(reps_if_to_failure=15) == 390.0
    assert protocol.total_restriction_s(exercises=3, reps_if_to_failure=15) == 3 * 390.0
    budget = protocol.restriction_budget("arm", exercises=2, reps_if_to_failure=15)
    assert budget.total_restriction_s == 780.0
    assert budget.longest_continuous_s == 390.0
    assert budget.cap_s == 900.0 and budget.within_cap
    assert budget.as_dict()["within_cap"] is True
    # Intermittent: only the sets count, and the longest stretch is the 30-rep set (120 s).
    intermittent = protocol.with_restriction("intermittent")
    assert intermittent.restriction == "intermittent"
    assert intermittent.longest_continuous_restriction_s(reps_if_to_failure=15) == 120.0
    assert intermittent.total_restriction_s(reps_if_to_failure=15) == 300.0


def test_variants_and_bad_requests() -> None:
    protocol = get_protocol("resistance-30-15-15-15")
    assert protocol.with_restriction("continuous") is protocol
    with pytest.raises(InputError, match="no continuous variant"):
        get_protocol("passive-5x5min").with_restriction("continuous")
    with pytest.raises(InputError, match="unknown restriction"):
        protocol.with_restriction("sometimes")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        protocol.total_restriction_s(exercises=0)
    with pytest.raises(InputError):
        protocol.total_restriction_s(reps_if_to_failure=0)
    with pytest.raises(InputError, match="thigh only"):
        get_protocol("aerobic-cycle-15min").restriction_budget("arm")


def test_device_timed_protocol_refuses_a_budget() -> None:
    with pytest.raises(NotEstimableError, match="device"):
        get_protocol("kaatsu-cycle").restriction_budget("arm")


def test_lookup_lists_names_when_unknown() -> None:
    with pytest.raises(InputError) as info:
        get_protocol("30-15-15-15")
    for name in protocol_names():
        assert name in str(info.value)
    assert get_protocol("floss-application").mode == "floss"


def _minimal_protocol(**overrides: object) -> Protocol:
    fields: dict[str, object] = {
        "name": "test",
        "title": "t",
        "mode": "resistance",
        "summary": "s",
        "sets": (SetSpec(reps=10),),
        "rest_between_sets_s": 30.0,
        "rest_between_exercises_s": None,
        "load_pct_1rm": (20.0, 40.0),
        "default_load_pct_1rm": 30.0,
        "pressure_pct_lop": (40.0, 80.0),
        "default_pct_lop": 60.0,
        "absolute_pressure_mmhg": None,
        "restriction": "continuous",
        "cadence": None,
        "sessions_per_week": (2, 3),
        "frequency_note": "",
        "progression": None,
        "reperfusion_s": None,
        "references": (),
        "parameter_sources": {},
    }
    fields.update(overrides)
    return Protocol(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "overrides",
    [
        {"sets": ()},
        {"rest_between_sets_s": -1.0},
        {"load_pct_1rm": (40.0, 20.0)},
        {"default_pct_lop": 90.0},
        {"default_load_pct_1rm": 30.0, "load_pct_1rm": None},
        {"restriction": "sometimes"},
        {"max_continuous_restriction_s": {"arm": 900.0}},
        {"sessions_per_week": (3, 2)},
    ],
)
def test_inconsistent_protocols_are_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(InputError):
        _minimal_protocol(**overrides)


def test_protocol_mappings_cannot_be_changed() -> None:
    protocol = get_protocol("resistance-30-15-15-15")
    with pytest.raises(TypeError):
        protocol.max_continuous_restriction_s["arm"] = 10_000.0  # type: ignore[index]


_TIMED = [p for p in all_protocols() if p.name != "kaatsu-cycle"]


@given(
    index=st.integers(min_value=0, max_value=len(_TIMED) - 1),
    exercises=st.integers(min_value=1, max_value=12),
    reps=st.integers(min_value=1, max_value=120),
)
def test_budget_arithmetic_is_consistent(index: int, exercises: int, reps: int) -> None:
    protocol = _TIMED[index]
    one = protocol.total_restriction_s(reps_if_to_failure=reps)
    assert protocol.total_restriction_s(exercises=exercises, reps_if_to_failure=reps) == (
        pytest.approx(one * exercises)
    )
    assert 0 < protocol.longest_continuous_restriction_s(reps_if_to_failure=reps) <= one
    if protocol.alternative_restriction == "intermittent":
        variant = protocol.with_restriction("intermittent")
        assert variant.total_restriction_s(reps_if_to_failure=reps) <= one


def test_protocols_are_hashable_and_comparable() -> None:
    protocol = get_protocol("resistance-30-15-15-15")
    variant = protocol.with_restriction("intermittent")
    assert len({protocol, variant, get_protocol("resistance-30-15-15-15")}) == 2
    assert protocol != variant
