"""The firmware main loop: commands, mode scheduler, pressure loop, safety layer, status stream.

:class:`Firmware` owns no clock. Each call of :meth:`Firmware.tick` is one control period and
advances the device's sample counter; device time is ``counter * CONTROL_PERIOD_S``. On a board
a timer interrupt calls ``tick`` at 100 Hz; the simulator calls it in virtual time. Bytes from
the host go to :meth:`Firmware.receive`; bytes to the host go out through ``Hardware.write``.
Standard library only.
"""

import math
import struct

from occlusion.device.firmware import limits as table
from occlusion.device.firmware import messages as msg
from occlusion.device.firmware import wire
from occlusion.device.firmware.loop import PressureLoop
from occlusion.device.firmware.safety import SafetyMonitor

REGULATION_REACHED_MMHG = 3.0
# The LOP ramp's set point advances only while the cuff follows it within this [mmHg].
LOP_RAMP_LAG_MMHG = 5.0
# Consecutive readings below the empty pressure before a deflating channel reports idle.
EMPTY_CONFIRM_TICKS = 10
CAPABILITIES = msg.CAPABILITY_LOP_RAMP | msg.CAPABILITY_CYCLES | msg.CAPABILITY_SET_LIMITS


class Hardware:
    """What a board provides to the firmware: one pressure sensor, pump, vent and dump per channel.

    The dump valve is normally open (it vents when unpowered), so a dead board deflates.
    """

    def read_pressure_mmhg(self, channel: int) -> float | None:
        """Return the gauge pressure of ``channel`` [mmHg], or None if the read failed."""
        raise NotImplementedError

    def drive(self, channel: int, pump_duty: float, vent_duty: float, dump_open: bool) -> None:
        """Set the pump duty and vent duty in [0, 1] and the dump valve of ``channel``."""
        raise NotImplementedError

    def write(self, data: bytes) -> None:
        """Send ``data`` to the host."""
        raise NotImplementedError

    def entropy_u32(self) -> int:
        """Return 32 unpredictable bits for a session challenge (the board's random source).

        The default uses ``os.urandom``, which CPython and MicroPython's rp2 and esp32 ports
        provide from a hardware or OS source; a board without it must override this.
        """
        import os

        value: int = struct.unpack("<I", os.urandom(4))[0]
        return value


def finite_or_none(reading_mmhg: float | None) -> float | None:
    """Return the reading, or None when the sensor gave no number (missing, NaN or infinite).

    A board's driver may hand back NaN or infinity (a failed conversion, a division by a zero
    calibration); the firmware treats it as an unreadable sensor -- alarm 4, the channel
    dumped -- and never lets it reach the loop, the timers or the status frame.
    """
    if reading_mmhg is None or not math.isfinite(reading_mmhg):
        return None
    return float(reading_mmhg)


class Channel:
    """Scheduler state of one cuff channel."""

    def __init__(self, period_s: float) -> None:
        self.state = msg.STATE_IDLE
        self.target_mmhg = 0.0
        self.active_target_mmhg = 0.0
        self.loop = PressureLoop(period_s)
        self.reading_mmhg = 0.0
        self.actuators = msg.ACTUATOR_VENT | msg.ACTUATOR_DUMP
        self.empty_ticks = 0
        self.lop_stop_mmhg = 0.0
        self.lop_rate_mmhg_s = 0.0
        self.cycles_left = 0
        self.cycle_on_s = 0.0
        self.cycle_off_s = 0.0
        self.cycle_step_mmhg = 0.0
        self.phase_started_s = 0.0


