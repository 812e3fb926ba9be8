"""The cuff's automatic LOP measurement from the web: simulated results are never saved."""

from __future__ import annotations

from typing import Any

import pytest

from occlusion.device.address import DeviceAddress
from occlusion.device.transports.sim import DEFAULT_LOP_MMHG
from tests.web.conftest import athlete_ready


def test_simulated_cuff_measures_but_does_not_save(new_browser: Any) -> None:
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    body = {"limb": "thigh", "side": "right", "cuff_width_cm": 11.5, "posture": "supine"}
    result = browser.post(f"/api/people/{person}/lop/device", json=body).json()
    assert result["simulated"] is True and result["saved"] is None
    assert result["lop_mmhg"] == pytest.approx(DEFAULT_LOP_MMHG["thigh"], abs=10)
    assert browser.get(f"/api/people/{person}/measurements").json()["lop"] == []
    page = browser.form(
        f"/people/{person}/lop/device",
        {**body, "cuff_width_cm": "11.5", "cuff_material": "nylon"},
    )
    assert page.status_code == 200 and "not saved" in page.text


def test_a_real_cuff_result_is_saved_as_a_device_measurement(
    new_browser: Any, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from occlusion.device.client import CuffClient

    connect = CuffClient.connect.__func__  # type: ignore[attr-defined]
    # Stand the simulator in for a serial cuff so the "real cuff" path runs end to end.
    monkeypatch.setattr(
        CuffClient, "connect", classmethod(lambda cls, url, **options: connect(cls, "sim:thigh"))
    )
    state = app.state["occlusion"]
    monkeypatch.setattr(
        state,
        "config",
        type(state.config)(
            **{
                **{field: getattr(state.config, field) for field in state.config.__slots__},
                "device": DeviceAddress.parse("serial:/dev/ttyUSB0"),
            }
        ),
    )
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    body = {"limb": "thigh", "side": "left", "cuff_width_cm": 11.5, "posture": "supine"}
    result = browser.post(f"/api/people/{person}/lop/device", json=body).json()
    assert result["simulated"] is False and result["saved"]["source"] == "device"
    stored = browser.get(f"/api/people/{person}/measurements").json()["lop"]
    assert [(row["source"], row["method"]) for row in stored] == [
        ("device", "device-oscillometric")
    ]


def test_no_cuff_configured_is_a_clear_refusal(
    new_browser: Any, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = app.state["occlusion"]
    monkeypatch.setattr(
        state,
        "config",
        type(state.config)(
            **{
                **{field: getattr(state.config, field) for field in state.config.__slots__},
                "device": None,
            }
        ),
    )
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    response = browser.post(
        f"/api/people/{person}/lop/device",
        json={"limb": "thigh", "side": "left", "cuff_width_cm": 11.5},
    )
    assert response.status_code == 400 and response.json()["code"] == "lop.no-device"


def _with_device(app: Any, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    state = app.state["occlusion"]
    monkeypatch.setattr(
        state,
        "config",
        type(state.config)(
            **{
                **{field: getattr(state.config, field) for field in state.config.__slots__},
                "device": DeviceAddress.parse(url),
            }
        ),
    )


def test_a_cuff_that_cannot_be_reached_is_said_in_words(
    new_browser: Any, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_device(app, monkeypatch, "serial:/dev/no-such-cuff-port")
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    body = {"limb": "thigh", "side": "left", "cuff_width_cm": "11.5", "cuff_material": "nylon"}
    page = browser.form(f"/people/{person}/lop/device", body)
    # The cuff, not the server, failed: 503 with what to check, and no port or errno on the page.
    assert page.status_code == 503
    assert "The cuff could not be reached. Check that it is switched on" in page.text
    assert "/dev/no-such-cuff-port" not in page.text and "Errno" not in page.text
    answer = browser.post(f"/api/people/{person}/lop/device", json={**body, "cuff_width_cm": 11.5})
    assert answer.status_code == 503
    assert answer.json()["code"] == "device.serial.cannot-open"
    assert answer.json()["message"].startswith("The cuff could not be reached.")


def test_a_limb_the_cuff_has_no_channel_for_is_refused_in_words(
    new_browser: Any, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_device(app, monkeypatch, "sim:thigh")
    browser = new_browser()
    person = athlete_ready(browser)["person_id"]
    body = {"limb": "arm", "side": "left", "cuff_width_cm": "11.5", "cuff_material": "nylon"}
    page = browser.form(f"/people/{person}/lop/device", body)
    assert page.status_code == 400
    assert (
        "The cuff connected here has no arm cuff: choose the thigh, or measure LOP by hand."
        in page.text
    )
