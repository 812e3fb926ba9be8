"""The safety layer: evaluates the alarm table and overrides the pressure loop when it must.

It reads the pressure sensor and the actuator commands itself and keeps its own timers (time
above the safe pressure, continuous pumping, host silence); it takes from the firmware only the
set point (for the deviation and over-target rules), whether the channel regulates (the
deviation advisory is live only then) and whether an LOP measurement runs (its tighter time
limit). A channel with a latched deflate-severity alarm is held in the safe state -- pump off,
vent and dump valves open -- until the host acknowledges the alarm *and* its condition has
cleared.

Each row of :data:`~occlusion.device.firmware.limits.ALARM_RULES` has one rule function here,
``rule(state, sample) -> bool | None`` (True: condition present, False: cleared, None: no
change); every threshold comes from :data:`~occlusion.device.firmware.limits.LIMITS` by name.
Standard library only.
"""

from occlusion.device.firmware import limits as table
from occlusion.device.firmware import messages

SAFE_OUTPUT = (0.0, 1.0, True)  # pump duty, vent duty, dump valve open
# Valve test pulses: one release path open alone, pump off.
VALVE_TESTS = (
    (table.VENT_STUCK_SHUT, (0.0, 1.0, False)),
    (table.DUMP_STUCK_SHUT, (0.0, 0.0, True)),
)
SENSOR_CODES = (table.SENSOR_RANGE, table.SENSOR_STUCK, table.SENSOR_NOISY)


def _limit(name: str) -> float:
    return table.LIMITS[name][0]


class ChannelSafety:
    """Timers and alarm state of one channel."""

    def __init__(self) -> None:
        self.ceiling_mmhg = _limit("absolute_ceiling_mmhg")
        self.inflation_limit_s = _limit("absolute_inflation_limit_s")
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
        self.venting_since: float | None = None
        self.venting_start_mmhg = 0.0
        self.venting_duty_sum = 0.0
        self.venting_samples = 0
        self.valve_test = ValveTest()

    def forced_safe(self) -> bool:
        """Return True while a latched deflate-severity alarm holds the channel deflated."""
        return any(table.alarm_severity(code) == table.SEVERITY_DEFLATE for code in self.latched)

    def alarm_bits(self) -> int:
        """Return the active or latched alarm codes as a bit field (bit ``code - 1``)."""
        bits = 0
        for code in list(self.active) + list(self.latched):
            bits |= 1 << (code - 1)
        return bits & messages.ALARM_BITS_MASK


