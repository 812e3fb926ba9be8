"""The service worker's script, the page shown without a connection, and the server's side of
sets sent late: a set names the set it was for, and is refused once the session moved on."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from occlusion.web.routes import offline
from tests.web.conftest import StepClock, athlete_ready
from tests.web.test_session_cuff import cuff_athlete, live_of


def test_the_worker_is_served_from_the_root_with_its_shell(new_browser: Any) -> None:
    response = new_browser().get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    source = response.text
    assert "__OCCLUSION" not in source
    version = re.search(r'var VERSION = "([^"]+)";', source)
    assert version is not None and version.group(1) == offline.worker_version()
    shell = json.loads(re.search(r"var SHELL = (\[.*?\]);", source).group(1))  # type: ignore[union-attr]
    for needed in (
        "/static/app.css",
        "/static/session.js",
        "/static/offline.js",
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/uplot/uPlot.iife.min.js",
        "/static/manifest.webmanifest",
        "/static/icons/icon-192.png",
    ):
        assert needed in shell
    assert not [address for address in shell if address.endswith((".md", "LICENSE"))]
    # Every file the worker keeps is there to be fetched (a missing one fails its install).
    browser = new_browser()
    for address in shell:
        assert browser.get(address).status_code == 200, address


def test_changing_any_static_file_makes_a_new_worker_version(tmp_path: Path) -> None:
    static = tmp_path / "static"
    shutil.copytree(offline.STATIC, static)
    before = offline.worker_version(static)
    assert before == offline.worker_version(static)
    assert before.startswith(f"{offline.occlusion.__version__}-")
    (static / "app.css").write_text((static / "app.css").read_text() + "\n/* changed */\n")
    assert offline.worker_version(static) != before


def test_the_worker_never_keeps_api_answers_or_other_pages() -> None:
    source = offline.WORKER.read_text()
    # Only GET is handled; the API (and its live stream) always goes to the network.
    assert 'request.method !== "GET"' in source
    assert 'url.pathname.indexOf("/api/") === 0) { return; }' in source
    assert re.search(r"SESSION_PAGE = /\^\\/people\\/\[0-9a-f-\]\{36\}\\/session\$/", source)
    # Signing out (and landing on the sign-in page) forgets the kept pages.
    assert source.count("forgetPages()") >= 3


def test_the_offline_page_is_the_same_for_everyone(new_browser: Any) -> None:
    stranger = new_browser().get("/offline")
    assert stranger.status_code == 200
    assert "No connection" in stranger.text
    athlete = new_browser()
    athlete_ready(athlete)
    signed_in = athlete.get("/offline")
    assert signed_in.status_code == 200
    assert "My record" not in signed_in.text and "Ada Athlete" not in signed_in.text


def test_every_page_loads_the_worker_registration(new_browser: Any) -> None:
    page = new_browser().get("/sign-in").text
    assert '<script src="/static/offline.js"></script>' in page
    assert "<script>" not in page  # no inline script: the CSP allows none


def test_a_wrap_state_carries_the_exercise_plan_for_the_phone(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    state = browser.post(f"/api/people/{person}/session/start").json()
    assert state["restriction"] == "wrap"
    plan = state["exercise_plan"]
    assert [item["target_reps"] for item in plan["sets"]] == [30, 15, 15, 15]
    assert plan["rest_between_sets_s"] == 30 and plan["intermittent"] is False


def test_a_cuff_state_gives_the_phone_nothing_to_go_on_with(new_browser: Any, app: Any) -> None:
    browser = new_browser()
    person = cuff_athlete(browser)
    try:
        state = browser.post(f"/api/people/{person}/session/start").json()
        assert state["restriction"] == "cuff"
        assert state["exercise_plan"] is None
    finally:
        live_of(app).close()


def test_a_set_sent_late_lands_on_its_own_set_or_nowhere(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    base = f"/api/people/{person}/session"
    assert browser.post(f"{base}/start").status_code == 200
    assert browser.post(f"{base}/confirm").status_code == 200
    first = {
        "reps": 30,
        "submission": "5f1c9a52-7a0e-4b8e-9a55-0c6b4a1f0001",
        "expected_set": [1, 1],
    }
    logged = browser.post(f"{base}/log", json=first)
    assert logged.status_code == 200, logged.text
    assert (logged.json()["step"], logged.json()["set_number"]) == ("rest", 2)
    # The same set again (its answer was lost): the server knows its token and logs nothing.
    again = browser.post(f"{base}/log", json=first)
    assert again.status_code == 200 and again.json()["set_number"] == 2
    # A set for set 1 once set 2 is under way is refused in words, never logged onto set 2.
    assert browser.post(f"{base}/skip").json()["step"] == "set"
    late = browser.post(
        f"{base}/log",
        json={
            "reps": 12,
            "submission": "5f1c9a52-7a0e-4b8e-9a55-0c6b4a1f0002",
            "expected_set": [1, 1],
        },
    )
    assert late.status_code == 400
    assert late.json()["code"] == "session.set-moved-on"
    assert "moved on" in late.json()["message"] and "[" not in late.json()["message"]
    second = {
        "reps": 15,
        "submission": "5f1c9a52-7a0e-4b8e-9a55-0c6b4a1f0003",
        "expected_set": [1, 2],
    }
    assert browser.post(f"{base}/log", json=second).status_code == 200
    assert browser.post(f"{base}/stop").status_code == 200
    history = browser.get(f"/api/people/{person}/history").json()
    assert [item["reps"] for item in history["sessions"][0]["exercises"][0]["sets"]] == [30, 15]


def test_a_malformed_expected_set_is_refused_in_words(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    base = f"/api/people/{person}/session"
    browser.post(f"{base}/start")
    browser.post(f"{base}/confirm")
    for bad in ([1], [0, 1], [1, 2, 3], [True, 1]):
        response = browser.post(f"{base}/log", json={"reps": 10, "expected_set": bad})
        assert response.status_code == 400, (bad, response.text)
    assert browser.post(f"{base}/log", json={"reps": 10}).status_code == 200


def test_a_set_kept_offline_is_added_to_its_session_that_ended_meanwhile(
    new_browser: Any,
) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    base = f"/api/people/{person}/session"
    session_id = browser.post(f"{base}/start").json()["session_id"]
    browser.post(f"{base}/confirm")
    late = f"/api/people/{person}/sessions/{session_id}/late-sets"
    body = {"reps": 28, "load": 36, "expected_set": [1, 1],
            "submission": "5f1c9a52-7a0e-4b8e-9a55-0c6b4a1f0101"}
    # While the session runs, a set is logged in it, not added late.
    running = browser.post(late, json=body)
    assert running.status_code == 400 and running.json()["code"] == "set.session-running"
    # The session ends on the server (no page followed it); the phone's set arrives after.
    assert browser.post(f"{base}/stop").status_code == 200
    added = browser.post(late, json=body)
    assert added.status_code == 201, added.text
    assert added.json()["target_reps"] == 30 and added.json()["reps"] == 28
    # Its answer was lost and it is sent again: the token is known, nothing is added twice.
    again = browser.post(late, json=body)
    assert again.status_code == 200 and again.json() == {"repeat": True}
    # The same set under another token is refused in words: it is there already.
    twice = browser.post(late, json={**body, "submission": None})
    assert twice.status_code == 400 and twice.json()["code"] == "set.logged-already"
    assert "logged already" in twice.json()["message"]
    for bad, code in (
        ({**body, "expected_set": [1, 2], "reps": 1000, "submission": None},
         "set.reps-out-of-range"),
        ({**body, "expected_set": [3, 1], "submission": None}, "set.no-such-exercise"),
        ({**body, "expected_set": None, "submission": None}, "session.bad-expected-set"),
        ({**body, "expected_set": [1, 2], "symptoms": ["<b>"], "submission": None},
         "set.unknown-symptom"),
    ):
        refused = browser.post(late, json=bad)
        assert refused.status_code == 400, (bad, refused.text)
        assert refused.json()["code"] == code
    sets = browser.get(f"/api/people/{person}/history").json()["sessions"][0]["exercises"][0]
    assert [(item["position"], item["reps"]) for item in sets["sets"]] == [(1, 28)]
    # The summary marks it, and says what the phone reported doing with what it kept.
    page = browser.get(
        f"/people/{person}/sessions/{session_id}",
        params={"kept_added": "1", "kept_refused": "1", "kept_reason": "set 2 is logged already",
                "kept_unsent": "x", "kept_other": "1"},
    ).text
    assert "sent late</span>" in page
    assert "1 set logged on this phone without a connection was added to this session" in page
    assert "1 set kept on this phone could not be added:</strong> Set 2 is logged already." in page
    assert "still kept on this phone" not in page  # "x" is no count
    assert "A report or stop made on this phone without a connection" in page


def test_nobody_adds_a_late_set_to_another_persons_session(new_browser: Any) -> None:
    owner = new_browser()
    person = athlete_ready(owner)["person_id"]
    base = f"/api/people/{person}/session"
    session_id = owner.post(f"{base}/start").json()["session_id"]
    owner.post(f"{base}/stop")
    stranger = new_browser()
    other = athlete_ready(stranger)["person_id"]
    body = {"reps": 10, "expected_set": [1, 1]}
    assert stranger.post(
        f"/api/people/{person}/sessions/{session_id}/late-sets", json=body
    ).status_code == 404
    # Nor to one's own record under another person's session id.
    assert stranger.post(
        f"/api/people/{other}/sessions/{session_id}/late-sets", json=body
    ).status_code == 404


def test_a_late_set_keeps_the_time_the_phone_did_it_when_plausible(
    new_browser: Any, clock: StepClock
) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    base = f"/api/people/{person}/session"
    session_id = browser.post(f"{base}/start").json()["session_id"]
    browser.post(f"{base}/confirm")
    clock.advance(90)
    # Done now, by a phone whose clock shows another offset than the server's; sent an hour on.
    done = clock().astimezone(timezone(timedelta(hours=-5))).replace(microsecond=0)
    assert browser.post(f"{base}/stop").status_code == 200
    clock.advance(3600)
    late = f"/api/people/{person}/sessions/{session_id}/late-sets"
    kept = browser.post(late, json={"reps": 28, "expected_set": [1, 1],
                                    "done_at": done.isoformat()})
    assert kept.status_code == 201, kept.text
    # A phone clock a day ahead is not believed: the set takes the time it arrived.
    ahead = browser.post(late, json={"reps": 20, "expected_set": [1, 2],
                                     "done_at": (done + timedelta(days=1)).isoformat()})
    assert ahead.status_code == 201, ahead.text
    for bad, code in (("yesterday", "input.bad-time"),
                      ("2026-05-01T18:30", "input.time-without-offset")):
        refused = browser.post(late, json={"reps": 10, "expected_set": [1, 3], "done_at": bad})
        assert refused.status_code == 400 and refused.json()["code"] == code, refused.text
    exported = browser.get(f"/people/{person}/export", params={"format": "json"}).json()
    times = {item["position"]: item["performed_at"]
             for item in exported["tables"]["training_set"]}
    assert times[1] == done.isoformat()
    assert datetime.fromisoformat(times[2]) == clock()
    page = browser.get(f"/people/{person}/sessions/{session_id}").text
    assert page.count("sent late</span>") == 2
    assert page.count("timed when it arrived") == 1


def test_a_set_kept_offline_and_sent_while_the_session_runs_keeps_the_time_it_was_done(
    new_browser: Any, clock: StepClock
) -> None:
    """A set queued on the phone at t and sent at t + N through ``/log`` shows t."""
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    base = f"/api/people/{person}/session"
    browser.post(f"{base}/start")
    browser.post(f"{base}/confirm")
    clock.advance(45)
    # Done now, kept by a phone without a connection (its clock in another offset); sent later.
    done = clock().astimezone(timezone(timedelta(hours=-5))).replace(microsecond=0)
    clock.advance(100)
    kept = browser.post(f"{base}/log", json={"reps": 30, "expected_set": [1, 1],
                                             "done_at": done.isoformat()})
    assert kept.status_code == 200, kept.text
    assert browser.post(f"{base}/skip").json()["step"] == "set"
    clock.advance(50)
    # A phone clock a day ahead, or before the set ahead of it, is not believed: timed on arrival.
    ahead = browser.post(f"{base}/log", json={"reps": 15, "expected_set": [1, 2],
                                              "done_at": (done + timedelta(days=1)).isoformat()})
    assert ahead.status_code == 200, ahead.text
    second_at = clock()
    browser.post(f"{base}/skip")
    clock.advance(40)
    earlier = browser.post(f"{base}/log", json={"reps": 15, "expected_set": [1, 3],
                                                "done_at": done.isoformat()})
    assert earlier.status_code == 200, earlier.text
    third_at = clock()
    browser.post(f"{base}/skip")
    # A time that is no time is refused in words, and logs nothing.
    refused = browser.post(f"{base}/log", json={"reps": 12, "expected_set": [1, 4],
                                                "done_at": "yesterday"})
    assert refused.status_code == 400 and refused.json()["code"] == "input.bad-time"
    assert browser.get(base).json()["set_number"] == 4
    browser.post(f"{base}/stop")
    exported = browser.get(f"/people/{person}/export", params={"format": "json"}).json()
    times = {item["position"]: item["performed_at"]
             for item in exported["tables"]["training_set"]}
    assert times[1] == done.isoformat()
    assert datetime.fromisoformat(times[2]) == second_at
    assert datetime.fromisoformat(times[3]) == third_at
    assert 4 not in times
