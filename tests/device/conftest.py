"""Helpers for device tests: a raw scripted host talking bytes to the simulated firmware."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from occlusion.device.firmware import messages as msg
from occlusion.device.firmware import wire
from occlusion.device.protocol import (
    AlarmEvent,
    DeviceMessage,
    ErrorReply,
    HelloReply,
    Status,
    decode_device_message,
    encode_command,
)
from occlusion.device.simulated.device import SimulatedDevice, build_device
from occlusion.device.simulated.limb import PulsatileLimb


@dataclass
class RawHost:
    """Send commands frame by frame and read every device message, in virtual time."""

    device: SimulatedDevice
    sequence: int = 0
    reader: wire.FrameReader = field(default_factory=wire.FrameReader)
    messages: list[DeviceMessage] = field(default_factory=list)
    heartbeat: bool = True
    key: bytes = b""

    def send(self, message_type: int, *fields: int) -> int:
        self.sequence += 1
        self.device.feed(encode_command(message_type, self.sequence, *fields, key=self.key))
        return self.sequence

    def run(self, duration_s: float) -> None:
        steps = max(1, round(duration_s / 0.25))
        for _ in range(steps):
            self.device.run(duration_s / steps)
            if self.heartbeat:
                self.send(msg.HEARTBEAT)
            self.collect()

    def collect(self) -> None:
        for message_type, _sequence, payload in self.reader.feed(self.device.take_output()):
            self.messages.append(decode_device_message(message_type, payload))

    def hello(self, nonce: int = 42) -> HelloReply:
        self.send(msg.HELLO, wire.PROTOCOL_VERSION, nonce)
        self.device.run(0.02)
        self.collect()
        replies = [m for m in self.messages if isinstance(m, HelloReply)]
        assert replies, "no hello reply"
        self.key = wire.session_key(replies[-1].challenge)
        return replies[-1]

    def statuses(self) -> list[Status]:
        return [m for m in self.messages if isinstance(m, Status)]

    def alarms(self) -> list[AlarmEvent]:
        return [m for m in self.messages if isinstance(m, AlarmEvent)]

    def errors(self) -> list[ErrorReply]:
        return [m for m in self.messages if isinstance(m, ErrorReply)]

    def true_pressure(self, channel: int = 0) -> float:
        return self.device.hardware.channels[channel].true_pressure_mmhg

    def inflate(self, target_mmhg: float, channel: int = 0) -> None:
        self.send(msg.SET_TARGET, channel, msg.to_deci(target_mmhg))
        self.send(msg.INFLATE, channel)


def make_host(
    limb: str = "thigh", lop_mmhg: float = 200.0, seed: int = 0, hello: bool = True
) -> RawHost:
    device = build_device(
        [(limb, PulsatileLimb(lop_mmhg, seed=seed)), ("arm", PulsatileLimb(150.0, seed=seed + 1))],
        seed=seed,
    )
    host = RawHost(device)
    if hello:
        host.hello()
    return host


@pytest.fixture
def host() -> RawHost:
    return make_host()
