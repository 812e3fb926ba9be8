"""Screening in the right place: no blood-pressure caution before measuring, choices in words,
re-screening when answers age or a new blood pressure changes them."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import CLEAR_ANSWERS, PASSWORD, StepClock
from tests.web.test_pages import onboard
from tests.web.test_plans_fit import CUFF_PLAN, _measured

ANSWERS = {key: "no" for key in CLEAR_ANSWERS} | {"pregnancy": "no"}
WRAP_PLAN = {
    **CUFF_PLAN,
    "equipment_kind": "wrap",
    "width_cm": "7.5",
    "length_cm": "200",
    "exercise_1_name": "Leg press",
}


def test_screening_before_measuring_is_not_flagged_for_blood_pressure(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    result = browser.form(f"/people/{person}/screening", ANSWERS)
    assert result.status_code == 200
    assert "no resting blood pressure" not in result.text.lower()
    assert "Screening result: <span class=\"badge cleared\">cleared" in result.text
    assert "Still to check: your resting blood pressure" in result.text


def test_choices_read_in_words_and_a_refused_form_keeps_every_answer(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    page = browser.get(f"/people/{person}/screening").text
    assert "I gave birth in the last 6 weeks" in page and "Does not apply to me" in page
    assert "Postpartum" not in page and "postpartum'" not in page
    partial = dict(ANSWERS, pregnancy="postpartum")
    del partial["diabetes"]
    refused = browser.form(f"/people/{person}/screening", partial)
    assert refused.status_code == 400
    assert 'value="postpartum" checked' in refused.text
    assert refused.text.count(" checked") == len(partial)
    result = browser.form(f"/people/{person}/screening", dict(ANSWERS, pregnancy="postpartum"))
    assert "(answer: I gave birth in the last 6 weeks)" in result.text


def test_an_aged_screening_asks_again_and_blocks_a_new_plan(
    new_browser: Any, clock: StepClock
) -> None:
    browser = new_browser()
    person = onboard(browser)
    _measured(browser, person, arm_lop=False)
    assert browser.form(f"/people/{person}/plan", WRAP_PLAN).status_code == 303
    clock.advance(200 * 86400)
    # Sign-ins end long before; sign in again after the months away.
    signed_in = browser.form("/sign-in", {"email": "sam@example.org", "password": PASSWORD})
    assert signed_in.status_code == 303
    overview = browser.get(f"/people/{person}").text
    assert "screen again" in overview and "Please screen again" in overview
    assert "your answers are 200 days old" in overview and "(our policy)" in overview
    plan = browser.form(f"/people/{person}/plan", WRAP_PLAN)
    assert plan.status_code == 409
    assert "Screen again before a new plan" in plan.text and "Screening page" in plan.text
    assert 'value="Leg press"' in plan.text
    screening = browser.get(f"/people/{person}/screening").text
    assert "Please screen again." in screening
    # The last answers are filled in: confirming them is one tap.
    assert screening.count(" checked") == len(ANSWERS)
    assert browser.form(f"/people/{person}/screening", ANSWERS).status_code == 200
    assert browser.form(f"/people/{person}/plan", WRAP_PLAN).status_code == 303


def test_a_new_high_blood_pressure_asks_to_screen_again(new_browser: Any, clock: StepClock) -> None:
    browser = new_browser()
    person = onboard(browser)
    _measured(browser, person, arm_lop=False)
    clock.advance(3600)
    browser.form(
        f"/people/{person}/measurements/blood-pressure", {"systolic": "168", "diastolic": "98"}
    )
    overview = browser.get(f"/people/{person}").text
    assert "your newest blood pressure (168/98 mmHg) is above what you were screened with" in (
        overview
    )
