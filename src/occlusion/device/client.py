"""Host client of a cuff controller: handshake, commands with acknowledgement, heartbeat, status.

The client never sleeps: it does all its waiting inside :meth:`CuffClient.wait`, which reads the
transport in slices of at most the heartbeat interval and sends a heartbeat whenever one is due.
With the ``sim`` transport that wait is virtual time; with ``serial`` it is real time. If the
host process dies, the heartbeats stop and the firmware deflates by itself.

Example
-------
>>> with CuffClient.connect("sim") as cuff:            # doctest: +SKIP
...     cuff.inflate(0, pressure_mmhg=160.0)
...     cuff.wait_until(lambda s: s.channels[0].state == "regulating", timeout_s=30)
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from occlusion.device.address import DeviceAddress
from occlusion.device.firmware import limits as table
from occlusion.device.firmware import messages as msg
from occlusion.device.firmware import wire
from occlusion.device.protocol import (
    Ack,
    AlarmEvent,
    Capabilities,
    DeviceMessage,
    ErrorReply,
    HelloReply,
    LimitsReply,
    Status,
    decode_device_message,
    encode_command,
    pressure_field,
)
from occlusion.device.transports import Transport, open_transport
from occlusion.errors import DeviceError, InputError, ProtocolError

StatusCallback = Callable[[Status], None]
AlarmCallback = Callable[[AlarmEvent], None]

HEARTBEAT_INTERVAL_S = 0.25
REPLY_TIMEOUT_S = 1.0
ATTEMPTS = 3
CLOSE_TIMEOUT_S = 10.0
# Waits shorter than this are done: it keeps float round-off from looping forever.
TIME_EPSILON_S = 1e-6


class CommandRefused(DeviceError):
    """The device answered a command with ERROR; ``device_error`` is the protocol's error code.

    The message code is ``device.alarm-latched`` when a latched alarm refused it, else
    ``device.refused``.
    """

    default_code = "device.refused"

    def __init__(self, device_error: int, reason: str) -> None:
        latched = device_error == msg.ERROR_ALARM_LATCHED
        super().__init__(
            f"device refused the command: {reason}",
            code="device.alarm-latched" if latched else None,
            device_error=device_error,
        )
        self.device_error = device_error


class CuffClient:
    """Drive one cuff controller over any transport.

    Parameters
    ----------
    transport
        An open transport (see :func:`occlusion.device.transports.open_transport`).
    heartbeat_interval_s
        How often to send a heartbeat while waiting [s].
    """

    def __init__(self, transport: Transport, heartbeat_interval_s: float = HEARTBEAT_INTERVAL_S):
        self.transport = transport
        self.heartbeat_interval_s = heartbeat_interval_s
        self.capabilities: Capabilities | None = None
        self.latest: Status | None = None
        self.alarm_log: list[AlarmEvent] = []
        self.protocol_errors = 0
        self._reader = wire.FrameReader()
        self._sequence = secrets.randbelow(wire.SEQUENCE_MODULUS)
        self._last_heartbeat_s = -1e9
        self._status_callbacks: list[StatusCallback] = []
        self._alarm_callbacks: list[AlarmCallback] = []
        self._replies: dict[int, Ack | ErrorReply | LimitsReply] = {}
        self._key = b""
        self._hello: HelloReply | None = None
        self._closed = False

    # ------------------------------------------------------------------ life cycle
    @classmethod
    def connect(cls, address: DeviceAddress | str, **options: Any) -> CuffClient:
        """Open the transport to ``address``, shake hands and return a ready client."""
        client = cls(open_transport(address, **options))
        try:
            client.handshake()
        except BaseException:
            client.transport.close()
            raise
        return client

    def __enter__(self) -> CuffClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def handshake(self) -> Capabilities:
        """Start a session and return the device's capabilities."""
        nonce = secrets.randbits(32)
        self.transport.write(b"\x00")  # flush any partial frame in the device's buffer
        sent_at_s: dict[int, float] = {}
        for _ in range(ATTEMPTS):
            self._hello = None
            self._send(msg.HELLO, wire.PROTOCOL_VERSION, nonce)
            sent_at_s[nonce] = self.transport.now_s()
            reply = self._await_hello(nonce, sent_at_s)
            if reply is not None:
                self.capabilities = reply.capabilities
                self._key = wire.session_key(reply.challenge)
                if self.capabilities.protocol_version != wire.PROTOCOL_VERSION:
                    raise DeviceError(
                        f"device speaks protocol {self.capabilities.protocol_version}, "
                        f"this host speaks {wire.PROTOCOL_VERSION}",
                        code="device.protocol-version-mismatch",
                        device_version=self.capabilities.protocol_version,
                        host_version=wire.PROTOCOL_VERSION,
                    )
                return self.capabilities
            nonce = secrets.randbits(32)
        raise DeviceError(
            "no handshake reply from the device: is it connected and powered?",
            code="device.no-handshake-reply",
        )

    def _await_hello(self, nonce: int, sent_at_s: dict[int, float]) -> HelloReply | None:
        """Wait for the reply to the HELLO carrying ``nonce``; ``None`` if none came in time.

        ``sent_at_s`` holds when each HELLO of this handshake was sent. A late reply to an
        earlier one shows the device is there and the link slow (a busy host, a slow radio
        link); its round trip then extends the wait for the newest HELLO's reply, once per
        earlier HELLO. The earlier reply itself is never taken: the device's session is the
        one of the last HELLO it received.
        """
        deadline_s = sent_at_s[nonce] + REPLY_TIMEOUT_S
        while True:
            self._pump_until(
                lambda: self._hello is not None, deadline_s - self.transport.now_s()
            )
            reply, self._hello = self._hello, None
            if reply is not None and reply.nonce == nonce:
                return reply
            earlier_s = None if reply is None else sent_at_s.pop(reply.nonce, None)
            if earlier_s is None:
                return None
            round_trip_s = self.transport.now_s() - earlier_s
            deadline_s = max(deadline_s, sent_at_s[nonce] + round_trip_s + REPLY_TIMEOUT_S)

    def close(self) -> None:
        """Deflate every channel, wait for the cuffs to empty, then release the transport."""
        if self._closed:
            return
        self._closed = True
        try:
            self._command(msg.DUMP, msg.ALL_CHANNELS)
            self._pump_until(self._all_deflated, CLOSE_TIMEOUT_S)
        except DeviceError:
            pass  # the firmware's heartbeat timeout deflates the cuff anyway
        finally:
            self.transport.close()

    # ------------------------------------------------------------------ subscriptions
    def subscribe(self, callback: StatusCallback) -> Callable[[], None]:
        """Call ``callback`` with every status frame; return a function that unsubscribes."""
        self._status_callbacks.append(callback)
        return lambda: self._status_callbacks.remove(callback)

    def on_alarm(self, callback: AlarmCallback) -> Callable[[], None]:
        """Call ``callback`` with every alarm event; return a function that unsubscribes."""
        self._alarm_callbacks.append(callback)
        return lambda: self._alarm_callbacks.remove(callback)

    def active_alarms(self, channel: int | None = None) -> list[str]:
        """Return the names of alarms active or latched in the latest status."""
        if self.latest is None:
            return []
        names: list[str] = []
        for index, line in enumerate(self.latest.channels):
            if channel is None or channel == index:
                names.extend(table.alarm_name(code) for code in line.alarm_codes)
        return names

    # ------------------------------------------------------------------ commands
    def _channel(self, channel: int, allow_all: bool = True) -> int:
        if channel == msg.ALL_CHANNELS and allow_all:
            return channel
        count = self.capabilities.channels if self.capabilities else 0
        if not 0 <= channel < count:
            raise InputError(
                f"channel {channel} does not exist (device has {count})",
                code="device.no-such-channel",
                channel=channel,
                channels=count,
            )
        return channel

    def set_target(self, channel: int, pressure_mmhg: float) -> None:
        """Set the target pressure of ``channel`` [mmHg] (applies at once if regulating)."""
        self._command(msg.SET_TARGET, self._channel(channel), pressure_field(pressure_mmhg))

    def inflate(self, channel: int, pressure_mmhg: float | None = None) -> None:
        """Inflate ``channel`` to its target (set it first if ``pressure_mmhg`` is given)."""
        if pressure_mmhg is not None:
            self.set_target(channel, pressure_mmhg)
        self._command(msg.INFLATE, self._channel(channel))

    def hold(self, channel: int) -> None:
        """Regulate ``channel`` at the pressure it has now."""
        self._command(msg.HOLD, self._channel(channel))

    def deflate(self, channel: int = msg.ALL_CHANNELS) -> None:
        """Let the air out of ``channel`` (default: all)."""
        self._command(msg.DEFLATE, self._channel(channel))

    def dump(self, channel: int = msg.ALL_CHANNELS) -> None:
        """Open every valve of ``channel`` at once (default: all)."""
        self._command(msg.DUMP, self._channel(channel))

    def acknowledge(
        self, channel: int = msg.ALL_CHANNELS, alarm_code: int = msg.ALL_ALARMS
    ) -> None:
        """Acknowledge latched alarms (those whose condition has cleared are released)."""
        self._command(msg.ACKNOWLEDGE, self._channel(channel), alarm_code)

    def set_limits(self, channel: int, ceiling_mmhg: float, inflation_limit_s: float) -> None:
        """Lower ``channel``'s pressure ceiling [mmHg] and per-inflation limit [s]."""
        if not 0 < inflation_limit_s <= 0xFFFF:
            raise InputError(
                "inflation limit must be between 1 and 65535 s",
                code="device.inflation-limit-out-of-range",
                value_s=inflation_limit_s,
                minimum_s=1,
                maximum_s=0xFFFF,
            )
        self._command(
            msg.SET_LIMITS,
            self._channel(channel),
            pressure_field(ceiling_mmhg, "ceiling"),
            int(inflation_limit_s),
        )

    def get_limits(self, channel: int) -> LimitsReply:
        """Return ``channel``'s ceiling, inflation limit and highest accepted target."""
        reply = self._command(msg.GET_LIMITS, self._channel(channel, allow_all=False))
        if not isinstance(reply, LimitsReply):
            raise DeviceError(
                "the device acknowledged a limits request without its limits",
                code="device.limits-reply-missing",
                channel=channel,
            )
        return reply

    def start_cycles(
        self,
        channel: int,
        pressure_mmhg: float,
        on_s: float,
        off_s: float,
        cycles: int,
        step_mmhg: float = 0.0,
    ) -> None:
        """Run ``cycles`` inflations of ``on_s`` with ``off_s`` deflated between them.

        Each cycle's target is ``step_mmhg`` above the last (KAATSU-style progression when
        positive). The same program serves intermittent, passive and preconditioning schedules.
        """
        if not 1 <= cycles <= 255:
            raise InputError(
                "cycles must be between 1 and 255",
                code="device.cycles-out-of-range",
                value=cycles,
                minimum=1,
                maximum=0xFF,
            )
        for value, name in ((on_s, "on time"), (off_s, "off time")):
            if not 0 <= value <= 0xFFFF:
                raise InputError(
                    f"{name} must be between 0 and 65535 s",
                    code="device.cycle-time-out-of-range",
                    what=name,
                    value_s=value,
                    maximum_s=0xFFFF,
                )
        self._command(
            msg.START_CYCLES,
            self._channel(channel),
            pressure_field(pressure_mmhg),
            int(on_s),
            int(off_s),
            cycles,
            pressure_field(step_mmhg, "step"),
        )

    def start_lop_ramp(
        self, channel: int, start_mmhg: float, stop_mmhg: float, rate_mmhg_s: float
    ) -> None:
        """Start the firmware's LOP ramp: inflate to ``start_mmhg`` then rise at ``rate``."""
        self._command(
            msg.MEASURE_LOP,
            self._channel(channel),
            pressure_field(start_mmhg),
            pressure_field(stop_mmhg),
            pressure_field(rate_mmhg_s, "ramp rate"),
        )

    def heartbeat(self) -> None:
        """Send one heartbeat now."""
        self._send(msg.HEARTBEAT)
        self._last_heartbeat_s = self.transport.now_s()

    # ------------------------------------------------------------------ waiting
    def wait(self, duration_s: float) -> None:
        """Process incoming frames for ``duration_s`` [s], keeping the heartbeat."""
        end = self.transport.now_s() + duration_s
        while True:
            remaining = end - self.transport.now_s()
            if remaining <= TIME_EPSILON_S:
                return
            self._pump(min(remaining, self.heartbeat_interval_s))

    def wait_until(self, predicate: Callable[[Status], bool], timeout_s: float) -> Status:
        """Wait until a status satisfies ``predicate``; raise :class:`DeviceError` on timeout."""
        found: list[Status] = []

        def check() -> bool:
            if self.latest is not None and predicate(self.latest):
                found.append(self.latest)
                return True
            return False

        if not self._pump_until(check, timeout_s):
            raise DeviceError(
                f"device did not reach the expected state within {timeout_s} s",
                code="device.state-timeout",
                timeout_s=timeout_s,
            )
        return found[0]

    # ------------------------------------------------------------------ internals
    def _all_deflated(self) -> bool:
        return self.latest is not None and all(
            line.pressure_mmhg < table.limit("safe_pressure_mmhg") for line in self.latest.channels
        )

    def _send(self, message_type: int, *fields: int) -> int:
        self._sequence = (self._sequence + 1) % wire.SEQUENCE_MODULUS
        self.transport.write(encode_command(message_type, self._sequence, *fields, key=self._key))
        return self._sequence

    def _command(self, message_type: int, *fields: int) -> Ack | LimitsReply:
        if self.capabilities is None and message_type != msg.HELLO:
            raise DeviceError("no session: call handshake() first", code="device.no-session")
        sent: list[int] = []
        for _ in range(ATTEMPTS):
            sent.append(self._send(message_type, *fields))
            # An answer to an earlier attempt that arrives late (a busy host, a slow link)
            # is the device's answer to this command: it acted on that attempt.
            self._pump_until(self._reply_waiter(sent), REPLY_TIMEOUT_S)
            answered = [self._replies.pop(sequence) for sequence in sent
                        if sequence in self._replies]
            reply = answered[0] if answered else None
            if isinstance(reply, Ack | LimitsReply):
                return reply
            if isinstance(reply, ErrorReply):
                raise CommandRefused(reply.code, reply.reason)
        raise DeviceError(
            "device did not answer the command",
            code="device.no-reply",
            message_type=message_type,
        )

    def _reply_waiter(self, sequences: list[int]) -> Callable[[], bool]:
        return lambda: any(sequence in self._replies for sequence in sequences)

    def _pump_until(self, done: Callable[[], bool], timeout_s: float) -> bool:
        end = self.transport.now_s() + timeout_s
        while not done():
            remaining = end - self.transport.now_s()
            if remaining <= TIME_EPSILON_S:
                return False
            self._pump(min(remaining, 0.02))
        return True

    def _pump(self, duration_s: float) -> None:
        if self.capabilities is not None and (
            self.transport.now_s() - self._last_heartbeat_s >= self.heartbeat_interval_s
        ):
            self.heartbeat()
        for message_type, sequence, payload in self._reader.feed(self.transport.read(duration_s)):
            del sequence  # device frames are not replay-checked by the host: statuses stream
            try:
                message = decode_device_message(message_type, payload)
            except ProtocolError:
                self.protocol_errors += 1
                continue
            self._dispatch(message)

    def _dispatch(self, message: DeviceMessage) -> None:
        if isinstance(message, Status):
            self.latest = message
            for status_callback in list(self._status_callbacks):
                status_callback(message)
        elif isinstance(message, AlarmEvent):
            self.alarm_log.append(message)
            for alarm_callback in list(self._alarm_callbacks):
                alarm_callback(message)
        elif isinstance(message, HelloReply):
            self._hello = message
        else:
            self._replies[message.sequence] = message
