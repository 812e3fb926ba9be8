"""The HTML pages, driven with form posts as a browser without JavaScript would."""

from __future__ import annotations

import re
from typing import Any

from tests.web.conftest import CLEAR_ANSWERS, PASSWORD, Browser


def sign_up_form(browser: Browser, email: str = "sam@example.org", role: str = "athlete") -> Any:
    return browser.form(
        "/sign-up",
        {"display_name": "Sam Rivera", "email": email, "password": PASSWORD, "role": role},
    )


def onboard(browser: Browser) -> str:
    assert sign_up_form(browser).status_code == 202
    signed_in = browser.form("/sign-in", {"email": "sam@example.org", "password": PASSWORD})
    assert signed_in.headers["location"] == "/onboarding/profile"
    response = browser.form(
        "/onboarding/profile",
        {"sex": "male", "birth_year": "1998", "body_mass": "80", "preferred_units": "metric"},
    )
    assert response.status_code == 303, response.text
    match = re.match(r"/people/([0-9a-f-]{36})/screening", response.headers["location"])
    assert match
    return match.group(1)


def screened_with_thigh(browser: Browser, person: str, circumference_cm: str) -> None:
    """Clear the screening, record 120/78 mmHg and the right thigh's circumference [cm]."""
    answers = {key: "no" for key in CLEAR_ANSWERS} | {"pregnancy": "no"}
    assert browser.form(f"/people/{person}/screening", answers).status_code in (200, 303)
    for path, data in (
        ("measurements/blood-pressure", {"systolic": "120", "diastolic": "78"}),
        (
            "measurements/limb",
            {"limb": "thigh", "side": "right", "circumference": circumference_cm},
        ),
    ):
        response = browser.form(f"/people/{person}/{path}", data)
        assert response.status_code == 303, response.text


