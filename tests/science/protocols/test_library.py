from __future__ import annotations

import pytest

from occlusion import evidence
from occlusion.science.protocols import (
    REPERFUSION_AFTER_CAP_S,
    Protocol,
    all_protocols,
    get_protocol,
    protocol_names,
)

EXPECTED_NAMES = {
    "resistance-30-15-15-15",
    "resistance-sets-to-failure",
    "practical-wraps-30-15-15-15",
    "aerobic-walk-5x2min",
    "aerobic-cycle-15min",
    "passive-5x5min",
    "ischemic-preconditioning-4x5min",
    "kaatsu-cycle",
    "floss-application",
}
# Parameters that, when set, must name their sources.
SOURCED_PARAMETERS = (
    "rest_between_sets_s",
    "load_pct_1rm",
    "default_load_pct_1rm",
    "pressure_pct_lop",
    "default_pct_lop",
    "absolute_pressure_mmhg",
    "cadence",
    "sessions_per_week",
    "progression",
    "reperfusion_s",
    "band_overlap_pct",
    "band_stretch_pct",
)

PROTOCOLS = all_protocols()


def test_stable_names_are_all_present_and_unique() -> None:
    assert set(protocol_names()) == EXPECTED_NAMES
    assert len(protocol_names()) == len(EXPECTED_NAMES)


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.name)
def test_every_protocol_cites_its_parameters(protocol: Protocol) -> None:
    keys = {reference.key for reference in protocol.references}
    assert protocol.references, "a protocol without sources"
    for reference in protocol.references:
        assert evidence.get(reference.key) == reference
    assert "sets" in protocol.parameter_sources
    for parameter, sources in protocol.parameter_sources.items():
        assert sources, parameter
        assert set(sources) <= keys, f"{parameter} cites a source the protocol does not list"
    for parameter in SOURCED_PARAMETERS:
        value = getattr(protocol, parameter)
        if value not in (None, 0.0) and not (parameter == "rest_between_sets_s" and value == 0):
            assert parameter in protocol.parameter_sources, parameter
    if protocol.progression is not None:
        assert set(protocol.progression.reference_keys) <= keys
    for rule in protocol.absolute_pressure_mmhg or ():
        assert set(rule.reference_keys) <= keys


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.name)
def test_data_is_consistent(protocol: Protocol) -> None:
    assert protocol.rest_between_sets_s >= 0
    assert protocol.rest_between_exercises_s is None or protocol.rest_between_exercises_s >= 0
    for pair in (protocol.load_pct_1rm, protocol.pressure_pct_lop, protocol.sessions_per_week):
        if pair is not None:
            assert 0 <= pair[0] <= pair[1]
    if protocol.pressure_pct_lop is not None:
        assert protocol.pressure_pct_lop[1] <= 100
    if protocol.load_pct_1rm is not None:
        assert protocol.load_pct_1rm[1] < 60  # low-load training
    assert protocol.summary and protocol.title
    document = protocol.as_dict()
    assert document["name"] == protocol.name
    assert {r["key"] for r in document["references"]} == {r.key for r in protocol.references}


@pytest.mark.parametrize("protocol", [p for p in PROTOCOLS if not p.experimental])
def test_restriction_stays_within_caps_or_declares_reperfusion(protocol: Protocol) -> None:
    for limb in protocol.limbs:
        budget = protocol.restriction_budget(limb, exercises=3)
        assert budget.within_cap or protocol.reperfusion_s, (protocol.name, limb)
        if protocol.restriction == "continuous":
            # One exercise of a continuous protocol never needs to break the cap.
            assert budget.longest_continuous_s <= budget.cap_s
        if protocol.restriction == "intermittent" and len(protocol.sets) > 1:
            assert protocol.reperfusion_s is not None or protocol.rest_between_sets_s > 0


