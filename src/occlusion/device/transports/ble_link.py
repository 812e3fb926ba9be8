"""The radio side of the Bluetooth LE transport: what a link to a cuff's GATT service offers.

Kept apart from :mod:`occlusion.device.transports.ble` so that the simulated peripheral
(:mod:`occlusion.device.simulated.ble`) can implement a link without importing the transport
that opens it (no import cycle).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol


class BleLink(Protocol):
    """One connection to a cuff's GATT service; every method runs on the transport's loop."""

    att_mtu: int

    async def open(self, on_notify: Callable[[bytes], None], on_lost: Callable[[], None]) -> None:
        """Connect, ask for the MTU, subscribe to notifications."""
        ...

    async def write(self, chunk: bytes) -> None:
        """Write one chunk (at most ``att_mtu - 3`` bytes) to the write characteristic."""
        ...

    async def close(self) -> None:
        """Disconnect (the transport may open a new link to the same cuff afterwards)."""
        ...

    async def shutdown(self) -> None:
        """Release everything behind the link: the transport is closing for good."""
        ...


LinkFactory = Callable[[], Awaitable[BleLink]]
