"""The cuff adapter against the simulated controller (virtual time, real wire protocol)."""

from __future__ import annotations

import pytest

from occlusion.device.address import DeviceAddress
from occlusion.device.client import CuffClient
from occlusion.errors import InputError
from occlusion.sessions import LoggedSet, ManualClock, MemoryJournal, SessionRunner
from occlusion.sessions.cuff import CuffRestriction
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
    assert DeviceAddress.parse("sim").fitted(limbs).url == "sim:thigh+thigh"
    client = CuffClient.connect(DeviceAddress.parse("sim").fitted(limbs))
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


class RecordingJournal(MemoryJournal):
    def __init__(self) -> None:
        super().__init__()
        self.samples: list[dict] = []  # type: ignore[type-arg]
        self.alarms: list[dict] = []  # type: ignore[type-arg]

    def record_device(self, elapsed_s, occurred_at, samples, alarms) -> None:  # type: ignore[no-untyped-def]
        self.samples.extend(samples)
        self.alarms.extend(alarms)


@pytest.mark.parametrize("fault", ["sensor-disconnected", "leak"])
def test_device_safety_deflation_releases_and_is_logged(fault: str) -> None:
    from occlusion.device.simulated.faults import FaultEvent

    limbs = ("left-thigh", "right-thigh")
    client = CuffClient.connect(DeviceAddress.parse("sim").fitted(limbs))
    seconds = Seconds()
    cuff = CuffRestriction(client, limbs, monotonic=seconds)
    clock = ManualClock(START)
    journal = RecordingJournal()
    runner = SessionRunner(plan(exercises=1), cuff, journal, clock)
    try:
        runner.start()
        step(runner, clock, seconds, 30.0)
        assert runner.view().step == "set"
        device = client.transport.device
        device.hardware.inject(FaultEvent(fault, start_s=device.time_s + 0.5, channel=0))
        step(runner, clock, seconds, 30.0)
        kinds = [event.kind for event in journal.events]
        assert "device-alarm" in kinds
        assert runner.view().step == "reperfusion"
        assert not any(budget.applied for budget in runner.view().budgets)
        assert journal.alarms and journal.alarms[0]["channel"] == "left-thigh"
        assert len(journal.samples) >= 2 * 50, "about one sample per channel per second"
    finally:
        cuff.close()
