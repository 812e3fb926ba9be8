"""Live sessions through the simulated cuff: pressure on the stream, stop rules and faults deflate.

The simulated device runs in virtual time paced by the app's clock, so these tests move the
clock by hand and never sleep.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from occlusion.device.firmware import limits
from occlusion.services.live_sessions import LEAVE_AFTER_S, LiveSessions
from occlusion.sessions.runner import SessionRunner
from occlusion.web.app import create_app
from occlusion.web.config import WebConfig
from tests.web.conftest import Browser, StepClock, athlete_ready
from tests.web.test_session import events

CUFF_PLAN = {
    "equipment": {"kind": "cuff", "width_cm": 18, "material": "nylon"},
    "training": {"goal": "hypertrophy", "protocol": "resistance-30-15-15-15", "posture": "seated"},
    "exercises": [{"name": "Leg press", "limb": "thigh", "one_rep_max_kg": 120}],
}
LIMBS = ("left-thigh", "right-thigh")
#: Below this the device counts a cuff as empty [mmHg].
SAFE_MMHG = limits.limit("safe_pressure_mmhg")
#: 50 % of the 180 mmHg LOP recorded below.
TARGET_MMHG = 90.0


def cuff_athlete(browser: Browser) -> str:
    """An athlete with a measured thigh LOP (18 cm nylon cuff, seated) and a cuff plan."""
    person = str(athlete_ready(browser)["person_id"])
    for side in ("left", "right"):
        measured = browser.post(
            f"/api/people/{person}/lop/measured",
            json={"limb": "thigh", "side": side, "cuff_width_cm": 18, "lop_mmhg": 180},
        )
        assert measured.status_code == 201, measured.text
    plan = browser.post(f"/api/people/{person}/plan", json=CUFF_PLAN)
    assert plan.status_code == 201, plan.text
    return person


def live_of(app: Any) -> LiveSessions:
    live: LiveSessions = app.state["occlusion"].live
    return live


def follow(live: LiveSessions, clock: StepClock, person: str, duration_s: float) -> dict[str, Any]:
    """Move the clock in quarter seconds with a page following the session; return its state."""
    state: dict[str, Any] | None = None
    for _ in range(round(duration_s / 0.25)):
        clock.advance(0.25)
        state = live.state(uuid.UUID(person))
        assert state is not None, "the session ended while followed"
    assert state is not None
    return state


def deflated(client: Any) -> bool:
    """Whether every channel is let go and below the safe pressure (idle only once empty)."""
    status = client.latest
    return status is not None and all(
        line.state in {"idle", "safe", "deflating"} and line.pressure_mmhg < SAFE_MMHG
        for line in status.channels
    )


@pytest.fixture
def started(new_browser: Any, app: Any, clock: StepClock) -> Iterator[tuple[Browser, str]]:
    browser = new_browser()
    person = cuff_athlete(browser)
    response = browser.post(f"/api/people/{person}/session/start")
    assert response.status_code == 200, response.text
    first = response.json()
    assert first["restriction"] == "cuff"
    assert first["step"] == "apply"
    assert first["target_pressure_mmhg"] == pytest.approx(TARGET_MMHG)
    assert set(first["cuff"]["channels"]) == set(LIMBS)
    assert (first["cuff"]["device"], first["cuff"]["simulated"]) == ("sim", True)
    yield browser, person
    live_of(app).close()


def test_cuff_inflates_to_target_and_the_stream_carries_its_pressure(
    started: tuple[Browser, str], app: Any, clock: StepClock
) -> None:
    browser, person = started
    state = follow(live_of(app), clock, person, 30.0)
    assert state["step"] == "set", "the cuff reached its target without a confirmation"
    for limb in LIMBS:
        channel = state["cuff"]["channels"][limb]
        assert channel["target_mmhg"] == pytest.approx(TARGET_MMHG)
        assert channel["pressure_mmhg"] == pytest.approx(TARGET_MMHG, abs=5.0)
        assert channel["state"] == "regulating"
    received = events(
        browser.get(f"/api/people/{person}/session/stream", params={"limit": 4}).text
    )
    assert [kind for kind, _ in received] == ["state"] * 4
    for _, data in received:
        for limb in LIMBS:
            sample = data["cuff"]["channels"][limb]
            assert sample["pressure_mmhg"] == pytest.approx(TARGET_MMHG, abs=5.0)
            assert sample["target_mmhg"] == pytest.approx(TARGET_MMHG)


@pytest.mark.parametrize(
    "report", [{"discomfort": 8}, {"symptom": "numbness"}, {"symptom": "dizziness"}]
)
def test_stop_rule_buttons_deflate_at_once(
    started: tuple[Browser, str], app: Any, clock: StepClock, report: dict[str, Any]
) -> None:
    browser, person = started
    live = live_of(app)
    follow(live, clock, person, 30.0)
    client = next(iter(live._live.values())).cuff.restriction.client  # type: ignore[union-attr]
    reply = browser.post(f"/api/people/{person}/session/report", json=report)
    assert reply.status_code == 200, reply.text
    after = reply.json()
    # The release is commanded in the same request: no channel keeps a target.
    assert all(channel["target_mmhg"] is None for channel in after["cuff"]["channels"].values())
    if after["outcome"] is None:
        assert after["step"] == "reperfusion"
        later = follow(live, clock, person, 10.0)
        assert all(
            later["cuff"]["channels"][limb]["pressure_mmhg"] < SAFE_MMHG for limb in LIMBS
        )
    else:
        # The session ended: the cuff was deflated and let go.
        assert deflated(client)
        assert browser.get(f"/api/people/{person}/session").status_code == 400


def test_leaving_the_page_stops_and_deflates(
    started: tuple[Browser, str], app: Any, clock: StepClock
) -> None:
    browser, person = started
    live = live_of(app)
    follow(live, clock, person, 30.0)
    client = next(iter(live._live.values())).cuff.restriction.client  # type: ignore[union-attr]
    for _ in range(round((LEAVE_AFTER_S + 1) / 0.25)):
        clock.advance(0.25)
        live.service()
    assert deflated(client)
    assert browser.get(f"/api/people/{person}/session").status_code == 400
    session = browser.get(f"/api/people/{person}/history").json()["sessions"][0]
    assert "no page followed the session" in (session.get("stop_reason") or "")
    ended = live.take_ended(uuid.UUID(person))
    assert ended is not None and "no page followed" in ended["outcome"]
    assert live.take_ended(uuid.UUID(person)) is None, "shown once"


def test_a_server_error_deflates(
    started: tuple[Browser, str], app: Any, clock: StepClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser, person = started
    live = live_of(app)
    follow(live, clock, person, 30.0)
    client = next(iter(live._live.values())).cuff.restriction.client  # type: ignore[union-attr]

    def broken(self: SessionRunner) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(SessionRunner, "skip_countdown", broken)
    assert browser.post(f"/api/people/{person}/session/skip").status_code == 500
    assert deflated(client)
    assert browser.get(f"/api/people/{person}/session").status_code == 400


def test_restart_resumes_through_the_cuff(
    started: tuple[Browser, str], app: Any, clock: StepClock, web_config: WebConfig
) -> None:
    browser, person = started
    before = follow(live_of(app), clock, person, 30.0)
    with TestClient(create_app(web_config)) as other_client:
        other = Browser(other_client)
        other.cookies = dict(browser.cookies)
        resumed = other.get(f"/api/people/{person}/session").json()
        assert resumed["session_id"] == before["session_id"]
        assert resumed["restriction"] == "cuff"
        assert set(resumed["cuff"]["channels"]) == set(LIMBS)


def test_without_a_device_a_cuff_plan_is_guided_as_wraps(
    web_config: WebConfig,
) -> None:
    from dataclasses import replace

    with TestClient(create_app(replace(web_config, device=None))) as test_client:
        browser = Browser(test_client)
        person = cuff_athlete(browser)
        started = browser.post(f"/api/people/{person}/session/start").json()
        assert started["restriction"] == "wrap"
        assert started["cuff"] is None


def test_a_refused_start_lets_the_device_go(
    new_browser: Any, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from occlusion.device.client import CuffClient
    from occlusion.errors import InputError
    from occlusion.services import live_sessions as live_module

    closed: list[bool] = []
    original = CuffClient.close

    def close(self: CuffClient) -> None:
        closed.append(True)
        original(self)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise InputError("refused for the test")

    browser = new_browser()
    person = cuff_athlete(browser)
    monkeypatch.setattr(CuffClient, "close", close)
    monkeypatch.setattr(live_module, "start_session", refuse)
    refused = browser.post(f"/api/people/{person}/session/start")
    assert refused.status_code == 400
    assert refused.json()["detail"] == "refused for the test"
    assert closed == [True], "the cuff opened for the refused start was not let go"
    assert live_of(app)._live == {}


def test_a_wrap_plan_stays_wraps_on_a_server_with_a_cuff(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    started = browser.post(f"/api/people/{person}/session/start").json()
    assert started["restriction"] == "wrap" and started["cuff"] is None


def test_a_device_fault_reaches_the_page_as_an_alarm_and_releases(
    started: tuple[Browser, str], app: Any, clock: StepClock
) -> None:
    from occlusion.device.simulated.faults import FaultEvent

    browser, person = started
    live = live_of(app)
    follow(live, clock, person, 30.0)
    client = next(iter(live._live.values())).cuff.restriction.client  # type: ignore[union-attr]
    device = client.transport.device
    fault = FaultEvent("sensor-disconnected", start_s=device.time_s + 0.5, channel=0)
    device.hardware.inject(fault)
    state = follow(live, clock, person, 5.0)
    alarms = state["cuff"]["alarms"]
    raised = [alarm for alarm in alarms if alarm["event"] == "raised"]
    assert raised and raised[0]["limb"] == "left-thigh"
    assert any(alarm["severity"] != "advisory" for alarm in raised)
    assert state["cuff"]["active_alarms"], "the latched alarm is shown as active"
    # The runner released the limbs and started a reperfusion, as on the command line.
    assert state["step"] == "reperfusion"
    assert not any(budget["applied"] for budget in state["budgets"])
    streamed = events(
        browser.get(f"/api/people/{person}/session/stream", params={"limit": 1}).text
    )
    assert streamed[0][1]["cuff"]["active_alarms"] == state["cuff"]["active_alarms"]


def test_shutdown_deflates_and_the_session_resumes(
    started: tuple[Browser, str], app: Any, clock: StepClock
) -> None:
    browser, person = started
    live = live_of(app)
    before = follow(live, clock, person, 30.0)
    assert before["step"] == "set"
    client = next(iter(live._live.values())).cuff.restriction.client  # type: ignore[union-attr]
    live.close()
    assert deflated(client)
    resumed = browser.get(f"/api/people/{person}/session").json()
    assert resumed["session_id"] == before["session_id"]
    assert resumed["restriction"] == "cuff"
    # The interrupted set was released and must be restricted again (after reperfusion if due).
    assert resumed["step"] in {"apply", "reperfusion"}
    assert not any(budget["applied"] for budget in resumed["budgets"])


def test_a_latched_alarm_ends_the_session_with_its_reason(
    started: tuple[Browser, str], app: Any, clock: StepClock
) -> None:
    from occlusion.device.simulated.faults import FaultEvent

    browser, person = started
    live = live_of(app)
    follow(live, clock, person, 30.0)
    client = next(iter(live._live.values())).cuff.restriction.client  # type: ignore[union-attr]
    device = client.transport.device
    fault = FaultEvent("sensor-disconnected", start_s=device.time_s + 0.5, channel=0)
    device.hardware.inject(fault)
    # Through the reperfusion: asking the device to inflate again meets the latched alarm.
    for _ in range(4 * 240):
        clock.advance(0.25)
        if live.state(uuid.UUID(person)) is None:
            break
    assert deflated(client)
    # What the following page's stream ends with: the last state and its reason.
    final = live.take_ended(uuid.UUID(person))
    assert final is not None and "device fault" in final["outcome"]
    session = browser.get(f"/api/people/{person}/history").json()["sessions"][0]
    assert "device fault" in (session.get("stop_reason") or "")


def test_device_alarms_are_counted_for_prometheus(
    started: tuple[Browser, str], app: Any, clock: StepClock
) -> None:
    import re

    from occlusion.device.simulated.faults import FaultEvent

    browser, person = started
    live = live_of(app)
    assert "occlusion_device_alarms_total{" not in browser.get("/metrics").text
    follow(live, clock, person, 30.0)
    client = next(iter(live._live.values())).cuff.restriction.client  # type: ignore[union-attr]
    device = client.transport.device
    device.hardware.inject(
        FaultEvent("sensor-disconnected", start_s=device.time_s + 0.5, channel=0)
    )
    state = follow(live, clock, person, 5.0)
    raised = [alarm for alarm in state["cuff"]["alarms"] if alarm["event"] == "raised"]
    assert raised
    page = browser.get("/metrics").text
    counted = {
        (code, severity): float(value)
        for code, severity, value in re.findall(
            r'^occlusion_device_alarms_total\{code="([^"]+)",severity="([^"]+)"\} (\S+)$',
            page,
            re.MULTILINE,
        )
    }
    expected: dict[tuple[str, str], float] = {}
    for alarm in raised:
        key = (alarm["code"], alarm["severity"])
        expected[key] = expected.get(key, 0.0) + 1.0
    assert counted == expected
