from __future__ import annotations

import itertools

from occlusion.device.firmware import limits as table
from occlusion.device.firmware import messages as msg
from occlusion.device.protocol import Ack, HelloReply
from tests.device.conftest import RawHost, make_host


def test_handshake_reports_capabilities() -> None:
    host = make_host()
    reply = next(m for m in host.messages if isinstance(m, HelloReply))
    assert reply.nonce == 42
    assert reply.capabilities.channels == 2
    assert reply.capabilities.status_rate_hz >= 50
    assert reply.capabilities.ceiling_mmhg == table.limit("absolute_ceiling_mmhg")
    assert reply.capabilities.heartbeat_timeout_s == table.limit("heartbeat_timeout_s")


def test_commands_before_the_handshake_are_refused(host: RawHost) -> None:
    fresh = make_host(hello=False)
    fresh.inflate(150.0)
    fresh.run(1.0)
    assert {e.code for e in fresh.errors()} == {msg.ERROR_NO_SESSION}
    assert fresh.true_pressure() < 5.0


def test_inflates_and_holds_the_target_at_rest(host: RawHost) -> None:
    host.inflate(160.0)
    host.run(20.0)
    readings = [s.channels[0].pressure_mmhg for s in host.statuses()[-250:]]
    assert all(abs(r - 160.0) < 6.0 for r in readings)
    assert abs(host.true_pressure() - 160.0) < 3.0
    assert host.statuses()[-1].channels[0].state == "regulating"


def test_status_stream_runs_at_fifty_hertz_with_a_sample_counter(host: RawHost) -> None:
    host.messages.clear()
    host.run(2.0)
    counters = [s.sample_counter for s in host.statuses()]
    # 100 Hz: twice the 50 Hz the protocol promises, so no measured window falls short.
    assert 199 <= len(counters) <= 201
    assert all(b - a == 1 for a, b in itertools.pairwise(counters))


def test_every_command_is_acknowledged_by_sequence(host: RawHost) -> None:
    sequence = host.send(msg.SET_TARGET, 0, 1500)
    host.run(0.1)
    assert any(isinstance(m, Ack) and m.sequence == sequence for m in host.messages)


def test_target_above_ceiling_margin_is_refused(host: RawHost) -> None:
    too_high = table.limit("absolute_ceiling_mmhg") - table.limit("target_margin_mmhg") + 1
    host.send(msg.SET_TARGET, 0, msg.to_deci(too_high))
    host.run(0.1)
    assert host.errors()[-1].code == msg.ERROR_OUT_OF_RANGE


def test_unknown_channel_and_bad_payload_get_error_replies(host: RawHost) -> None:
    host.send(msg.INFLATE, 7)
    host.run(0.1)
    assert host.errors()[-1].code == msg.ERROR_BAD_CHANNEL
    host.sequence += 1
    from occlusion.device.firmware import wire

    host.device.feed(wire.encode_frame(msg.INFLATE, host.sequence, b"\x00\x00\x00", host.key))
    host.run(0.1)
    assert host.errors()[-1].code == msg.ERROR_BAD_PAYLOAD


def test_silent_host_deflates_within_five_seconds_and_latches(host: RawHost) -> None:
    host.inflate(200.0)
    host.run(15.0)
    assert host.true_pressure() > 190.0
    host.heartbeat = False
    silent_from = host.device.time_s
    while host.true_pressure() >= table.limit("safe_pressure_mmhg"):
        host.run(0.05)
        assert host.device.time_s - silent_from < 5.0
    names = {a.name for a in host.alarms() if a.event == "raised"}
    assert "heartbeat-lost" in names
    # Latched: the host comes back, but inflation is refused until it acknowledges.
    host.heartbeat = True
    host.send(msg.INFLATE, 0)
    host.run(0.5)
    assert host.errors()[-1].code == msg.ERROR_ALARM_LATCHED
    host.send(msg.ACKNOWLEDGE, msg.ALL_CHANNELS, msg.ALL_ALARMS)
    host.run(0.5)
    # Released, the channel deflates until empty; only an empty cuff reports idle.
    assert host.statuses()[-1].channels[0].state in ("deflating", "idle")
    host.run(5.0)
    line = host.statuses()[-1].channels[0]
    assert line.state == "idle"
    assert line.pressure_mmhg < table.limit("empty_mmhg")
    host.send(msg.INFLATE, 0)
    host.run(10.0)
    assert host.true_pressure() > 150.0


def test_replayed_frames_are_counted_and_not_acted_on(host: RawHost) -> None:
    from occlusion.device.protocol import encode_command

    host.send(msg.SET_TARGET, 0, 1600)
    inflate_frame = encode_command(msg.INFLATE, host.sequence + 1, 0, key=host.key)
    host.sequence += 1
    host.device.feed(inflate_frame)
    host.run(10.0)
    host.send(msg.DEFLATE, 0)
    host.run(5.0)
    applied = host.device.firmware.commands_applied
    host.device.feed(inflate_frame)  # an attacker or a confused link replays it
    host.run(5.0)
    assert host.device.firmware.commands_applied == applied
    assert host.device.firmware.reader.rejected["replay"] >= 1
    assert host.true_pressure() < 5.0
    assert host.statuses()[-1].frames_rejected >= 1


