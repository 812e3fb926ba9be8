"""Run a simulated device in real time on a pseudo-terminal, so real host code can connect.

This is the thin real-time loop around the same firmware and simulator the virtual-time tests
use: every 10 ms it reads what the host wrote, runs one control period and writes the replies.
Deadlines are absolute (start + k * period) so the loop does not drift.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
import tty
from collections.abc import Callable
from pathlib import Path

from occlusion.device.firmware import limits as table
from occlusion.device.simulated.device import SimulatedDevice


class PseudoTerminal:
    """A pty pair: the device owns the master, hosts open the slave path like a serial port."""

    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        os.set_blocking(self.master, False)

    def read(self) -> bytes:
        """Return whatever the host wrote (nothing when no host has the port open)."""
        try:
            return os.read(self.master, 4096)
        except BlockingIOError:
            return b""
        except OSError as exc:
            if exc.errno == errno.EIO:
                return b""
            raise

    def write(self, data: bytes) -> None:
        """Send ``data`` to the host; drop it when nobody reads and the buffer is full."""
        with contextlib.suppress(OSError):
            os.write(self.master, data)

    def close(self) -> None:
        """Close both ends."""
        for descriptor in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(descriptor)


def serve_pty(
    device: SimulatedDevice,
    duration_s: float | None = None,
    port_file: Path | None = None,
    announce: Callable[[str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> None:
    """Run ``device`` in real time on a new pseudo-terminal until ``duration_s`` elapses.

    Parameters
    ----------
    device
        The simulated device.
    duration_s
        How long to run [s]; None runs until interrupted.
    port_file
        If given, the pty path is written there (for scripts and tests).
    announce
        Called once with the pty path.
    should_stop
        Polled every period; True ends the loop.
    """
    terminal = PseudoTerminal()
    try:
        if port_file is not None:
            port_file.write_text(terminal.path + "\n", encoding="utf-8")
        if announce is not None:
            announce(terminal.path)
        period = table.CONTROL_PERIOD_S
        start = time.monotonic()
        tick = 0
        while duration_s is None or tick * period < duration_s:
            if should_stop is not None and should_stop():
                return
            incoming = terminal.read()
            if incoming:
                device.feed(incoming)
            device.tick()
            outgoing = device.take_output()
            if outgoing:
                terminal.write(outgoing)
            tick += 1
            delay = start + tick * period - time.monotonic()
            if delay > 0:
                time.sleep(delay)
    finally:
        terminal.close()
