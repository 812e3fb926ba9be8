"""The firmware over arbitrary sensor traces: a sample that is no honest number is a sensor fault.

A board's driver can hand the firmware NaN, an infinity, a railed value or nothing at all. Each
must raise the sensor alarm and hold the channel deflated from that very period on, and no
trace may make a control period raise an exception (a crashed loop stops feeding the
watchdog: the board would reset with the cuff in whatever state the crash left).
"""

from __future__ import annotations

import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from occlusion.device.firmware import limits as table
from occlusion.device.firmware import messages as msg
from occlusion.device.firmware import wire
from occlusion.device.firmware.controller import Firmware, Hardware
from occlusion.device.firmware.safety import SAFE_OUTPUT
from occlusion.device.protocol import HelloReply, Status, decode_device_message, encode_command

HEARTBEAT_EVERY_TICKS = 25


class TraceHardware(Hardware):
    """Channel 0 reads the trace (then its last value); channel 1 reads an empty cuff."""

    def __init__(self, trace: list[float | None]) -> None:
        self.trace = trace
        self.tick = 0
        self.outputs: list[tuple[float, float, bool]] = []
        self.sent = bytearray()

    def read_pressure_mmhg(self, channel: int) -> float | None:
        if channel:
            return 0.0
        return self.trace[min(self.tick, len(self.trace) - 1)]

    def drive(self, channel: int, pump_duty: float, vent_duty: float, dump_open: bool) -> None:
        if channel == 0:
            self.outputs.append((pump_duty, vent_duty, dump_open))

    def write(self, data: bytes) -> None:
        self.sent.extend(data)

    def entropy_u32(self) -> int:
        return 0x5EED


def honest(sample: float | None) -> bool:
    return (
        sample is not None
        and math.isfinite(sample)
        and table.limit("sensor_minimum_mmhg") <= sample <= table.limit("sensor_maximum_mmhg")
    )


plausible = st.floats(0.0, 300.0)
broken = st.sampled_from(
    [math.nan, math.inf, -math.inf, 1e300, -1e300, 500.0, -50.0, None, -math.nan]
)
traces = st.lists(st.one_of(plausible, plausible, plausible, broken), min_size=1, max_size=150)


@settings(max_examples=60, deadline=None)
@given(trace=traces)
@example(trace=[0.0, 40.0, 80.0, math.nan, 150.0])
@example(trace=[150.0, math.inf])
@example(trace=[None, 20.0])
def test_no_sample_crashes_a_period_and_a_dishonest_one_deflates_at_once(
    trace: list[float | None],
) -> None:
    hardware = TraceHardware(trace)
    firmware = Firmware(hardware)
    firmware.receive(encode_command(msg.HELLO, 1, wire.PROTOCOL_VERSION, 7))
    reply = decode_device_message(*_frames(hardware)[0][::2])
    assert isinstance(reply, HelloReply)
    key = wire.session_key(reply.challenge)
    firmware.receive(encode_command(msg.SET_TARGET, 2, 0, msg.to_deci(150.0), key=key))
    firmware.receive(encode_command(msg.INFLATE, 3, 0, key=key))
    sequence = 3
    for tick in range(len(trace)):
        if tick % HEARTBEAT_EVERY_TICKS == 0:
            sequence += 1
            firmware.receive(encode_command(msg.HEARTBEAT, sequence, key=key))
        hardware.tick = tick
        firmware.tick()
    statuses = [
        message
        for message in (decode_device_message(t, payload) for t, _s, payload in _frames(hardware))
        if isinstance(message, Status)
    ]
    assert len(statuses) == len(trace)
    first_bad = next((i for i, sample in enumerate(trace) if not honest(sample)), None)
    if first_bad is None:
        return
    assert all(output == SAFE_OUTPUT for output in hardware.outputs[first_bad:])
    for status in statuses[first_bad:]:
        assert status.channels[0].state == "safe"
        assert table.SENSOR_RANGE in status.channels[0].alarm_codes


def _frames(hardware: TraceHardware) -> list[tuple[int, int, bytes]]:
    return list(wire.FrameReader().feed(bytes(hardware.sent)))


def _run_trace(trace: list[float | None]) -> list[Status]:
    hardware = TraceHardware(trace)
    firmware = Firmware(hardware)
    firmware.receive(encode_command(msg.HELLO, 1, wire.PROTOCOL_VERSION, 7))
    for tick in range(len(trace)):
        hardware.tick = tick
        firmware.tick()
    messages = (decode_device_message(t, payload) for t, _s, payload in _frames(hardware))
    return [message for message in messages if isinstance(message, Status)]


def test_idle_is_decided_on_the_reported_pressure() -> None:
    """4.96 mmHg goes out as 5.0 mmHg: that is not empty (conformance once measured 5.0 idle)."""
    statuses = _run_trace([4.96] * 30 + [4.94] * 30)
    assert {s.channels[0].state for s in statuses[:30]} == {"deflating"}
    assert statuses[-1].channels[0].state == "idle"
    empty = table.limit("empty_mmhg")
    assert all(
        s.channels[0].pressure_mmhg < empty for s in statuses if s.channels[0].state == "idle"
    )
