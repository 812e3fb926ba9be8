"""Conformance checks of a cuff controller against ``docs/protocol.md``, over any transport.

Each check opens its own session, measures one promise of the specification and returns a
:class:`Check` with what it measured, the limit and a verdict. The contract test suite
(``tests/device/contract``) runs every check against the simulator in-process and on a
pseudo-terminal; ``occlusion device conformance --port URL`` runs them against a maker's board.

The checks drive one channel (``channel``, default 0) to at most 120 mmHg: it must carry a cuff
wrapped on a rigid cylinder (or an arm). A check that fails leaves the cuff deflated: every
session ends with DUMP to all channels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from occlusion.device.address import DeviceAddress
from occlusion.device.client import CommandRefused, CuffClient
from occlusion.device.firmware import limits as table
from occlusion.device.firmware import messages as msg
from occlusion.device.firmware import wire
from occlusion.device.protocol import Status, encode_command
from occlusion.errors import DeviceError

TEST_PRESSURE_MMHG = 100.0
STATUS_WINDOW_S = 2.0
REQUIRED_STATUS_RATE_HZ = 50.0
SILENT_HOST_DEFLATED_S = 5.0
REACH_TIMEOUT_S = 30.0
CYCLE_ON_S = 2
# A device's clock may drift from the host's by this much over the on-time [s] (policy).
ON_TIME_TOLERANCE_S = 0.15
# Device time after the junk is counted in which an answer to the glued frame would show [s].
ANSWER_WINDOW_S = 0.5
JUNK_BYTES = 600


@dataclass(frozen=True, slots=True)
class Check:
    """One conformance check: its name, verdict, what it measured and against what."""

    name: str
    passed: bool
    measured: Any
    limit: Any
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return JSON-ready data."""
        return {
            "name": self.name,
            "passed": self.passed,
            "measured": self.measured,
            "limit": self.limit,
            "detail": self.detail,
        }


@dataclass
class Target:
    """How to reach the device under test and which channel carries the test cuff."""

    connect: Callable[[], CuffClient]
    channel: int = 0
    opened: list[CuffClient] = field(default_factory=list)

    @contextmanager
    def session(self) -> Iterator[CuffClient]:
        """Yield a fresh client with every latched alarm acknowledged and the cuff empty."""
        client = self.connect()
        try:
            client.acknowledge()
            client.wait_until(
                lambda status: status.channels[self.channel].state == "idle", REACH_TIMEOUT_S
            )
            yield client
        finally:
            client.close()


def _error_code(action: Callable[[], object]) -> int | None:
    """Run ``action`` and return the device's error code, or None if it was accepted."""
    try:
        action()
    except CommandRefused as error:
        return error.device_error
    return None


def check_handshake(target: Target) -> Check:
    """HELLO_REPLY: protocol version, channel count and a 32-bit device challenge."""
    with target.session() as client:
        capabilities = client.capabilities
        assert capabilities is not None
        passed = (
            capabilities.protocol_version == wire.PROTOCOL_VERSION
            and capabilities.channels > target.channel
            and capabilities.heartbeat_timeout_s <= 2.0 + 1e-9
        )
        return Check(
            "handshake",
            passed,
            {
                "protocol_version": capabilities.protocol_version,
                "channels": capabilities.channels,
                "heartbeat_timeout_s": capabilities.heartbeat_timeout_s,
                "firmware": capabilities.firmware,
            },
            {"protocol_version": wire.PROTOCOL_VERSION, "heartbeat_timeout_s": "<= 2.0"},
        )


def check_status_rate(target: Target) -> Check:
    """STATUS at >= 50 Hz, by the device's counter and by arrival time on the host."""
    with target.session() as client:
        seen: list[tuple[float, Status]] = []
        unsubscribe = client.subscribe(
            lambda status: seen.append((client.transport.now_s(), status))
        )
        client.wait(STATUS_WINDOW_S)
        unsubscribe()
    if len(seen) < 2:
        return Check("status-rate", False, 0.0, REQUIRED_STATUS_RATE_HZ, "no status frames")
    device_span = seen[-1][1].device_time_s - seen[0][1].device_time_s
    device_hz = (len(seen) - 1) / device_span if device_span > 0 else 0.0
    host_hz = len(seen) / STATUS_WINDOW_S
    measured = {"device_counter_hz": round(device_hz, 2), "arrival_hz": round(host_hz, 2)}
    passed = min(device_hz, host_hz) >= REQUIRED_STATUS_RATE_HZ
    return Check("status-rate", passed, measured, f">= {REQUIRED_STATUS_RATE_HZ:g} Hz")


