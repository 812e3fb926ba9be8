"""Firmware logic that also runs on a MicroPython board: standard-library subset only."""
