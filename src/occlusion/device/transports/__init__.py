"""Transports between host and cuff, behind a small registry (the python-can pattern).

A transport moves bytes and tells time. ``sim`` runs the simulated device in-process in virtual
time (``read`` advances the device); ``serial`` talks to a board -- or to ``occlusion device
sim`` on a pseudo-terminal -- through pyserial in real time. Backends are imported only when
chosen, so a missing extra gives a clear error rather than a failed import at start-up.

URLs: ``sim``, ``sim:arm``, ``sim:thigh+arm``; ``serial:/dev/ttyUSB0``,
``serial:/dev/ttyACM0?baud=115200``.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol

from occlusion.errors import InputError


class Transport(Protocol):
    """Bytes to and from one cuff controller, and the clock they are read against."""

    def write(self, data: bytes) -> None:
        """Send ``data`` to the device."""
        ...

    def read(self, duration_s: float) -> bytes:
        """Return what the device sent during the next ``duration_s`` [s]."""
        ...

    def now_s(self) -> float:
        """Return the transport's clock [s]: virtual for ``sim``, monotonic for ``serial``."""
        ...

    def close(self) -> None:
        """Release the link."""
        ...


# name: (module, class, what is needed)
TRANSPORTS: dict[str, tuple[str, str, str]] = {
    "sim": ("occlusion.device.transports.sim", "SimTransport", "nothing"),
    "serial": ("occlusion.device.transports.serial", "SerialTransport", "the 'serial' extra"),
}


def parse_url(url: str) -> tuple[str, str, dict[str, str]]:
    """Split a transport URL into ``(scheme, address, options)``."""
    if not url or not url.strip():
        raise InputError("empty transport URL: use 'sim' or 'serial:/dev/ttyUSB0'")
    scheme, _, rest = url.strip().partition(":")
    address, _, query = rest.partition("?")
    options: dict[str, str] = {}
    for part in filter(None, query.split("&")):
        key, sep, value = part.partition("=")
        if not sep:
            raise InputError(f"transport option {part!r} must look like name=value")
        options[key] = value
    return scheme, address, options


def open_transport(url: str, **extra: Any) -> Transport:
    """Open the transport named by ``url``.

    Parameters
    ----------
    url
        ``sim[:limbs]`` or ``serial:PORT[?baud=N]``.
    extra
        Keyword arguments for the backend (``device=`` for ``sim``).

    Raises
    ------
    InputError
        For an unknown scheme or bad options.
    DeviceError
        When the link cannot be opened.
    """
    scheme, address, options = parse_url(url)
    entry = TRANSPORTS.get(scheme)
    if entry is None:
        raise InputError(
            f"unknown transport {scheme!r}: choose one of {', '.join(sorted(TRANSPORTS))}"
        )
    module_name, class_name, needs = entry
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise InputError(f"transport {scheme!r} needs {needs}: {exc}") from None
    backend = getattr(module, class_name)
    transport: Transport = backend.from_url(address, options, **extra)
    return transport