def check_limits_readable(target: Target) -> Check:
    """GET_LIMITS reports the table; SET_LIMITS lowers, never raises; HELLO restores."""
    with target.session() as client:
        assert client.capabilities is not None
        ceiling = client.capabilities.ceiling_mmhg
        first = client.get_limits(target.channel)
        lowered = ceiling - 60.0
        client.set_limits(target.channel, lowered, first.inflation_limit_s)
        raise_code = _error_code(
            lambda: client.set_limits(target.channel, lowered + 20.0, first.inflation_limit_s)
        )
        highest = client.get_limits(target.channel).highest_target_mmhg
        above_code = _error_code(lambda: client.set_target(target.channel, highest + 1.0))
    with target.session() as client:
        restored = client.get_limits(target.channel)
    margin = table.limit("target_margin_mmhg")
    measured = {
        "ceiling_mmhg": first.ceiling_mmhg,
        "highest_target_mmhg": first.highest_target_mmhg,
        "raise_refused_with": raise_code,
        "target_above_lowered_refused_with": above_code,
        "ceiling_after_new_hello_mmhg": restored.ceiling_mmhg,
    }
    passed = (
        first.ceiling_mmhg == ceiling
        and abs(first.highest_target_mmhg - (ceiling - margin)) < 0.05
        and raise_code == msg.ERROR_OUT_OF_RANGE
        and above_code == msg.ERROR_OUT_OF_RANGE
        and restored.ceiling_mmhg == ceiling
    )
    limit = {
        "ceiling_mmhg": ceiling,
        "highest_target_mmhg": ceiling - margin,
        "raise_refused_with": msg.ERROR_OUT_OF_RANGE,
        "target_above_lowered_refused_with": msg.ERROR_OUT_OF_RANGE,
        "ceiling_after_new_hello_mmhg": ceiling,
    }
    return Check("limits-read-lower-restore", passed, measured, limit)


def check_refusals(target: Target) -> Check:
    """Every refusal listed in protocol.md section 5, with its error code."""
    channel = target.channel
    floor = table.limit("safe_pressure_mmhg")
    with target.session() as client:
        assert client.capabilities is not None
        ceiling = client.capabilities.ceiling_mmhg
        codes = {
            "target above ceiling - margin": _error_code(
                lambda: client.set_target(channel, ceiling)
            ),
            "inflate at or below the floor": _error_code(
                lambda: client.inflate(channel, floor)
            ),
            "hold an empty cuff": _error_code(lambda: client.hold(channel)),
            "lop ramp start >= stop": _error_code(
                lambda: client.start_lop_ramp(channel, 100.0, 90.0, 3.0)
            ),
            "cycles with a last target too high": _error_code(
                lambda: client.start_cycles(channel, 100.0, 5, 5, 10, 30.0)
            ),
            "limits above the table": _error_code(
                lambda: client.set_limits(channel, ceiling + 10.0, 60)
            ),
            "no such channel": _raw_error(client, msg.INFLATE, client.capabilities.channels),
            "wrong payload length": _raw_error(client, msg.INFLATE, channel, channel),
            "unknown message type": _raw_error(client, 0x30),
        }
    expected = {
        "target above ceiling - margin": msg.ERROR_OUT_OF_RANGE,
        "inflate at or below the floor": msg.ERROR_OUT_OF_RANGE,
        "hold an empty cuff": msg.ERROR_OUT_OF_RANGE,
        "lop ramp start >= stop": msg.ERROR_OUT_OF_RANGE,
        "cycles with a last target too high": msg.ERROR_OUT_OF_RANGE,
        "limits above the table": msg.ERROR_OUT_OF_RANGE,
        "no such channel": msg.ERROR_BAD_CHANNEL,
        "wrong payload length": msg.ERROR_BAD_PAYLOAD,
        "unknown message type": msg.ERROR_UNKNOWN_TYPE,
    }
    return Check("refusals", codes == expected, codes, expected)


def _raw_error(client: CuffClient, message_type: int, *field_bytes: int) -> int | None:
    """Send a frame with an arbitrary payload (bytes) and return the error code it earns."""
    from occlusion.device.protocol import ErrorReply

    client._sequence = (client._sequence + 1) % wire.SEQUENCE_MODULUS
    sequence = client._sequence
    frame = wire.encode_frame(message_type, sequence, bytes(field_bytes), client._key)
    client.transport.write(frame)
    deadline = client.transport.now_s() + 1.0
    while client.transport.now_s() < deadline:
        client.wait(0.02)
        reply = client._replies.pop(sequence, None)
        if isinstance(reply, ErrorReply):
            return reply.code
        if reply is not None:
            return None
    return None


