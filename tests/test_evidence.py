from __future__ import annotations

import importlib
import pkgutil

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


def test_no_reference_points_at_an_uploaded_copy() -> None:
    """A reference names its primary source (journal, DOI or the publisher's page), never a
    copy someone uploaded to a document-sharing site: reports and pages print these links."""
    import occlusion.device
    import occlusion.physiology
    import occlusion.science

    for package in (occlusion.device, occlusion.physiology, occlusion.science):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    uploaded = [
        reference.key
        for reference in evidence.all_references()
        if reference.url and "scribd.com" in reference.url
    ]
    assert len(evidence.all_references()) > 50
    assert uploaded == []
