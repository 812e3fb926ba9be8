"""The safety layer: evaluates the alarm table and overrides the pressure loop when it must.

It reads the pressure sensor and the actuator commands itself and keeps its own timers (time
above the safe pressure, continuous pumping, host silence); it takes from the firmware only the
set point (for the advisory deviation alarm) and whether an LOP measurement runs (its tighter time
limit). A channel with a latched deflate-severity alarm is held in the safe state -- pump off,
vent and dump valves open -- until the host acknowledges the alarm *and* its condition has
cleared. Standard library only.
"""

from occlusion.device.firmware import limits as table
from occlusion.device.firmware import messages

SAFE_OUTPUT = (0.0, 1.0, True)  # pump duty, vent duty, dump valve open


class ChannelSafety:
    """Timers and alarm state of one channel."""

    def __init__(self) -> None:
        self.ceiling_mmhg = table.limit("absolute_ceiling_mmhg")
        self.inflation_limit_s = table.limit("absolute_inflation_limit_s")
        self.active: dict[int, bool] = {}
        self.latched: dict[int, bool] = {}
        self.above_safe_since: float | None = None
        self.pumping_since: float | None = None
        self.pumping_start_mmhg = 0.0
        self.last_reading: float | None = None
        self.same_reading_since: float | None = None
        self.jump_times: list[float] = []
        self.deviation_since: float | None = None
        self.over_target_since: float | None = None
        self.over_target_start_mmhg = 0.0
        self.safe_since: float | None = None
        self.safe_start_mmhg = 0.0

    def forced_safe(self) -> bool:
        """Return True while a latched deflate-severity alarm holds the channel deflated."""
        return any(table.ALARM_RULES[code][1] == table.SEVERITY_DEFLATE for code in self.latched)

    def alarm_bits(self) -> int:
        """Return the active or latched alarm codes as a bit field (bit ``code - 1``)."""
        bits = 0
        for code in list(self.active) + list(self.latched):
            bits |= 1 << (code - 1)
        return bits & 0xFFFF