def check_regulation_and_idle(target: Target) -> Check:
    """Inflate, regulate within 8 mmHg, no advisory while inflating; idle only when empty."""
    channel = target.channel
    empty = table.limit("empty_mmhg")
    with target.session() as client:
        statuses: list[Status] = []
        unsubscribe = client.subscribe(statuses.append)
        alarms_before = len(client.alarm_log)
        client.inflate(channel, TEST_PRESSURE_MMHG)
        client.wait_until(lambda s: s.channels[channel].state == "regulating", REACH_TIMEOUT_S)
        client.wait(1.0)
        assert client.latest is not None
        error = abs(client.latest.channels[channel].pressure_mmhg - TEST_PRESSURE_MMHG)
        advisories = [e.name for e in client.alarm_log[alarms_before:] if e.event == "raised"]
        client.dump(channel)
        client.wait_until(lambda s: s.channels[channel].state == "idle", REACH_TIMEOUT_S)
        client.wait(0.5)
        unsubscribe()
    idle_pressures = [
        s.channels[channel].pressure_mmhg for s in statuses if s.channels[channel].state == "idle"
    ]
    targets_not_regulating = {
        s.channels[channel].target_mmhg
        for s in statuses
        if s.channels[channel].state in ("idle", "deflating")
    }
    highest_idle = max(idle_pressures) if idle_pressures else None
    passed = (
        error < 8.0
        and not advisories
        and highest_idle is not None
        and highest_idle < empty
        and targets_not_regulating <= {0.0}
    )
    return Check(
        "regulate-then-idle-means-empty",
        passed,
        {
            "error_at_target_mmhg": round(error, 1),
            "alarms_while_inflating": advisories,
            "highest_pressure_reported_idle_mmhg": highest_idle,
            "target_reported_when_not_regulating": sorted(targets_not_regulating),
        },
        {
            "error_at_target_mmhg": "< 8",
            "alarms_while_inflating": [],
            "highest_pressure_reported_idle_mmhg": f"< {empty:g}",
            "target_reported_when_not_regulating": [0.0],
        },
    )


def check_commands_while_running(target: Target) -> Check:
    """INFLATE after DUMP re-inflates; a target at the floor is refused while regulating."""
    channel = target.channel
    floor = table.limit("safe_pressure_mmhg")
    with target.session() as client:
        client.inflate(channel, TEST_PRESSURE_MMHG)
        client.wait_until(lambda s: s.channels[channel].state == "regulating", REACH_TIMEOUT_S)
        floor_code = _error_code(lambda: client.set_target(channel, floor))
        client.dump(channel)
        client.wait(0.3)
        inflate_code = _error_code(lambda: client.inflate(channel))
        client.wait_until(lambda s: s.channels[channel].state == "regulating", REACH_TIMEOUT_S)
        hold_code = _error_code(lambda: client.hold(channel))
        client.dump(channel)
    passed = floor_code == msg.ERROR_OUT_OF_RANGE and inflate_code is None and hold_code is None
    return Check(
        "commands-while-running",
        passed,
        {
            "target_at_floor_while_regulating": floor_code,
            "inflate_after_dump": inflate_code,
            "hold_while_regulating": hold_code,
        },
        {
            "target_at_floor_while_regulating": msg.ERROR_OUT_OF_RANGE,
            "inflate_after_dump": None,
            "hold_while_regulating": None,
        },
    )


