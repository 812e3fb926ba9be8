"""Session events are a closed set of types; stored kinds and payloads read back into them."""

from __future__ import annotations

import pytest

from occlusion.errors import StoreError
from occlusion.sessions.events import (
    EVENT_TYPES,
    CountdownStarted,
    Event,
    ReleaseCause,
    RestrictionReleased,
    SetLogged,
)
from tests.sessions.helpers import START


def test_every_event_round_trips_through_its_stored_kind_and_payload() -> None:
    released = RestrictionReleased(
        limbs=("left-thigh",), reason="stop rule tingling", cause=ReleaseCause.STOP_RULE
    )
    for data in (
        released,
        CountdownStarted(countdown="rest", duration_s=30.0, then="start-set"),
        SetLogged(exercise_index=0, set_index=2, reps=15, symptoms=("tingling",)),
    ):
        event = Event(3, START, 12.0, data)
        again = Event.parse(3, event.kind, START, 12.0, event.payload)
        assert again == event
    assert Event(1, START, 0.0, released).payload["cause"] == "stop-rule"
    assert CountdownStarted("rest", 30.0, "apply").payload()["kind"] == "rest"


def test_the_set_of_kinds_is_closed() -> None:
    with pytest.raises(StoreError) as info:
        Event.parse(1, "confetti", START, 0.0, {})
    assert info.value.code == "session.unknown-event"
    with pytest.raises(StoreError) as info:
        Event.parse(1, "set-logged", START, 0.0, {"exercise_index": 0, "set_index": 0, "x": 1})
    assert info.value.code == "session.bad-event"
    assert len(EVENT_TYPES) == 19


@pytest.mark.parametrize(
    ("reason", "cause"),
    [
        ("stop rule tingling", ReleaseCause.STOP_RULE),
        ("stop rule device-safety", ReleaseCause.DEVICE_SAFETY),
        ("restriction cap reached", ReleaseCause.CAP),
        ("stopped by the person", ReleaseCause.STOPPED),
    ],
)
def test_journals_written_before_causes_were_stored_still_replay(
    reason: str, cause: ReleaseCause
) -> None:
    event = Event.parse(5, "restriction-released", START, 1.0, {"limbs": [], "reason": reason})
    assert isinstance(event.data, RestrictionReleased)
    assert event.data.cause is cause


def test_the_runner_reads_no_reason_wording() -> None:
    from pathlib import Path

    import occlusion.sessions as sessions

    folder = Path(sessions.__file__).parent
    for name in ("runner.py", "state.py"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "startswith" not in text and "getattr(" not in text, name
