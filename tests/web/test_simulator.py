"""The simulator page and its API: the model's flows, bad values refused with a message."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.web.conftest import sign_up

#: A thigh, its blood pressure and an 11.5 cm cuff, as the API takes them.
THIGH_58_CM = {"limb": "thigh", "circumference_cm": 58, "sbp_mmhg": 124, "dbp_mmhg": 80,
               "cuff_width_cm": 11.5}


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
    expected = flow_at_pressure(subject, cuff, 100, reading_time_s=300.0)
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
    # Every output carries its population band (people with these measurements).
    from occlusion.physiology.population_band import flow_curve_band, occlusion_pressure_band

    assert result["model_lop_band_mmhg"] == pytest.approx(
        occlusion_pressure_band(subject, cuff).as_dict()
    )
    band = result["selected"]["band"]["arterial_inflow_pct"]
    # Read when the veins below the cuff have filled (the settled reading, 300 s).
    assert result["reading_time_s"] == 300.0
    (expected_band,) = flow_curve_band(
        subject, cuff, [100], reading_time_s=result["reading_time_s"]
    )
    assert band == pytest.approx(expected_band.arterial_inflow_pct.as_dict())
    assert band["p5"] <= band["p50"] <= band["p95"]
    assert all("band" in point for point in curve)
    # The pooled blood carries its band too, at every pressure of the curve.
    for point in [*curve, result["selected"]]:
        pooled = point["band"]["pooled_volume_ml"]
        assert pooled["p5"] <= pooled["p50"] <= pooled["p95"]
    session_band = result["selected"]["session_pooled_volume_band_ml"]
    assert session_band["p5"] <= result["selected"]["session_pooled_volume_ml"] * 1.2


def test_bad_values_are_refused_with_a_message(new_browser: Any) -> None:
    browser = new_browser()
    sign_up(browser, "coach")
    response = browser.get("/api/simulator/flow", params={"pressure_mmhg": "lots"})
    assert response.status_code == 400 and response.json()["detail"]
    response = browser.get("/api/simulator/flow", params={"cuff_width_cm": 99})
    assert response.status_code == 400 and "cuff_width_cm" in response.json()["detail"]


def test_the_page_and_the_api_take_the_widths_the_model_covers(new_browser: Any) -> None:
    """One source: the page's and the API's bounds are the model's (4-20 cm), in the reader's
    units; a width outside them is refused with words naming the field."""
    import re

    from occlusion.physiology.parameters.model_choices import MODEL_CUFF_WIDTH_CM

    browser = new_browser()
    sign_up(browser, "coach")
    page = browser.get("/simulator").text
    width = re.search(r'<input id="cuff_width"[^>]*>', page)
    assert width is not None
    low, high = MODEL_CUFF_WIDTH_CM
    assert f'min="{low:g}"' in width.group(0) and f'max="{high:g}"' in width.group(0)
    assert 'aria-describedby="cuff_width-error"' in width.group(0)
    assert '<p class="field-error" id="cuff_width-error" hidden></p>' in page
    circumference = re.search(r'<input id="circumference"[^>]*>', page)
    assert circumference is not None
    for limb, bounds in (("thigh", (25, 110)), ("arm", (12, 70))):
        assert f'data-min-{limb}="{bounds[0]}"' in circumference.group(0)
        assert f'data-max-{limb}="{bounds[1]}"' in circumference.group(0)
    assert browser.get("/api/simulator/flow", params={"cuff_width_cm": 4.0}).status_code == 200
    for outside in (3.9, 20.5):
        response = browser.get("/api/simulator/flow", params={"cuff_width_cm": outside})
        assert response.status_code == 400
        document = response.json()
        assert document["field"] == "cuff_width_cm"
        assert document["message"] in ("Cuff width must be at least 4 cm.",
                                       "Cuff width must be at most 20 cm.")


def test_the_model_refuses_a_width_it_was_not_built_for_in_words() -> None:
    """Below the page, the use case says the model's range in words (both units)."""
    from occlusion.errors import OutOfRangeError
    from occlusion.services.simulator import simulate_flow
    from occlusion.web.words import error_text

    with pytest.raises(OutOfRangeError) as refused:
        simulate_flow(
            limb="thigh", circumference_cm=56.0, sbp_mmhg=120.0, dbp_mmhg=78.0,
            cuff_width_cm=3.5, cuff_material="nylon", pressure_mmhg=100.0,
        )  # fmt: skip
    assert refused.value.code == "physiology.cuff-width-outside-validity"
    assert error_text(refused.value) == (
        "The model was worked out for cuffs 4 to 20 cm (1.6 to 7.9 in) wide: choose a width in "
        "that range."
    )


