"""Board support for a Raspberry Pi Pico W: the firmware package on real pins.

This module glues :class:`occlusion.device.firmware.controller.Firmware` to a board's
peripherals. It imports no board module itself: ``main.py`` builds the ``machine`` and
``bluetooth`` objects and hands them in, so the same code runs in the tests (CPython and the
MicroPython WebAssembly port, with stand-ins for the pins) and on the board.

Per cuff channel the board has (wiring in ``docs/board.md``):

- a pressure sensor on an ADC input (``read_u16`` counts, converted with the channel's
  calibration: zero taken at power-up with the cuff vented, slope from a two-point calibration
  against a sphygmomanometer);
- a pump on a PWM pin (low-side MOSFET);
- a vent valve on a PWM pin (normally open, small orifice; PWM meters it);
- a **safety kick** pin. The normally-open dump valve's coil and the pump's supply both hang on
  one safety line that an AC-coupled charge pump holds on only while this pin keeps toggling.
  The firmware closes the dump by toggling the pin every control period; when it asks for the
  dump, when the loop stops (a crash, a hang, a reset by the hardware watchdog) or when the pin
  sticks high or low, the charge pump decays, the dump valve opens and the pump loses power.

The hardware watchdog (``machine.WDT``) is fed once per control period, after the firmware's
period has run, so a firmware that stops ticking resets the board -- and a reset board leaves
the kick pins still, which opens every dump valve.

Bytes from the host arrive on the UART and on the Bluetooth LE write characteristic
(``docs/protocol.md`` section 8); the firmware's bytes go to both, cut to the negotiated ATT MTU
for notifications.
"""

from occlusion.device.firmware import gatt
from occlusion.device.firmware.controller import Firmware, Hardware

FULL_SCALE_U16 = 65535
# Samples averaged for the power-up zero (about 0.1 s of readings).
ZERO_SAMPLES = 64
# BLE IRQ event numbers (MicroPython ``bluetooth`` module documentation).
IRQ_CENTRAL_CONNECT = 1
IRQ_CENTRAL_DISCONNECT = 2
IRQ_GATTS_WRITE = 3
IRQ_MTU_EXCHANGED = 21
FLAG_WRITE_NO_RESPONSE = 0x0004
FLAG_WRITE = 0x0008
FLAG_NOTIFY = 0x0010
ADVERTISING_INTERVAL_US = 100000
WRITE_BUFFER_BYTES = 512


class ChannelPins:
    """The peripherals of one cuff channel.

    Parameters
    ----------
    sensor
        An ADC with ``read_u16()``.
    pump, vent
        PWMs with ``duty_u16(value)``.
    kick
        A digital output with ``value(level)``: the safety line's charge-pump input.
    mmhg_per_count
        Calibrated slope [mmHg per ``read_u16`` count]; ``None`` when the channel is not
        calibrated, in which case it reports no reading and the firmware refuses to inflate.
    """

    def __init__(self, sensor, pump, vent, kick, mmhg_per_count):
        self.sensor = sensor
        self.pump = pump
        self.vent = vent
        self.kick = kick
        self.mmhg_per_count = mmhg_per_count
        self.zero_counts = 0.0
        self.kick_level = 0


class PicoHardware(Hardware):
    """The firmware's :class:`Hardware` on a Pico W: ADC in, PWM and safety kick out.

    ``entropy`` (a function returning 32 random bits) replaces the firmware's default source
    of session challenges, ``os.urandom`` (on the RP2040, its ring oscillator); tests pass a
    repeatable one.
    """

    def __init__(self, channels, uart=None, entropy=None):
        self.channels = channels
        self.uart = uart
        self.outbox = bytearray()
        self.entropy = entropy

    def entropy_u32(self):
        """Return 32 random bits for a session challenge."""
        if self.entropy is not None:
            return self.entropy()
        return Hardware.entropy_u32(self)

    def zero(self):
        """Take each sensor's zero; call at power-up, while the safety line is off (vented)."""
        for pins in self.channels:
            pins.pump.duty_u16(0)
            pins.vent.duty_u16(FULL_SCALE_U16)
            pins.kick.value(0)
        for pins in self.channels:
            total = 0
            for _ in range(ZERO_SAMPLES):
                total += pins.sensor.read_u16()
            pins.zero_counts = total / ZERO_SAMPLES

    def read_pressure_mmhg(self, channel):
        """Return the calibrated gauge pressure of ``channel`` [mmHg], or None."""
        pins = self.channels[channel]
        if pins.mmhg_per_count is None:
            return None
        counts = pins.sensor.read_u16()
        if counts <= 0 or counts >= FULL_SCALE_U16:
            return None  # a rail: wire off or sensor dead
        return (counts - pins.zero_counts) * pins.mmhg_per_count

    def drive(self, channel, pump_duty, vent_duty, dump_open):
        """Set pump and vent duty; keep the dump valve closed only by toggling the kick pin."""
        pins = self.channels[channel]
        if dump_open:
            pins.kick_level = 0
            pins.kick.value(0)
            pins.pump.duty_u16(0)
        else:
            pins.kick_level ^= 1
            pins.kick.value(pins.kick_level)
            pins.pump.duty_u16(int(min(max(pump_duty, 0.0), 1.0) * FULL_SCALE_U16))
        pins.vent.duty_u16(int(min(max(vent_duty, 0.0), 1.0) * FULL_SCALE_U16))

    def write(self, data):
        """Queue bytes for the host; :meth:`Board.step` sends them after the period."""
        self.outbox.extend(data)


