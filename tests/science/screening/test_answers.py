from __future__ import annotations

from typing import Any

import pytest

from occlusion.errors import InputError, OutOfRangeError
from occlusion.science.screening.answers import ScreeningAnswers, parse_answer
from occlusion.science.screening.questions import QUESTIONS_BY_ID
from tests.science.screening.test_decision import healthy


def test_answers_accept_words_and_null() -> None:
    answers = healthy(diabetes="Yes", heart_disease="no", pregnancy=" NO ", age_years="41")
    answers["days_since_surgery"] = None
    parsed = ScreeningAnswers.from_mapping(answers)
    assert parsed.yes("diabetes") and not parsed.yes("heart_disease")
    assert parsed.choice("pregnancy") == "no"
    assert parsed.number("age_years") == 41.0
    assert parsed.number("days_since_surgery") is None


def test_unknown_and_missing_answers_are_named() -> None:
    with pytest.raises(InputError, match=r"unknown screening question.*diabetis"):
        ScreeningAnswers.from_mapping(healthy(diabetis=True))
    answers = healthy()
    del answers["previous_vte"], answers["age_years"]
    with pytest.raises(InputError, match=r"missing screening answer.*age_years, previous_vte"):
        ScreeningAnswers.from_mapping(answers)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"diabetes": 1}, "yes or no"),
        ({"diabetes": "maybe"}, "yes or no"),
        ({"age_years": True}, "number"),
        ({"age_years": "old"}, "number"),
        ({"age_years": float("inf")}, "finite"),
        ({"pregnancy": "unsure"}, "one of"),
        ({"resting_sbp_mmhg": 120, "resting_dbp_mmhg": 130}, "below systolic"),
        ({"resting_sbp_mmhg": None, "resting_dbp_mmhg": 80}, "systolic"),
    ],
)
def test_bad_answers_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        ScreeningAnswers.from_mapping(healthy(**changes))


@pytest.mark.parametrize(
    "changes", [{"resting_sbp_mmhg": 400}, {"resting_dbp_mmhg": 10}, {"age_years": 250}]
)
def test_absurd_numbers_are_out_of_range(changes: dict[str, Any]) -> None:
    with pytest.raises(OutOfRangeError, match="not plausible"):
        ScreeningAnswers.from_mapping(healthy(**changes))


def test_non_mapping_is_refused() -> None:
    with pytest.raises(InputError):
        ScreeningAnswers.from_mapping(["age_years", 30])  # type: ignore[arg-type]


def test_parse_answer_per_kind() -> None:
    assert parse_answer(QUESTIONS_BY_ID["diabetes"], "y") is True
    assert parse_answer(QUESTIONS_BY_ID["age_years"], 33) == 33.0
    assert parse_answer(QUESTIONS_BY_ID["pregnancy"], "Postpartum") == "postpartum"