def test_simulator_page_needs_sign_in_and_renders(new_browser: Any) -> None:
    assert new_browser().get("/api/simulator/flow").status_code == 401
    browser = new_browser()
    sign_up(browser, "clinician")
    page = browser.get("/simulator")
    assert page.status_code == 200 and 'type="range"' in page.text


def test_pooled_volume_comes_with_the_flows(new_browser: Any) -> None:
    from occlusion.physiology import Cuff, Subject, simulate_session

    browser = new_browser()
    sign_up(browser, "athlete")
    query = {"limb": "thigh", "circumference_cm": 56, "cuff_width_cm": 11.5, "pressure_mmhg": 120}
    result = browser.get("/api/simulator/flow", params=query).json()
    curve = result["curve"]
    volumes = [point["pooled_volume_ml"] for point in curve]
    # No cuff, no pooling; above the occlusion pressure no blood gets in to pool.
    assert volumes[0] == pytest.approx(0.0, abs=1e-6)
    assert volumes[-1] == pytest.approx(0.0, abs=1.0)
    # Pooling rises while the veins close and the artery stays open, then falls.
    peak = max(range(len(volumes)), key=volumes.__getitem__)
    assert 0 < peak < len(volumes) - 1
    rising = volumes[: peak + 1]
    assert all(a <= b + 1e-9 for a, b in itertools.pairwise(rising))
    selected = result["selected"]
    assert selected["pooled_volume_ml"] > 0
    session = simulate_session(
        Subject("thigh", 56, 120, 78), Cuff(11.5), protocol="30-15-15-15", pressure_mmhg=120
    )
    assert selected["session_pooled_volume_ml"] == pytest.approx(
        session.summary_dict()["pooled_volume_ml"]
    )
    assert selected["session_protocol"] == "30-15-15-15"


def test_wrap_stretch_sets_the_pressure_by_the_abe_2019_calibration(new_browser: Any) -> None:
    from occlusion.physiology import Cuff, Subject, occlusion_pressure_mmhg

    browser = new_browser()
    sign_up(browser, "athlete")
    query = {"limb": "arm", "circumference_cm": 30, "cuff_width_cm": 5, "stretch_pct": 15}
    result = browser.get("/api/simulator/flow", params=query).json()
    # By hand: 40 % LOP at 10 % stretch, 80 % at 20 %, linear between: 15 % -> 60 % LOP.
    assert result["stretch_pct_lop"] == pytest.approx(60.0)
    lop = occlusion_pressure_mmhg(Subject("arm", 30, 120, 78), Cuff(5, "nylon"))
    assert result["cuff_material"] == "nylon"
    assert result["selected"]["pressure_mmhg"] == pytest.approx(0.6 * lop)
    assert result["selected"]["pct_lop"] == pytest.approx(60.0)
    assert "abe_2019_elastic_cuff_stretch" in [ref["key"] for ref in result["references"]]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"limb": "arm", "cuff_width_cm": 5, "stretch_pct": 25}, "calibrated"),
        ({"limb": "arm", "cuff_width_cm": 5, "stretch_pct": 5}, "calibrated"),
        ({"limb": "thigh", "cuff_width_cm": 5, "stretch_pct": 15}, "arm"),
        ({"limb": "arm", "cuff_width_cm": 10, "stretch_pct": 15}, "5 cm"),
    ],
)
def test_uncalibrated_stretch_is_refused(
    new_browser: Any, query: dict[str, Any], message: str
) -> None:
    browser = new_browser()
    sign_up(browser, "coach")
    response = browser.get("/api/simulator/flow", params=query)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_far_above_occlusion_has_no_session_value_but_no_error(new_browser: Any) -> None:
    browser = new_browser()
    sign_up(browser, "athlete")
    query = {"limb": "arm", "circumference_cm": 25, "cuff_width_cm": 12, "pressure_mmhg": 400}
    response = browser.get("/api/simulator/flow", params=query)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["selected"]["pct_lop"] > 150
    assert result["selected"]["session_pooled_volume_ml"] is None
    assert result["selected"]["arterial_inflow_pct"] < 5