def test_onboarding_through_the_pages(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    page = browser.get(f"/people/{person}/screening")
    assert page.status_code == 200
    assert "Not a medical device" in page.text
    answers = {key: "no" for key in CLEAR_ANSWERS} | {"pregnancy": "no", "heart_disease": "yes"}
    result = browser.form(f"/people/{person}/screening", answers)
    assert result.status_code == 200
    assert "Screening result" in result.text and "ask a clinician" in result.text
    assert "heart" in result.text.lower()
    for path, data in (
        ("measurements/blood-pressure", {"systolic": "120", "diastolic": "78", "unit": "mmHg"}),
        ("measurements/limb", {"limb": "thigh", "side": "right", "circumference": "58"}),
        ("measurements/limb", {"limb": "thigh", "side": "left", "circumference": "58"}),
    ):
        assert browser.form(f"/people/{person}/{path}", data).status_code == 303
    estimate = browser.form(
        f"/people/{person}/lop/estimate",
        {
            "limb": "thigh",
            "side": "right",
            "posture": "seated",
            "cuff_width_cm": "18",
            "cuff_material": "nylon",
        },
    )
    assert estimate.status_code == 200, estimate.text
    assert "95 % prediction interval" in estimate.text
    measurements = browser.get(f"/people/{person}/measurements")
    assert "estimated" in measurements.text and "120/78" in measurements.text


def test_plan_page_draws_the_wrap_marks(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    screened_with_thigh(browser, person, "58")
    response = browser.form(
        f"/people/{person}/plan",
        {
            "equipment_kind": "wrap",
            "width_cm": "7.5",
            "length": "200",
            "goal": "hypertrophy",
            "protocol": "resistance-30-15-15-15",
            "posture": "seated",
            "exercise_1_name": "Leg press",
            "exercise_1_limb": "thigh",
            "exercise_1_one_rep_max": "150",
        },
    )
    assert response.status_code == 303, response.text
    plan = browser.get(f"/people/{person}/plan")
    assert "<svg" in plan.text and "Band marks" in plan.text
    assert "doi.org" in plan.text
    assert browser.get(f"/people/{person}/session").status_code == 200


def test_a_named_exercise_without_its_one_rep_max_is_refused_beside_that_field(
    new_browser: Any,
) -> None:
    browser = new_browser()
    person = onboard(browser)
    screened_with_thigh(browser, person, "58")
    response = browser.form(
        f"/people/{person}/plan",
        {
            "equipment_kind": "wrap",
            "width_cm": "7.5",
            "goal": "hypertrophy",
            "protocol": "resistance-30-15-15-15",
            "posture": "seated",
            "exercise_1_name": "Leg press",
            "exercise_1_one_rep_max": "",
        },
    )
    assert response.status_code == 400
    page = response.text
    error = '<p class="field-error" id="exercise_1_one_rep_max-error">Enter the one-rep max of'
    assert error in page
    assert "of Leg press, from 0.5 to 1000 kg: the plan sets the load from it." in page
    # Never the validator's words or the profile's keys.
    assert "one_rep_max_kg" not in page and "exercises.0" not in page
    assert 'value="Leg press"' in page


def test_a_one_rep_max_without_its_exercise_is_refused_beside_the_name(
    new_browser: Any,
) -> None:
    browser = new_browser()
    person = onboard(browser)
    screened_with_thigh(browser, person, "58")
    response = browser.form(
        f"/people/{person}/plan",
        {
            "equipment_kind": "wrap",
            "width_cm": "7.5",
            "goal": "hypertrophy",
            "protocol": "resistance-30-15-15-15",
            "posture": "seated",
            "exercise_1_name": "Leg press",
            "exercise_1_one_rep_max": "150",
            "exercise_2_name": "",
            "exercise_2_one_rep_max": "40",
        },
    )
    assert response.status_code == 400
    page = response.text
    assert (
        '<p class="field-error" id="exercise_2_name-error">Name exercise 2, or clear its '
        "one-rep max: a one-rep max needs the exercise it is for.</p>"
    ) in page
    assert 'value="40"' in page and 'value="Leg press"' in page
    # Nothing was written: the record has no plan yet.
    assert browser.get(f"/api/people/{person}/plan").status_code == 404
    # Said together with the form's other refusals, not after they are mended.
    both = browser.form(
        f"/people/{person}/plan",
        {
            "equipment_kind": "wrap", "width_cm": "7.5", "goal": "hypertrophy",
            "protocol": "resistance-30-15-15-15", "posture": "seated",
            "exercise_1_name": "Leg press", "exercise_1_one_rep_max": "0",
            "exercise_2_name": " ", "exercise_2_one_rep_max": "40",
        },
    )
    assert 'id="exercise_1_one_rep_max-error"' in both.text
    assert 'id="exercise_2_name-error">Name exercise 2' in both.text


def test_both_blood_pressure_refusals_offer_an_example(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    response = browser.form(
        f"/people/{person}/measurements/blood-pressure", {"systolic": "abc", "diastolic": ""}
    )
    assert response.status_code == 400
    assert (
        '<p class="field-error" id="systolic-error">Systolic must be a number from 70 to '
        "250 mmHg, such as 115.</p>"
    ) in response.text
    assert (
        '<p class="field-error" id="diastolic-error">Enter a number from 30 to 150 mmHg, '
        "such as 75.</p>"
    ) in response.text


def test_guided_manual_lop_measurement(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    setup = browser.get(f"/people/{person}/lop/guided?limb=thigh&side=right&posture=seated")
    assert setup.status_code == 200 and "First: the cuff" in setup.text
    base = (
        f"/people/{person}/lop/guided?start=1&cuff_width_cm=11.5&limb=thigh&side=right"
        "&posture=seated&detection=doppler&cuff_material=nylon"
    )
    first = browser.get(base)
    assert first.status_code == 200 and "Done, next step" in first.text
    assert "Step 1: getting ready, 1 of 3" in first.text
    answers = ["done"] * 3 + ["y", "y", "n", "n", "y"]
    state = browser.get(f"{base}&answers={','.join(answers)}")
    assert state.status_code == 200
    finished = "Measured LOP" in state.text or "without a result" in state.text
    pulse_step = "Pulse still there" in state.text
    assert finished or pulse_step


def test_bad_form_values_give_one_clear_message(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    response = browser.form(
        f"/people/{person}/measurements/blood-pressure", {"systolic": "lots", "diastolic": "78"}
    )
    assert response.status_code == 400
    assert "Systolic must be a number from 70 to 250 mmHg" in response.text
    assert 'value="lots"' in response.text and 'value="78"' in response.text
    fine = sign_up_form(new_browser(), email="other@example.org")
    assert fine.status_code == 202
    short = new_browser().form(
        "/sign-up",
        {"display_name": "X", "email": "x@example.org", "password": "short", "role": "athlete"},
    )
    assert short.status_code == 400 and "10 to 1024 characters" in short.text


def test_a_refused_password_change_says_which_password_beside_it(new_browser: Any) -> None:
    browser = new_browser()
    onboard(browser)
    wrong = browser.form(
        "/account/password",
        {"current_password": "not the password", "new_password": "orange rivers fold quietly"},
    )
    assert wrong.status_code == 400
    assert (
        '<p class="field-error" id="current-password-error" role="alert">'
        "That is not your current password.</p>"
    ) in wrong.text
    short = browser.form("/account/password", {"current_password": PASSWORD, "new_password": "abc"})
    assert short.status_code == 400
    assert '<p class="field-error" id="new-password-error" role="alert">' in short.text
    assert "current-password-error" not in short.text


def test_account_page_export_and_delete(new_browser: Any) -> None:
    browser = new_browser()
    person = onboard(browser)
    page = browser.get("/account")
    assert page.status_code == 200 and "Share my record" in page.text
    exported = browser.get("/account/export")
    assert exported.json()["training_log"] is not None
    refused = browser.form("/account/delete", {"password": "not the password"})
    assert refused.status_code == 401
    # Beside the password it is about, in words.
    assert (
        '<p class="field-error" id="delete-password-error" role="alert">'
        "That password is not right, so nothing was deleted.</p>"
    ) in refused.text
    deleted = browser.form("/account/delete", {"password": PASSWORD})
    assert deleted.status_code == 303
    assert browser.get(f"/people/{person}", follow_redirects=False).status_code in (302, 307)
    again = new_browser().form("/sign-in", {"email": "sam@example.org", "password": PASSWORD})
    assert again.status_code == 401


def test_pages_need_sign_in(new_browser: Any) -> None:
    response = new_browser().get("/account", follow_redirects=False)
    assert response.status_code in (302, 307)
    assert response.headers["location"].startswith("/sign-in")


def test_estimate_outside_the_studied_ages_is_refused_in_words_and_evidence_is_shown(
    new_browser: Any,
) -> None:
    browser = new_browser()
    assert sign_up_form(browser, email="old@example.org").status_code == 202
    assert browser.form("/sign-in", {"email": "old@example.org", "password": PASSWORD})
    response = browser.form(
        "/onboarding/profile",
        {"sex": "male", "birth_year": "1950", "body_mass": "80", "preferred_units": "metric"},
    )
    person = re.match(r"/people/([0-9a-f-]{36})/", response.headers["location"]).group(1)  # type: ignore[union-attr]
    for path, data in (
        ("measurements/blood-pressure", {"systolic": "120", "diastolic": "78", "unit": "mmHg"}),
        ("measurements/limb", {"limb": "thigh", "side": "right", "circumference": "58"}),
    ):
        assert browser.form(f"/people/{person}/{path}", data).status_code == 303
    refused = browser.form(
        f"/people/{person}/lop/estimate",
        {"limb": "thigh", "side": "right", "posture": "seated", "cuff_width_cm": "18",
         "cuff_material": "nylon"},
    )
    assert refused.status_code == 409, refused.text
    assert "we take 18 to 33 years as the ages it covers" in refused.text
    assert "our policy margin (18 to 38 years; a margin we chose" in refused.text
    assert "rbme_2019_thigh_18cm" not in refused.text
    assert "occlusion lop" not in refused.text
    # The refused estimate is drawn on the LOP step, beside the routes that remain.
    assert "Measure it by hand, step by step" in refused.text
    routes = browser.get(
        f"/people/{person}/lop?limb=thigh&side=right&equipment=cuff&cuff_width_cm=18"
        "&cuff_material=nylon&posture=seated"
    )
    assert "our policy margin" in routes.text and "a margin we chose" in routes.text
    assert "Keep this estimate" not in routes.text
    assert "How good is measuring by hand?" in routes.text
    disagreed = "Pulse oximeter on the thigh (12 cm cuff) did not agree with ultrasound imaging"
    assert disagreed in routes.text


def test_the_footer_says_not_a_medical_device_once(new_browser: Any) -> None:
    page = new_browser().get("/")
    footer = re.search(r'<footer class="boundary"[^>]*>(.*?)</footer>', page.text, re.S)
    assert footer
    words = re.sub(r"<[^>]+>", "", footer.group(1)).lower()
    assert words.count("not a medical device") == 1, words
    assert words.startswith("occlusion is not a medical device. its estimates")
