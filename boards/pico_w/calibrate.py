"""Two-point calibration of one channel's pressure sensor against a sphygmomanometer.

Run it from the REPL (``mpremote run boards/pico_w/calibrate.py``) with the cuff wrapped round
a rigid cylinder (a bottle), and a sphygmomanometer's gauge and bulb joined to the cuff line by a
T-piece. The script zeroes with the cuff vented, then closes the dump valve by toggling the
channel's safety kick (the pump stays off, the vent closed) while you pump the bulb to about
200 mmHg on the gauge. Type the gauge reading; it prints the slope to put in
``calibration.json``. Keep the gauge: repeat the check whenever the sensor or tubing changes.
"""

import time

from machine import ADC, PWM, Pin
from main import CHANNEL_PINS, VENT_PWM_HZ, pwm

SAMPLES = 200
HOLD_MS = 20000
AVERAGE_MS = 2000


def mean_counts(adc):
    """Return the mean of :data:`SAMPLES` readings [counts]."""
    total = 0
    for _ in range(SAMPLES):
        total += adc.read_u16()
        time.sleep_ms(1)
    return total / SAMPLES


def calibrate(channel=0):
    """Walk through the calibration of ``channel`` and print its slope [mmHg per count]."""
    sensor_pin, pump_pin, vent_pin, kick_pin = CHANNEL_PINS[channel]
    adc = ADC(Pin(sensor_pin))
    PWM(Pin(pump_pin)).duty_u16(0)
    vent = pwm(vent_pin, VENT_PWM_HZ)
    kick = Pin(kick_pin, Pin.OUT, value=0)
    vent.duty_u16(65535)
    time.sleep_ms(2000)
    zero = mean_counts(adc)
    print("zero:", zero, "counts. Now pump the bulb to about 200 mmHg and hold it.")
    vent.duty_u16(0)
    level = 0
    total = 0
    samples = 0
    start = time.ticks_ms()
    # 20 s to pump and hold, averaging the last 2 s; the dump valve stays closed only while
    # the kick keeps toggling, so sampling happens inside the same loop.
    while time.ticks_diff(time.ticks_ms(), start) < HOLD_MS:
        level ^= 1
        kick.value(level)
        if time.ticks_diff(time.ticks_ms(), start) > HOLD_MS - AVERAGE_MS:
            total += adc.read_u16()
            samples += 1
        time.sleep_ms(10)
    kick.value(0)
    span = total / samples
    vent.duty_u16(65535)
    reading = float(input("gauge reading [mmHg]: "))
    slope = reading / (span - zero)
    print("mmhg_per_count for channel", channel, "=", slope)
    return slope


calibrate()