@settings(max_examples=12, deadline=None)
@given(stretch_pct=st.floats(min_value=10.0, max_value=20.0))
def test_any_calibrated_stretch_lands_on_the_abe_line(stretch_pct: float) -> None:
    from occlusion.services.simulator import simulate_flow

    result = simulate_flow(
        limb="arm",
        circumference_cm=30,
        sbp_mmhg=120,
        dbp_mmhg=78,
        cuff_width_cm=5,
        cuff_material="elastic",
        pressure_mmhg=0,
        stretch_pct=stretch_pct,
    )
    # The published points (10 %, 40 % LOP) and (20 %, 80 % LOP), by hand: 4 % LOP per 1 % stretch.
    expected = 40.0 + 4.0 * (stretch_pct - 10.0)
    assert result["selected"]["pct_lop"] == pytest.approx(expected)
    assert 0.0 <= result["selected"]["arterial_inflow_pct"] <= 100.5
    assert result["selected"]["pooled_volume_ml"] >= 0.0


def test_words_for_estimated_shares_and_method_evidence_name_no_command() -> None:
    from occlusion.errors import NotEstimableError, OutOfRangeError
    from occlusion.web.words import agreement_text, error_text, estimated_share_lines

    population = error_text(
        NotEstimableError("too old", code="lop.not-estimable.outside-studied-population")
    )
    assert population == "too old: measure LOP with the guided steps on the Measurements page"
    beyond = error_text(
        OutOfRangeError("too high", code="physiology.lop-beyond-studied-pressures")
    )
    assert beyond == "too high: choose a wider cuff"
    assert estimated_share_lines(None) == []
    study = {"method": "doppler", "limb": "arm", "verdict": "agrees", "bias_mmhg": -0.65,
             "limits_of_agreement_mmhg": None, "limits_half_width_mmhg": 5.56,
             "repeatability_icc": None, "sample_size": 30}  # fmt: skip
    assert agreement_text(study) == (
        "Hand-held Doppler on the arm agreed with ultrasound imaging (mean difference -0.65 "
        "mmHg, 95 % of readings within ±5.56 mmHg, 30 people)."
    )


def test_the_page_checks_its_fields_with_the_servers_rules_in_the_readers_units(
    new_browser: Any,
) -> None:
    """One source: the rules written into the page are the server's fields' own rules."""
    import html
    import json
    import re

    from occlusion.vocabulary import UnitSystem
    from occlusion.web.routes.record import DIASTOLIC_NOT_BELOW_SYSTOLIC
    from occlusion.web.routes.simulator import field_specs

    browser = new_browser()
    sign_up(browser, "coach")
    page = browser.get("/simulator").text
    found = re.search(r'<form id="simulator"[^>]*data-fields="([^"]*)"', page)
    assert found is not None
    rules = json.loads(html.unescape(found.group(1)))
    specs = field_specs(UnitSystem.METRIC)
    for name in ("cuff_width", "sbp_mmhg", "dbp_mmhg"):
        assert {k: v for k, v in rules[name].items() if k != "not_below_systolic"} == (
            specs[name].rule()
        )
    for limb in ("arm", "thigh"):
        assert rules["circumference"][limb] == specs["circumference"][limb].rule()
    assert rules["dbp_mmhg"]["not_below_systolic"] == DIASTOLIC_NOT_BELOW_SYSTOLIC
    # In inches the model's 4-20 cm is 1.6-7.8 in (rounded inwards to a tenth).
    inches = field_specs(UnitSystem.IMPERIAL)
    assert inches["cuff_width"].rule()["out_of_range"] == (
        "Cuff width must be from 1.6 to 7.8 in, such as 2."
    )
    assert inches["circumference"]["arm"].rule()["out_of_range"] == (
        "Circumference must be from 4.8 to 27.5 in, such as 13."
    )


