"""Simulated cuff hardware: pneumatics, sensor, limb, exercise disturbance and fault injection.

The simulated device runs the real firmware (:mod:`occlusion.device.firmware`) against this
hardware and speaks the real wire protocol, so the host code cannot tell it from a board.
"""
