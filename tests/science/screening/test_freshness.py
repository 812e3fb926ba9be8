"""A screening is due again when it ages, a new blood pressure changes it, or an age band does."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from occlusion import evidence
from occlusion.science.screening import (
    DEFAULT_POLICY,
    RESCREEN_AFTER_DAYS,
    ScreeningPolicy,
    age_thresholds,
    blood_pressure_decision,
    rescreen_reasons,
)

SCREENED = datetime(2026, 1, 10, 9, 0)


def codes(**kwargs: object) -> list[str]:
    now = kwargs.pop("now", SCREENED + timedelta(days=1))
    return [reason.code for reason in rescreen_reasons(screened_at=SCREENED, now=now, **kwargs)]


def test_a_fresh_screening_stands() -> None:
    assert codes() == []


def test_it_ages_after_the_policy_interval() -> None:
    assert RESCREEN_AFTER_DAYS == 182
    assert codes(now=SCREENED + timedelta(days=182)) == []
    (reason,) = rescreen_reasons(screened_at=SCREENED, now=SCREENED + timedelta(days=183))
    assert reason.as_dict() == {"code": "screening.aged", "age_days": 183, "valid_days": 182}


@pytest.mark.parametrize(
    ("screened", "newer", "expected"),
    [
        ((None, None), (118, 76), []),  # screened before any reading; a normal one arrives
        ((None, None), (150, 85), ["screening.blood-pressure-changed"]),  # caution now
        ((120, 80), (138, 88), []),  # still below every cut-off
        ((120, 80), (165, 95), ["screening.blood-pressure-changed"]),  # refer now
        ((165, 95), (150, 92), []),  # lower than before: the old decision was stricter
        ((150, 85), (182, 100), ["screening.blood-pressure-changed"]),  # caution → exclude
    ],
)
def test_a_newer_blood_pressure_that_changes_the_decision_calls_it_back(
    screened: tuple[float | None, float | None], newer: tuple[float, float], expected: list[str]
) -> None:
    assert codes(screened_bp_mmhg=screened, newer_bp_mmhg=newer) == expected


def test_blood_pressure_decision_follows_the_policy_cut_offs() -> None:
    assert blood_pressure_decision(139, 89) == "cleared"
    assert blood_pressure_decision(140, 80) == "caution"
    assert blood_pressure_decision(120, 100) == "refer"
    assert blood_pressure_decision(180, 80) == "exclude"
    assert blood_pressure_decision(None, None) == DEFAULT_POLICY.missing_blood_pressure


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (30, 31, []),
        (17, 18, ["screening.age-band-changed"]),
        (59, 60, ["screening.age-band-changed"]),
        (13, 14, ["screening.age-band-changed"]),
        (45, 58, []),
    ],
)
def test_crossing_an_age_that_changes_the_decision_calls_it_back(
    before: float, after: float, expected: list[str]
) -> None:
    assert codes(screened_age_years=before, age_years=after) == expected


def test_age_thresholds_come_from_the_policy() -> None:
    assert age_thresholds() == (14.0, 18.0, 60.0)
    assert age_thresholds(ScreeningPolicy(adult_age_years=21)) == (14.0, 21.0, 60.0)


def test_the_interval_is_labelled_policy_with_its_rationale() -> None:
    policy = evidence.get("occlusion_policy_rescreen")
    assert policy.status == "policy" and "PAR-Q+" in (policy.note or "")
    par_q = evidence.get("par_q_plus_validity")
    assert "valid for a maximum of 12 months" in (par_q.note or "")
