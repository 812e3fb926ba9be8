"""The cuff adapter against the simulated controller (virtual time, real wire protocol)."""

from __future__ import annotations

import pytest

from occlusion.device.client import CuffClient
from occlusion.errors import InputError
from occlusion.sessions import LoggedSet, ManualClock, MemoryJournal, SessionRunner
from occlusion.sessions.cuff import CuffRestriction, sim_url_for
from tests.sessions.helpers import START, plan


class Seconds:
    def __init__(self) -> None:
        self.value = 0.0

    def __call__(self) -> float:
        return self.value


def step(runner: SessionRunner, clock: ManualClock, seconds: Seconds, duration_s: float) -> None:
    for _ in range(int(duration_s / 0.25)):
        clock.advance(0.25)
        seconds.value += 0.25
        runner.tick()


def test_cuff_inflates_holds_and_deflates() -> None:
    limbs = ("left-thigh", "right-thigh")
    assert sim_url_for(limbs) == "sim:thigh+thigh"
    client = CuffClient.connect(sim_url_for(limbs))
    seconds = Seconds()
    cuff = CuffRestriction(client, limbs, monotonic=seconds)
    clock = ManualClock(START)
    runner = SessionRunner(plan(exercises=1), cuff, MemoryJournal(), clock)
    try:
        runner.start()
        assert runner.view().step == "apply"
        step(runner, clock, seconds, 30.0)
        view = runner.view()
        assert view.step == "set", "the cuff reached its target without a confirmation"
        for limb in limbs:
            assert view.pressures_mmhg[limb] == pytest.approx(110.0, abs=5.0)
        runner.report(symptom="tingling")
        step(runner, clock, seconds, 10.0)
        assert runner.view().pressures_mmhg["left-thigh"] == pytest.approx(100.0, abs=5.0)
        runner.log_set(LoggedSet(reps=30))
        runner.stop()
        step(runner, clock, seconds, 0.0)
        client.wait(10.0)
        assert all(line.pressure_mmhg < 10.0 for line in client.latest.channels)
    finally:
        cuff.close()


def test_more_limbs_than_channels_is_refused() -> None:
    client = CuffClient.connect("sim:thigh")
    try:
        with pytest.raises(InputError, match="channel"):
            CuffRestriction(client, ("left-thigh", "right-thigh"))
    finally:
        client.close()
