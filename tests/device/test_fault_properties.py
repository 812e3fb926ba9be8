"""Property tests over random fault sequences, in virtual time."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from occlusion.device.firmware import limits as table
from occlusion.device.firmware import messages as msg
from occlusion.device.simulated.device import SimulatedDevice
from occlusion.device.simulated.faults import HARDWARE_FAULTS, FaultEvent
from tests.device.conftest import make_host

# Both valves stuck shut is a double fault no software can vent; the single-fault rule excludes it.
DOUBLE_BLOCK = {"vent-stuck-closed", "dump-stuck-closed"}

fault_sequences = st.lists(
    st.tuples(st.sampled_from(sorted(HARDWARE_FAULTS)), st.floats(0.0, 30.0)),
    max_size=3,
).filter(lambda faults: not {name for name, _ in faults} >= DOUBLE_BLOCK)


@settings(max_examples=25, deadline=None)
@given(
    faults=fault_sequences,
    target=st.floats(60.0, 250.0),
    ceiling_margin=st.floats(25.0, 60.0),
    silent_at=st.one_of(st.none(), st.floats(5.0, 40.0)),
)
def test_ceiling_is_enforced_every_period_and_every_sequence_ends_deflated(
    faults: list[tuple[str, float]], target: float, ceiling_margin: float, silent_at: float | None
) -> None:
    host = make_host()
    ceiling = target + ceiling_margin
    host.send(msg.SET_LIMITS, 0, msg.to_deci(ceiling), 600)
    host.inflate(target)
    start = host.device.time_s
    for name, offset in faults:
        host.device.hardware.inject(FaultEvent(name, start + offset))
    violations: list[float] = []
    true_above: list[float] = []

    def check(device: SimulatedDevice) -> None:
        channel = device.firmware.channels[0]
        # The firmware read above the ceiling in this period: it must already have cut the pump
        # and opened the dump in the same period.
        if channel.reading_mmhg > ceiling and not (
            channel.actuators & msg.ACTUATOR_DUMP and not channel.actuators & msg.ACTUATOR_PUMP
        ):
            violations.append(device.time_s)
        if device.hardware.channels[0].true_pressure_mmhg > ceiling:
            true_above.append(device.time_s)

    host.device.observers.append(check)
    elapsed = 0.0
    while elapsed < 45.0:
        if silent_at is not None and elapsed >= silent_at:
            host.heartbeat = False
        host.run(0.5)
        elapsed += 0.5
    host.heartbeat = True
    host.send(msg.DEFLATE, msg.ALL_CHANNELS)
    host.run(30.0)
    assert violations == []
    # The true pressure may exceed the ceiling only while a stuck sensor hides it, and then
    # only until the stuck-sensor rule fires; otherwise never for more than one period.
    stuck = any(name == "sensor-stuck" for name, _ in faults)
    longest = table.limit("sensor_stuck_s") + 1.0 if stuck else table.CONTROL_PERIOD_S * 2
    assert _longest_run(true_above) <= longest
    assert host.true_pressure() < table.limit("safe_pressure_mmhg")


def _longest_run(times: list[float]) -> float:
    longest = run = 0.0
    for previous, current in itertools.pairwise(times):
        run = run + (current - previous) if current - previous < 0.011 else 0.0
        longest = max(longest, run)
    return longest