class SafetyMonitor:
    """Evaluate :data:`~occlusion.device.firmware.limits.ALARM_RULES` every control period.

    Parameters
    ----------
    channels
        Number of cuff channels.
    """

    def __init__(self, channels: int) -> None:
        self.channels = [ChannelSafety() for _ in range(channels)]
        self.last_host_frame_s: float | None = None
        self.events: list[tuple[int, int, int]] = []

    def host_frame(self, now_s: float) -> None:
        """Record that a valid frame arrived from the host (any frame is a heartbeat)."""
        self.last_host_frame_s = now_s

    def set_limits(self, channel: int, ceiling_mmhg: float, inflation_limit_s: float) -> bool:
        """Lower a channel's ceiling and inflation limit; refuse to raise them above the table."""
        if ceiling_mmhg > table.limit("absolute_ceiling_mmhg") or ceiling_mmhg <= 0:
            return False
        if inflation_limit_s > table.limit("absolute_inflation_limit_s") or inflation_limit_s <= 0:
            return False
        state = self.channels[channel]
        state.ceiling_mmhg = ceiling_mmhg
        state.inflation_limit_s = inflation_limit_s
        return True

    def acknowledge(self, channel: int, code: int) -> None:
        """Acknowledge latched alarm ``code`` (or every alarm) on ``channel``.

        An alarm whose condition is still present stays latched.
        """
        state = self.channels[channel]
        for latched_code in list(state.latched):
            if code not in (messages.ALL_ALARMS, latched_code):
                continue
            if state.active.get(latched_code):
                continue
            del state.latched[latched_code]
            self.events.append((channel, latched_code, messages.EVENT_ACKNOWLEDGED))
        if not state.forced_safe():
            state.safe_since = None

    def _raise(self, channel: int, state: ChannelSafety, code: int) -> None:
        if not state.active.get(code):
            state.active[code] = True
            if code not in state.latched:
                self.events.append((channel, code, messages.EVENT_RAISED))
            if table.ALARM_RULES[code][2]:
                state.latched[code] = True

    def _clear(self, channel: int, state: ChannelSafety, code: int) -> None:
        if state.active.pop(code, False) and code not in state.latched:
            self.events.append((channel, code, messages.EVENT_CLEARED))

    def _condition(self, channel: int, state: ChannelSafety, code: int, present: bool) -> None:
        if present:
            self._raise(channel, state, code)
        else:
            self._clear(channel, state, code)

    def evaluate(
        self,
        channel: int,
        now_s: float,
        reading_mmhg: float | None,
        requested: tuple[float, float, bool],
        target_mmhg: float | None,
        measuring_lop: bool,
    ) -> tuple[float, float, bool]:
        """Check every rule for one channel and return the actuator output to apply.

        Parameters
        ----------
        channel
            Channel index.
        now_s
            Device time [s] (sample counter times the control period).
        reading_mmhg
            Raw sensor reading [mmHg], or None when the sensor could not be read.
        requested
            What the loop asks for: ``(pump_duty, vent_duty, dump_open)``.
        target_mmhg
            Current set point [mmHg] while regulating, else None.
        measuring_lop
            True while an automatic LOP ramp runs (180 s limit instead of the inflation limit).

        Returns
        -------
        tuple
            ``(pump_duty, vent_duty, dump_open)`` -- the request, or the safe output.
        """
        state = self.channels[channel]
        safe_mmhg = table.limit("safe_pressure_mmhg")
        sensor_ok = (
            reading_mmhg is not None
            and table.limit("sensor_minimum_mmhg") <= reading_mmhg
            and reading_mmhg <= table.limit("sensor_maximum_mmhg")
        )
        self._condition(channel, state, table.SENSOR_RANGE, not sensor_ok)
        pressure = reading_mmhg if (sensor_ok and reading_mmhg is not None) else 0.0
        pump_on = requested[0] > 0.0

        # Stuck and noisy sensor.
        if sensor_ok and state.last_reading is not None and pressure == state.last_reading:
            if state.same_reading_since is None:
                state.same_reading_since = now_s
        else:
            state.same_reading_since = None
        stuck = (
            state.same_reading_since is not None
            and (pressure > safe_mmhg or pump_on)
            and now_s - state.same_reading_since >= table.limit("sensor_stuck_s")
        )
        self._condition(channel, state, table.SENSOR_STUCK, stuck)
        if (
            sensor_ok
            and state.last_reading is not None
            and abs(pressure - state.last_reading) > table.limit("sensor_jump_mmhg")
        ):
            state.jump_times.append(now_s)
        state.jump_times = [t for t in state.jump_times if now_s - t < 1.0]
        noisy = len(state.jump_times) >= table.limit("sensor_jumps_per_second")
        self._condition(channel, state, table.SENSOR_NOISY, noisy)
        state.last_reading = pressure if sensor_ok else None

        # Over-pressure: no debounce, the dump opens in this very period.
        self._condition(channel, state, table.OVER_PRESSURE, pressure > state.ceiling_mmhg)

        # Time inflated, measured by the safety layer itself.
        if pressure > safe_mmhg:
            if state.above_safe_since is None:
                state.above_safe_since = now_s
        else:
            state.above_safe_since = None
        inflated_s = 0.0 if state.above_safe_since is None else now_s - state.above_safe_since
        if measuring_lop:
            self._condition(
                channel,
                state,
                table.LOP_TIME,
                inflated_s > table.limit("lop_measurement_limit_s"),
            )
        self._condition(channel, state, table.INFLATION_TIME, inflated_s > state.inflation_limit_s)

        # Pumping: a leak when it runs for long without raising an inflated cuff's pressure;
        # slow inflation when it runs for longer still and barely moves it (dead pump, tube off).
        if pump_on:
            if state.pumping_since is None:
                state.pumping_since = now_s
                state.pumping_start_mmhg = pressure
        else:
            state.pumping_since = None
        pumping_s = 0.0 if state.pumping_since is None else now_s - state.pumping_since
        leak = (
            pumping_s >= table.limit("leak_pumping_s")
            and pressure > safe_mmhg
            and pressure - state.pumping_start_mmhg < 5.0
        )
        if leak:
            self._raise(channel, state, table.LEAK)
        elif table.LEAK in state.active and not pump_on:
            self._clear(channel, state, table.LEAK)
        slow = (
            pumping_s >= table.limit("slow_inflation_s")
            and pressure - state.pumping_start_mmhg < 20.0
        )
        if slow:
            self._raise(channel, state, table.SLOW_INFLATION)
        elif table.SLOW_INFLATION in state.active and not pump_on:
            self._clear(channel, state, table.SLOW_INFLATION)

        # Host silence.
        silent = (
            self.last_host_frame_s is not None
            and now_s - self.last_host_frame_s > table.limit("heartbeat_timeout_s")
        )
        self._condition(channel, state, table.HEARTBEAT_LOST, silent)

        # Advisory deviation from the set point.
        if target_mmhg is not None and sensor_ok:
            if abs(pressure - target_mmhg) > table.limit("deviation_window_mmhg"):
                if state.deviation_since is None:
                    state.deviation_since = now_s
            else:
                state.deviation_since = None
        else:
            state.deviation_since = None
        deviating = state.deviation_since is not None and (
            now_s - state.deviation_since > table.limit("deviation_debounce_s")
        )
        self._condition(channel, state, table.PRESSURE_DEVIATION, deviating)

        # Far above the set point and not coming down: a runaway pump or a failed loop.
        if (
            target_mmhg is not None
            and sensor_ok
            and pressure > target_mmhg + table.limit("over_target_mmhg")
        ):
            if state.over_target_since is None or pressure < state.over_target_start_mmhg - 5.0:
                state.over_target_since = now_s
                state.over_target_start_mmhg = pressure
        else:
            state.over_target_since = None
        over_target = state.over_target_since is not None and (
            now_s - state.over_target_since >= table.limit("over_target_s")
        )
        self._condition(channel, state, table.OVER_TARGET, over_target)

        if not state.forced_safe():
            state.safe_since = None
            return requested
        # Forced safe: check the valves actually let the air out.
        if state.safe_since is None:
            state.safe_since = now_s
            state.safe_start_mmhg = pressure
        sensor_suspect = any(
            code in state.latched
            for code in (table.SENSOR_RANGE, table.SENSOR_STUCK, table.SENSOR_NOISY)
        )
        blocked = (
            sensor_ok
            and not sensor_suspect
            and now_s - state.safe_since >= table.limit("vent_check_s")
            and pressure > safe_mmhg
            and state.safe_start_mmhg - pressure < 10.0
        )
        if blocked:
            self._raise(channel, state, table.VENT_BLOCKED)
        return SAFE_OUTPUT

    def take_events(self) -> list[tuple[int, int, int]]:
        """Return and forget the alarm events since the last call: ``(channel, code, event)``."""
        events = self.events
        self.events = []
        return events