def test_a_replayed_hello_does_not_reset_the_session(host: RawHost) -> None:
    host.send(msg.HELLO, 1, 42)
    host.run(0.1)
    assert host.device.firmware.reader.rejected["replay"] == 1


def test_a_ceiling_below_the_pressure_or_the_running_target_is_refused(host: RawHost) -> None:
    host.inflate(200.0)
    host.run(15.0)
    host.send(msg.SET_LIMITS, 0, msg.to_deci(150.0), 600)
    host.run(0.1)
    assert host.errors()[-1].code == msg.ERROR_OUT_OF_RANGE
    # Above the pressure but leaving the 200 mmHg target less than the margin below it.
    host.send(msg.SET_LIMITS, 0, msg.to_deci(210.0), 600)
    host.run(0.1)
    assert host.errors()[-1].code == msg.ERROR_OUT_OF_RANGE
    assert host.device.firmware.safety.channels[0].ceiling_mmhg == table.limit(
        "absolute_ceiling_mmhg"
    )
    assert host.statuses()[-1].channels[0].state == "regulating"
    host.send(msg.SET_LIMITS, 0, msg.to_deci(250.0), 600)
    host.run(0.1)
    assert host.device.firmware.safety.channels[0].ceiling_mmhg == 250.0


def test_limits_cannot_be_raised_above_the_table(host: RawHost) -> None:
    host.send(msg.SET_LIMITS, 0, msg.to_deci(500.0), 600)
    host.run(0.1)
    assert host.errors()[-1].code == msg.ERROR_OUT_OF_RANGE
    host.send(msg.SET_LIMITS, 0, msg.to_deci(300.0), 5000)
    host.run(0.1)
    assert host.errors()[-1].code == msg.ERROR_OUT_OF_RANGE


def test_inflation_time_limit_deflates(host: RawHost) -> None:
    host.send(msg.SET_LIMITS, 0, msg.to_deci(300.0), 20)
    host.inflate(150.0)
    host.run(20.0)
    assert host.true_pressure() > 100.0
    host.run(6.0)
    assert host.true_pressure() < table.limit("safe_pressure_mmhg")
    assert "inflation-time" in {a.name for a in host.alarms()}


def test_deflate_and_dump_empty_the_cuff(host: RawHost) -> None:
    for command in (msg.DEFLATE, msg.DUMP):
        host.inflate(180.0)
        host.run(15.0)
        host.send(command, 0)
        host.run(4.0)
        assert host.true_pressure() < table.limit("safe_pressure_mmhg")
        assert host.statuses()[-1].channels[0].state in ("idle", "deflating")


def test_hold_keeps_the_current_pressure(host: RawHost) -> None:
    host.inflate(200.0)
    host.run(4.5)
    host.send(msg.HOLD, 0)
    held = host.device.firmware.channels[0].target_mmhg
    host.run(10.0)
    assert 20.0 < held < 200.0
    assert abs(host.true_pressure() - held) < 4.0


def test_both_limbs_at_once(host: RawHost) -> None:
    host.send(msg.SET_TARGET, 0, 1800)
    host.send(msg.SET_TARGET, 1, 1200)
    host.send(msg.INFLATE, msg.ALL_CHANNELS)
    host.run(15.0)
    assert abs(host.true_pressure(0) - 180.0) < 4.0
    assert abs(host.true_pressure(1) - 120.0) < 4.0


def test_cycle_program_alternates_inflation_and_rest(host: RawHost) -> None:
    host.send(msg.START_CYCLES, 0, 1000, 20, 10, 3, 200)  # 100 mmHg +20 per cycle
    peaks: list[float] = []
    for _cycle in range(3):
        host.run(19.0)
        peaks.append(host.true_pressure())
        host.run(6.0)
        assert host.true_pressure() < table.limit("safe_pressure_mmhg")
        host.run(5.0)
    assert [round(p / 10) for p in peaks] == [10, 12, 14]
    host.run(5.0)
    assert host.statuses()[-1].channels[0].state == "idle"


def test_cycle_program_refuses_a_final_target_above_the_ceiling(host: RawHost) -> None:
    host.send(msg.START_CYCLES, 0, 3000, 20, 10, 5, 200)
    host.run(0.1)
    assert host.errors()[-1].code == msg.ERROR_OUT_OF_RANGE


def test_lop_ramp_rises_steadily_then_deflates(host: RawHost) -> None:
    host.send(msg.MEASURE_LOP, 0, 600, 2400, 50)  # 60 -> 240 mmHg at 5 mmHg/s
    host.run(20.0)
    mid = host.true_pressure()
    host.run(10.0)
    assert host.true_pressure() - mid > 40.0
    host.run(30.0)
    assert host.true_pressure() < table.limit("safe_pressure_mmhg")
    assert host.statuses()[-1].channels[0].state == "idle"
