"""The stored plan document: typed, versioned, migrated, and frozen against protocol edits."""

from __future__ import annotations

import copy
import dataclasses
import tomllib
from pathlib import Path
from typing import Any

import pytest

from occlusion.errors import InputError
from occlusion.science.prescription import (
    PLAN_FORMAT_VERSION,
    plan_document,
    prescribe,
    profile_from_mapping,
)
from occlusion.science.protocols import library
from occlusion.science.protocols.parts import Cadence
from occlusion.sessions.from_prescription import session_plan_from_prescription
from occlusion.vocabulary import Limb

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _document(example: str = "athlete-wraps.toml") -> dict[str, Any]:
    profile = tomllib.loads((EXAMPLES / example).read_text())
    return prescribe(profile_from_mapping(profile)).as_dict()


def edit_protocol(monkeypatch: pytest.MonkeyPatch, name: str, **changes: Any) -> None:
    """Replace protocol ``name`` in the library by an edited copy for this test."""
    edited = tuple(
        dataclasses.replace(protocol, **changes) if protocol.name == name else protocol
        for protocol in library.PROTOCOLS
    )
    monkeypatch.setattr(library, "PROTOCOLS", edited)


EDITS: dict[str, Any] = {
    "cadence": Cadence(concentric_s=4.0, eccentric_s=4.0, isometric_s=1.0),
    "reperfusion_s": 30.0,
    "rest_between_exercises_s": 45.0,
    "max_continuous_restriction_s": {Limb.ARM: 1200.0, Limb.THIGH: 1800.0},
}


def test_a_new_plan_is_of_the_current_format_and_reads_back_unchanged() -> None:
    stored = _document()
    assert stored["format_version"] == PLAN_FORMAT_VERSION == 4
    document = plan_document(stored)
    assert document.session.reperfusion_s > 0
    assert plan_document(document.as_dict()) == document


@pytest.mark.parametrize("example", ["athlete-wraps.toml", "clinic-thigh-cuff.toml"])
def test_a_stored_plan_runs_as_stored_after_its_protocol_is_edited(
    monkeypatch: pytest.MonkeyPatch, example: str
) -> None:
    stored = _document(example)
    before = session_plan_from_prescription(copy.deepcopy(stored))
    edit_protocol(monkeypatch, stored["protocol"]["name"], **EDITS)
    after = session_plan_from_prescription(copy.deepcopy(stored))
    assert after == before
    # The edit is real: a plan written now follows the edited protocol.
    fresh = session_plan_from_prescription(_document(example))
    assert fresh.reperfusion_s == 30.0
    assert fresh.rest_between_exercises_s == 45.0
    assert fresh.cadence_s == (4.0, 1.0, 4.0)
    assert fresh.cap_s == {"arm": 1200.0, "thigh": 1800.0}
    assert fresh != before


def _version_3(document: dict[str, Any]) -> dict[str, Any]:
    # Format 3 kept each limb's occlusion pressure untyped and without a record id.
    old = copy.deepcopy(document)
    old["format_version"] = 3
    for limb in old["limbs"]:
        if limb.get("occlusion_pressure"):
            del limb["occlusion_pressure"]["record_id"]
    return old


def _version_2(document: dict[str, Any]) -> dict[str, Any]:
    # Format 2 also kept its warnings as text.
    old = _version_3(document)
    old["format_version"] = 2
    old["warnings"] = [warning["text"] for warning in old["warnings"]]
    for limb in old["limbs"]:
        limb["warnings"] = [warning["text"] for warning in limb["warnings"]]
    return old


def _version_1(document: dict[str, Any]) -> dict[str, Any]:
    old = _version_2(document)
    del old["session"]
    old["format_version"] = 1
    return old


def _measured_arm_plan() -> dict[str, Any]:
    profile = tomllib.loads((EXAMPLES / "arm-cuff-measured.toml").read_text())
    profile["limbs"][0]["measured_lop"]["record_id"] = "0193a7f2-0000-7000-8000-000000000001"
    return prescribe(profile_from_mapping(profile)).as_dict()


def test_a_plan_from_a_logged_measurement_names_its_record() -> None:
    stored = _measured_arm_plan()
    (limb,) = plan_document(stored).limbs
    assert limb.occlusion_pressure is not None
    assert limb.occlusion_pressure.kind == "measured"
    assert limb.occlusion_pressure.record_id == "0193a7f2-0000-7000-8000-000000000001"


@pytest.mark.parametrize("older", [_version_3, _version_2])
@pytest.mark.parametrize("example", ["arm-cuff-measured.toml", "clinic-thigh-cuff.toml"])
def test_an_older_plan_still_loads_and_names_no_record(example: str, older: Any) -> None:
    current = (
        _measured_arm_plan() if example == "arm-cuff-measured.toml" else _document(example)
    )
    old = older(current)
    migrated = plan_document(old)
    assert migrated.format_version == PLAN_FORMAT_VERSION
    (limb,) = migrated.limbs
    assert limb.occlusion_pressure is not None
    assert limb.occlusion_pressure.record_id is None
    assert limb.occlusion_pressure.lop_mmhg == current["limbs"][0]["occlusion_pressure"]["lop_mmhg"]
    assert session_plan_from_prescription(old) == session_plan_from_prescription(current)


def test_a_previous_format_plan_still_loads() -> None:
    current = _document()
    old = _version_1(current)
    migrated = plan_document(old)
    assert migrated.format_version == PLAN_FORMAT_VERSION
    assert migrated.as_dict()["session"] == current["session"]
    assert session_plan_from_prescription(old) == session_plan_from_prescription(current)


def test_warnings_are_stored_with_their_code_and_fields() -> None:
    stored = _document("athlete-wraps.toml")
    codes = [warning["code"] for warning in stored["warnings"]]
    assert "wrap.stiffness-varies" in codes
    limb_codes = [w["code"] for limb in stored["limbs"] for w in limb["warnings"]]
    assert "wrap.stiffness-varies" in limb_codes
    document = plan_document(stored)
    assert [warning.code for warning in document.warnings] == codes
    assert all(warning.text for warning in document.warnings)


def test_a_version_2_plan_with_warnings_as_text_still_loads() -> None:
    old = copy.deepcopy(_document("athlete-wraps.toml"))
    old["format_version"] = 2
    old["warnings"] = [warning["text"] for warning in old["warnings"]]
    for limb in old["limbs"]:
        limb["warnings"] = [warning["text"] for warning in limb["warnings"]]
    migrated = plan_document(old)
    assert migrated.format_version == PLAN_FORMAT_VERSION
    assert {warning.code for warning in migrated.warnings} == {"note"}
    assert [warning.text for warning in migrated.warnings] == old["warnings"]
    assert session_plan_from_prescription(old) == session_plan_from_prescription(_document())


def test_a_version_1_plan_without_a_version_or_restriction_still_loads() -> None:
    old = _version_1(_document())
    del old["format_version"]
    del old["protocol"]["restriction"]
    assert plan_document(old).protocol.restriction == "continuous"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda d: d.update(format_version=99), "plan.unknown-format"),
        (lambda d: d.update(protocol="resistance"), "plan.bad-document"),
        (lambda d: d["session"].update(reperfusion_s=-1), "plan.bad-document"),
        (lambda d: d["exercises"][0].update(sets="many"), "plan.bad-document"),
        (lambda d: d.update(format_version=1, protocol={"name": "no-such"}), "plan.bad-document"),
    ],
)
def test_broken_documents_are_refused_with_a_code(change: Any, code: str) -> None:
    document = _document()
    change(document)
    with pytest.raises(InputError) as info:
        plan_document(document)
    assert info.value.code == code