class BlePeripheral:
    """The cuff's GATT service on MicroPython's ``bluetooth.BLE`` (one central at a time)."""

    def __init__(self, ble, uuid, name="sim"):
        self.ble = ble
        self.connection = None
        self.att_mtu = gatt.DEFAULT_ATT_MTU
        self.received = bytearray()
        ble.active(True)
        ble.config(mtu=gatt.PREFERRED_ATT_MTU)
        service = (
            uuid(gatt.SERVICE_UUID),
            (
                (uuid(gatt.WRITE_UUID), FLAG_WRITE | FLAG_WRITE_NO_RESPONSE),
                (uuid(gatt.NOTIFY_UUID), FLAG_NOTIFY),
            ),
        )
        ((self.write_handle, self.notify_handle),) = ble.gatts_register_services((service,))
        # Append mode: several writes between two reads are all kept, in order.
        ble.gatts_set_buffer(self.write_handle, WRITE_BUFFER_BYTES, True)
        ble.irq(self._irq)
        self.advertising = advertising_payload(gatt.SERVICE_UUID)
        self.scan_response = name_payload(gatt.NAME_PREFIX + " " + name)
        self.advertise()

    def advertise(self):
        """Advertise the service, connectable."""
        self.ble.gap_advertise(
            ADVERTISING_INTERVAL_US, adv_data=self.advertising, resp_data=self.scan_response
        )

    def _irq(self, event, data):
        if event == IRQ_CENTRAL_CONNECT:
            self.connection = data[0]
            self.att_mtu = gatt.DEFAULT_ATT_MTU
        elif event == IRQ_CENTRAL_DISCONNECT:
            # A lost link is a silent host: the heartbeat rule dumps the cuff after 2 s.
            self.connection = None
            self.advertise()
        elif event == IRQ_GATTS_WRITE:
            if data[1] == self.write_handle:
                self.received.extend(self.ble.gatts_read(self.write_handle))
        elif event == IRQ_MTU_EXCHANGED:
            self.att_mtu = data[1]

    def take(self):
        """Return and forget the bytes the host wrote since the last call."""
        data = bytes(self.received)
        self.received = bytearray()
        return data

    def send(self, data):
        """Notify ``data`` to the connected central in runs of ``ATT_MTU - 3`` bytes."""
        if self.connection is None:
            return
        for chunk in gatt.chunks(data, self.att_mtu):
            try:
                self.ble.gatts_notify(self.connection, self.notify_handle, chunk)
            except OSError:
                return  # the link fell between two runs; the host resynchronises at 0x00


def advertising_payload(service_uuid):
    """Return advertising data: general discoverable, LE only, the 128-bit service UUID."""
    flags = bytes((2, 0x01, 0x06))
    uuid_bytes = bytes(reversed(bytes.fromhex(service_uuid.replace("-", ""))))
    return flags + bytes((len(uuid_bytes) + 1, 0x07)) + uuid_bytes


def name_payload(name):
    """Return scan-response data carrying the complete local name."""
    encoded = name.encode()
    return bytes((len(encoded) + 1, 0x09)) + encoded


class Board:
    """One control period at a time: host bytes in, firmware period, bytes out, watchdog fed.

    Parameters
    ----------
    hardware
        The :class:`PicoHardware`.
    watchdog
        An object with ``feed()`` (``machine.WDT``).
    ble
        The :class:`BlePeripheral`, or ``None`` on a board without Bluetooth.
    """

    def __init__(self, hardware, watchdog, ble=None):
        self.hardware = hardware
        self.watchdog = watchdog
        self.ble = ble
        self.firmware = Firmware(hardware, channels=len(hardware.channels))

    def step(self):
        """Run one control period."""
        uart = self.hardware.uart
        if uart is not None:
            incoming = uart.read()
            if incoming:
                self.firmware.receive(incoming)
        if self.ble is not None:
            incoming = self.ble.take()
            if incoming:
                self.firmware.receive(incoming)
        self.firmware.tick()
        outgoing = bytes(self.hardware.outbox)
        self.hardware.outbox = bytearray()
        if outgoing:
            if uart is not None:
                uart.write(outgoing)
            if self.ble is not None:
                self.ble.send(outgoing)
        self.watchdog.feed()
