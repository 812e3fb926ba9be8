"""Host side of the cuff wire protocol: typed messages on top of the firmware's byte format.

The byte format (COBS framing, CRC-16, sequence numbers) and message numbers live in
:mod:`occlusion.device.firmware.wire` and :mod:`occlusion.device.firmware.messages`, because
the board runs them too; ``docs/protocol.md`` specifies both for firmware authors. This module
turns device frames into frozen dataclasses and builds host commands.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from occlusion.device.firmware import limits as table
from occlusion.device.firmware import messages as msg
from occlusion.device.firmware import wire
from occlusion.errors import ProtocolError


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What the device said about itself in its handshake reply."""

    protocol_version: int
    channels: int
    ceiling_mmhg: float
    status_rate_hz: int
    heartbeat_timeout_s: float
    firmware_version: int
    lop_ramp: bool
    cycles: bool
    set_limits: bool

    @property
    def firmware(self) -> str:
        """Return the firmware version as ``major.minor``."""
        return msg.firmware_version_text(self.firmware_version)

    def as_dict(self) -> dict[str, object]:
        """Return JSON-ready data."""
        return {
            "protocol_version": self.protocol_version,
            "channels": self.channels,
            "ceiling_mmhg": self.ceiling_mmhg,
            "status_rate_hz": self.status_rate_hz,
            "heartbeat_timeout_s": self.heartbeat_timeout_s,
            "firmware_version": self.firmware,
            "lop_ramp": self.lop_ramp,
            "cycles": self.cycles,
            "set_limits": self.set_limits,
        }


@dataclass(frozen=True, slots=True)
class HelloReply:
    """Handshake reply."""

    nonce: int
    challenge: int
    capabilities: Capabilities


@dataclass(frozen=True, slots=True)
class Ack:
    """A command was applied."""

    sequence: int


@dataclass(frozen=True, slots=True)
class LimitsReply:
    """A channel's limits, in answer to GET_LIMITS."""

    sequence: int
    channel: int
    ceiling_mmhg: float
    inflation_limit_s: float
    highest_target_mmhg: float

    def as_dict(self) -> dict[str, object]:
        """Return JSON-ready data."""
        return {
            "channel": self.channel,
            "ceiling_mmhg": self.ceiling_mmhg,
            "inflation_limit_s": self.inflation_limit_s,
            "highest_target_mmhg": self.highest_target_mmhg,
        }


@dataclass(frozen=True, slots=True)
class ErrorReply:
    """A command was refused, with the reason."""

    sequence: int
    code: int

    @property
    def reason(self) -> str:
        """Return the reason in words."""
        return msg.ERROR_NAMES.get(self.code, f"error {self.code}")


@dataclass(frozen=True, slots=True)
class ChannelStatus:
    """One channel's line in a status frame."""

    pressure_mmhg: float
    target_mmhg: float
    state: str
    pump_on: bool
    vent_open: bool
    dump_open: bool
    alarm_codes: tuple[int, ...]

    def as_dict(self) -> dict[str, object]:
        """Return JSON-ready data."""
        return {
            "pressure_mmhg": self.pressure_mmhg,
            "target_mmhg": self.target_mmhg,
            "state": self.state,
            "pump_on": self.pump_on,
            "vent_open": self.vent_open,
            "dump_open": self.dump_open,
            "alarms": [table.alarm_name(code) for code in self.alarm_codes],
        }


@dataclass(frozen=True, slots=True)
class Status:
    """One status frame: the device's sample counter and every channel."""

    sample_counter: int
    channels: tuple[ChannelStatus, ...]
    frames_rejected: int

    @property
    def device_time_s(self) -> float:
        """Return device time [s] from the sample counter."""
        return self.sample_counter * table.CONTROL_PERIOD_S


@dataclass(frozen=True, slots=True)
class AlarmEvent:
    """An alarm was raised, cleared or acknowledged."""

    sample_counter: int
    channel: int
    code: int
    severity: int
    event: str

    @property
    def name(self) -> str:
        """Return the alarm's name from the rule table."""
        return table.alarm_name(self.code)

    def as_dict(self) -> dict[str, object]:
        """Return JSON-ready data."""
        return {
            "device_time_s": self.sample_counter * table.CONTROL_PERIOD_S,
            "channel": self.channel,
            "alarm": self.name,
            "severity": "deflate" if self.severity == table.SEVERITY_DEFLATE else "advisory",
            "event": self.event,
        }


DeviceMessage = HelloReply | Ack | ErrorReply | LimitsReply | Status | AlarmEvent

_STATUS_HEAD = struct.Struct(msg.STATUS_HEAD_FORMAT)
_STATUS_LINE = struct.Struct(msg.STATUS_CHANNEL_FORMAT)
_STATUS_TAIL = struct.Struct(msg.STATUS_TAIL_FORMAT)
_STATE_NAMES = tuple(msg.STATE_NAMES.get(code, f"state-{code}") for code in range(256))


def _unpack(layout: str, payload: bytes, what: str) -> tuple[int, ...]:
    if len(payload) != struct.calcsize(layout):
        raise ProtocolError(
            f"{what} payload has {len(payload)} bytes, expected {struct.calcsize(layout)}",
            code="device.protocol.bad-payload-length",
            what=what,
            length=len(payload),
            expected=struct.calcsize(layout),
        )
    return struct.unpack(layout, payload)


