"""A test rig for the Pico W board layer: stand-ins for its pins and radio, and a cuff on a bench.

MicroPython-compatible (no dataclasses, no typing at run time): the same rig runs the board
layer in CPython and in the MicroPython WebAssembly port, and the tests compare the two logs.

The bench is a toy pneumatic model, good enough to close the loop; its constants describe this
rig, not any person or product. The safety line follows the charge pump of ``docs/board.md``:
it stays on (dump valve closed, pump powered) only while the kick pin changed level in the
last :data:`KICK_HOLD_PERIODS` control periods.
"""

import binascii
import struct

from cuff_board import (
    IRQ_CENTRAL_CONNECT,
    IRQ_CENTRAL_DISCONNECT,
    IRQ_GATTS_WRITE,
    IRQ_MTU_EXCHANGED,
    BlePeripheral,
    Board,
    ChannelPins,
    PicoHardware,
)

from occlusion.device.firmware import gatt
from occlusion.device.firmware import limits as table

ZERO_COUNTS = 2650  # a 0.2 V sensor offset through the 2:3 divider, in read_u16 counts
MMHG_PER_COUNT = 0.0121  # this rig's slope (a builder calibrates theirs)
PUMP_MMHG_S = 60.0  # the rig's pump raises an empty cuff this fast at full duty
PUMP_STALL_MMHG = 420.0
VENT_PER_S = 0.4  # vent fully open: pressure falls by this fraction per second
DUMP_PER_S = 3.0
KICK_HOLD_PERIODS = 3
LEAK_PER_S = 0.003  # a real cuff line leaks a little; a perfectly tight one reads "stuck"
NOISE_COUNTS = 3  # sensor noise, uniform in +-NOISE_COUNTS (deterministic generator)
CONNECTION = 64


def _hex(data):
    return binascii.hexlify(bytes(data)).decode()


def _float_hex(value):
    return binascii.hexlify(struct.pack(">d", value)).decode()


class FakePin:
    """A digital output that remembers its level and when it last changed."""

    def __init__(self):
        self.level = 0
        self.changes = 0

    def value(self, level=None):
        if level is None:
            return self.level
        if level != self.level:
            self.changes += 1
        self.level = level
        return None


class FakePwm:
    """A PWM output that remembers its duty."""

    def __init__(self):
        self.duty = 0

    def duty_u16(self, value=None):
        if value is None:
            return self.duty
        assert 0 <= value <= 65535
        self.duty = value
        return None


def lcg(state):
    """Return the next state of a 32-bit linear congruential generator (Numerical Recipes)."""
    return (1664525 * state + 1013904223) % 4294967296


class RepeatableEntropy:
    """Session challenges that CPython and MicroPython draw alike (never on a real board)."""

    def __init__(self):
        self.state = 20261206

    def __call__(self):
        self.state = lcg(self.state)
        return self.state


class FakeAdc:
    """An ADC reading the rig's cuff pressure through the sensor's transfer, with noise.

    The noise comes from a 32-bit linear congruential generator (Numerical Recipes constants),
    so CPython and MicroPython draw the same sequence.
    """

    def __init__(self, cuff, seed):
        self.cuff = cuff
        self.state = seed

    def read_u16(self):
        self.state = lcg(self.state)
        noise = self.state % (2 * NOISE_COUNTS + 1) - NOISE_COUNTS
        counts = int(ZERO_COUNTS + self.cuff.pressure_mmhg / MMHG_PER_COUNT) + noise
        return max(0, min(65535, counts))


class FakeUart:
    """A UART whose receive side the test fills and whose transmit side it reads."""

    def __init__(self):
        self.incoming = bytearray()
        self.sent = bytearray()

    def read(self):
        if not self.incoming:
            return None
        data = bytes(self.incoming)
        self.incoming = bytearray()
        return data

    def write(self, data):
        self.sent.extend(data)
        return len(data)


class FakeWatchdog:
    """Counts feeds."""

    def __init__(self):
        self.feeds = 0

    def feed(self):
        self.feeds += 1


class FakeBle:
    """MicroPython's ``bluetooth.BLE`` as far as the board layer uses it."""

    def __init__(self):
        self.handler = None
        self.mtu = None
        self.buffers = {}
        self.advertisements = 0
        self.written = bytearray()
        self.notified = []

    def active(self, state=None):
        return True

    def config(self, **settings):
        if "mtu" in settings:
            self.mtu = settings["mtu"]

    def gatts_register_services(self, services):
        ((_uuid, characteristics),) = services
        assert len(characteristics) == 2
        return ((16, 18),)

    def gatts_set_buffer(self, handle, size, append):
        self.buffers[handle] = (size, append)

    def irq(self, handler):
        self.handler = handler

    def gap_advertise(self, interval_us, adv_data=None, resp_data=None):
        assert len(adv_data) <= 31 and len(resp_data) <= 31
        self.advertisements += 1

    def gatts_read(self, handle):
        data = bytes(self.written)
        self.written = bytearray()
        return data

    def gatts_notify(self, connection, handle, data):
        assert connection == CONNECTION and handle == 18
        self.notified.append(bytes(data))


