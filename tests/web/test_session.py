"""The live session: its event stream, and resuming with nothing lost after a restart."""

from __future__ import annotations

import json
from typing import Any

from litestar.testing import TestClient

from occlusion.web.app import create_app
from occlusion.web.config import WebConfig
from tests.web.conftest import Browser, athlete_ready, sign_up


def events(text: str) -> list[tuple[str, dict[str, Any]]]:
    parsed = []
    for block in text.strip().split("\r\n\r\n" if "\r\n" in text else "\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            parsed.append((fields["event"], json.loads(fields["data"])))
    return parsed


def test_stream_sends_state_updates_then_ends(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    stream = f"/api/people/{person}/session/stream"
    assert browser.get(stream).status_code == 400  # no session yet: one clear refusal
    browser.post(f"/api/people/{person}/session/start")
    received = events(browser.get(stream, params={"limit": 5}).text)
    assert [kind for kind, _ in received] == ["state"] * 5
    assert all(data["step"] == "apply" for _, data in received)
    browser.post(f"/api/people/{person}/session/stop")
    assert browser.get(stream).status_code == 400
    stranger = new_browser()
    sign_up(stranger, "coach")
    assert stranger.get(stream, params={"limit": 1}).status_code == 404


def test_restart_resumes_with_nothing_lost(new_browser: Any, web_config: WebConfig) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    base = f"/api/people/{person}/session"
    browser.post(f"{base}/start")
    browser.post(f"{base}/confirm")
    logged = browser.post(f"{base}/log", json={"reps": 30, "rpe": 6}).json()
    assert logged["step"] == "rest"
    # A second server on the same database knows nothing in memory: it resumes from the log.
    with TestClient(create_app(web_config)) as other_client:
        other = Browser(other_client)
        other.cookies = dict(browser.cookies)
        resumed = other.get(base).json()
        assert resumed["session_id"] == logged["session_id"]
        assert resumed["set_number"] == 2
        history = other.get(f"/api/people/{person}/history").json()
        sets = history["sessions"][0]["exercises"][0]["sets"]
        assert [item["reps"] for item in sets] == [30]
