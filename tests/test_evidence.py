from __future__ import annotations

import pytest

from occlusion import evidence
from occlusion.errors import EvidenceError


def test_register_is_idempotent_and_rejects_conflicts() -> None:
    reference = evidence.Reference(
        key="test_2000_example", citation="Example A. 2000.", status="derived"
    )
    assert evidence.register(reference) is reference
    evidence.register(reference)
    with pytest.raises(EvidenceError, match="registered twice"):
        evidence.register(
            evidence.Reference(key="test_2000_example", citation="Other", status="derived")
        )
    assert evidence.cite("test_2000_example", "test_2000_example") == [reference]


def test_unknown_key_is_an_error() -> None:
    with pytest.raises(EvidenceError, match="unknown citation key"):
        evidence.get("nobody_1900_nothing")