def check_latched_alarm(target: Target) -> Check:
    """Latch an inflation-time alarm: INFLATE (also to 0xFF) refused until acknowledged."""
    channel = target.channel
    with target.session() as client:
        client.set_limits(channel, 300.0, 3)
        client.inflate(channel, TEST_PRESSURE_MMHG * 0.8)
        client.wait_until(lambda s: s.channels[channel].state == "safe", REACH_TIMEOUT_S)
        latched = "inflation-time" in client.active_alarms(channel)
        single = _error_code(lambda: client.inflate(channel))
        # Every channel has a valid target, so only the latch can refuse the 0xFF command.
        client.set_target(msg.ALL_CHANNELS, TEST_PRESSURE_MMHG * 0.8)
        every = _error_code(lambda: client.inflate(msg.ALL_CHANNELS))
        assert client.latest is not None
        others_idle = all(
            line.state in ("idle", "deflating", "safe")
            for index, line in enumerate(client.latest.channels)
            if index != channel
        )
        client.wait_until(
            lambda s: s.channels[channel].pressure_mmhg < table.limit("safe_pressure_mmhg"),
            REACH_TIMEOUT_S,
        )
        client.acknowledge()
        client.wait_until(lambda s: s.channels[channel].state == "idle", REACH_TIMEOUT_S)
        acknowledged = any(event.event == "acknowledged" for event in client.alarm_log)
    passed = (
        latched
        and single == msg.ERROR_ALARM_LATCHED
        and every == msg.ERROR_ALARM_LATCHED
        and others_idle
        and acknowledged
    )
    return Check(
        "latched-alarm",
        passed,
        {
            "latched": latched,
            "inflate_refused_with": single,
            "inflate_all_refused_with": every,
            "other_channels_untouched": others_idle,
            "acknowledged": acknowledged,
        },
        {
            "latched": True,
            "inflate_refused_with": msg.ERROR_ALARM_LATCHED,
            "inflate_all_refused_with": msg.ERROR_ALARM_LATCHED,
            "other_channels_untouched": True,
            "acknowledged": True,
        },
    )


def check_cycle_on_time(target: Target) -> Check:
    """START_CYCLES: the on-time starts with the inflation (it includes the time to inflate).

    Timed on the device's clock, which every status frame carries: from the first status
    showing the channel inflating to the first showing it neither inflating nor regulating.
    The host's clock would add the link's delay to the answer and to the last status, which a
    slow radio link or a busy host makes longer than the tolerance.
    """
    channel = target.channel
    running = ("inflating", "regulating")
    began: list[float] = []
    ended: list[float] = []

    def watch(status: Status) -> None:
        state = status.channels[channel].state
        if not began and state in running:
            began.append(status.device_time_s)
        elif began and not ended and state not in running:
            ended.append(status.device_time_s)

    with target.session() as client:
        unsubscribe = client.subscribe(watch)
        client.start_cycles(channel, TEST_PRESSURE_MMHG, CYCLE_ON_S, 1, 1)
        client.wait_until(lambda _status: bool(ended), REACH_TIMEOUT_S)
        unsubscribe()
        client.dump(channel)
    on_s = ended[0] - began[0]
    passed = abs(on_s - CYCLE_ON_S) <= ON_TIME_TOLERANCE_S + 0.25
    return Check(
        "cycle-on-time-includes-inflation",
        passed,
        round(on_s, 2),
        f"{CYCLE_ON_S} s +/- {ON_TIME_TOLERANCE_S + 0.25:g} s from the start of inflation, "
        "device clock",
    )


def check_junk_then_frame(target: Target) -> Check:
    """Discard a frame glued to a run of junk longer than a frame, with the junk."""
    channel = target.channel
    with target.session() as client:
        client.wait(0.2)
        assert client.latest is not None
        before = client.latest.frames_rejected
        client._sequence = (client._sequence + 1) % wire.SEQUENCE_MODULUS
        glued = encode_command(
            msg.SET_TARGET, client._sequence, channel, 800, key=client._key
        )
        client.transport.write(bytes([0x55]) * JUNK_BYTES + glued)
        # Waited for on the device's clock: the link's delay does not shorten the window in
        # which an answer to the glued frame would show.
        counted = client.wait_until(lambda s: s.frames_rejected > before, REACH_TIMEOUT_S)
        client.wait_until(
            lambda s: s.device_time_s >= counted.device_time_s + ANSWER_WINDOW_S,
            REACH_TIMEOUT_S,
        )
        acted = client._replies.pop(client._sequence, None) is not None
        rejected = client.latest.frames_rejected - before
        client.set_target(channel, TEST_PRESSURE_MMHG)  # the link still works afterwards
    return Check(
        "junk-discarded-to-next-delimiter",
        not acted and rejected >= 1,
        {"glued_frame_answered": acted, "frames_rejected": rejected},
        {"glued_frame_answered": False, "frames_rejected": ">= 1"},
    )


class _Recorder:
    """Wraps a transport and keeps every byte the host writes."""

    def __init__(self, transport: Any) -> None:
        self.transport = transport
        self.written = bytearray()

    def write(self, data: bytes) -> None:
        self.written.extend(data)
        self.transport.write(data)

    def read(self, duration_s: float) -> bytes:
        return bytes(self.transport.read(duration_s))

    def now_s(self) -> float:
        return float(self.transport.now_s())

    def close(self) -> None:
        self.transport.close()


