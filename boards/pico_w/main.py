"""Raspberry Pi Pico W entry point: the cuff controller at 100 Hz (MicroPython runs this file).

Pins (``docs/board.md`` has the wiring diagram):

======  ==========  =====================================================================
GPIO    function    notes
======  ==========  =====================================================================
GP26    ADC0        channel 0 pressure sensor, through a 2:3 divider (5 V sensor, 3.3 V ADC)
GP27    ADC1        channel 1 pressure sensor, same divider
GP2     PWM 1A      channel 0 pump MOSFET gate
GP4     PWM 2A      channel 0 vent valve MOSFET gate
GP6     output      channel 0 safety kick (charge pump -> dump valve coil and pump supply)
GP10    PWM 5A      channel 1 pump MOSFET gate
GP12    PWM 6A      channel 1 vent valve MOSFET gate
GP14    output      channel 1 safety kick
GP0/1   UART0       TX/RX to a host or a USB-serial adapter, 115200 8N1
======  ==========  =====================================================================

The calibration (slope per channel) is read from ``calibration.json`` on the board's file
system: ``{"mmhg_per_count": [0.0121, 0.0119]}``. Without it the channels report no reading and
the firmware refuses to inflate (``docs/board.md``, "Calibrate").
"""

import json
import time

import bluetooth
from cuff_board import BlePeripheral, Board, ChannelPins, PicoHardware
from machine import ADC, PWM, UART, WDT, Pin

from occlusion.device.firmware import limits as table

PUMP_PWM_HZ = 20000  # above hearing; the pump's motor averages it
VENT_PWM_HZ = 200  # a solenoid valve follows 200 Hz in part: PWM meters the flow
WATCHDOG_TIMEOUT_MS = 200  # 20 control periods
CHANNEL_PINS = ((26, 2, 4, 6), (27, 10, 12, 14))  # (ADC, pump, vent, kick) per channel


def load_calibration():
    """Return the slope of each channel [mmHg per count], ``None`` where uncalibrated."""
    try:
        with open("calibration.json") as source:
            slopes = json.load(source)["mmhg_per_count"]
    except (OSError, ValueError, KeyError):
        return [None] * len(CHANNEL_PINS)
    return [float(slope) if slope else None for slope in slopes]


def pwm(pin, frequency_hz):
    """Return a PWM output on ``pin`` at ``frequency_hz``, off."""
    output = PWM(Pin(pin))
    output.freq(frequency_hz)
    output.duty_u16(0)
    return output


def build():
    """Return the board with every peripheral set up, the sensors zeroed and vented."""
    slopes = load_calibration()
    channels = []
    for index in range(len(CHANNEL_PINS)):
        sensor, pump, vent, kick = CHANNEL_PINS[index]
        channels.append(
            ChannelPins(
                ADC(Pin(sensor)),
                pwm(pump, PUMP_PWM_HZ),
                pwm(vent, VENT_PWM_HZ),
                Pin(kick, Pin.OUT, value=0),
                slopes[index] if index < len(slopes) else None,
            )
        )
    hardware = PicoHardware(channels, UART(0, baudrate=115200, tx=Pin(0), rx=Pin(1)))
    hardware.zero()
    ble = BlePeripheral(bluetooth.BLE(), bluetooth.UUID)
    return Board(hardware, WDT(timeout=WATCHDOG_TIMEOUT_MS), ble)


def run():
    """Tick the board every control period, forever."""
    board = build()
    period_us = int(table.CONTROL_PERIOD_S * 1000000)
    deadline = time.ticks_us()
    while True:
        board.step()
        deadline = time.ticks_add(deadline, period_us)
        wait_us = time.ticks_diff(deadline, time.ticks_us())
        if wait_us > 0:
            time.sleep_us(wait_us)
        else:
            deadline = time.ticks_us()  # late: do not try to catch up in a burst


if __name__ == "__main__":
    run()
