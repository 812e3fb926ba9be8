"""Transports between host and cuff, behind a small registry (the python-can pattern).

A transport moves bytes and tells time. ``sim`` runs the simulated device in-process in virtual
time (``read`` advances the device); ``serial`` talks to a board -- or to ``occlusion device
sim`` on a pseudo-terminal -- through pyserial in real time. Backends are imported only when
chosen, so a missing extra gives a clear error rather than a failed import at start-up.

Addresses are parsed by :class:`occlusion.device.address.DeviceAddress`: ``sim``,
``sim:thigh+arm``, ``serial:/dev/ttyACM0?baud=115200``, ``ble:AA:BB:CC:DD:EE:FF``.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol

from occlusion.device.address import DeviceAddress, DeviceKind
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


# kind: (module, class, what is needed)
TRANSPORTS: dict[DeviceKind, tuple[str, str, str]] = {
    DeviceKind.SIM: ("occlusion.device.transports.sim", "SimTransport", "nothing"),
    DeviceKind.SERIAL: (
        "occlusion.device.transports.serial",
        "SerialTransport",
        "the 'serial' extra",
    ),
    DeviceKind.BLE: ("occlusion.device.transports.ble", "BleTransport", "the 'ble' extra"),
}
#: ``ble:virtual``: the simulated cuff as a Bluetooth peripheral (the device layer's simulator
#: sits above the transports, so the transport module cannot import it itself).
VIRTUAL_BLE_TRANSPORT = (
    "occlusion.device.simulated.ble",
    "VirtualBleTransport",
    "the 'ble-sim' extra",
)


def open_transport(address: DeviceAddress | str, **extra: Any) -> Transport:
    """Open the transport that reaches the cuff at ``address``.

    Parameters
    ----------
    address
        A :class:`~occlusion.device.address.DeviceAddress`, or its text (parsed here).
    extra
        Keyword arguments for the backend (``device=`` for ``sim``).

    Raises
    ------
    InputError
        For an address that does not parse, or a kind whose extra is not installed.
    DeviceError
        When the link cannot be opened.
    """
    parsed = DeviceAddress.of(address)
    entry = VIRTUAL_BLE_TRANSPORT if parsed.virtual_ble else TRANSPORTS.get(parsed.kind)
    if entry is None:
        raise InputError(
            f"no transport for {parsed.kind} devices is available",
            code="device.transport.unavailable",
            kind=str(parsed.kind),
        )
    module_name, class_name, needs = entry
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise InputError(
            f"the {parsed.kind} transport needs {needs}: {exc}",
            code="device.transport.missing-extra",
            kind=str(parsed.kind),
            missing=exc.name,
        ) from None
    backend = getattr(module, class_name)
    transport: Transport = backend.from_address(parsed, **extra)
    return transport
