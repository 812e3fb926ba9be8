"""Safety limits and alarm rules of the cuff, as tables a reviewer can read without the code.

Every limit is ``name: (value, unit, rationale)``; every alarm rule is one row of
:data:`ALARM_RULES`. :mod:`occlusion.device.firmware.safety` only evaluates these tables. The
rationale names the source; "policy" marks a choice of this project, "[est]" an engineering
estimate, as in ``shared/evidence/device.md``. Standard library only (runs on the board).
"""

CONTROL_RATE_HZ = 100
CONTROL_PERIOD_S = 1.0 / CONTROL_RATE_HZ
# A status frame every control period: 100 Hz, twice the 50 Hz the protocol promises, so a
# late period or a busy host never brings a measured window below the promise.
STATUS_EVERY_TICKS = 1
FIRMWARE_VERSION = 0x0200  # 2.0: high byte major, low byte minor
CHANNELS = 2

LIMITS = {
    "absolute_ceiling_mmhg": (
        360.0,
        "mmHg",
        "policy: wide thigh cuffs reach LOPs near 300 mmHg (Weatherholt 2019 measured 239 mmHg "
        "standing with an 11.5 cm cuff) so the range must pass 300; NIBP modules cap at 300 "
        "(+20/-10) mmHg. The host may lower the ceiling per channel, never raise it.",
    ),
    "target_margin_mmhg": (
        20.0,
        "mmHg",
        "policy: a target must sit this far below the ceiling so regulation overshoot and "
        "contraction peaks do not trip the over-pressure dump.",
    ),
    "safe_pressure_mmhg": (
        15.0,
        "mmHg",
        "IEC 60601-2-30 (as GOST 30324.30): after a single fault an adult cuff must fall below "
        "15 mmHg within 30 s.",
    ),
    "empty_mmhg": (
        5.0,
        "mmHg",
        "policy: a channel reports idle only while its reading is below this, so idle means "
        "empty (a third of the 15 mmHg safe pressure, far above the sensor's noise).",
    ),
    "lop_stop_margin_mmhg": (
        5.0,
        "mmHg",
        "policy: an LOP ramp must stop this far below the ceiling; the ramp rises slowly "
        "(a few mmHg/s) and the loop follows within a few mmHg, so 5 mmHg keeps pulses clear.",
    ),
    "absolute_inflation_limit_s": (
        1200.0,
        "s",
        "policy: SmartCuffs' manual says never exceed 20 min of occlusion without reducing "
        "pressure; the host may set a shorter limit per inflation.",
    ),
    "lop_measurement_limit_s": (
        180.0,
        "s",
        "IEC 60601-2-30: an adult cuff may stay above 15 mmHg for at most 180 s in an "
        "automatic measurement.",
    ),
    "heartbeat_timeout_s": (
        2.0,
        "s",
        "policy: the issue requires deflation within 5 s of a silent host; 2 s of silence "
        "plus a dump of about 2 s leaves margin. Hosts send a heartbeat every 0.25 s.",
    ),
    "sensor_minimum_mmhg": (
        -20.0,
        "mmHg",
        "[est] a gauge sensor reading far below ambient means a broken wire or rail.",
    ),
    "sensor_maximum_mmhg": (
        450.0,
        "mmHg",
        "[est] above the pump's stall pressure; a reading here is a railed sensor.",
    ),
    "sensor_jump_mmhg": (
        15.0,
        "mmHg",
        "[est] largest change between two samples 10 ms apart that the air can make: a full "
        "dump at 400 mmHg falls about 3 mmHg per sample; motion spikes are slower.",
    ),
    "sensor_jumps_per_window": (
        5.0,
        "count",
        "[est] a few jumps are a knock on the cuff; more in one window is a noisy sensor.",
    ),
    "sensor_jump_window_s": (
        1.0,
        "s",
        "[est] the window the jumps are counted in: longer than a knock on the cuff (0.2-1.5 s "
        "motion bumps in the simulator), short enough to dump a noisy sensor within a second.",
    ),
    "sensor_stuck_s": (
        2.0,
        "s",
        "[est] with pulsation, pump ripple and noise above one ADC step, a bit-identical "
        "reading for 2 s while inflated or pumping cannot be a working sensor.",
    ),
    "leak_pumping_s": (
        8.0,
        "s",
        "Delfi PTS ii raises CUFF LEAK after 7 s, Zimmer A.T.S. 3000 after 9 s of continuous "
        "compensating pumping (device.md section 2.3); we take the middle.",
    ),
    "leak_rise_mmhg": (
        5.0,
        "mmHg",
        "[est] a pump that ran the leak time yet raised an inflated cuff by less than this is "
        "only replacing lost air; a working pump raises a closed cuff far more in 8 s.",
    ),
    "slow_inflation_s": (
        30.0,
        "s",
        "Zimmer A.T.S. 2000: alarm when the cuff has not reached pressure in 30 s.",
    ),
    "slow_inflation_rise_mmhg": (
        20.0,
        "mmHg",
        "[est] 30 s of pumping that moved the pressure less than this means a dead pump or a "
        "tube off (a working pump fills a thigh cuff to 160 mmHg in a few seconds).",
    ),
    "deviation_window_mmhg": (
        15.0,
        "mmHg",
        "Delfi PTS ii and Zimmer A.T.S. 3000 alarm when pressure leaves set point +/- 15 mmHg.",
    ),
    "deviation_debounce_s": (
        1.5,
        "s",
        "Zimmer A.T.S. 3000 debounce (Delfi uses 1 s); limb movement makes short transients.",
    ),
    "over_target_mmhg": (
        30.0,
        "mmHg",
        "policy: twice the tourniquet deviation window (15 mmHg). Leg-press contractions push "
        "a regulated cuff about 9 % of LOP (roughly 15 mmHg) above an 80 % LOP set point at "
        "their peaks (Swain et al. 2025, device.md), so only a failed loop or a shorted pump "
        "driver holds the cuff this far above the set point.",
    ),
    "over_target_s": (
        3.0,
        "s",
        "policy: longer than one 2 s repetition's pressure peak; short enough that a runaway "
        "pump is caught long before tissue harm. The timer restarts while the pressure is "
        "falling, so lowering the set point does not trip it.",
    ),
    "over_target_falling_mmhg": (
        5.0,
        "mmHg",
        "policy: a drop this large since the over-target timer started shows the pressure is "
        "coming down (a lowered set point), so the timer starts again.",
    ),
    "exercise_above_target_mmhg": (
        10.0,
        "mmHg",
        "policy: in contraction mode the loop holds the cuff 4.5 % above the set point, vents "
        "only above that and pre-fills each valley to 8 % above it; none of the three may aim "
        "more than this above the set point (the pre-fill's 8 % binds from 125 mmHg, the "
        "others from 222 mmHg). 8 % of a 190 mmHg set point is the whole 15 mmHg deviation "
        "window, and the pump runs on a few mmHg past its stop; the cap keeps the aim inside "
        "that window and half the 20 mmHg target margin below the ceiling. Uncapped, a 230 "
        "mmHg set point under a 250 mmHg ceiling reached 252 mmHg in the simulated leg press "
        "and the over-pressure rule dumped the cuff.",
    ),
    "venting_not_falling_s": (
        5.0,
        "s",
        "[est] the loop has kept the pump off and the vent open for this long yet the cuff "
        "has not come down: air is coming in that nobody asked for (a shorted pump driver). "
        "Longer than a lowered set point takes to vent and than a contraction's peak (under "
        "1 s), short enough to dump well inside the 30 s single-fault limit.",
    ),
    "venting_mean_duty": (
        0.5,
        "duty",
        "[est] the vent's mean duty over that time: a loop that only trims the pressure vents "
        "far less; one fighting air that keeps coming in holds the vent mostly open.",
    ),
    "venting_fall_mmhg": (
        3.0,
        "mmHg",
        "[est] an open vent on a sound cuff takes more than this out in 5 s at any pressure "
        "above the safe one; less means the air is being replaced.",
    ),
    "vent_check_s": (
        3.0,
        "s",
        "[est] an open dump valve drops a cuff at 100 mmHg by far more than 10 mmHg in 3 s.",
    ),
    "vent_check_drop_mmhg": (
        10.0,
        "mmHg",
        "[est] the drop that open valves must make in the vent check time (see vent_check_s).",
    ),
    "valve_test_interval_s": (
        4.0,
        "s",
        "policy: while a channel regulates, the safety layer tests one release valve (vent and "
        "dump in turn) this often. A valve stuck shut is otherwise latent while the other one "
        "regulates; with two valves tested in turn and one confirming retry a stuck valve is "
        "found within about 9 s, and the other valve empties a 160 mmHg thigh cuff in about "
        "12 s more: inside the 30 s single-fault limit of IEC 60601-2-30.",
    ),
    "valve_test_retry_s": (
        1.0,
        "s",
        "policy: after a failed valve test, test the same valve again this soon to confirm "
        "(a knock on the cuff during one pulse must not dump a working cuff).",
    ),
    "valve_test_confirmations": (
        2.0,
        "count",
        "policy: consecutive failed tests of one valve before it is declared stuck shut.",
    ),
    "valve_test_pulse_s": (
        0.3,
        "s",
        "[est] longest test pulse. The simulated thigh cuff's vent alone takes the pressure "
        "down about 30 mmHg/s at 80 mmHg and more above (the dump five times faster), so a "
        "working valve shows the drop in a few periods; the pulse ends as soon as it does.",
    ),
    "valve_test_drop_mmhg": (
        1.0,
        "mmHg",
        "[est] a working valve takes the reading this far below the lowest reading of the "
        "quiet time before the pulse (so a pulse beat's fall is not taken for the valve; the "
        "sensor's noise is about 0.15 mmHg RMS). Small, so a test costs the rest-time "
        "pressure window (+/- 5 %) nothing measurable.",
    ),
    "valve_test_quiet_s": (
        1.0,
        "s",
        "[est] a test starts only after the reading has stayed within valve_test_quiet_mmhg "
        "for this long (two windows of this length, in fact): contractions and motion move "
        "the cuff faster than a vent empties it and would fake a stuck valve.",
    ),
    "valve_test_quiet_mmhg": (
        6.0,
        "mmHg",
        "[est] the spread of readings that still counts as quiet: above a thigh's arterial "
        "pulsation at the set point (1-4 mmHg), below a leg-press repetition's swing "
        "(about 15 mmHg, Swain et al. 2025).",
    ),
    "valve_test_quiet_effort": (
        0.2,
        "duty",
        "[est] the loop's mean effort (pump duty + vent duty + 1 while the dump is asked for) "
        "over the quiet windows must stay below this: at rest the loop only trims the "
        "pressure, while a loop holding a working limb steady pumps and vents hard, and a "
        "contraction starting during a pulse would fake a stuck vent.",
    ),
}


