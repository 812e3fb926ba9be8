"""Route selection for the LOP step: per limb, equipment, cuff width, age and device."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.device.address import DeviceAddress
from occlusion.errors import InputError
from occlusion.science.lop import estimate
from occlusion.services.lop_routes import (
    LopSituation,
    RouteKind,
    RouteStatus,
    lop_routes,
    routes_for_person,
    situation_from_choices,
)
from occlusion.services.measurements import record_blood_pressure, record_limb
from occlusion.services.people import add_person
from occlusion.vocabulary import CuffMaterial, EquipmentKind, Limb, Posture, Sex

WHEN = datetime(2026, 5, 1, 18, 30, tzinfo=timezone(timedelta(hours=2)))

#: A person the verified thigh equation covers: 18 cm cuff, age 23, every input known.
COVERED = LopSituation(
    limb=Limb.THIGH,
    equipment=EquipmentKind.CUFF,
    cuff_width_cm=18.0,
    circumference_cm=55.0,
    sbp_mmhg=120.0,
    dbp_mmhg=78.0,
    age_years=23.0,
    sex=Sex.MALE,
)


def statuses(situation: LopSituation) -> dict[RouteKind, tuple[RouteStatus, str]]:
    routes = lop_routes(situation)
    return {route.kind: (route.status, route.reason) for route in routes.routes}


def test_a_covered_thigh_cuff_gets_the_estimate_with_the_published_interval() -> None:
    routes = lop_routes(COVERED)
    route = routes.route(RouteKind.ESTIMATE)
    assert route.status == RouteStatus.READY and route.reason == "lop.route.estimate.ready"
    expected = estimate(
        limb=Limb.THIGH, cuff_width_cm=18, circumference_cm=55, sbp_mmhg=120, dbp_mmhg=78,
        age_years=23, sex=Sex.MALE,
    )
    # Worked example A1 of docs/lop.md: 166.235 mmHg, half-width t(0.975, 46) x 15.289.
    assert route.fields["lop_mmhg"] == pytest.approx(166.235)
    assert route.fields["interval_95_mmhg"] == pytest.approx(list(expected.interval_95_mmhg))
    assert route.fields["method"] == "rbme_2019_thigh_18cm"
    assert route.fields["warnings"], "an estimate always carries its population warning"


def test_an_arm_cuff_is_never_a_dead_end() -> None:
    arm = LopSituation(limb=Limb.ARM, equipment=EquipmentKind.CUFF, cuff_width_cm=5.0,
                       circumference_cm=30.0, sbp_mmhg=120.0, age_years=30.0, sex=Sex.FEMALE,
                       device_connected=True, device_simulated=True)
    found = statuses(arm)
    assert found[RouteKind.ESTIMATE] == (RouteStatus.UNAVAILABLE, "lop.not-estimable.arm")
    assert found[RouteKind.MANUAL] == (RouteStatus.READY, "lop.route.manual.ready")
    assert found[RouteKind.DEVICE] == (RouteStatus.READY, "lop.route.device.ready")
    assert found[RouteKind.STRETCH][0] == RouteStatus.UNAVAILABLE
    routes = lop_routes(arm)
    # Ready routes first, the connected cuff before the hand measurement.
    assert [route.kind for route in routes.ready] == [RouteKind.DEVICE, RouteKind.MANUAL]
    assert routes.routes[0].kind == RouteKind.DEVICE
    assert routes.route(RouteKind.DEVICE).fields == {"simulated": True}


def test_without_a_device_the_arm_keeps_the_manual_route() -> None:
    arm = LopSituation(limb=Limb.ARM, equipment=EquipmentKind.CUFF, cuff_width_cm=12.0)
    routes = lop_routes(arm)
    assert [route.kind for route in routes.ready] == [RouteKind.MANUAL]
    assert routes.route(RouteKind.DEVICE).reason == "lop.route.device.no-device"


def test_the_manual_route_carries_the_published_agreement_for_its_limb() -> None:
    thigh = lop_routes(COVERED).route(RouteKind.MANUAL)
    studies = thigh.fields["studies"]
    assert {study["limb"] for study in studies} == {"thigh"}
    assert {study["reference"] for study in studies} >= {
        "vehrs_2023_handheld_doppler_aop", "brekke_2020_oximeter_lop_thigh",
    }
    # Zeng 2019 found the oximeter did not agree with ultrasound on the leg.
    assert thigh.fields["contested_detections"] == ["pulse-oximeter"]
    arm = lop_routes(LopSituation(limb=Limb.ARM, equipment=EquipmentKind.CUFF,
                                  cuff_width_cm=12.0)).route(RouteKind.MANUAL)
    assert arm.fields["contested_detections"] == []
    assert {study["limb"] for study in arm.fields["studies"]} == {"arm"}
    assert thigh.fields["hold_s"] == 30.0 and thigh.fields["deflate_s"] == 10.0


@pytest.mark.parametrize(
    ("width_cm", "reason"),
    [
        (5.0, "lop.not-estimable.narrow-thigh-cuff"),
        (11.0, "lop.not-estimable.cuff-width"),
        (13.0, "lop.not-estimable.cuff-width"),
        (16.9, "lop.not-estimable.cuff-width"),
        (17.0, "lop.route.estimate.ready"),
        (19.0, "lop.route.estimate.ready"),
        (19.1, "lop.not-estimable.cuff-width"),
    ],
)
def test_the_thigh_estimate_follows_the_cuff_width(width_cm: float, reason: str) -> None:
    situation = LopSituation(**{**_fields(COVERED), "cuff_width_cm": width_cm})
    assert statuses(situation)[RouteKind.ESTIMATE][1] == reason
    assert statuses(situation)[RouteKind.MANUAL][0] == RouteStatus.READY


def test_a_narrow_thigh_cuff_warns_that_a_gauge_may_not_reach_occlusion() -> None:
    narrow = LopSituation(**{**_fields(COVERED), "cuff_width_cm": 5.0})
    assert lop_routes(narrow).route(RouteKind.MANUAL).fields["narrow_thigh_cuff"] is True
    assert "narrow_thigh_cuff" not in lop_routes(COVERED).route(RouteKind.MANUAL).fields


@pytest.mark.parametrize(
    ("age_years", "status", "reason"),
    [
        (14.0, RouteStatus.UNAVAILABLE, "lop.not-estimable.outside-studied-population"),
        (17.9, RouteStatus.UNAVAILABLE, "lop.not-estimable.outside-studied-population"),
        (18.0, RouteStatus.READY, "lop.route.estimate.ready"),
        (38.7, RouteStatus.READY, "lop.route.estimate.ready"),
        (38.8, RouteStatus.UNAVAILABLE, "lop.not-estimable.outside-studied-population"),
        (70.0, RouteStatus.UNAVAILABLE, "lop.not-estimable.outside-studied-population"),
    ],
)
def test_the_estimate_keeps_the_population_policy(
    age_years: float, status: RouteStatus, reason: str
) -> None:
    situation = LopSituation(**{**_fields(COVERED), "age_years": age_years})
    route = lop_routes(situation).route(RouteKind.ESTIMATE)
    assert (route.status, route.reason) == (status, reason)
    if status == RouteStatus.UNAVAILABLE:
        assert route.fields["margin_basis"] == "policy"
        assert route.fields["studied"] == [18.0, pytest.approx(33.71)]
    # Whatever the age, measuring stays open.
    assert lop_routes(situation).route(RouteKind.MANUAL).status == RouteStatus.READY


def test_a_missing_input_asks_for_it_instead_of_refusing() -> None:
    unknown = LopSituation(limb=Limb.THIGH, equipment=EquipmentKind.CUFF, cuff_width_cm=18.0)
    route = lop_routes(unknown).route(RouteKind.ESTIMATE)
    assert route.status == RouteStatus.NEEDS
    assert route.fields["missing"] == ["circumference_cm", "sbp_mmhg", "age_years", "sex"]
    partly = LopSituation(**{**_fields(COVERED), "sex": None})
    assert lop_routes(partly).route(RouteKind.ESTIMATE).fields["missing"] == ["sex"]
    no_width = LopSituation(limb=Limb.THIGH, equipment=EquipmentKind.CUFF)
    assert lop_routes(no_width).route(RouteKind.ESTIMATE).fields["missing"] == ["cuff_width_cm"]
    assert lop_routes(no_width).route(RouteKind.MANUAL).status == RouteStatus.NEEDS


@pytest.mark.parametrize("limb", list(Limb))
def test_wraps_get_the_stretch_method_first_and_no_cuff_routes(limb: Limb) -> None:
    wrap = LopSituation(limb=limb, equipment=EquipmentKind.WRAP, cuff_width_cm=7.5,
                        device_connected=True)
    routes = lop_routes(wrap)
    assert routes.routes[0].kind == RouteKind.STRETCH
    assert routes.route(RouteKind.STRETCH).reason == "lop.route.stretch.needs-no-lop"
    assert [route.kind for route in routes.ready] == [RouteKind.STRETCH]
    assert routes.route(RouteKind.ESTIMATE).reason == "lop.route.estimate.not-a-cuff"
    assert routes.route(RouteKind.MANUAL).reason == "lop.route.manual.not-needed-for-band"
    assert routes.route(RouteKind.DEVICE).reason == "lop.route.device.not-a-cuff"
    floss = lop_routes(LopSituation(limb=limb, equipment=EquipmentKind.FLOSS))
    assert floss.route(RouteKind.STRETCH).reason == "lop.route.stretch.floss-needs-no-lop"


def test_an_elastic_cuff_estimate_carries_the_limb_s_material_warning() -> None:
    elastic = LopSituation(**{**_fields(COVERED), "cuff_material": CuffMaterial.ELASTIC})
    texts = [w["text"] for w in lop_routes(elastic).route(RouteKind.ESTIMATE).fields["warnings"]]
    assert any("Loenneke 2013" in text for text in texts)


situations = st.builds(
    LopSituation,
    limb=st.sampled_from(list(Limb)),
    equipment=st.sampled_from(list(EquipmentKind)),
    cuff_width_cm=st.one_of(st.none(), st.floats(2.0, 30.0)),
    cuff_material=st.sampled_from(list(CuffMaterial)),
    posture=st.sampled_from(list(Posture)),
    circumference_cm=st.one_of(st.none(), st.floats(20.0, 80.0)),
    sbp_mmhg=st.one_of(st.none(), st.floats(90.0, 180.0)),
    dbp_mmhg=st.none(),
    age_years=st.one_of(st.none(), st.floats(10.0, 90.0)),
    sex=st.one_of(st.none(), st.sampled_from(list(Sex))),
    device_connected=st.booleans(),
    device_simulated=st.booleans(),
)


@given(situations)
def test_every_situation_has_a_way_forward_and_one_route_of_each_kind(
    situation: LopSituation,
) -> None:
    routes = lop_routes(situation)
    assert sorted(route.kind for route in routes.routes) == sorted(RouteKind)
    statuses_in_order = [route.status for route in routes.routes]
    rank = [RouteStatus.READY, RouteStatus.NEEDS, RouteStatus.UNAVAILABLE]
    assert statuses_in_order == sorted(statuses_in_order, key=rank.index)
    # Never a dead end: something can be done now or after giving what is missing.
    assert routes.routes[0].status in (RouteStatus.READY, RouteStatus.NEEDS)
    json.dumps(routes.as_dict())
    for route in routes.routes:
        assert route.reason.startswith(("lop.route.", "lop.not-estimable.", "input."))


def test_choices_are_validated_at_the_edge() -> None:
    with pytest.raises(InputError):
        situation_from_choices(limb="tail", equipment="cuff", cuff_width_cm=10)
    with pytest.raises(InputError):
        situation_from_choices(limb="arm", equipment="rope", cuff_width_cm=10)
    with pytest.raises(InputError):
        situation_from_choices(limb="arm", equipment="cuff", cuff_width_cm=0.1)
    simulated = situation_from_choices(
        limb="arm", equipment="cuff", cuff_width_cm=5, device=DeviceAddress.parse("sim:arm")
    )
    assert simulated.device_connected and simulated.device_simulated


def test_routes_for_a_person_come_from_the_training_log(database) -> None:  # type: ignore[no-untyped-def]
    person = add_person(database, name="Bo", sex="male", birth_year=2003, now=WHEN).id
    before = routes_for_person(database, person, limb="thigh", side="left", equipment="cuff",
                               cuff_width_cm=18, now=WHEN)
    assert before.route(RouteKind.ESTIMATE).fields["missing"] == ["circumference_cm", "sbp_mmhg"]
    record_limb(database, person, limb="thigh", side="left", circumference=55, now=WHEN)
    record_blood_pressure(database, person, systolic=120, diastolic=78, now=WHEN)
    after = routes_for_person(database, person, limb="thigh", side="left", equipment="cuff",
                              cuff_width_cm=18, now=WHEN)
    route = after.route(RouteKind.ESTIMATE)
    assert route.status == RouteStatus.READY
    # Age 23 (2026 - 2003), male: worked example A1.
    assert route.fields["lop_mmhg"] == pytest.approx(166.235)
    other_side = routes_for_person(database, person, limb="thigh", side="right",
                                   equipment="cuff", cuff_width_cm=18, now=WHEN)
    assert other_side.route(RouteKind.ESTIMATE).fields["missing"] == ["circumference_cm"]
    with pytest.raises(InputError):
        routes_for_person(database, person, limb="thigh", side="middle", equipment="cuff",
                          cuff_width_cm=18, now=WHEN)


def _fields(situation: LopSituation) -> dict[str, object]:
    return {name: getattr(situation, name) for name in LopSituation.__slots__}