class ValveTest:
    """State of the periodic test of the release valves of one channel.

    While the channel regulates, every ``valve_test_interval_s`` one valve (vent, then dump,
    in turn) is opened alone with the pump off, once the reading has been quiet. The pulse ends
    as soon as the reading falls ``valve_test_drop_mmhg`` below the lowest quiet reading before
    it (the valve works) or after ``valve_test_pulse_s`` (a failure; the same valve is tested
    again after ``valve_test_retry_s``). ``valve_test_confirmations`` failures in a row raise
    that valve's stuck-shut alarm, and the safe output then empties the cuff through the other.
    """

    def __init__(self) -> None:
        self.due_s: float | None = None
        self.valve = 0
        self.started_s: float | None = None
        self.reference_mmhg = 0.0
        self.reference_high_mmhg = 0.0
        self.first_reading_mmhg = 0.0
        self.reading_moved = False
        self.failures = [0, 0]
        self.block_started_s: float | None = None
        self.block_low_mmhg = 0.0
        self.block_high_mmhg = 0.0
        self.block_effort = 0.0
        self.block_samples = 0
        self.previous_block: tuple[float, float, float, int] | None = None

    def stop(self) -> None:
        """Forget the schedule, a pulse and the quiet windows (the channel left regulation)."""
        self.due_s = None
        self.restart_quiet()

    def restart_quiet(self) -> None:
        """Forget a pulse and the quiet windows: the next pulse waits for quiet seen anew."""
        self.started_s = None
        self.block_started_s = None
        self.previous_block = None

    def watch_quiet(self, now_s: float, pressure_mmhg: float, effort: float) -> None:
        """Track the reading's range and the loop's effort in this and the previous window.

        ``effort`` is what the loop asks of the actuators in this period: pump duty plus vent
        duty, plus one for the dump valve.
        """
        if self.block_started_s is None or now_s - self.block_started_s >= _limit(
            "valve_test_quiet_s"
        ):
            if self.block_started_s is not None:
                self.previous_block = (
                    self.block_low_mmhg,
                    self.block_high_mmhg,
                    self.block_effort,
                    self.block_samples,
                )
            self.block_started_s = now_s
            self.block_low_mmhg = pressure_mmhg
            self.block_high_mmhg = pressure_mmhg
            self.block_effort = 0.0
            self.block_samples = 0
        self.block_low_mmhg = min(self.block_low_mmhg, pressure_mmhg)
        self.block_high_mmhg = max(self.block_high_mmhg, pressure_mmhg)
        self.block_effort += effort
        self.block_samples += 1

    def quiet_range_mmhg(self) -> tuple[float, float] | None:
        """Return the lowest and highest reading of the quiet windows, None when not quiet.

        Quiet: the reading stayed within ``valve_test_quiet_mmhg`` *and* the loop was nearly
        idle (mean effort at most ``valve_test_quiet_effort``): a loop that holds a working
        limb's cuff steady is busy, and the limb may push during the pulse.
        """
        if self.previous_block is None:
            return None
        previous_low, previous_high, previous_effort, previous_samples = self.previous_block
        low = min(previous_low, self.block_low_mmhg)
        high = max(previous_high, self.block_high_mmhg)
        effort = (previous_effort + self.block_effort) / (previous_samples + self.block_samples)
        if high - low > _limit("valve_test_quiet_mmhg"):
            return None
        if effort > _limit("valve_test_quiet_effort"):
            return None
        return low, high


class Sample:
    """What the rules see in one control period of one channel."""

    def __init__(
        self,
        now_s: float,
        reading_mmhg: float | None,
        requested: tuple[float, float, bool],
        target_mmhg: float | None,
        measuring_lop: bool,
        regulating: bool,
        host_silent_s: float | None,
    ) -> None:
        self.now_s = now_s
        self.sensor_ok = (
            reading_mmhg is not None
            and _limit("sensor_minimum_mmhg") <= reading_mmhg <= _limit("sensor_maximum_mmhg")
        )
        self.pressure_mmhg = 0.0
        if self.sensor_ok and reading_mmhg is not None:
            self.pressure_mmhg = reading_mmhg
        pump_duty, vent_duty, dump_open = requested
        self.pump_on = pump_duty > 0
        self.vent_duty = vent_duty
        self.effort = pump_duty + vent_duty + (1 if dump_open else 0)
        self.target_mmhg = target_mmhg
        self.measuring_lop = measuring_lop
        self.regulating = regulating
        self.host_silent_s = host_silent_s