def check_replay(target: Target) -> Check:
    """Replay a recorded session (HELLO, SET_TARGET, INFLATE) byte for byte: nothing moves."""
    channel = target.channel
    with target.session() as client:
        recorder = _Recorder(client.transport)
        recorded = CuffClient(recorder)
        recorded.handshake()
        recorded.inflate(channel, TEST_PRESSURE_MMHG * 0.8)
        recorded.dump(channel)
        client.wait_until(lambda s: s.channels[channel].state == "idle", REACH_TIMEOUT_S)
        session_bytes = bytes(recorder.written)
        client.transport.write(session_bytes)
        peak = 0.0
        end = client.transport.now_s() + 3.0
        while client.transport.now_s() < end:
            client.wait(0.1)
            assert client.latest is not None
            peak = max(peak, client.latest.channels[channel].pressure_mmhg)
    passed = peak < table.limit("safe_pressure_mmhg")
    return Check(
        "recorded-session-cannot-drive",
        passed,
        {"peak_pressure_during_replay_mmhg": round(peak, 1)},
        {"peak_pressure_during_replay_mmhg": f"< {table.limit('safe_pressure_mmhg'):g}"},
    )


def check_silent_host(target: Target) -> Check:
    """With the host silent, the device deflates below 15 mmHg within 5 s and latches."""
    channel = target.channel
    with target.session() as client:
        client.inflate(channel, TEST_PRESSURE_MMHG)
        client.wait_until(lambda s: s.channels[channel].state == "regulating", REACH_TIMEOUT_S)
        client.heartbeat_interval_s = float("inf")
        silent_from = client.transport.now_s()
        deflated_after: float | None = None
        while client.transport.now_s() - silent_from < SILENT_HOST_DEFLATED_S + 5.0:
            client._pump(0.05)
            latest = client.latest
            if (
                latest is not None
                and latest.channels[channel].pressure_mmhg < table.limit("safe_pressure_mmhg")
            ):
                deflated_after = client.transport.now_s() - silent_from
                break
        latched = "heartbeat-lost" in client.active_alarms(channel)
        client.heartbeat_interval_s = 0.25
    passed = deflated_after is not None and deflated_after <= SILENT_HOST_DEFLATED_S and latched
    return Check(
        "silent-host-deflates",
        passed,
        {
            "deflated_after_s": None if deflated_after is None else round(deflated_after, 2),
            "heartbeat_lost_latched": latched,
        },
        {"deflated_after_s": f"<= {SILENT_HOST_DEFLATED_S:g}", "heartbeat_lost_latched": True},
    )


def check_hello_ends_session(target: Target) -> Check:
    """End a session with a new HELLO: the inflated channel deflates."""
    channel = target.channel
    with target.session() as client:
        client.inflate(channel, TEST_PRESSURE_MMHG)
        client.wait_until(lambda s: s.channels[channel].state == "regulating", REACH_TIMEOUT_S)
        client.handshake()
        status = client.wait_until(
            lambda s: s.channels[channel].state in ("deflating", "idle"), 1.0
        )
        state = status.channels[channel].state
    return Check("hello-ends-the-session", state in ("deflating", "idle"), state, "deflating")


CHECKS: tuple[Callable[[Target], Check], ...] = (
    check_handshake,
    check_status_rate,
    check_limits_readable,
    check_refusals,
    check_regulation_and_idle,
    check_commands_while_running,
    check_latched_alarm,
    check_cycle_on_time,
    check_junk_then_frame,
    check_replay,
    check_silent_host,
    check_hello_ends_session,
)


def run_check(check: Callable[[Target], Check], target: Target) -> Check:
    """Run one check; a device error or timeout is a failed check, not a crash."""
    name = check.__name__.removeprefix("check_").replace("_", "-")
    try:
        return check(target)
    except DeviceError as error:
        return Check(name, False, None, None, f"device error: {error}")


def run_conformance(address: DeviceAddress | str, channel: int = 0) -> dict[str, Any]:
    """Run every check against the device at ``address``; return ``{"passed", "checks"}``."""
    parsed = DeviceAddress.of(address)
    target = Target(lambda: CuffClient.connect(parsed), channel)
    checks = [run_check(check, target) for check in CHECKS]
    return {
        "passed": all(check.passed for check in checks),
        "checks": [check.as_dict() for check in checks],
    }
