from __future__ import annotations

from typing import Any

import pytest

from occlusion.errors import InputError
from occlusion.science.screening import DEFAULT_POLICY, ScreeningPolicy
from occlusion.vocabulary import Decision


def test_decisions_are_ordered_by_severity() -> None:
    assert tuple(Decision) == ("cleared", "caution", "refer", "exclude")
    assert [decision.severity for decision in Decision] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"refer_sbp_mmhg": 130},
        {"exclude_dbp_mmhg": 95},
        {"dvt_score_refer": 5},
        {"minimum_age_years": 20},
        {"surgery_refer_days": 100},
        {"caution_sbp_mmhg": float("nan")},
        {"missing_blood_pressure": "maybe"},
        {"decision_overrides": {"no_such_question": "refer"}},
        {"decision_overrides": {"diabetes": "sometimes"}},
    ],
)
def test_inconsistent_policies_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        ScreeningPolicy(**kwargs)


def test_policy_from_a_table() -> None:
    policy = ScreeningPolicy.from_mapping(
        {
            "refer_sbp_mmhg": 170,
            "dvt_score_exclude": 5.0,
            "decision_overrides": {"diabetes": "refer"},
        }
    )
    assert policy.refer_sbp_mmhg == 170.0 and isinstance(policy.refer_sbp_mmhg, float)
    assert policy.dvt_score_exclude == 5 and isinstance(policy.dvt_score_exclude, int)
    assert policy.decision_overrides == {"diabetes": "refer"}
    assert policy.caution_sbp_mmhg == DEFAULT_POLICY.caution_sbp_mmhg
    assert ScreeningPolicy.from_mapping({}) == DEFAULT_POLICY


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"refer_sbp": 170}, "unknown screening policy setting"),
        ({"refer_sbp_mmhg": "high"}, "must be a number"),
        ({"refer_sbp_mmhg": True}, "must be a number"),
        ({"refer_sbp_mmhg": float("inf")}, "finite"),
        ({"dvt_score_refer": 2.5}, "whole number"),
        ({"missing_blood_pressure": "ignore"}, "must be one of"),
        ({"decision_overrides": ["diabetes"]}, "table"),
        ({"refer_sbp_mmhg": 200}, "rise from caution to exclude"),
    ],
)
def test_bad_policy_tables(data: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        ScreeningPolicy.from_mapping(data)
