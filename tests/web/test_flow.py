"""An athlete from sign-up to a finished session through the JSON API, and the coach's view."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import PASSWORD, StepClock, athlete_ready, sign_up


def test_sign_up_to_finished_session(new_browser: Any, clock: StepClock) -> None:
    browser = new_browser()
    athlete = athlete_ready(browser)
    base = f"/api/people/{athlete['person_id']}/session"
    state = browser.post(f"{base}/start").json()
    assert state["step"] == "apply"
    guard = 0
    while not state.get("outcome") and guard < 40:
        guard += 1
        if state["step"] == "apply":
            state = browser.post(f"{base}/confirm").json()
        elif state["step"] == "set":
            state = browser.post(
                f"{base}/log", json={"reps": state["target_reps"] or 10, "rpe": 7, "discomfort": 4}
            ).json()
        else:
            clock.advance((state["seconds_remaining"] or 0) + 1)
            state = browser.get(base).json()
    assert state["outcome"] == "completed", state
    history = browser.get(f"/api/people/{athlete['person_id']}/history").json()
    sets = history["sessions"][0]["exercises"][0]["sets"]
    assert [item["reps"] for item in sets] == [30, 15, 15, 15]
    assert history["sessions"][0]["status"] == "completed"


def test_coach_sees_granted_athlete_and_is_audited(new_browser: Any) -> None:
    athlete_browser, coach_browser = new_browser(), new_browser()
    athlete = athlete_ready(athlete_browser)
    coach = sign_up(coach_browser, "coach", "Cory Coach")
    person = athlete["person_id"]
    assert coach_browser.get(f"/api/people/{person}").status_code == 404
    grant = athlete_browser.post("/api/me/grants", json={"email": coach["email"]})
    assert grant.status_code == 202, grant.text
    (active,) = athlete_browser.get("/api/me/grants").json()
    roster = coach_browser.get("/api/roster").json()
    assert [row["name"] for row in roster] == ["Ada Athlete"]
    assert coach_browser.get(f"/api/people/{person}").status_code == 200
    exported = athlete_browser.get("/api/me/export").json()
    assert any(entry["actor_id"] == coach["id"] for entry in exported["audit"])
    athlete_browser.post(f"/api/me/grants/{active['id']}/revoke")
    assert coach_browser.get(f"/api/people/{person}").status_code == 404


def test_guided_lop_through_the_api(new_browser: Any) -> None:
    browser = new_browser()
    athlete = athlete_ready(browser)
    path = f"/api/people/{athlete['person_id']}/lop/guided"
    first = browser.post(path, json={"limb": "thigh"}).json()
    assert first["phase"] == "preparation" and not first["finished"]
    stopped = browser.post(path, json={"limb": "thigh", "answers": ["stop"]}).json()
    assert stopped["finished"]
    bad = browser.post(path, json={"limb": "thigh", "answers": ["maybe"]})
    assert bad.status_code == 400 and "not understood" in bad.json()["detail"]


def test_delete_account_through_the_api(new_browser: Any) -> None:
    browser = new_browser()
    athlete = athlete_ready(browser)
    refused = browser.post("/api/me/delete", json={"password": "not it at all"})
    assert refused.status_code == 401
    assert browser.post("/api/me/delete", json={"password": PASSWORD}).status_code == 200
    assert browser.get(f"/api/people/{athlete['person_id']}").status_code == 401
