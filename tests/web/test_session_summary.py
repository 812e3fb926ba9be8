"""The session summary's time under restriction is what the limbs spent restricted."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import StepClock, athlete_ready

#: How long each set of the test session takes, and each rest before it is skipped [s].
SET_S = 20.0
SKIPPED_REST_S = 5.0


def _four_sets_with_skipped_rests(browser: Any, clock: StepClock, person: str) -> None:
    """Run the 30-15-15-15 wrap session: each set 20 s, each rest skipped after 5 s."""
    base = f"/api/people/{person}/session"
    assert browser.post(f"{base}/start").status_code == 200
    assert browser.post(f"{base}/confirm").json()["step"] == "set"
    for number, reps in enumerate((30, 15, 15, 15), start=1):
        clock.advance(SET_S)
        state = browser.post(f"{base}/log", json={"reps": reps}).json()
        if number < 4:
            assert state["step"] == "rest", state
            clock.advance(SKIPPED_REST_S)
            assert browser.post(f"{base}/skip").json()["step"] == "set"


def test_skipped_rests_under_the_wraps_count_as_time_under_restriction(
    new_browser: Any, clock: StepClock
) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    _four_sets_with_skipped_rests(browser, clock, person)
    history = browser.get(f"/api/people/{person}/history").json()
    session = history["sessions"][0]
    assert session["status"] == "completed"
    # The wraps stay on through the rests of 30-15-15-15 (it is not intermittent): four sets
    # of 20 s and three rests of 5 s before each was skipped is 95 s on each thigh, not the
    # 80 s the four sets alone hold.
    page = browser.get(f"/people/{person}/sessions/{session['session_id']}")
    assert page.status_code == 200
    assert "left thigh 1 min 35 s; right thigh 1 min 35 s" in page.text.replace("\n", " ")


def test_a_set_interrupted_by_a_stop_still_counts(new_browser: Any, clock: StepClock) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    base = f"/api/people/{person}/session"
    browser.post(f"{base}/start")
    browser.post(f"{base}/confirm")
    clock.advance(42.0)
    assert browser.post(f"{base}/stop").status_code == 200
    session = browser.get(f"/api/people/{person}/history").json()["sessions"][0]
    page = browser.get(f"/people/{person}/sessions/{session['session_id']}").text
    # No set was logged, yet both thighs were under the wraps for 42 s.
    assert "No set was logged" in page
    assert "left thigh 42 s; right thigh 42 s" in page.replace("\n", " ")


def test_what_happened_is_said_in_words_not_stop_rule_codes(
    new_browser: Any, clock: StepClock
) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    base = f"/api/people/{person}/session"
    browser.post(f"{base}/start")
    browser.post(f"{base}/confirm")
    clock.advance(10.0)
    assert browser.post(f"{base}/report", json={"discomfort": 8}).status_code == 200
    assert browser.post(f"{base}/report", json={"symptom": "sharp-pain"}).status_code == 200
    browser.post(f"{base}/stop")
    session = browser.get(f"/api/people/{person}/history").json()["sessions"][0]
    page = browser.get(f"/people/{person}/sessions/{session['session_id']}").text
    assert "stop rule for discomfort above 7/10 —" in page
    assert "set interrupted (stopped for discomfort above 7/10)" in page
    assert "sharp pain reported" in page
    codes = ("discomfort-above-7", "sharp-pain", "stopped by the person", "stop rule discomfort")
    for code in codes:
        assert code not in page, code