def test_the_body_position_changes_the_model_as_it_changes_a_measured_lop(
    new_browser: Any,
) -> None:
    from occlusion.physiology import Cuff, Subject, occlusion_pressure_mmhg

    browser = new_browser()
    sign_up(browser, "athlete")
    page = browser.get("/simulator").text
    assert 'name="posture"' in page and ">seated<" in page and ">lying down<" in page
    query = {**THIGH_58_CM, "pressure_mmhg": 120}
    lying = browser.get("/api/simulator/flow", params=query).json()
    seated = browser.get("/api/simulator/flow", params={**query, "posture": "seated"}).json()
    assert lying["model_lop_mmhg"] == pytest.approx(
        occlusion_pressure_mmhg(Subject("thigh", 58, 124, 80), Cuff(11.5))
    )
    assert seated["model_lop_mmhg"] == pytest.approx(
        occlusion_pressure_mmhg(Subject("thigh", 58, 124, 80, posture="seated"), Cuff(11.5))
    )
    # Seated, the leg's arteries carry the column of blood below the heart: LOP is higher
    # (B7: seated / supine 1.134), so the same 120 mmHg is a smaller share of it.
    assert seated["model_lop_mmhg"] > lying["model_lop_mmhg"]
    assert seated["selected"]["pct_lop"] < lying["selected"]["pct_lop"]
    refused = browser.get("/api/simulator/flow", params={**query, "posture": "upside down"})
    assert refused.status_code == 400 and "posture" in refused.json()["detail"]


def test_an_elastic_arm_cuff_needs_more_pressure_as_measured(new_browser: Any) -> None:
    browser = new_browser()
    sign_up(browser, "athlete")
    assert 'name="cuff_material"' in browser.get("/simulator").text
    query = {"limb": "arm", "circumference_cm": 30, "sbp_mmhg": 120, "dbp_mmhg": 70,
             "cuff_width_cm": 5, "pressure_mmhg": 120}
    nylon = browser.get("/api/simulator/flow", params=query).json()
    elastic = browser.get("/api/simulator/flow", params={**query, "cuff_material": "elastic"})
    # B12a (Buckner 2017): elastic / nylon arm LOP 246 / 139 with 5 cm cuffs.
    assert elastic.json()["model_lop_mmhg"] / nylon["model_lop_mmhg"] == pytest.approx(
        246 / 139, rel=0.01
    )


def test_the_session_says_how_far_tissue_oxygen_falls_with_its_band(new_browser: Any) -> None:
    from occlusion.physiology import Cuff, Subject
    from occlusion.physiology.population_band import session_with_band

    browser = new_browser()
    sign_up(browser, "athlete")
    query = {**THIGH_58_CM, "pressure_mmhg": 100}
    selected = browser.get("/api/simulator/flow", params=query).json()["selected"]
    outputs, bands = session_with_band(
        Subject("thigh", 58, 124, 80), Cuff(11.5), protocol=selected["session_protocol"],
        pressure_mmhg=100.0,
    )
    for name in ("min_tissue_saturation_pct", "peak_lactate_mmol_l", "pooled_volume_ml"):
        assert selected["session"][name] == pytest.approx(outputs[name])
        assert selected["session_bands"][name] == pytest.approx(bands[name].as_dict())
    # Oxygen falls under the cuff: below the resting venous saturation, within its band.
    low = selected["session_bands"]["min_tissue_saturation_pct"]
    assert low["p5"] <= selected["session"]["min_tissue_saturation_pct"] <= low["p95"] < 70
    # Far above the occlusion pressure there is no session, and no session outputs.
    shut = browser.get("/api/simulator/flow", params={**query, "pressure_mmhg": 400}).json()
    assert shut["selected"]["session"] is None and shut["selected"]["session_bands"] is None



def test_the_session_numbers_come_with_their_sources(new_browser: Any) -> None:
    browser = new_browser()
    sign_up(browser, "athlete")
    query = THIGH_58_CM
    with_session = browser.get("/api/simulator/flow", params={**query, "pressure_mmhg": 100})
    keys = {reference["key"] for reference in with_session.json()["references"]}
    assert {"gjsm_2018_lactate", "wong_2019_swelling"} <= keys
    shut = browser.get("/api/simulator/flow", params={**query, "pressure_mmhg": 400}).json()
    assert "gjsm_2018_lactate" not in {reference["key"] for reference in shut["references"]}