def test_resistance_30_15_15_15_matches_its_sources() -> None:
    protocol = get_protocol("resistance-30-15-15-15")
    assert [s.reps for s in protocol.sets] == [30, 15, 15, 15]
    assert protocol.sets[-1].to_failure  # PMC7534706: 4th set to volitional failure
    assert protocol.rest_between_sets_s == 30.0  # PMC7534706 Table 3
    assert protocol.load_pct_1rm == (20.0, 40.0)  # AIS via VALD
    assert protocol.pressure_pct_lop == (40.0, 80.0)  # AIS via VALD
    assert protocol.default_pct_lop == 60.0 and protocol.default_load_pct_1rm == 30.0
    assert protocol.cadence is not None and protocol.cadence.repetition_s == 4.0
    assert protocol.restriction == "continuous"
    assert protocol.alternative_restriction == "intermittent"
    assert protocol.reperfusion_s == REPERFUSION_AFTER_CAP_S == 180.0


def test_sets_to_failure_matches_reeves_2006() -> None:
    protocol = get_protocol("resistance-sets-to-failure")
    assert len(protocol.sets) == 3 and all(s.to_failure for s in protocol.sets)
    assert protocol.rest_between_sets_s == 60.0
    assert protocol.default_load_pct_1rm == 30.0


def test_practical_wraps_match_wilson_and_loenneke() -> None:
    protocol = get_protocol("practical-wraps-30-15-15-15")
    assert [s.reps for s in protocol.sets] == [30, 15, 15, 15]
    assert protocol.load_pct_1rm == (30.0, 30.0)
    assert protocol.rest_between_sets_s == 150.0  # Loenneke 2010
    assert protocol.restriction == "intermittent"  # Loenneke 2010
    assert protocol.pressure_pct_lop is None  # wraps: set by the wrap method, not % LOP
    assert protocol.limbs == ("thigh",)


def test_aerobic_protocols_match_abe() -> None:
    walk = get_protocol("aerobic-walk-5x2min")
    assert [s.duration_s for s in walk.sets] == [120.0] * 5  # Abe 2006
    assert walk.rest_between_sets_s == 60.0
    assert "50 m/min" in walk.intensity_note
    # 5 x 2 min + 4 x 1 min rest, counted as restricted: 14 min, under the 20 min leg cap.
    assert walk.restriction_budget("thigh").longest_continuous_s == 14 * 60
    cycle = get_protocol("aerobic-cycle-15min")
    assert cycle.sets[0].duration_s == 15 * 60  # Abe 2010
    assert "40 % of VO2max" in cycle.intensity_note
    assert cycle.sessions_per_week == (3, 3)


def test_passive_and_ipc_match_their_sources() -> None:
    passive = get_protocol("passive-5x5min")
    assert [s.duration_s for s in passive.sets] == [300.0] * 5  # Kubota 2008
    assert passive.rest_between_sets_s == 180.0
    rule = passive.absolute_pressure_for("thigh")
    assert rule is not None and rule.pressure_mmhg == 200.0
    ipc = get_protocol("ischemic-preconditioning-4x5min")
    assert [s.duration_s for s in ipc.sets] == [300.0] * 4  # Panza 2019
    assert ipc.reperfusion_s == 300.0
    assert any("reperfusion length is not stated" in note for note in ipc.notes)


def test_kaatsu_ships_no_unverified_timing() -> None:
    protocol = get_protocol("kaatsu-cycle")
    assert protocol.experimental
    assert all(s.duration_s is None and s.reps is None for s in protocol.sets)
    assert protocol.pressure_pct_lop is None and protocol.absolute_pressure_mmhg is None
    assert dict(protocol.max_continuous_restriction_s) == {"arm": 600.0, "thigh": 600.0}
    assert all(r.status == "verified-secondary" for r in protocol.references)


def test_floss_application_matches_guidance() -> None:
    protocol = get_protocol("floss-application")
    assert protocol.band_overlap_pct == 50.0
    assert protocol.band_stretch_pct == (50.0, 90.0)
    assert protocol.sets[0].duration_s == 180.0


def test_statuses_are_honest() -> None:
    statuses = {r.key: r.status for p in PROTOCOLS for r in p.references}
    assert statuses["ais_bfr_guidelines_vald_summary"] == "verified-secondary"
    assert statuses["fitcuffs_bfr_guide"] == "verified-secondary"
    assert statuses["takarada_2000_acl_occlusion"] == "verified-secondary"
    assert statuses["occlusion_derived_default_pct_lop"] == "derived"
    # Patterson 2019's tables were not read, so nothing cites them.
    assert not any("patterson_2019" in key for key in statuses)
