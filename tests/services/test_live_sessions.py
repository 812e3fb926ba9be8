"""Live sessions on a server without a cuff: no reads spent deciding whether to connect one."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from occlusion.errors import InputError
from occlusion.services.live_sessions import LiveSessions
from occlusion.store.engine import Database
from tests.services.flow import WHEN, ready_person


def test_without_a_device_start_and_resume_skip_the_cuff_reads(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = uuid.UUID(ready_person(database))
    live = LiveSessions(database, lambda: WHEN + timedelta(minutes=5))

    def never(*_args: Any) -> Any:
        raise AssertionError("read only to decide about a cuff, and there is no device")

    monkeypatch.setattr(live, "_active_prescription", never)
    monkeypatch.setattr(live, "_running_row", never)
    started = live.act(person_id, "start", {})
    assert started["step"] == "apply"
    confirmed = live.act(person_id, "confirm", {})
    assert confirmed["step"] == "set"
    # This worker loses the session from memory (as after a restart): it is resumed from the
    # log, the wraps released as after any interruption.
    live._live.clear()
    resumed = live.act(person_id, "state", {})
    assert resumed["step"] != "not-started" and resumed["set_number"] == confirmed["set_number"]
    live.act(person_id, "stop", {})
    with pytest.raises(InputError) as refused:
        live.act(person_id, "state", {})
    assert refused.value.code == "session.none-in-progress"
