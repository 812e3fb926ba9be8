"""Errors cross between workers intact; a single worker owns every session."""

from __future__ import annotations

import uuid

import pytest

from occlusion.errors import InputError, OcclusionError, StoreError
from occlusion.services.cluster import Moved, SingleWorker, decode_error, encode_error


def test_project_errors_survive_the_trip() -> None:
    original = InputError("no session in progress", code="session.none", person="p1")
    rebuilt = decode_error(encode_error(original))
    assert type(rebuilt) is InputError
    assert (str(rebuilt), rebuilt.code, rebuilt.fields) == (
        "no session in progress", "session.none", {"person": "p1"}
    )
    assert type(decode_error({"type": "os", "message": "x"})) is OcclusionError
    assert type(decode_error(encode_error(StoreError("gone")))) is StoreError


def test_single_worker_owns_everything_and_has_no_peers() -> None:
    single = SingleWorker()
    person = uuid.uuid4()
    assert single.try_own(person)
    with pytest.raises(Moved):
        single.call(person, {"op": "state"}, 0.1)