# ----------------------------------------------------------------------- one rule per row
def sensor_range(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 4: the reading is missing or outside what the sensor can honestly report."""
    return not sample.sensor_ok


def sensor_stuck(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 5: bit-identical readings for ``sensor_stuck_s`` while inflated or pumping."""
    same = sample.sensor_ok and sample.pressure_mmhg == state.last_reading
    if not same:
        state.same_reading_since = None
    elif state.same_reading_since is None:
        state.same_reading_since = sample.now_s
    if state.same_reading_since is None:
        return False
    inflated = sample.pressure_mmhg > _limit("safe_pressure_mmhg") or sample.pump_on
    return inflated and sample.now_s - state.same_reading_since >= _limit("sensor_stuck_s")


def sensor_noisy(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 6: too many sample-to-sample jumps faster than air can move in one window."""
    if (
        sample.sensor_ok
        and state.last_reading is not None
        and abs(sample.pressure_mmhg - state.last_reading) > _limit("sensor_jump_mmhg")
    ):
        state.jump_times.append(sample.now_s)
    window_s = _limit("sensor_jump_window_s")
    state.jump_times = [t for t in state.jump_times if sample.now_s - t < window_s]
    return len(state.jump_times) >= _limit("sensor_jumps_per_window")


def over_pressure(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 1: any single sample above the channel ceiling (no debounce)."""
    return sample.pressure_mmhg > state.ceiling_mmhg


def _inflated_s(state: ChannelSafety, sample: Sample) -> float:
    if state.above_safe_since is None:
        return 0.0
    return sample.now_s - state.above_safe_since


def lop_time(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 11: an LOP ramp kept the cuff inflated longer than ``lop_measurement_limit_s``."""
    if not sample.measuring_lop:
        return None
    return _inflated_s(state, sample) > _limit("lop_measurement_limit_s")


def inflation_time(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 2: inflated continuously longer than the channel's inflation limit."""
    return _inflated_s(state, sample) > state.inflation_limit_s


def _pumping_s(state: ChannelSafety, sample: Sample) -> float:
    if state.pumping_since is None:
        return 0.0
    return sample.now_s - state.pumping_since


def leak(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 7: the pump ran ``leak_pumping_s`` without raising an inflated cuff's pressure."""
    if (
        _pumping_s(state, sample) >= _limit("leak_pumping_s")
        and sample.pressure_mmhg > _limit("safe_pressure_mmhg")
        and sample.pressure_mmhg - state.pumping_start_mmhg < _limit("leak_rise_mmhg")
    ):
        return True
    return None if sample.pump_on else False


def slow_inflation(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 8: the pump ran ``slow_inflation_s`` and barely moved the pressure."""
    if (
        _pumping_s(state, sample) >= _limit("slow_inflation_s")
        and sample.pressure_mmhg - state.pumping_start_mmhg < _limit("slow_inflation_rise_mmhg")
    ):
        return True
    return None if sample.pump_on else False


def heartbeat_lost(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 3: no accepted host frame for ``heartbeat_timeout_s`` after a session began."""
    silent_s = sample.host_silent_s
    return silent_s is not None and silent_s > _limit("heartbeat_timeout_s")


def pressure_deviation(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 9 (advisory): regulating, the pressure stays outside the tourniquet window."""
    target = sample.target_mmhg
    if (
        sample.regulating
        and target is not None
        and sample.sensor_ok
        and abs(sample.pressure_mmhg - target) > _limit("deviation_window_mmhg")
    ):
        if state.deviation_since is None:
            state.deviation_since = sample.now_s
    else:
        state.deviation_since = None
    return state.deviation_since is not None and (
        sample.now_s - state.deviation_since > _limit("deviation_debounce_s")
    )


def over_target(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 12: far above the set point for ``over_target_s`` and not coming down."""
    target = sample.target_mmhg
    pressure = sample.pressure_mmhg
    if target is not None and sample.sensor_ok and pressure > target + _limit("over_target_mmhg"):
        falling = pressure < state.over_target_start_mmhg - _limit("over_target_falling_mmhg")
        if state.over_target_since is None or falling:
            state.over_target_since = sample.now_s
            state.over_target_start_mmhg = pressure
    else:
        state.over_target_since = None
    return state.over_target_since is not None and (
        sample.now_s - state.over_target_since >= _limit("over_target_s")
    )


def uncommanded_inflation(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 13: pump off, vent mostly open for seconds, and the cuff does not come down."""
    if sample.pump_on or sample.vent_duty <= 0 or not sample.sensor_ok:
        state.venting_since = None
        return None
    if state.venting_since is None:
        state.venting_since = sample.now_s
        state.venting_start_mmhg = sample.pressure_mmhg
        state.venting_duty_sum = 0.0
        state.venting_samples = 0
    state.venting_duty_sum += sample.vent_duty
    state.venting_samples += 1
    mean_duty = state.venting_duty_sum / state.venting_samples
    return (
        sample.now_s - state.venting_since >= _limit("venting_not_falling_s")
        and mean_duty >= _limit("venting_mean_duty")
        and sample.pressure_mmhg > _limit("safe_pressure_mmhg")
        and state.venting_start_mmhg - sample.pressure_mmhg < _limit("venting_fall_mmhg")
    )


def vent_blocked(state: ChannelSafety, sample: Sample) -> bool | None:
    """Alarm 10 (advisory): held safe for ``vent_check_s``, the trusted pressure barely fell."""
    if not state.forced_safe():
        state.safe_since = None
        return None
    if state.safe_since is None:
        state.safe_since = sample.now_s
        state.safe_start_mmhg = sample.pressure_mmhg
    sensor_suspect = any(code in state.latched for code in SENSOR_CODES)
    if (
        sample.sensor_ok
        and not sensor_suspect
        and sample.now_s - state.safe_since >= _limit("vent_check_s")
        and sample.pressure_mmhg > _limit("safe_pressure_mmhg")
        and state.safe_start_mmhg - sample.pressure_mmhg < _limit("vent_check_drop_mmhg")
    ):
        return True
    return None


def valve_test(
    state: ChannelSafety, sample: Sample
) -> tuple[tuple[float, float, bool] | None, int | None]:
    """Run the periodic release-valve test of one channel for one control period.

    Returns
    -------
    tuple
        ``(output, stuck_code)``: the test pulse's actuator output while a pulse runs (else
        None), and the stuck-shut alarm code when this period confirmed a stuck valve.
    """
    test = state.valve_test
    testable = (
        sample.regulating
        and sample.sensor_ok
        and not sample.measuring_lop
        and not state.forced_safe()
        and sample.pressure_mmhg > _limit("safe_pressure_mmhg")
    )
    if not testable:
        test.stop()
        return None, None
    if test.due_s is None:
        test.due_s = sample.now_s + _limit("valve_test_interval_s")
    code, output = VALVE_TESTS[test.valve]
    if test.started_s is None:
        test.watch_quiet(sample.now_s, sample.pressure_mmhg, sample.effort)
        quiet = test.quiet_range_mmhg()
        if sample.now_s < test.due_s or quiet is None:
            return None, None
        test.started_s = sample.now_s
        test.reference_mmhg, test.reference_high_mmhg = quiet
        test.first_reading_mmhg = sample.pressure_mmhg
        test.reading_moved = False
        return output, None
    if sample.pressure_mmhg != test.first_reading_mmhg:
        test.reading_moved = True
    drop = _limit("valve_test_drop_mmhg")
    stuck = None
    if sample.pressure_mmhg <= test.reference_mmhg - drop:
        test.failures[test.valve] = 0
        test.valve = (test.valve + 1) % len(VALVE_TESTS)
        test.due_s = sample.now_s + _limit("valve_test_interval_s")
    elif sample.now_s - test.started_s >= _limit("valve_test_pulse_s"):
        test.due_s = sample.now_s + _limit("valve_test_retry_s")
        # A reading frozen through the pulse is the sensor's fault (sensor-stuck finds it),
        # not the valve's: the test says nothing then.
        if test.reading_moved:
            test.failures[test.valve] += 1
        if test.failures[test.valve] >= _limit("valve_test_confirmations"):
            test.failures[test.valve] = 0
            stuck = code
            if sample.pressure_mmhg > test.reference_high_mmhg + drop:
                # Pump commanded off, a release valve open, and the cuff still rises: air
                # comes in that nobody asked for (a shorted pump driver), not a stuck valve.
                stuck = table.UNCOMMANDED_INFLATION
    else:
        return output, None
    # The pulse has ended: the quiet windows start again (a pulse is no quiet reading).
    test.restart_quiet()
    return None, stuck


#: Rules in evaluation order (sensor first: the others trust its verdict on the reading).
RULES = (
    (table.SENSOR_RANGE, sensor_range),
    (table.SENSOR_STUCK, sensor_stuck),
    (table.SENSOR_NOISY, sensor_noisy),
    (table.OVER_PRESSURE, over_pressure),
    (table.LOP_TIME, lop_time),
    (table.INFLATION_TIME, inflation_time),
    (table.LEAK, leak),
    (table.SLOW_INFLATION, slow_inflation),
    (table.HEARTBEAT_LOST, heartbeat_lost),
    (table.PRESSURE_DEVIATION, pressure_deviation),
    (table.OVER_TARGET, over_target),
    (table.UNCOMMANDED_INFLATION, uncommanded_inflation),
)


def _track_timers(state: ChannelSafety, sample: Sample) -> None:
    """Update the timers several rules share, before the rules read them."""
    if sample.pressure_mmhg > _limit("safe_pressure_mmhg"):
        if state.above_safe_since is None:
            state.above_safe_since = sample.now_s
    else:
        state.above_safe_since = None
    if sample.pump_on:
        if state.pumping_since is None:
            state.pumping_since = sample.now_s
            state.pumping_start_mmhg = sample.pressure_mmhg
    else:
        state.pumping_since = None


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
        """Record that a valid frame arrived from the host (any frame is a heartbeat).

        The frame ends a heartbeat-lost condition at once, so an ACKNOWLEDGE arriving with the
        host's return releases that alarm without waiting for the next control period.
        """
        self.last_host_frame_s = now_s
        for index, state in enumerate(self.channels):
            self._clear(index, state, table.HEARTBEAT_LOST)

    def set_limits(self, channel: int, ceiling_mmhg: float, inflation_limit_s: float) -> bool:
        """Lower a channel's ceiling and inflation limit; refuse to raise either or to zero."""
        state = self.channels[channel]
        if not 0 < ceiling_mmhg <= state.ceiling_mmhg:
            return False
        if not 0 < inflation_limit_s <= state.inflation_limit_s:
            return False
        state.ceiling_mmhg = ceiling_mmhg
        state.inflation_limit_s = inflation_limit_s
        return True

    def restore_limits(self, channel: int) -> None:
        """Give a channel the table's ceiling and inflation limit again (a new session)."""
        state = self.channels[channel]
        state.ceiling_mmhg = _limit("absolute_ceiling_mmhg")
        state.inflation_limit_s = _limit("absolute_inflation_limit_s")

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
            if table.alarm_latches(code):
                state.latched[code] = True

    def _clear(self, channel: int, state: ChannelSafety, code: int) -> None:
        if state.active.pop(code, False) and code not in state.latched:
            self.events.append((channel, code, messages.EVENT_CLEARED))

    def _apply(self, channel: int, state: ChannelSafety, code: int, present: bool | None) -> None:
        if present:
            self._raise(channel, state, code)
        elif present is not None:
            self._clear(channel, state, code)

    def evaluate(
        self,
        channel: int,
        now_s: float,
        reading_mmhg: float | None,
        requested: tuple[float, float, bool],
        target_mmhg: float | None,
        measuring_lop: bool,
        regulating: bool = False,
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
            Current set point [mmHg] while inflating towards it or regulating, else None.
        measuring_lop
            True while an automatic LOP ramp runs (180 s limit instead of the inflation limit).
        regulating
            True once the channel has reached its set point (the deviation advisory's scope).

        Returns
        -------
        tuple
            ``(pump_duty, vent_duty, dump_open)`` -- the request, or the safe output.
        """
        state = self.channels[channel]
        silent_s = None
        if self.last_host_frame_s is not None:
            silent_s = now_s - self.last_host_frame_s
        sample = Sample(
            now_s, reading_mmhg, requested, target_mmhg, measuring_lop, regulating, silent_s
        )
        _track_timers(state, sample)
        for code, rule in RULES:
            self._apply(channel, state, code, rule(state, sample))
        state.last_reading = sample.pressure_mmhg if sample.sensor_ok else None
        self._apply(channel, state, table.VENT_BLOCKED, vent_blocked(state, sample))
        test_output, stuck_code = valve_test(state, sample)
        for code, _output in VALVE_TESTS:
            self._apply(channel, state, code, code == stuck_code)
        if stuck_code == table.UNCOMMANDED_INFLATION:
            self._raise(channel, state, stuck_code)
        if state.forced_safe():
            return SAFE_OUTPUT
        if test_output is not None:
            return test_output
        return requested

    def take_events(self) -> list[tuple[int, int, int]]:
        """Return and forget the alarm events since the last call: ``(channel, code, event)``."""
        events = self.events
        self.events = []
        return events