def limit(name: str) -> float:
    """Return the value of the limit called ``name``."""
    return LIMITS[name][0]


SEVERITY_ADVISORY = 1  # reported, cuff keeps working
SEVERITY_DEFLATE = 2  # safety layer deflates the channel and latches

# Alarm codes.
OVER_PRESSURE = 1
INFLATION_TIME = 2
HEARTBEAT_LOST = 3
SENSOR_RANGE = 4
SENSOR_STUCK = 5
SENSOR_NOISY = 6
LEAK = 7
SLOW_INFLATION = 8
PRESSURE_DEVIATION = 9
VENT_BLOCKED = 10
LOP_TIME = 11
OVER_TARGET = 12
UNCOMMANDED_INFLATION = 13
VENT_STUCK_SHUT = 14
DUMP_STUCK_SHUT = 15

# The limits of the periodic valve test, shared by both stuck-shut rows.
VALVE_TEST_LIMITS = (
    "valve_test_interval_s",
    "valve_test_retry_s",
    "valve_test_confirmations",
    "valve_test_pulse_s",
    "valve_test_drop_mmhg",
    "valve_test_quiet_s",
    "valve_test_quiet_mmhg",
    "valve_test_quiet_effort",
)

# code: (name, severity, latched, limit names used, rationale)
ALARM_RULES = {
    OVER_PRESSURE: (
        "over-pressure",
        SEVERITY_DEFLATE,
        True,
        ("absolute_ceiling_mmhg",),
        "Any sample above the channel ceiling dumps the cuff in the same control period.",
    ),
    INFLATION_TIME: (
        "inflation-time",
        SEVERITY_DEFLATE,
        True,
        ("absolute_inflation_limit_s",),
        "One inflation may not last longer than the channel's limit.",
    ),
    HEARTBEAT_LOST: (
        "heartbeat-lost",
        SEVERITY_DEFLATE,
        True,
        ("heartbeat_timeout_s",),
        "No valid frame from the host for the timeout: the host may have crashed; deflate all.",
    ),
    SENSOR_RANGE: (
        "sensor-out-of-range",
        SEVERITY_DEFLATE,
        True,
        ("sensor_minimum_mmhg", "sensor_maximum_mmhg"),
        "Reading outside what the sensor can honestly report: disconnected or railed.",
    ),
    SENSOR_STUCK: (
        "sensor-stuck",
        SEVERITY_DEFLATE,
        True,
        ("sensor_stuck_s",),
        "Bit-identical readings while the cuff is inflated or pumping.",
    ),
    SENSOR_NOISY: (
        "sensor-implausible-rate",
        SEVERITY_DEFLATE,
        True,
        ("sensor_jump_mmhg", "sensor_jumps_per_window", "sensor_jump_window_s"),
        "Sample-to-sample jumps faster than air can move, repeatedly.",
    ),
    LEAK: (
        "leak",
        SEVERITY_DEFLATE,
        True,
        ("leak_pumping_s", "leak_rise_mmhg", "safe_pressure_mmhg"),
        "The pump ran continuously to hold pressure: a leak or a valve stuck open.",
    ),
    SLOW_INFLATION: (
        "slow-inflation",
        SEVERITY_DEFLATE,
        True,
        ("slow_inflation_s", "slow_inflation_rise_mmhg"),
        "Target not reached in time: pump failure, disconnected tube or a big leak.",
    ),
    PRESSURE_DEVIATION: (
        "pressure-deviation",
        SEVERITY_ADVISORY,
        False,
        ("deviation_window_mmhg", "deviation_debounce_s"),
        "Pressure outside set point +/- 15 mmHg for longer than the debounce (tourniquet rule).",
    ),
    VENT_BLOCKED: (
        "vent-blocked",
        SEVERITY_ADVISORY,
        True,
        ("vent_check_s", "vent_check_drop_mmhg", "safe_pressure_mmhg"),
        "Valves open but pressure is not falling: both valves blocked; pump stays off.",
    ),
    LOP_TIME: (
        "lop-measurement-time",
        SEVERITY_DEFLATE,
        True,
        ("lop_measurement_limit_s",),
        "An automatic LOP measurement may keep the cuff inflated for 180 s at most.",
    ),
    OVER_TARGET: (
        "over-target",
        SEVERITY_DEFLATE,
        True,
        ("over_target_mmhg", "over_target_s", "over_target_falling_mmhg"),
        "Pressure held far above the set point and not falling: the loop or the pump driver "
        "has failed (a shorted driver runs the pump whenever it has power); deflate.",
    ),
    UNCOMMANDED_INFLATION: (
        "uncommanded-inflation",
        SEVERITY_DEFLATE,
        True,
        ("venting_not_falling_s", "venting_mean_duty", "venting_fall_mmhg", "safe_pressure_mmhg"),
        "Pump off and vent open for seconds, yet the cuff does not come down: air is coming in "
        "uncommanded (a shorted pump driver held near the set point by the loop); deflate, "
        "which also cuts the pump's supply.",
    ),
    VENT_STUCK_SHUT: (
        "vent-stuck-shut",
        SEVERITY_DEFLATE,
        True,
        VALVE_TEST_LIMITS,
        "The periodic valve test opened the vent alone (pump off, dump shut) and the pressure "
        "did not fall, twice: the vent is stuck shut. Deflate: the dump valve empties the "
        "cuff, the pump loses power.",
    ),
    DUMP_STUCK_SHUT: (
        "dump-stuck-shut",
        SEVERITY_DEFLATE,
        True,
        VALVE_TEST_LIMITS,
        "The periodic valve test opened the dump alone (pump off, vent shut) and the pressure "
        "did not fall, twice: the dump valve is stuck shut. Deflate: the vent empties the "
        "cuff, the pump is stopped.",
    ),
}


def alarm_name(code: int) -> str:
    """Return the name of alarm ``code`` (or ``alarm-<code>`` when unknown)."""
    rule = ALARM_RULES.get(code)
    return rule[0] if rule is not None else "alarm-" + str(code)


def alarm_severity(code: int) -> int:
    """Return the severity of alarm ``code`` (advisory or deflate)."""
    return ALARM_RULES[code][1]


def alarm_latches(code: int) -> bool:
    """Return whether alarm ``code`` stays latched until acknowledged."""
    return ALARM_RULES[code][2]
