"""Message numbers and payload layouts of the cuff protocol (``docs/protocol.md``).

Each layout is a :mod:`struct` format, little-endian. Pressures travel as signed or unsigned
16-bit integers in tenths of a millimetre of mercury ("decimmHg"), so 0.1 mmHg resolution covers
-3276.8 to 6553.5 mmHg. Standard library only: this file also runs on the board.
"""

# Host to device.
HELLO = 0x01
HEARTBEAT = 0x02
SET_TARGET = 0x03
INFLATE = 0x04
HOLD = 0x05
DEFLATE = 0x06
DUMP = 0x07
MEASURE_LOP = 0x08
ACKNOWLEDGE = 0x09
SET_LIMITS = 0x0A
START_CYCLES = 0x0B
GET_LIMITS = 0x0C

# Device to host.
HELLO_REPLY = 0x81
ACK = 0x82
ERROR = 0x83
STATUS = 0x84
ALARM = 0x85
LIMITS = 0x86

ALL_CHANNELS = 0xFF
ALL_ALARMS = 0xFF

# Payload formats (without the frame header).
PAYLOAD_FORMATS = {
    HELLO: "<BI",  # protocol version, session nonce
    HEARTBEAT: "<",
    SET_TARGET: "<BH",  # channel, target decimmHg
    INFLATE: "<B",  # channel (0xFF = all)
    HOLD: "<B",
    DEFLATE: "<B",
    DUMP: "<B",
    MEASURE_LOP: "<BHHH",  # channel, start decimmHg, stop decimmHg, ramp decimmHg per second
    ACKNOWLEDGE: "<BB",  # channel (0xFF = all), alarm code (0xFF = all)
    SET_LIMITS: "<BHH",  # channel, ceiling decimmHg, maximum inflation time s
    START_CYCLES: "<BHHHBH",  # channel, target decimmHg, on s, off s, cycles, step decimmHg
    GET_LIMITS: "<B",  # channel (one channel, not 0xFF)
    HELLO_REPLY: "<BIIBHHHHH",  # version, nonce, device challenge, channels, ceiling decimmHg,
    # status rate Hz, heartbeat timeout ms, firmware version, capability bits
    LIMITS: "<HBHHH",  # sequence answered, channel, ceiling decimmHg, inflation limit s,
    # highest accepted target decimmHg
    ACK: "<H",  # sequence number acknowledged
    ERROR: "<HB",  # sequence number refused, error code
    ALARM: "<IBBBB",  # sample counter, channel, alarm code, severity, event
}
STATUS_HEAD_FORMAT = "<IB"  # sample counter, channel count
STATUS_CHANNEL_FORMAT = "<hHBBH"  # pressure decimmHg, target decimmHg, state, actuators, alarms
STATUS_TAIL_FORMAT = "<H"  # frames rejected so far (wraps at 65536)

# Error codes in ERROR replies.
ERROR_UNKNOWN_TYPE = 1
ERROR_BAD_PAYLOAD = 2
ERROR_BAD_CHANNEL = 3
ERROR_OUT_OF_RANGE = 4
ERROR_ALARM_LATCHED = 5
ERROR_NO_SESSION = 6
ERROR_NAMES = {
    ERROR_UNKNOWN_TYPE: "unknown message type",
    ERROR_BAD_PAYLOAD: "payload has the wrong length",
    ERROR_BAD_CHANNEL: "no such channel",
    ERROR_OUT_OF_RANGE: "value outside the device limits",
    ERROR_ALARM_LATCHED: "a latched alarm must be acknowledged first",
    ERROR_NO_SESSION: "send HELLO first",
}

# Channel states in STATUS.
STATE_IDLE = 0
STATE_INFLATING = 1
STATE_REGULATING = 2
STATE_DEFLATING = 3
STATE_SAFE = 4  # forced deflation by the safety layer, latched until acknowledged
STATE_LOP_RAMP = 5
STATE_CYCLE_REST = 6
STATE_NAMES = {
    STATE_IDLE: "idle",
    STATE_INFLATING: "inflating",
    STATE_REGULATING: "regulating",
    STATE_DEFLATING: "deflating",
    STATE_SAFE: "safe",
    STATE_LOP_RAMP: "lop-ramp",
    STATE_CYCLE_REST: "cycle-rest",
}

# Actuator bits in STATUS.
ACTUATOR_PUMP = 1
ACTUATOR_VENT = 2
ACTUATOR_DUMP = 4

# Alarm bits in STATUS: a u16, bit ``code - 1`` per alarm code 1-16.
ALARM_BITS_MASK = 0xFFFF

# Alarm events.
EVENT_RAISED = 1
EVENT_CLEARED = 2
EVENT_ACKNOWLEDGED = 3
EVENT_NAMES = {EVENT_RAISED: "raised", EVENT_CLEARED: "cleared", EVENT_ACKNOWLEDGED: "acknowledged"}

# Capability bits in HELLO_REPLY.
CAPABILITY_LOP_RAMP = 1
CAPABILITY_CYCLES = 2
CAPABILITY_SET_LIMITS = 4

DECI = 10.0


def firmware_version_text(version: int) -> str:
    """Return the ``major.minor`` text of a firmware version field (high byte major)."""
    return str(version >> 8) + "." + str(version & 0xFF)


def to_deci(pressure_mmhg: float) -> int:
    """Return ``pressure_mmhg`` as an integer count of 0.1 mmHg (rounded to nearest)."""
    return round(pressure_mmhg * DECI)


def from_deci(count: int) -> float:
    """Return a 0.1 mmHg count as mmHg."""
    return count / DECI
