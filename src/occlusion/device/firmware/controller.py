"""The firmware main loop: commands, mode scheduler, pressure loop, safety layer, status stream.

:class:`Firmware` owns no clock. Each call of :meth:`Firmware.tick` is one control period and
advances the device's sample counter; device time is ``counter * CONTROL_PERIOD_S``. On a board
a timer interrupt calls ``tick`` at 100 Hz; the simulator calls it in virtual time. Bytes from
the host go to :meth:`Firmware.receive`; bytes to the host go out through ``Hardware.write``.
Standard library only.
"""

import struct

from occlusion.device.firmware import limits as table
from occlusion.device.firmware import messages as msg
from occlusion.device.firmware import wire
from occlusion.device.firmware.loop import PressureLoop
from occlusion.device.firmware.safety import SafetyMonitor

REGULATION_REACHED_MMHG = 3.0
DEFLATED_MMHG = 5.0
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


class Channel:
    """Scheduler state of one cuff channel."""

    def __init__(self, period_s: float) -> None:
        self.state = msg.STATE_IDLE
        self.target_mmhg = 0.0
        self.active_target_mmhg = 0.0
        self.loop = PressureLoop(period_s)
        self.reading_mmhg = 0.0
        self.actuators = msg.ACTUATOR_VENT | msg.ACTUATOR_DUMP
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
        self.reader = wire.FrameReader()
        self.sample_counter = 0
        self.session_nonce: int | None = None
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
            self.reader.accept_sequence(sequence, resets=True)
            self.session_nonce = nonce
            self.safety.host_frame(self.now_s())
            reply = struct.pack(
                msg.PAYLOAD_FORMATS[msg.HELLO_REPLY],
                wire.PROTOCOL_VERSION,
                nonce,
                len(self.channels),
                msg.to_deci(table.limit("absolute_ceiling_mmhg")),
                table.CONTROL_RATE_HZ // table.STATUS_EVERY_TICKS,
                int(table.limit("heartbeat_timeout_s") * 1000),
                table.FIRMWARE_VERSION,
                CAPABILITIES,
            )
            self._send(msg.HELLO_REPLY, reply)
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

    def _highest_target_mmhg(self, index: int) -> float:
        return self.safety.channels[index].ceiling_mmhg - table.limit("target_margin_mmhg")

    def _check(self, message_type: int, index: int, fields: tuple[int, ...]) -> int:
        """Return 0 if the command may be applied to channel ``index``, else an error code."""
        channel = self.channels[index]
        locked = self.safety.channels[index].forced_safe()
        if message_type == msg.SET_TARGET:
            target = msg.from_deci(fields[1])
            if target < 0 or target > self._highest_target_mmhg(index):
                return msg.ERROR_OUT_OF_RANGE
        elif message_type in (msg.INFLATE, msg.HOLD):
            if locked:
                return msg.ERROR_ALARM_LATCHED
            if message_type == msg.INFLATE and channel.target_mmhg <= table.limit(
                "safe_pressure_mmhg"
            ):
                return msg.ERROR_OUT_OF_RANGE
        elif message_type == msg.MEASURE_LOP:
            if locked:
                return msg.ERROR_ALARM_LATCHED
            start, stop, rate = msg.from_deci(fields[1]), msg.from_deci(fields[2]), fields[3]
            ceiling = self.safety.channels[index].ceiling_mmhg
            if not (0 < start < stop <= ceiling - 5.0) or rate <= 0:
                return msg.ERROR_OUT_OF_RANGE
        elif message_type == msg.SET_LIMITS:
            ceiling, limit_s = msg.from_deci(fields[1]), float(fields[2])
            if ceiling > table.limit("absolute_ceiling_mmhg") or ceiling <= 0:
                return msg.ERROR_OUT_OF_RANGE
            if limit_s <= 0 or limit_s > table.limit("absolute_inflation_limit_s"):
                return msg.ERROR_OUT_OF_RANGE
        elif message_type == msg.START_CYCLES:
            if locked:
                return msg.ERROR_ALARM_LATCHED
            target, on_s, off_s, cycles, step = (
                msg.from_deci(fields[1]),
                fields[2],
                fields[3],
                fields[4],
                msg.from_deci(fields[5]),
            )
            highest = target + step * max(cycles - 1, 0)
            if cycles < 1 or on_s < 1 or target <= table.limit("safe_pressure_mmhg"):
                return msg.ERROR_OUT_OF_RANGE
            if highest > self._highest_target_mmhg(index):
                return msg.ERROR_OUT_OF_RANGE
            if on_s > self.safety.channels[index].inflation_limit_s or off_s < 0:
                return msg.ERROR_OUT_OF_RANGE
        return 0

    def _apply(self, message_type: int, index: int, fields: tuple[int, ...]) -> None:
        channel = self.channels[index]
        now = self.now_s()
        if message_type == msg.SET_TARGET:
            channel.target_mmhg = msg.from_deci(fields[1])
            if channel.state in (msg.STATE_INFLATING, msg.STATE_REGULATING):
                channel.active_target_mmhg = channel.target_mmhg
        elif message_type == msg.INFLATE:
            channel.cycles_left = 0
            self._start_inflation(channel, channel.target_mmhg, now)
        elif message_type == msg.HOLD:
            channel.cycles_left = 0
            hold = min(channel.loop.filtered_mmhg, self._highest_target_mmhg(index))
            channel.target_mmhg = max(hold, 0.0)
            channel.active_target_mmhg = channel.target_mmhg
            channel.state = msg.STATE_REGULATING
            channel.loop.reset()
        elif message_type == msg.DEFLATE:
            channel.cycles_left = 0
            if channel.state != msg.STATE_SAFE:
                channel.state = msg.STATE_DEFLATING
        elif message_type == msg.DUMP:
            channel.cycles_left = 0
            if channel.state != msg.STATE_SAFE:
                channel.state = msg.STATE_IDLE
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
                channel.state = msg.STATE_IDLE
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
            reading = self.hardware.read_pressure_mmhg(index)
            requested, target = self._schedule(channel, reading, now)
            measuring = channel.state == msg.STATE_LOP_RAMP
            output = self.safety.evaluate(index, now, reading, requested, target, measuring)
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
        if state in (msg.STATE_IDLE, msg.STATE_SAFE):
            channel.loop.filter(pressure)
            return vent_all, None
        if state == msg.STATE_DEFLATING:
            filtered = channel.loop.filter(pressure)
            if filtered < DEFLATED_MMHG:
                channel.state = msg.STATE_IDLE
            return vent_all, None
        if state == msg.STATE_CYCLE_REST:
            channel.loop.filter(pressure)
            if now_s - channel.phase_started_s >= channel.cycle_off_s:
                channel.target_mmhg += channel.cycle_step_mmhg
                self._start_inflation(channel, channel.target_mmhg, now_s)
            return vent_all, None
        if state == msg.STATE_LOP_RAMP:
            if channel.loop.filtered_mmhg >= channel.active_target_mmhg - 5.0:
                channel.active_target_mmhg += channel.lop_rate_mmhg_s * self.period_s
            if channel.active_target_mmhg >= channel.lop_stop_mmhg:
                channel.state = msg.STATE_DEFLATING
                return vent_all, None
            return channel.loop.step(channel.active_target_mmhg, pressure), None
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
