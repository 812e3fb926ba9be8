"""The firmware package, unmodified, in real MicroPython: same trace in, same actions out.

Each scenario drives the simulated cuff from the real host client in CPython while a
:class:`~occlusion.device.simulated.recording.TraceRecorder` records what the firmware read
(sensor values, host bytes) and did (actuator commands, bytes sent). The recorded inputs are
then replayed through the same firmware files in the MicroPython WebAssembly port under Node
(``tools/micropython``), and every actuator command and every byte must be identical -- floats
compared bit for bit.

Locally the test skips when Node is missing; in CI (``CI=true``) a missing Node is a failure,
so the check cannot vanish silently (``tests/micropython_runner.py``).
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable
from typing import Any

import pytest

from occlusion.device.address import DeviceAddress
from occlusion.device.client import CuffClient
from occlusion.device.firmware import messages as msg
from occlusion.device.firmware import wire
from occlusion.device.protocol import Status, decode_device_message
from occlusion.device.simulated.faults import FaultEvent
from occlusion.device.simulated.recording import TraceRecorder
from occlusion.device.trace import bytes_to_hex, float_to_hex, replay
from occlusion.device.transports.sim import SimTransport
from occlusion.errors import DeviceError
from tests.micropython_runner import micropython_runner

micropython = micropython_runner()


def recorded(address: str, script: Callable[[CuffClient, SimTransport], None]) -> TraceRecorder:
    """Run ``script`` against a fresh simulated cuff and return what its firmware saw and did."""
    transport = SimTransport.from_address(DeviceAddress.parse(address))
    recorder = TraceRecorder(transport.device)
    client = CuffClient(transport)
    try:
        client.handshake()
        script(client, transport)
    finally:
        client.close()
    return recorder


def regulate_two_limbs(client: CuffClient, transport: SimTransport) -> None:
    client.inflate(0, 160.0)
    client.inflate(1, 120.0)
    client.wait_until(lambda status: status.channels[0].state == "regulating", timeout_s=30.0)
    client.wait(8.0)
    client.set_target(0, 140.0)
    client.hold(1)
    client.wait(4.0)
    client.deflate()
    client.wait(6.0)


def cycles_and_lop_ramp(client: CuffClient, transport: SimTransport) -> None:
    client.start_cycles(0, 120.0, on_s=4, off_s=2, cycles=2, step_mmhg=10.0)
    client.wait(14.0)
    client.start_lop_ramp(1, start_mmhg=40.0, stop_mmhg=90.0, rate_mmhg_s=10.0)
    client.wait(12.0)


def faults(client: CuffClient, transport: SimTransport) -> None:
    hardware = transport.device.hardware
    now_s = transport.now_s()
    hardware.inject(FaultEvent("sensor-disconnected", now_s + 5.0, channel=0))
    hardware.inject(FaultEvent("leak", now_s + 3.0, channel=1))
    client.inflate(0, 150.0)
    client.inflate(1, 150.0)
    client.wait(12.0)
    client.acknowledge(1)
    # Junk, a corrupted frame and a replayed frame on the wire.
    transport.write(b"\x00\x13\x37junk\x00" + bytes(range(1, 200)) + b"\x00")
    frame = wire.encode_frame(msg.HEARTBEAT, 1, b"")
    transport.write(frame[:-3] + bytes([frame[-3] ^ 0xFF]) + frame[-2:])
    transport.write(frame)
    client.wait(2.0)


def valve_test_and_nan(client: CuffClient, transport: SimTransport) -> None:
    """The valve test finds a vent stuck shut; a NaN from the sensor driver dumps channel 1."""
    hardware = transport.device.hardware
    now_s = transport.now_s()
    hardware.inject(FaultEvent("vent-stuck-closed", now_s + 8.0, channel=0))
    hardware.inject(FaultEvent("sensor-nan", now_s + 6.0, channel=1))
    client.inflate(0, 150.0)
    client.inflate(1, 120.0)
    client.wait(20.0)


def host_goes_silent(client: CuffClient, transport: SimTransport) -> None:
    client.inflate(0, 150.0)
    client.wait(6.0)
    transport.read(5.0)  # the device runs on; no heartbeat reaches it


# name: (cuff, script, channel states the recording must contain)
SCENARIOS: dict[str, tuple[str, Callable[[CuffClient, SimTransport], None], set[str]]] = {
    "regulate-two-limbs": (
        "sim:thigh+arm", regulate_two_limbs, {"inflating", "regulating", "deflating", "idle"}
    ),
    "cycles-and-lop-ramp": (
        "sim:thigh+arm", cycles_and_lop_ramp, {"inflating", "cycle-rest", "lop-ramp", "idle"}
    ),
    "faults-and-bad-frames": ("sim:thigh+thigh", faults, {"regulating", "safe"}),
    "host-goes-silent": ("sim:thigh", host_goes_silent, {"regulating", "safe"}),
    "valve-test-and-nan": ("sim:thigh+thigh", valve_test_and_nan, {"regulating", "safe"}),
}


def _tolerant(script: Callable[[CuffClient, SimTransport], None]) -> Callable[..., None]:
    def run(client: CuffClient, transport: SimTransport) -> None:
        # A refusal is part of the behaviour recorded; the trace up to it is still compared.
        with contextlib.suppress(DeviceError):
            script(client, transport)

    return run


def _states(recorder: TraceRecorder) -> set[str]:
    """Return every channel state the firmware reported during the recording."""
    states: set[str] = set()
    reader = wire.FrameReader()
    for sent, _drives in recorder.outputs:
        for message_type, _sequence, payload in reader.feed(bytes.fromhex(sent)):
            message = decode_device_message(message_type, payload)
            if isinstance(message, Status):
                states.update(channel.state for channel in message.channels)
    return states


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_micropython_runs_the_firmware_like_cpython(
    micropython: Callable[[dict[str, Any]], dict[str, Any]], scenario: str
) -> None:
    address, script, states = SCENARIOS[scenario]
    recorder = recorded(address, _tolerant(script))
    # The scenario really exercised the firmware (not a session refused at the handshake).
    assert states <= _states(recorder), _states(recorder)
    assert len(recorder.steps) > 500
    assert replay(recorder.trace) == recorder.expected  # the recording is faithful
    output = micropython(recorder.trace)
    assert output["implementation"][0] == "micropython"
    mismatches = [
        index
        for index, (ours, theirs) in enumerate(
            zip(output["steps"], recorder.expected["steps"], strict=True)
        )
        if ours != theirs
    ]
    assert mismatches == [], (
        f"MicroPython diverged from CPython at control period {mismatches[0]}: "
        f"{output['steps'][mismatches[0]]} != {recorder.expected['steps'][mismatches[0]]}"
    )


def test_micropython_and_cpython_agree_on_arbitrary_input(
    micropython: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    # Sensor values far outside a cuff's range (rails, missing reads, absurd magnitudes) and
    # host bytes that are mostly junk, with now and then a valid frame: the two interpreters
    # must still do exactly the same thing. (A board's ADC gives finite numbers only, so NaN
    # and infinities are outside the Hardware contract.)
    generator = random.Random(20261206)
    specials = [None, -40.0, 0.0, 1e9, -1e9, -1e-300, 5e-324]
    # The host's own frames (whatever the handshake is today), in order, among the junk.
    session = recorded("sim:thigh+arm", regulate_two_limbs)
    host = [bytes.fromhex(received) for received, _ in session.steps if received]
    steps = []
    for _ in range(3000):
        readings = [
            generator.choice(specials)
            if generator.random() < 0.05
            else generator.uniform(-50.0, 400.0)
            for _ in range(2)
        ]
        received = b""
        if generator.random() < 0.05:
            received = bytes(generator.randrange(256) for _ in range(generator.randrange(1, 40)))
        if host and generator.random() < 0.3:
            received += host.pop(0)
        steps.append(
            [
                bytes_to_hex(received),
                [None if value is None else float_to_hex(value) for value in readings],
            ]
        )
    # The session challenges the device drew, for every HELLO among the replayed frames.
    trace = {"channels": 2, "steps": steps, "entropy": session.entropy * 4}
    assert micropython(trace)["steps"] == replay(trace)["steps"]
