"""Plans fit the exercises: only the limbs the exercises work are restricted (web pages)."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import Browser
from tests.web.test_pages import onboard, screened_with_thigh

CUFF_PLAN = {
    "equipment_kind": "cuff",
    "width_cm": "5",
    "material": "nylon",
    "goal": "hypertrophy",
    "protocol": "resistance-30-15-15-15",
    "posture": "seated",
    "exercise_1_one_rep_max": "20",
}


def _measured(browser: Browser, person: str, *, arm_lop: bool = True) -> None:
    """Screen, record a blood pressure, both thighs and arms, and (optionally) an arm LOP."""
    screened_with_thigh(browser, person, "56")
    response = browser.form(
        f"/people/{person}/measurements/limb",
        {"limb": "arm", "side": "right", "circumference": "30"},
    )
    assert response.status_code == 303, response.text
    if arm_lop:
        response = browser.form(
            f"/people/{person}/lop/measured",
            {
                "limb": "arm",
                "side": "right",
                "posture": "seated",
                "cuff_width_cm": "5",
                "cuff_material": "nylon",
                "lop_mmhg": "140",
                "method": "doppler",
            },
        )
        assert response.status_code == 303, response.text


def test_cuff_plan_for_curls_restricts_only_the_arm(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    _measured(browser, person)
    # The thigh has a circumference but no LOP, and a 5 cm thigh cuff cannot be estimated:
    # a curls plan must not be refused for it.
    response = browser.form(
        f"/people/{person}/plan", {**CUFF_PLAN, "exercise_1_name": "Biceps curls"}
    )
    assert response.status_code == 303, response.text
    plan = browser.get(f"/api/people/{person}/plan").json()
    limbs = plan["prescription"]["limbs"]
    assert [(limb["limb"], limb["side"]) for limb in limbs] == [("arm", "right")]
    assert plan["prescription"]["exercises"][0]["limb"] == "arm"
    page = browser.get(f"/people/{person}/plan").text
    assert "Right arm" in page and "Right thigh" not in page


def test_leg_press_cuff_plan_asks_for_the_thigh_lop_not_the_arm(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    _measured(browser, person)
    response = browser.form(
        f"/people/{person}/plan", {**CUFF_PLAN, "exercise_1_name": "Leg press"}
    )
    # Refused for the thigh (a 5 cm thigh cuff cannot be estimated), with the form kept.
    assert response.status_code == 409
    assert "thigh" in response.text and "Measurements page" in response.text
    assert 'value="Leg press"' in response.text


def test_unknown_exercise_needs_its_limb_and_keeps_the_form(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    _measured(browser, person)
    response = browser.form(
        f"/people/{person}/plan", {**CUFF_PLAN, "exercise_1_name": "Zercher carry"}
    )
    assert response.status_code == 400
    assert "Zercher carry is not in the exercise list: choose the limb it works." in response.text
    assert 'value="Zercher carry"' in response.text and 'value="20"' in response.text
    chosen = browser.form(
        f"/people/{person}/plan",
        {**CUFF_PLAN, "exercise_1_name": "Zercher carry", "exercise_1_limb": "arm"},
    )
    assert chosen.status_code == 303, chosen.text


def test_catalogue_exercise_with_another_limb_is_refused_beside_the_field(
    new_browser: Any,
) -> None:
    browser = new_browser()
    person = onboard(browser)
    _measured(browser, person)
    response = browser.form(
        f"/people/{person}/plan",
        {**CUFF_PLAN, "exercise_1_name": "Leg press", "exercise_1_limb": "arm"},
    )
    assert response.status_code == 400
    assert "Leg press works the thighs, not the arms" in response.text
    assert 'id="exercise_1_limb-error"' in response.text


def test_exercise_of_an_unmeasured_limb_asks_for_its_circumference(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    screened_with_thigh(browser, person, "56")
    response = browser.form(
        f"/people/{person}/plan",
        {**CUFF_PLAN, "equipment_kind": "wrap", "width_cm": "7.5", "length": "200",
         "exercise_1_name": "Triceps extension"},
    )
    assert response.status_code == 400
    assert "Record the arm circumference (Triceps extension works the arms)" in response.text
    assert f'href="/people/{person}/measurements?limb=arm#limb"' in response.text
    assert "occlusion" not in response.text.lower().split("<main")[-1].split("</main>")[0]


def test_retire_the_lop_behind_the_plan_and_re_plan(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    _measured(browser, person)
    assert browser.form(
        f"/people/{person}/plan", {**CUFF_PLAN, "exercise_1_name": "Biceps curl"}
    ).status_code == 303
    lop = browser.get(f"/api/people/{person}/measurements").json()["lop"][0]
    page = browser.get(f"/people/{person}/measurements").text
    assert "Retire or delete…" in page
    correction = browser.get(f"/people/{person}/corrections/lop/{lop['id']}").text
    assert "Retire this LOP" in correction
    retired = browser.form(f"/people/{person}/lop/{lop['id']}/retire", {})
    assert retired.status_code == 303
    # A second tap lands on the same page, nothing changes.
    assert browser.form(f"/people/{person}/lop/{lop['id']}/retire", {}).status_code == 303
    page = browser.get(f"/people/{person}/measurements").text
    assert "retired 24 Nov 2026" in page and "Use again or delete…" in page
    plan = browser.get(f"/people/{person}/plan").text
    assert "This plan rests on a measurement you retired" in plan
    assert "right arm pressure was set from an LOP of 140 mmHg, retired 24 Nov 2026" in plan
    assert lop["id"] not in plan.split("<main")[-1]
    # Without the arm LOP a new curls plan is refused for the arm, in words, the form kept.
    refused = browser.form(
        f"/people/{person}/plan", {**CUFF_PLAN, "exercise_1_name": "Biceps curl"}
    )
    assert refused.status_code == 409
    assert "arm" in refused.text and 'value="Biceps curl"' in refused.text
    restored = browser.form(f"/people/{person}/lop/{lop['id']}/restore", {})
    assert restored.status_code == 303
    assert "This plan rests" not in browser.get(f"/people/{person}/plan").text


def test_retire_and_restore_through_the_json_api(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    _measured(browser, person)
    lop = browser.get(f"/api/people/{person}/measurements").json()["lop"][0]
    retired = browser.post(f"/api/people/{person}/lop/{lop['id']}/retire")
    assert retired.status_code == 200 and retired.json()["retired_at"]
    again = browser.post(f"/api/people/{person}/lop/{lop['id']}/retire")
    assert again.status_code == 400 and "retired already" in again.text
    restored = browser.post(f"/api/people/{person}/lop/{lop['id']}/restore")
    assert restored.status_code == 200 and restored.json()["retired_at"] is None
    stranger = browser.post(f"/api/people/{person}/lop/{person}/retire")
    assert stranger.status_code == 404