def _bits_to_codes(bits: int) -> tuple[int, ...]:
    return tuple(code for code in range(1, 17) if bits & (1 << (code - 1)))


def decode_device_message(message_type: int, payload: bytes) -> DeviceMessage:
    """Return the typed form of one checked device frame.

    Raises
    ------
    ProtocolError
        If the type is unknown or the payload has the wrong size.
    """
    if message_type == msg.HELLO_REPLY:
        version, nonce, challenge, channels, ceiling, rate, timeout_ms, firmware, bits = _unpack(
            msg.PAYLOAD_FORMATS[msg.HELLO_REPLY], payload, "hello reply"
        )
        capabilities = Capabilities(
            protocol_version=version,
            channels=channels,
            ceiling_mmhg=msg.from_deci(ceiling),
            status_rate_hz=rate,
            heartbeat_timeout_s=timeout_ms / 1000.0,
            firmware_version=firmware,
            lop_ramp=bool(bits & msg.CAPABILITY_LOP_RAMP),
            cycles=bool(bits & msg.CAPABILITY_CYCLES),
            set_limits=bool(bits & msg.CAPABILITY_SET_LIMITS),
        )
        return HelloReply(nonce=nonce, challenge=challenge, capabilities=capabilities)
    if message_type == msg.ACK:
        (sequence,) = _unpack(msg.PAYLOAD_FORMATS[msg.ACK], payload, "ack")
        return Ack(sequence)
    if message_type == msg.ERROR:
        sequence, code = _unpack(msg.PAYLOAD_FORMATS[msg.ERROR], payload, "error")
        return ErrorReply(sequence, code)
    if message_type == msg.LIMITS:
        sequence, channel, ceiling, limit_s, highest = _unpack(
            msg.PAYLOAD_FORMATS[msg.LIMITS], payload, "limits"
        )
        return LimitsReply(
            sequence, channel, msg.from_deci(ceiling), float(limit_s), msg.from_deci(highest)
        )
    if message_type == msg.ALARM:
        counter, channel, code, severity, event = _unpack(
            msg.PAYLOAD_FORMATS[msg.ALARM], payload, "alarm"
        )
        return AlarmEvent(counter, channel, code, severity, msg.EVENT_NAMES.get(event, "?"))
    if message_type == msg.STATUS:
        head, line, tail = _STATUS_HEAD.size, _STATUS_LINE.size, _STATUS_TAIL.size
        if len(payload) < head:
            raise ProtocolError(
                "status payload is truncated",
                code="device.protocol.status-truncated",
                length=len(payload),
            )
        counter, count = _STATUS_HEAD.unpack_from(payload)
        if len(payload) != head + count * line + tail:
            raise ProtocolError(
                "status payload length does not match its channel count",
                code="device.protocol.status-length-mismatch",
                length=len(payload),
                channels=count,
            )
        channel_lines: list[ChannelStatus] = []
        for index in range(count):
            pressure, target, state, actuators, alarms = _STATUS_LINE.unpack_from(
                payload, head + index * line
            )
            channel_lines.append(
                ChannelStatus(
                    pressure_mmhg=pressure / msg.DECI,
                    target_mmhg=target / msg.DECI,
                    state=_STATE_NAMES[state],
                    pump_on=bool(actuators & msg.ACTUATOR_PUMP),
                    vent_open=bool(actuators & msg.ACTUATOR_VENT),
                    dump_open=bool(actuators & msg.ACTUATOR_DUMP),
                    alarm_codes=_bits_to_codes(alarms) if alarms else (),
                )
            )
        (rejected,) = _STATUS_TAIL.unpack_from(payload, len(payload) - tail)
        return Status(counter, tuple(channel_lines), rejected)
    raise ProtocolError(
        f"unknown device message type 0x{message_type:02x}",
        code="device.protocol.unknown-message",
        message_type=message_type,
    )


def encode_command(message_type: int, sequence: int, *fields: int, key: bytes = b"") -> bytes:
    """Return one framed host command with its payload packed from ``fields``.

    ``key`` is the session key (:func:`occlusion.device.firmware.wire.session_key` of the
    device's challenge); HELLO is always sent without it.

    Raises
    ------
    ProtocolError
        If the type is not a host command or the fields do not fit its layout.
    """
    layout = msg.PAYLOAD_FORMATS.get(message_type)
    if layout is None or message_type >= msg.HELLO_REPLY:
        raise ProtocolError(
            f"0x{message_type:02x} is not a host command",
            code="device.protocol.not-a-command",
            message_type=message_type,
        )
    try:
        payload = struct.pack(layout, *fields)
    except struct.error as exc:
        raise ProtocolError(
            f"cannot pack command 0x{message_type:02x}: {exc}",
            code="device.protocol.cannot-pack",
            message_type=message_type,
            fields=list(fields),
        ) from None
    if message_type == msg.HELLO:
        key = b""
    return wire.encode_frame(message_type, sequence, payload, key)


def pressure_field(pressure_mmhg: float, what: str = "pressure") -> int:
    """Return ``pressure_mmhg`` as an unsigned 0.1 mmHg field, refusing what does not fit."""
    count = msg.to_deci(pressure_mmhg)
    if not 0 <= count <= 0xFFFF:
        raise ProtocolError(
            f"{what} {pressure_mmhg} mmHg does not fit the protocol",
            code="device.protocol.pressure-out-of-range",
            what=what,
            pressure_mmhg=pressure_mmhg,
            maximum_mmhg=0xFFFF / 10,
        )
    return count
