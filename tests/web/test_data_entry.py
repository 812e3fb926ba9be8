"""Data entry on the pages: bounded fields, forms that keep their answers, one row per tap,
and corrections and deletions (audited when someone else makes them)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from occlusion.web.fields import FormInvalid
from occlusion.web.routes.record import blood_pressure_fields
from tests.web.conftest import CLEAR_ANSWERS, Browser, athlete_ready, sign_up


def token_of(page: str, action: str) -> str:
    """Return the submission token of the form posting to ``action`` on ``page``."""
    form = page[page.index(f'action="{action}"') :]
    match = re.search(r'name="submission" value="([0-9a-f-]{36})"', form)
    assert match, f"no submission token in the form for {action}"
    return match.group(1)


def readings(browser: Browser, person: str) -> list[dict[str, Any]]:
    measured = browser.get(f"/api/people/{person}/measurements").json()
    return list(measured["blood_pressure"])


def test_an_invalid_value_redraws_the_form_with_every_answer_and_the_error_beside_it(
    new_browser: Any,
) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    before = len(readings(browser, person))
    response = browser.form(
        f"/people/{person}/measurements/blood-pressure",
        {"systolic": "1e3", "diastolic": "78", "unit": "mmHg", "posture": "standing"},
    )
    assert response.status_code == 400
    page = response.text
    assert '<p class="field-error" id="systolic-error">' in page
    assert 'aria-invalid="true" aria-describedby="systolic-error"' in page
    assert 'value="1e3"' in page and 'value="78"' in page
    assert '<option value="standing" selected>' in page
    assert len(readings(browser, person)) == before


def test_diastolic_above_systolic_is_refused_beside_diastolic(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    response = browser.form(
        f"/people/{person}/measurements/blood-pressure", {"systolic": "110", "diastolic": "120"}
    )
    assert response.status_code == 400
    assert 'id="diastolic-error">Diastolic must be lower than systolic.' in response.text


def test_kpa_bounds_are_in_kpa(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    ok = browser.form(
        f"/people/{person}/measurements/blood-pressure",
        {"systolic": "16", "diastolic": "10,5", "unit": "kPa"},
    )
    assert ok.status_code == 303
    assert round(readings(browser, person)[0]["systolic_mmhg"]) == 120


@pytest.mark.parametrize(
    ("unit", "systolic", "diastolic"), [("mmHg", "115", "75"), ("kPa", "15.3", "10")]
)
def test_the_blood_pressure_examples_are_a_healthy_adult_reading(
    unit: str, systolic: str, diastolic: str
) -> None:
    # 115/75 mmHg (Prospective Studies Collaboration 2002), never the range's middle (160,
    # a hypertensive number), in the unit chosen.
    with pytest.raises(FormInvalid) as refused:
        blood_pressure_fields({"systolic": "abc", "diastolic": "x", "unit": unit})
    assert refused.value.errors["systolic"].endswith(f", such as {systolic}.")
    assert refused.value.errors["diastolic"].endswith(f", such as {diastolic}.")


def test_a_screening_with_an_unanswered_question_keeps_the_other_answers(
    new_browser: Any,
) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    answers = {key: "no" for key in CLEAR_ANSWERS[1:]} | {"pregnancy": "no", "diabetes": "yes"}
    response = browser.form(f"/people/{person}/screening", answers)
    assert response.status_code == 400
    page = response.text
    assert f'id="{CLEAR_ANSWERS[0]}-error"' in page
    assert 'name="diabetes" value="yes" checked' in page
    assert page.count(" checked") == len(answers)


def test_days_since_an_operation_take_the_questions_bounds_and_a_recent_example(
    new_browser: Any,
) -> None:
    from occlusion.science.screening.questions import QUESTIONNAIRE

    question = next(q for q in QUESTIONNAIRE if q.id == "days_since_surgery")
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    answers = {key: "no" for key in CLEAR_ANSWERS} | {"pregnancy": "no"}
    too_long = browser.form(
        f"/people/{person}/screening",
        answers | {"days_since_surgery": f"{question.maximum + 1:g}"},
    )
    assert too_long.status_code == 400
    assert f"must be from 0 to {question.maximum:g}, such as 14." in too_long.text
    # The example is an operation inside the question's 12 weeks, not half of ten years.
    typo = browser.form(f"/people/{person}/screening", answers | {"days_since_surgery": "2 w"})
    assert "such as 14." in typo.text and "1825" not in typo.text


def test_a_double_tap_makes_one_row(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    before = len(readings(browser, person))
    action = f"/people/{person}/measurements/blood-pressure"
    token = token_of(browser.get(f"/people/{person}/measurements").text, action)
    body = {"systolic": "121", "diastolic": "79", "submission": token}
    first = browser.form(action, body)
    second = browser.form(action, body)
    assert first.status_code == second.status_code == 303
    assert second.headers["location"] == f"/people/{person}/measurements"
    assert len(readings(browser, person)) == before + 1


def test_a_refused_submission_can_be_sent_again_once_corrected(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    before = len(readings(browser, person))
    action = f"/people/{person}/measurements/blood-pressure"
    token = token_of(browser.get(f"/people/{person}/measurements").text, action)
    assert browser.form(action, {"systolic": "12", "submission": token}).status_code == 400
    fixed = browser.form(action, {"systolic": "120", "diastolic": "80", "submission": token})
    assert fixed.status_code == 303
    assert len(readings(browser, person)) == before + 1


def test_the_owner_corrects_and_deletes_a_blood_pressure(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    reading = readings(browser, person)[0]
    page = browser.get(f"/people/{person}/corrections/blood-pressure/{reading['id']}")
    assert page.status_code == 200 and 'value="118"' in page.text
    refused = browser.form(
        f"/people/{person}/corrections/blood-pressure/{reading['id']}",
        {"systolic": "abc", "diastolic": "76"},
    )
    assert refused.status_code == 400 and 'id="systolic-error"' in refused.text
    fixed = browser.form(
        f"/people/{person}/corrections/blood-pressure/{reading['id']}",
        {"systolic": "128", "diastolic": "82", "unit": "mmHg", "posture": "seated"},
    )
    assert fixed.status_code == 303
    assert readings(browser, person)[0]["systolic_mmhg"] == 128
    path = f"/people/{person}/corrections/blood-pressure/{reading['id']}/delete"
    assert browser.form(path, {}).status_code == 303
    assert browser.form(path, {}).status_code == 303  # a second tap finds it gone
    assert readings(browser, person) == []


def test_nobody_deletes_a_row_of_another_record(new_browser: Any) -> None:
    owner = new_browser()
    person = athlete_ready(owner)["person_id"]
    reading = readings(owner, person)[0]
    stranger = new_browser()
    other = athlete_ready(stranger)["person_id"]
    # Their own record's path with the owner's row id: not found, nothing deleted.
    response = stranger.form(f"/people/{other}/corrections/blood-pressure/{reading['id']}", {})
    assert response.status_code == 404
    assert len(readings(owner, person)) == 1


def test_a_coachs_correction_is_in_the_athletes_audit_log(new_browser: Any) -> None:
    athlete = new_browser()
    person = athlete_ready(athlete)["person_id"]
    coach = new_browser()
    account = sign_up(coach, "coach", "Chris Coach")
    assert athlete.post("/api/me/grants", json={"email": account["email"]}).status_code == 202
    limb = athlete.get(f"/api/people/{person}/measurements").json()["limbs"][0]
    fixed = coach.form(
        f"/people/{person}/corrections/limb/{limb['id']}",
        {"limb": limb["limb"], "side": limb["side"], "circumference": "57", "unit": "cm"},
    )
    assert fixed.status_code == 303
    audit = athlete.get("/account").text
    assert "Chris Coach, coach — write limb correct" in audit


def finished_session(browser: Browser, person: str, reps: int = 30) -> dict[str, Any]:
    base = f"/api/people/{person}/session"
    assert browser.post(f"{base}/start").status_code == 200
    assert browser.post(f"{base}/confirm").status_code == 200
    assert browser.post(f"{base}/log", json={"reps": reps}).status_code == 200
    assert browser.post(f"{base}/stop").status_code == 200
    return dict(browser.get(f"/api/people/{person}/history").json()["sessions"][0])


def test_a_logged_set_is_corrected_within_bounds_and_deleted(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    logged = finished_session(browser, person)["exercises"][0]["sets"][0]
    path = f"/people/{person}/sets/{logged['id']}"
    page = browser.get(path).text
    assert 'value="30"' in page
    # The first set of the session is called set 1, as in the summary's table (positions count
    # from 1).
    assert logged["position"] == 1 and "<h1>Set 1</h1>" in page
    for reps, rpe in (("999", "8"), ("20.5", "8"), ("25", "0")):
        refused = browser.form(path, {"reps": reps, "rpe": rpe, "load_unit": "kg"})
        assert refused.status_code == 400, (reps, rpe)
    fixed = browser.form(path, {"reps": "25", "rpe": "8", "load": "40", "load_unit": "kg"})
    assert fixed.status_code == 303
    corrected = finished_session_sets(browser, person)[0]
    assert (corrected["reps"], corrected["rpe"], corrected["load_kg"]) == (25, 8, 40)
    assert browser.form(f"{path}/delete", {}).status_code == 303
    assert finished_session_sets(browser, person) == []


def finished_session_sets(browser: Browser, person: str) -> list[dict[str, Any]]:
    history = browser.get(f"/api/people/{person}/history").json()
    return list(history["sessions"][0]["exercises"][0]["sets"])


def test_the_session_api_refuses_impossible_sets_with_a_code_and_field(
    new_browser: Any,
) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    base = f"/api/people/{person}/session"
    browser.post(f"{base}/start")
    browser.post(f"{base}/confirm")
    for body, code, field in (
        ({"reps": 999}, "set.reps-out-of-range", "reps"),
        ({"reps": 10, "rpe": 0}, "set.rating-out-of-range", "rpe"),
        ({"reps": 10, "discomfort": 11}, "set.rating-out-of-range", "discomfort"),
        ({"reps": 20.5}, "input.invalid", "reps"),
    ):
        refused = browser.post(f"{base}/log", json=body)
        assert refused.status_code == 400, body
        assert (refused.json()["code"], refused.json()["field"]) == (code, field)
        assert refused.json()["message"]


def test_a_resent_set_is_logged_once(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    base = f"/api/people/{person}/session"
    browser.post(f"{base}/start")
    browser.post(f"{base}/confirm")
    token = str(uuid.uuid4())
    first = browser.post(f"{base}/log", json={"reps": 30, "submission": token})
    again = browser.post(f"{base}/log", json={"reps": 30, "submission": token})
    assert first.status_code == again.status_code == 200
    browser.post(f"{base}/stop")
    assert len(finished_session_sets(browser, person)) == 1


def test_the_profile_is_edited_with_its_answers_kept_on_a_slip(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    page = browser.get(f"/people/{person}/profile")
    assert page.status_code == 200 and 'value="1995"' in page.text
    refused = browser.form(
        f"/people/{person}/profile",
        {"sex": "female", "birth_year": "19995", "body_mass": "64", "preferred_units": "metric"},
    )
    assert refused.status_code == 400 and 'value="19995"' in refused.text
    assert 'id="birth_year-error"' in refused.text
    fixed = browser.form(
        f"/people/{person}/profile",
        {"sex": "female", "birth_year": "1994", "body_mass": "150", "preferred_units": "imperial"},
    )
    assert fixed.status_code == 303
    profile = browser.get(f"/api/people/{person}").json()["person"]
    assert profile["birth_year"] == 1994 and profile["preferred_units"] == "imperial"
    assert round(profile["body_mass_kg"], 1) == 68.0


def test_a_session_ended_by_a_report_button_raises_a_roster_alert(new_browser: Any) -> None:
    athlete = new_browser()
    person = athlete_ready(athlete)["person_id"]
    coach = new_browser()
    account = sign_up(coach, "coach", "Chris Coach")
    assert athlete.post("/api/me/grants", json={"email": account["email"]}).status_code == 202
    base = f"/api/people/{person}/session"
    athlete.post(f"{base}/start")
    athlete.post(f"{base}/confirm")
    stopped = athlete.post(f"{base}/report", json={"symptom": "dizziness"})
    assert stopped.status_code == 200 and stopped.json()["outcome"]
    alerts = coach.get("/api/roster").json()[0]["alerts"]
    assert {"code": "stopped-by-symptom", "reason": "dizziness"}.items() <= alerts[-1].items()
    assert "session stopped for dizziness on 24 Nov 2026" in coach.get("/roster").text


@pytest.mark.parametrize("typed", ["", "abc", "1e3", "-5", "100000"])
@pytest.mark.parametrize(
    ("limb", "unit", "example"), [("arm", "cm", "33"), ("thigh", "cm", "55"), ("thigh", "in", "22")]
)
def test_every_circumference_refusal_offers_an_example_in_the_unit_typed(
    typed: str, limb: str, unit: str, example: str
) -> None:
    from occlusion.web.routes.record import limb_fields

    with pytest.raises(FormInvalid) as refused:
        limb_fields({"limb": limb, "side": "left", "circumference": typed, "unit": unit})
    message = refused.value.errors["circumference"]
    assert message.endswith(f" {unit}, such as {example}."), message


@pytest.mark.parametrize("typed", ["", "abc", "10", "9999"])
def test_every_blood_pressure_refusal_offers_the_healthy_example(typed: str) -> None:
    with pytest.raises(FormInvalid) as refused:
        blood_pressure_fields({"systolic": typed, "diastolic": typed, "unit": "mmHg"})
    assert refused.value.errors["systolic"].endswith(", such as 115."), refused.value.errors
    assert refused.value.errors["diastolic"].endswith(", such as 75."), refused.value.errors


def test_a_measured_lop_refusal_offers_an_example_beside_the_field(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    fields = {"limb": "thigh", "side": "right", "cuff_width": "11.5", "cuff_material": "nylon"}
    for typed in ("", "12", "abc"):
        refused = browser.form(f"/people/{person}/lop/measured", fields | {"lop_mmhg": typed})
        assert refused.status_code == 400
        error = re.search(r'class="field-error"[^>]*>([^<]*mmHg[^<]*)<', refused.text)
        assert error and error.group(1).endswith("mmHg, such as 140."), refused.text
