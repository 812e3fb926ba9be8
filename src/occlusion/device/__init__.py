"""Cuff control: wire protocol, firmware logic, simulated hardware, transports and supervision.

Public entry points (import them from their modules; nothing heavy is imported here):

``occlusion.device.client.CuffClient``
    Connect to a cuff (``CuffClient.connect("sim")`` or ``"serial:/dev/ttyUSB0"``), shake hands,
    set targets, inflate, hold, deflate, dump, run cycle programs and LOP ramps, subscribe to the
    50 Hz status stream and alarms, acknowledge alarms; ``close()`` always deflates.
``occlusion.device.supervisor.SessionSupervisor``
    Session rules: cumulative restriction per limb, symptom-driven steps and release.
``occlusion.device.lop_auto.measure_lop``
    Automatic LOP from the cuff's own oscillations (kept in the training log by
    :mod:`occlusion.services.device_lop`, per limb, side, posture and cuff).
``occlusion.device.firmware``
    The firmware logic (MicroPython-compatible): loop, safety tables, scheduler, wire format.
``occlusion.device.simulated``
    Pneumatics, sensor, limb, exercise disturbance, faults; ``serve_pty`` for real-time use.

The protocol is specified in ``docs/protocol.md``; the user guide is ``docs/device.md``.
Occlusion is not a medical device (:data:`occlusion.NOT_A_MEDICAL_DEVICE`).
"""
