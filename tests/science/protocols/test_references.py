from __future__ import annotations

from occlusion import evidence
from occlusion.evidence import Reference
from occlusion.science.protocols import library as protocol_library
from occlusion.science.protocols import references as protocol_references


def _references() -> list[Reference]:
    return [
        value for value in vars(protocol_references).values() if isinstance(value, Reference)
    ]


def test_every_reference_is_registered_and_locatable() -> None:
    references = _references()
    assert len(references) >= 20
    for reference in references:
        assert evidence.get(reference.key) == reference
        assert reference.note, reference.key
        if reference.status != "derived":
            assert reference.doi or reference.url, reference.key


def test_every_reference_is_used_by_a_protocol() -> None:
    used = {r.key for protocol in protocol_library.PROTOCOLS for r in protocol.references}
    assert {r.key for r in _references()} <= used

