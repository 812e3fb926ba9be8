"""The simulator page and its API: the model's flows, bad values refused with a message."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import sign_up


def test_flow_matches_the_physiology_model(new_browser: Any) -> None:
    from occlusion.physiology import Cuff, Subject, flow_at_pressure, occlusion_pressure_mmhg

    browser = new_browser()
    sign_up(browser, "athlete")
    query = {
        "limb": "thigh",
        "circumference_cm": 58,
        "sbp_mmhg": 124,
        "dbp_mmhg": 80,
        "cuff_width_cm": 11.5,
        "pressure_mmhg": 100,
    }
    result = browser.get("/api/simulator/flow", params=query).json()
    subject, cuff = Subject("thigh", 58, 124, 80), Cuff(11.5)
    expected = flow_at_pressure(subject, cuff, 100)
    assert result["selected"]["arterial_inflow_pct"] == pytest.approx(
        expected.arterial_inflow_pct, rel=1e-6
    )
    assert result["selected"]["venous_outflow_pct"] == pytest.approx(
        expected.venous_outflow_pct, rel=1e-6, abs=1e-9
    )
    assert result["model_lop_mmhg"] == pytest.approx(occlusion_pressure_mmhg(subject, cuff))
    curve = result["curve"]
    assert curve[0]["pressure_mmhg"] == 0 and curve[0]["arterial_inflow_pct"] == pytest.approx(
        100, abs=1
    )
    assert curve[-1]["pct_lop"] == pytest.approx(120)
    # Above the occlusion pressure no blood gets in.
    assert curve[-1]["arterial_inflow_pct"] < 5
    assert result["references"]


def test_bad_values_are_refused_with_a_message(new_browser: Any) -> None:
    browser = new_browser()
    sign_up(browser, "coach")
    response = browser.get("/api/simulator/flow", params={"pressure_mmhg": "lots"})
    assert response.status_code == 400 and response.json()["detail"]
    response = browser.get("/api/simulator/flow", params={"cuff_width_cm": 99})
    assert response.status_code == 400 and "cuff_width_cm" in response.json()["detail"]


def test_simulator_page_needs_sign_in_and_renders(new_browser: Any) -> None:
    assert new_browser().get("/api/simulator/flow").status_code == 401
    browser = new_browser()
    sign_up(browser, "clinician")
    page = browser.get("/simulator")
    assert page.status_code == 200 and 'type="range"' in page.text