class Firmware:
    """The cuff controller as it runs on the board.

    Parameters
    ----------
    hardware
        The board (or the simulator) behind the firmware.
    channels
        Number of cuff channels.
    """

    def __init__(self, hardware: Hardware, channels: int = table.CHANNELS) -> None:
        self.hardware = hardware
        self.period_s = table.CONTROL_PERIOD_S
        self.channels = [Channel(self.period_s) for _ in range(channels)]
        self.safety = SafetyMonitor(channels)
        self.reader = wire.FrameReader(unkeyed_type=msg.HELLO)
        self.sample_counter = 0
        self.session_nonce: int | None = None
        self.challenge: int | None = None
        self._sequence = 0
        self.commands_applied = 0

    # ----------------------------------------------------------------- time and output
    def now_s(self) -> float:
        """Return device time [s]: the sample counter times the control period."""
        return self.sample_counter * self.period_s

    def _send(self, message_type: int, payload: bytes) -> None:
        self._sequence = (self._sequence + 1) % wire.SEQUENCE_MODULUS
        self.hardware.write(wire.encode_frame(message_type, self._sequence, payload))

    def _reply_error(self, sequence: int, code: int) -> None:
        self._send(msg.ERROR, struct.pack(msg.PAYLOAD_FORMATS[msg.ERROR], sequence, code))

    def _reply_ack(self, sequence: int) -> None:
        self._send(msg.ACK, struct.pack(msg.PAYLOAD_FORMATS[msg.ACK], sequence))

    # ----------------------------------------------------------------- commands
    def receive(self, data: bytes) -> None:
        """Handle bytes from the host: frames are checked, replays refused, commands applied."""
        for message_type, sequence, payload in self.reader.feed(data):
            self._handle(message_type, sequence, payload)

    def _handle(self, message_type: int, sequence: int, payload: bytes) -> None:
        layout = msg.PAYLOAD_FORMATS.get(message_type)
        if message_type == msg.HELLO:
            if layout is None or len(payload) != struct.calcsize(layout):
                self._reply_error(sequence, msg.ERROR_BAD_PAYLOAD)
                return
            _version, nonce = struct.unpack(layout, payload)
            if nonce == self.session_nonce:
                self.reader.rejected[wire.REJECT_REPLAY] += 1
                return
            self._open_session(sequence, nonce)
            return
        if self.session_nonce is None:
            self._reply_error(sequence, msg.ERROR_NO_SESSION)
            return
        if not self.reader.accept_sequence(sequence):
            return
        self.safety.host_frame(self.now_s())
        if layout is None or message_type >= msg.HELLO_REPLY:
            self._reply_error(sequence, msg.ERROR_UNKNOWN_TYPE)
            return
        if len(payload) != struct.calcsize(layout):
            self._reply_error(sequence, msg.ERROR_BAD_PAYLOAD)
            return
        if message_type == msg.HEARTBEAT:
            return
        fields = struct.unpack(layout, payload)
        channel = fields[0]
        if message_type == msg.GET_LIMITS:
            if channel >= len(self.channels):
                self._reply_error(sequence, msg.ERROR_BAD_CHANNEL)
                return
            self._reply_limits(sequence, channel)
            return
        if channel == msg.ALL_CHANNELS:
            selected = list(range(len(self.channels)))
        elif channel < len(self.channels):
            selected = [channel]
        else:
            self._reply_error(sequence, msg.ERROR_BAD_CHANNEL)
            return
        error = 0
        for index in selected:
            error = self._check(message_type, index, fields)
            if error:
                break
        if error:
            self._reply_error(sequence, error)
            return
        for index in selected:
            self._apply(message_type, index, fields)
        self.commands_applied += 1
        self._reply_ack(sequence)

    def _open_session(self, sequence: int, nonce: int) -> None:
        """Start a session: new challenge, limits from the table, every program stopped."""
        self.reader.accept_sequence(sequence, resets=True)
        self.session_nonce = nonce
        self.challenge = self.hardware.entropy_u32() & 0xFFFFFFFF
        self.reader.key = wire.session_key(self.challenge)
        self.safety.host_frame(self.now_s())
        for index, channel in enumerate(self.channels):
            self.safety.restore_limits(index)
            channel.cycles_left = 0
            if channel.state not in (msg.STATE_IDLE, msg.STATE_SAFE):
                channel.state = msg.STATE_DEFLATING
        reply = struct.pack(
            msg.PAYLOAD_FORMATS[msg.HELLO_REPLY],
            wire.PROTOCOL_VERSION,
            nonce,
            self.challenge,
            len(self.channels),
            msg.to_deci(table.limit("absolute_ceiling_mmhg")),
            table.CONTROL_RATE_HZ // table.STATUS_EVERY_TICKS,
            int(table.limit("heartbeat_timeout_s") * 1000),
            table.FIRMWARE_VERSION,
            CAPABILITIES,
        )
        self._send(msg.HELLO_REPLY, reply)

    def _reply_limits(self, sequence: int, index: int) -> None:
        limits = self.safety.channels[index]
        payload = struct.pack(
            msg.PAYLOAD_FORMATS[msg.LIMITS],
            sequence,
            index,
            msg.to_deci(limits.ceiling_mmhg),
            int(limits.inflation_limit_s),
            msg.to_deci(self._highest_target_mmhg(index)),
        )
        self._send(msg.LIMITS, payload)

    def _highest_target_mmhg(self, index: int) -> float:
        return self.safety.channels[index].ceiling_mmhg - table.limit("target_margin_mmhg")

    def _running(self, channel: Channel) -> bool:
        """Return True while the channel holds or moves towards a set point (or runs cycles)."""
        return channel.cycles_left > 0 or channel.state in (
            msg.STATE_INFLATING,
            msg.STATE_REGULATING,
            msg.STATE_LOP_RAMP,
            msg.STATE_CYCLE_REST,
        )

    def _check(self, message_type: int, index: int, fields: tuple[int, ...]) -> int:
        """Return 0 if the command may be applied to channel ``index``, else an error code."""
        channel = self.channels[index]
        locked = self.safety.channels[index].forced_safe()
        floor = table.limit("safe_pressure_mmhg")
        if message_type == msg.SET_TARGET:
            target = msg.from_deci(fields[1])
            if target > self._highest_target_mmhg(index):
                return msg.ERROR_OUT_OF_RANGE
            if target <= floor and self._running(channel):
                return msg.ERROR_OUT_OF_RANGE
        elif message_type == msg.INFLATE:
            if locked:
                return msg.ERROR_ALARM_LATCHED
            target = channel.target_mmhg
            if target <= floor or target > self._highest_target_mmhg(index):
                return msg.ERROR_OUT_OF_RANGE
        elif message_type == msg.HOLD:
            if locked:
                return msg.ERROR_ALARM_LATCHED
            if channel.loop.filtered_mmhg <= floor:
                return msg.ERROR_OUT_OF_RANGE
        elif message_type == msg.MEASURE_LOP:
            if locked:
                return msg.ERROR_ALARM_LATCHED
            start, stop, rate = msg.from_deci(fields[1]), msg.from_deci(fields[2]), fields[3]
            ceiling = self.safety.channels[index].ceiling_mmhg
            if not (0 < start < stop <= ceiling - table.limit("lop_stop_margin_mmhg")):
                return msg.ERROR_OUT_OF_RANGE
            if rate <= 0:
                return msg.ERROR_OUT_OF_RANGE
        elif message_type == msg.SET_LIMITS:
            return self._check_limits(index, msg.from_deci(fields[1]), float(fields[2]))
        elif message_type == msg.START_CYCLES:
            if locked:
                return msg.ERROR_ALARM_LATCHED
            target, on_s, cycles, step = (
                msg.from_deci(fields[1]),
                fields[2],
                fields[4],
                msg.from_deci(fields[5]),
            )
            highest = target + step * max(cycles - 1, 0)
            if cycles < 1 or on_s < 1 or target <= floor:
                return msg.ERROR_OUT_OF_RANGE
            if highest > self._highest_target_mmhg(index):
                return msg.ERROR_OUT_OF_RANGE
            if on_s > self.safety.channels[index].inflation_limit_s:
                return msg.ERROR_OUT_OF_RANGE
        return 0

    def _check_limits(self, index: int, ceiling_mmhg: float, limit_s: float) -> int:
        """Refuse limits that raise, that are not positive, or that the running cuff exceeds."""
        current = self.safety.channels[index]
        channel = self.channels[index]
        if not 0 < ceiling_mmhg <= current.ceiling_mmhg:
            return msg.ERROR_OUT_OF_RANGE
        if not 0 < limit_s <= current.inflation_limit_s:
            return msg.ERROR_OUT_OF_RANGE
        if ceiling_mmhg <= channel.reading_mmhg:
            return msg.ERROR_OUT_OF_RANGE
        highest = ceiling_mmhg - table.limit("target_margin_mmhg")
        if self._running(channel):
            if channel.state == msg.STATE_LOP_RAMP:
                if channel.lop_stop_mmhg > ceiling_mmhg - table.limit("lop_stop_margin_mmhg"):
                    return msg.ERROR_OUT_OF_RANGE
            elif channel.target_mmhg + channel.cycle_step_mmhg * channel.cycles_left > highest:
                return msg.ERROR_OUT_OF_RANGE
        return 0

    def _apply(self, message_type: int, index: int, fields: tuple[int, ...]) -> None:
        channel = self.channels[index]
        now = self.now_s()
        if message_type == msg.SET_TARGET:
            target = msg.from_deci(fields[1])
            channel.target_mmhg = target
            if channel.state in (msg.STATE_INFLATING, msg.STATE_REGULATING):
                change = abs(target - channel.active_target_mmhg)
                channel.active_target_mmhg = target
                if change > table.limit("deviation_window_mmhg"):
                    # A big step is a new approach: the deviation advisory waits for arrival.
                    channel.state = msg.STATE_INFLATING
        elif message_type == msg.INFLATE:
            channel.cycles_left = 0
            self._start_inflation(channel, channel.target_mmhg, now)
        elif message_type == msg.HOLD:
            channel.cycles_left = 0
            hold = min(channel.loop.filtered_mmhg, self._highest_target_mmhg(index))
            channel.target_mmhg = hold
            channel.active_target_mmhg = hold
            channel.state = msg.STATE_REGULATING
            channel.loop.reset()
        elif message_type in (msg.DEFLATE, msg.DUMP):
            channel.cycles_left = 0
            if channel.state not in (msg.STATE_SAFE, msg.STATE_IDLE):
                channel.state = msg.STATE_DEFLATING
                channel.empty_ticks = 0
        elif message_type == msg.MEASURE_LOP:
            channel.cycles_left = 0
            channel.state = msg.STATE_LOP_RAMP
            channel.active_target_mmhg = msg.from_deci(fields[1])
            channel.lop_stop_mmhg = msg.from_deci(fields[2])
            channel.lop_rate_mmhg_s = msg.from_deci(fields[3])
            channel.phase_started_s = now
            channel.loop.reset()
        elif message_type == msg.ACKNOWLEDGE:
            self.safety.acknowledge(index, fields[1])
            if channel.state == msg.STATE_SAFE and not self.safety.channels[index].forced_safe():
                channel.state = msg.STATE_DEFLATING
                channel.empty_ticks = 0
        elif message_type == msg.SET_LIMITS:
            self.safety.set_limits(index, msg.from_deci(fields[1]), float(fields[2]))
        elif message_type == msg.START_CYCLES:
            channel.target_mmhg = msg.from_deci(fields[1])
            channel.cycle_on_s = float(fields[2])
            channel.cycle_off_s = float(fields[3])
            channel.cycles_left = fields[4]
            channel.cycle_step_mmhg = msg.from_deci(fields[5])
            self._start_inflation(channel, channel.target_mmhg, now)

    def _start_inflation(self, channel: Channel, target_mmhg: float, now_s: float) -> None:
        channel.active_target_mmhg = target_mmhg
        channel.state = msg.STATE_INFLATING
        channel.phase_started_s = now_s
        channel.loop.reset()

    # ----------------------------------------------------------------- control period
    def tick(self) -> None:
        """Run one control period: read, schedule, regulate, check safety, drive, report."""
        now = self.now_s()
        for index, channel in enumerate(self.channels):
            reading = finite_or_none(self.hardware.read_pressure_mmhg(index))
            requested, target = self._schedule(channel, reading, now)
            measuring = channel.state == msg.STATE_LOP_RAMP
            regulating = channel.state == msg.STATE_REGULATING
            output = self.safety.evaluate(
                index, now, reading, requested, target, measuring, regulating
            )
            if self.safety.channels[index].forced_safe():
                channel.state = msg.STATE_SAFE
                channel.cycles_left = 0
            pump, vent, dump = output
            self.hardware.drive(index, pump, vent, dump)
            channel.actuators = (
                (msg.ACTUATOR_PUMP if pump > 0 else 0)
                | (msg.ACTUATOR_VENT if vent > 0 else 0)
                | (msg.ACTUATOR_DUMP if dump else 0)
            )
        for index, code, event in self.safety.take_events():
            severity = table.ALARM_RULES[code][1]
            payload = struct.pack(
                msg.PAYLOAD_FORMATS[msg.ALARM], self.sample_counter, index, code, severity, event
            )
            self._send(msg.ALARM, payload)
        if self.sample_counter % table.STATUS_EVERY_TICKS == 0:
            self._send(msg.STATUS, self._status_payload())
        self.sample_counter += 1

    def _schedule(
        self, channel: Channel, reading: float | None, now_s: float
    ) -> tuple[tuple[float, float, bool], float | None]:
        """Return the loop's actuator request and the set point for one channel."""
        pressure = reading if reading is not None else 0.0
        channel.reading_mmhg = pressure
        state = channel.state
        vent_all = (0.0, 1.0, True)
        # Compared as reported (0.1 mmHg counts): a reading of 4.96 mmHg goes out as 5.0, so
        # comparing the raw float would let an idle status carry 5.0 mmHg.
        empty_deci = msg.to_deci(table.limit("empty_mmhg"))
        empty = reading is not None and msg.to_deci(reading) < empty_deci
        if state == msg.STATE_SAFE:
            channel.loop.filter(pressure)
            return vent_all, None
        if state == msg.STATE_IDLE:
            channel.loop.filter(pressure)
            if not empty:
                # Idle means empty: air in the cuff (or no reading) is reported as deflating.
                channel.state = msg.STATE_DEFLATING
                channel.empty_ticks = 0
            return vent_all, None
        if state == msg.STATE_DEFLATING:
            channel.loop.filter(pressure)
            channel.empty_ticks = channel.empty_ticks + 1 if empty else 0
            if channel.empty_ticks >= EMPTY_CONFIRM_TICKS:
                channel.state = msg.STATE_IDLE
            return vent_all, None
        if state == msg.STATE_CYCLE_REST:
            channel.loop.filter(pressure)
            if now_s - channel.phase_started_s >= channel.cycle_off_s:
                channel.target_mmhg += channel.cycle_step_mmhg
                self._start_inflation(channel, channel.target_mmhg, now_s)
            return vent_all, None
        if state == msg.STATE_LOP_RAMP:
            if channel.loop.filtered_mmhg >= channel.active_target_mmhg - LOP_RAMP_LAG_MMHG:
                channel.active_target_mmhg += channel.lop_rate_mmhg_s * self.period_s
            if channel.active_target_mmhg >= channel.lop_stop_mmhg:
                channel.state = msg.STATE_DEFLATING
                channel.empty_ticks = 0
                return vent_all, None
            return channel.loop.step(channel.active_target_mmhg, pressure, adaptive=False), None
        # Inflating or regulating (continuous, or the "on" phase of a cycle program).
        request = channel.loop.step(channel.active_target_mmhg, pressure)
        if (
            state == msg.STATE_INFLATING
            and abs(channel.loop.filtered_mmhg - channel.active_target_mmhg)
            < REGULATION_REACHED_MMHG
        ):
            channel.state = msg.STATE_REGULATING
        if channel.cycles_left > 0 and now_s - channel.phase_started_s >= channel.cycle_on_s:
            channel.cycles_left -= 1
            if channel.cycles_left == 0:
                channel.state = msg.STATE_DEFLATING
                channel.empty_ticks = 0
            else:
                channel.state = msg.STATE_CYCLE_REST
                channel.phase_started_s = now_s
            return vent_all, None
        return request, channel.active_target_mmhg

    def _status_payload(self) -> bytes:
        parts = [struct.pack(msg.STATUS_HEAD_FORMAT, self.sample_counter, len(self.channels))]
        for index, channel in enumerate(self.channels):
            pressure = max(-32768, min(32767, msg.to_deci(channel.reading_mmhg)))
            target = (
                channel.active_target_mmhg
                if channel.state
                in (
                    msg.STATE_INFLATING,
                    msg.STATE_REGULATING,
                    msg.STATE_LOP_RAMP,
                )
                else 0.0
            )
            parts.append(
                struct.pack(
                    msg.STATUS_CHANNEL_FORMAT,
                    pressure,
                    max(0, min(65535, msg.to_deci(target))),
                    channel.state,
                    channel.actuators,
                    self.safety.channels[index].alarm_bits(),
                )
            )
        parts.append(struct.pack(msg.STATUS_TAIL_FORMAT, self.reader.rejected_total() & 0xFFFF))
        return b"".join(parts)
