"""The plan page names everything a plan still needs at once, each with a link to its form."""

from __future__ import annotations

import re
from typing import Any

from tests.web.conftest import Browser
from tests.web.test_pages import CLEAR_ANSWERS, onboard
from tests.web.test_plans_fit import CUFF_PLAN

WRAP_PLAN = {
    **CUFF_PLAN,
    "equipment_kind": "wrap",
    "width_cm": "7.5",
    "length": "200",
    "exercise_1_name": "Leg press",
}


def _still_needed(html: str) -> list[tuple[str, str]]:
    """Return the (link, words) of the "Still needed" box of a plan page."""
    box = re.search(r'<div class="[a-z]+" id="still-needed".*?</div>', html, re.S)
    assert box, "the plan page shows no list of what is still needed"
    return re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', box.group(0))


def _record(browser: Browser, person: str, path: str, data: dict[str, str]) -> None:
    response = browser.form(f"/people/{person}/{path}", data)
    assert response.status_code in (200, 303), response.text


def test_a_refused_plan_lists_every_missing_step_with_its_link(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    response = browser.form(
        f"/people/{person}/plan",
        {**WRAP_PLAN, "exercise_2_name": "Biceps curl", "exercise_2_one_rep_max": "15"},
    )
    assert response.status_code == 400
    assert _still_needed(response.text) == [
        (
            f"/people/{person}/measurements#bp",
            "Record a resting blood pressure (systolic and diastolic)",
        ),
        (
            f"/people/{person}/measurements?limb=thigh#limb",
            "Record the thigh circumference (Leg press works the thighs)",
        ),
        (
            f"/people/{person}/measurements?limb=arm#limb",
            "Record the arm circumference (Biceps curl works the arms)",
        ),
        (f"/people/{person}/screening", "Answer the screening questions"),
    ]
    # The form keeps what was typed, and the page tells no one to run a command.
    assert 'value="Biceps curl"' in response.text
    assert "record it on the Measurements page" not in response.text


def test_the_list_shrinks_as_each_step_is_recorded_and_the_plan_is_then_written(
    new_browser: Any,
) -> None:
    browser = new_browser()
    person = onboard(browser)
    _record(browser, person, "measurements/blood-pressure", {"systolic": "118", "diastolic": "76"})
    response = browser.form(f"/people/{person}/plan", WRAP_PLAN)
    assert [words for _, words in _still_needed(response.text)] == [
        "Record the thigh circumference (Leg press works the thighs)",
        "Answer the screening questions",
    ]
    _record(
        browser, person, "measurements/limb",
        {"limb": "thigh", "side": "right", "circumference": "56"},
    )
    response = browser.form(f"/people/{person}/plan", WRAP_PLAN)
    assert [words for _, words in _still_needed(response.text)] == [
        "Answer the screening questions"
    ]
    answers = {key: "no" for key in CLEAR_ANSWERS} | {"pregnancy": "no"}
    _record(browser, person, "screening", answers)
    response = browser.form(f"/people/{person}/plan", WRAP_PLAN)
    assert response.status_code == 303, response.text
    assert 'id="still-needed"' not in browser.get(f"/people/{person}/plan").text


def test_the_plan_page_shows_what_is_missing_before_the_form_is_filled(
    new_browser: Any,
) -> None:
    browser = new_browser()
    person = onboard(browser)
    page = browser.get(f"/people/{person}/plan")
    assert page.status_code == 200
    assert _still_needed(page.text) == [
        (
            f"/people/{person}/measurements#bp",
            "Record a resting blood pressure (systolic and diastolic)",
        ),
        (
            f"/people/{person}/measurements#limb",
            "Record the circumference of each limb to restrict",
        ),
        (f"/people/{person}/screening", "Answer the screening questions"),
    ]
    # Shown as a note, not as an error: nothing was refused yet.
    assert 'class="note" id="still-needed"' in page.text


def test_each_link_opens_the_form_that_records_it(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    page = browser.get(f"/people/{person}/measurements?limb=arm")
    assert page.status_code == 200
    assert re.search(r'<option value="arm" selected>', page.text)
    assert 'id="bp"' in page.text and 'id="limb"' in page.text
    # A limb that is not one is ignored, not an error page.
    assert browser.get(f"/people/{person}/measurements?limb=tail").status_code == 200


def test_the_api_names_everything_missing_as_codes(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    response = browser.post(
        f"/api/people/{person}/plan",
        json={
            "equipment": {"kind": "wrap", "width_cm": 7.5},
            "exercises": [{"name": "Leg press"}],
        },
    )
    assert response.status_code == 400
    body = response.json()
    missing = body["missing"]
    assert [item["code"] for item in missing] == [
        "plan.needs-blood-pressure",
        "plan.needs-limb-circumference",
        "plan.needs-screening",
    ]
    assert missing[1]["limb"] == "thigh"
    assert body["code"] == "plan.needs-blood-pressure"
    # One line in words that names all three, and no command.
    assert body["message"] == (
        "still needed before a plan can be written: record a resting blood pressure (systolic "
        "and diastolic); record the thigh circumference (Leg press works the thighs); answer "
        "the screening questions"
    )