class BenchCuff:
    """The rig's cuff: pump in, vent and dump out, no limb."""

    def __init__(self):
        self.pressure_mmhg = 0.0
        self.kick_seen = KICK_HOLD_PERIODS  # no kick yet: the safety line starts off
        self.kick_changes = 0

    def step(self, pins, period_s):
        if pins.kick.changes != self.kick_changes:
            self.kick_changes = pins.kick.changes
            self.kick_seen = 0
        else:
            self.kick_seen += 1
        line_on = self.kick_seen < KICK_HOLD_PERIODS
        pump = pins.pump.duty / 65535.0 if line_on else 0.0
        vent = pins.vent.duty / 65535.0
        rise = PUMP_MMHG_S * pump * max(0.0, 1.0 - self.pressure_mmhg / PUMP_STALL_MMHG)
        fall = (VENT_PER_S * vent + LEAK_PER_S) * self.pressure_mmhg
        if not line_on:
            fall += DUMP_PER_S * self.pressure_mmhg
        self.pressure_mmhg = max(0.0, self.pressure_mmhg + (rise - fall) * period_s)
        return line_on


class Rig:
    """The board layer on stand-ins, stepped one control period at a time."""

    def __init__(self, mtu, calibrated=True):
        self.cuffs = [BenchCuff(), BenchCuff()]
        slope = MMHG_PER_COUNT if calibrated else None
        self.pins = [
            ChannelPins(
                FakeAdc(self.cuffs[index], index + 1), FakePwm(), FakePwm(), FakePin(), slope
            )
            for index in range(len(self.cuffs))
        ]
        self.uart = FakeUart()
        self.watchdog = FakeWatchdog()
        self.radio = FakeBle()
        hardware = PicoHardware(self.pins, self.uart, RepeatableEntropy())
        hardware.zero()
        self.ble = BlePeripheral(self.radio, str)
        self.board = Board(hardware, self.watchdog, self.ble)
        self.mtu = mtu
        self.connected = False

    def connect(self):
        self.radio.handler(IRQ_CENTRAL_CONNECT, (CONNECTION, 0, b"\x00" * 6))
        if self.mtu != gatt.DEFAULT_ATT_MTU:
            self.radio.handler(IRQ_MTU_EXCHANGED, (CONNECTION, self.mtu))
        self.connected = True

    def disconnect(self):
        self.radio.handler(IRQ_CENTRAL_DISCONNECT, (CONNECTION, 0, b"\x00" * 6))
        self.connected = False

    def step(self, ble_bytes=b"", uart_bytes=b""):
        """Deliver host bytes, run one period, move the bench; return this period's log."""
        for chunk in gatt.chunks(ble_bytes, self.mtu):
            self.radio.written.extend(chunk)
            self.radio.handler(IRQ_GATTS_WRITE, (CONNECTION, self.ble.write_handle))
        self.uart.incoming.extend(uart_bytes)
        self.radio.notified = []
        self.uart.sent = bytearray()
        self.board.step()
        # (MicroPython's zip() has no strict=, hence the indices.)
        channels = []
        for index in range(len(self.pins)):
            pins, cuff = self.pins[index], self.cuffs[index]
            line = cuff.step(pins, table.CONTROL_PERIOD_S)
            channels.append(
                [pins.pump.duty, pins.vent.duty, pins.kick.level, line,
                 _float_hex(cuff.pressure_mmhg)]
            )
        return [
            channels,
            [_hex(chunk) for chunk in self.radio.notified],
            _hex(self.uart.sent),
            self.watchdog.feeds,
        ]


def run(script):
    """Replay ``script`` (``{"mtu", "calibrated", "steps": [[event, ble_hex, uart_hex]]}``)."""
    rig = Rig(script["mtu"], script.get("calibrated", True))
    log = []
    for event, ble_hex, uart_hex in script["steps"]:
        if event == "connect":
            rig.connect()
        elif event == "disconnect":
            rig.disconnect()
        log.append(rig.step(binascii.unhexlify(ble_hex), binascii.unhexlify(uart_hex)))
    return {"steps": log}
