"""Every calibration and validation target, run as a test.

Calibration targets pass by construction (they are regression checks of the calibration).
Validation targets are out of sample; the ones the model does not reproduce are marked as
expected failures (strict), so the report and the tests agree and a change is noticed.
"""

from __future__ import annotations

import pytest

from occlusion.evidence import get
from occlusion.physiology.validation import TARGETS, Target

KNOWN_FAILURES = {
    "B12b": "the arm geometry puts the brachial artery too deep: 170 vs 139 (14) mmHg",
    "C4": "no exercise pressor response or tube-law conductance: 80 % LOP halves exercise flow",
    "D12": "desaturation at 50 % 1RM under 100 mmHg is about twice the published difference",
}


def _cases() -> list[object]:
    cases: list[object] = []
    for target in TARGETS:
        marks = []
        if target.identifier in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[target.identifier], strict=True))
        cases.append(pytest.param(target, id=target.identifier, marks=marks))
    return cases


@pytest.mark.parametrize("target", _cases())
def test_target(target: Target) -> None:
    outcome = target.evaluate()
    assert outcome.passed, f"{target.identifier}: model {outcome.model_text}, {target.published}"


def test_every_target_cites_a_registered_source() -> None:
    for target in TARGETS:
        assert get(target.reference).key == target.reference


def test_calibration_targets_are_never_counted_as_validation() -> None:
    roles = {target.identifier: target.role for target in TARGETS}
    assert roles["B2"] == roles["B7"] == roles["B12a"] == "calibration"
    assert roles["D4a"] == roles["D4b"] == roles["D9a"] == "calibration"
    assert roles["B1"] == roles["D4c"] == roles["D9b"] == "validation"
    assert len({target.identifier for target in TARGETS}) == len(TARGETS)
