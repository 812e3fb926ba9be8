"""Serial transport (USB-CDC, UART or a pseudo-terminal) through pyserial, in real time."""

from __future__ import annotations

import time
from typing import Any

from occlusion.device.address import DeviceAddress
from occlusion.errors import DeviceError

DEFAULT_BAUD = 115200


class SerialTransport:
    """Bytes over a serial port; ``read`` waits in real time."""

    def __init__(self, port: Any) -> None:
        self._port = port

    @classmethod
    def from_address(cls, address: DeviceAddress) -> SerialTransport:
        """Open ``serial:PORT[?baud=N]`` (the address parser checked the options)."""
        baud = int(address.option("baud") or DEFAULT_BAUD)
        import serial

        try:
            port = serial.serial_for_url(address.target, baudrate=baud, timeout=0.0)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise DeviceError(
                f"cannot open serial port {address.target}: {exc}",
                code="device.serial.cannot-open",
                port=address.target,
                reason=str(exc),
            ) from None
        return cls(port)

    def write(self, data: bytes) -> None:
        """Write ``data`` to the port."""
        import serial

        try:
            self._port.write(data)
        except (serial.SerialException, OSError) as exc:
            raise DeviceError(
                f"serial write failed: {exc}", code="device.serial.write-failed", reason=str(exc)
            ) from None

    def read(self, duration_s: float) -> bytes:
        """Return what arrives during the next ``duration_s`` [s] of real time."""
        import serial

        deadline = time.monotonic() + max(duration_s, 0.0)
        received = bytearray()
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._port.timeout = min(remaining, 0.05)
                chunk = self._port.read(max(1, self._port.in_waiting))
                received.extend(chunk)
        except (serial.SerialException, OSError) as exc:
            raise DeviceError(
                f"serial read failed: {exc}", code="device.serial.read-failed", reason=str(exc)
            ) from None
        return bytes(received)

    def now_s(self) -> float:
        """Return the monotonic clock [s]."""
        return time.monotonic()

    def close(self) -> None:
        """Close the port."""
        self._port.close()
