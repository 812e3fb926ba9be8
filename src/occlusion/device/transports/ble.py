"""Bluetooth LE transport: the cuff's frames over its GATT service, in real time.

The byte stream is the serial link's (``docs/protocol.md``, "Bluetooth LE"): writes to the
write characteristic carry the host's bytes, notifications on the notify characteristic carry
the device's, each cut to ``ATT_MTU - 3`` bytes. The radio side is a :class:`BleLink`:

``ble:AA:BB:CC:DD:EE:FF``
    A board, through ``bleak`` (BlueZ, CoreBluetooth, WinRT; the ``ble`` extra).
``ble:virtual``
    The simulated cuff as a BLE peripheral on a virtual link in this process, both ends run
    by the ``bumble`` stack without a radio (the ``ble-sim`` extra). The contract suite and the
    conformance check run over it in CI.

Options: ``?mtu=N`` is the ATT MTU the host asks for (23 asks for nothing, so every frame is
fragmented); ``?timeout_s=S`` bounds connecting and reconnecting.

When the link drops, the transport reconnects by itself on the next write or read (new
connection, notifications subscribed again, MTU asked again, a ``0x00`` sent first so a frame
cut in half is discarded). The client's session goes on if the link came back before the
device's heartbeat timeout; otherwise the device has already dumped the cuff and says so in
its status.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Protocol, TypeVar

from occlusion.device.address import VIRTUAL_BLE_TARGET, DeviceAddress
from occlusion.device.firmware import gatt
from occlusion.errors import DeviceError, InputError

DEFAULT_TIMEOUT_S = 10.0
_T = TypeVar("_T")


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


class BleTransport:
    """Bytes to and from a cuff over Bluetooth LE.

    Parameters
    ----------
    make_link
        Coroutine function returning a new, unopened :class:`BleLink`; called on connect and on
        every reconnection, on the transport's event loop.
    timeout_s
        Bound on connecting or reconnecting [s].
    """

    def __init__(self, make_link: LinkFactory, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self._make_link = make_link
        self.timeout_s = timeout_s
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="occlusion-ble", daemon=True
        )
        self._thread.start()
        self._received = bytearray()
        self._arrived = threading.Condition()
        self._connected = False
        self._closed = False
        self.link: BleLink | None = None
        self.reconnections = 0
        try:
            self._call(self._connect())
        except BaseException:
            self._stop_loop()
            raise

    @classmethod
    def from_address(cls, address: DeviceAddress, **extra: Any) -> BleTransport:
        """Open ``ble:ADDRESS`` (a board through bleak) or ``ble:virtual`` (the simulator)."""
        timeout_s = float(address.option("timeout_s") or DEFAULT_TIMEOUT_S)
        mtu = int(address.option("mtu") or gatt.PREFERRED_ATT_MTU)
        if address.target.lower() == VIRTUAL_BLE_TARGET:
            # The simulated peripheral lives above the transports (it uses them); it is
            # reached through ``open_transport``, which routes ``ble:virtual`` to it.
            raise InputError(
                "the virtual Bluetooth cuff is opened through open_transport",
                code="device.transport.virtual-ble-direct",
                kind="ble",
            )
        try:
            import bleak  # noqa: F401
        except ImportError as exc:
            raise InputError(
                f"the Bluetooth LE transport needs the 'ble' extra: {exc}",
                code="device.transport.missing-extra",
                kind="ble",
                missing=exc.name,
            ) from None
        target = address.target

        async def make() -> BleLink:
            return BleakLink(target, mtu, timeout_s)

        return cls(make, timeout_s)

    # ----------------------------------------------------------------- loop plumbing
    def _call(self, coroutine: Coroutine[Any, Any, _T], timeout_s: float | None = None) -> _T:
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=timeout_s or self.timeout_s + 5.0)
        except TimeoutError:
            future.cancel()
            raise DeviceError(
                "the Bluetooth link did not answer in time",
                code="device.ble.timeout",
                timeout_s=timeout_s or self.timeout_s + 5.0,
            ) from None

    def call(self, coroutine: Coroutine[Any, Any, _T]) -> _T:
        """Run ``coroutine`` on the transport's event loop and return its result (tests)."""
        return self._call(coroutine)

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5.0)
        if not self._thread.is_alive():
            self._loop.close()

    def _on_notify(self, data: bytes) -> None:
        with self._arrived:
            self._received.extend(data)
            self._arrived.notify_all()

    def _on_lost(self) -> None:
        self._connected = False

    async def _connect(self) -> None:
        if self.link is not None:
            # A dead link may fail to close; it is replaced either way.
            with contextlib.suppress(Exception):
                await self.link.close()
        try:
            link = await asyncio.wait_for(self._make_link(), self.timeout_s)
            await asyncio.wait_for(link.open(self._on_notify, self._on_lost), self.timeout_s)
        except Exception as exc:  # bleak raises per-platform types; all mean "not connected"
            raise DeviceError(
                "cannot connect to the cuff over Bluetooth (is Bluetooth on and the cuff "
                f"switched on and in range?): {exc or type(exc).__name__}",
                code="device.ble.connect-failed",
            ) from None
        self.link = link
        self._connected = True
        # A frame cut by the previous link's loss must not swallow the next one.
        await link.write(b"\x00")

    def _ensure_connected(self) -> None:
        if self._closed:
            raise DeviceError(
                "the Bluetooth transport is closed", code="device.transport.closed", kind="ble"
            )
        if not self._connected:
            self._call(self._connect())
            self.reconnections += 1

    async def _write_chunks(self, data: bytes) -> None:
        link = self.link
        assert link is not None
        for chunk in gatt.chunks(data, link.att_mtu):
            await link.write(chunk)

    # ----------------------------------------------------------------- Transport
    def write(self, data: bytes) -> None:
        """Send ``data`` in chunks of ``ATT_MTU - 3`` bytes; reconnect first if the link fell."""
        self._ensure_connected()
        try:
            self._call(self._write_chunks(data))
        except DeviceError:
            raise
        except Exception as exc:
            self._connected = False
            raise DeviceError(
                f"Bluetooth write failed: {exc}", code="device.ble.write-failed", reason=str(exc)
            ) from None

    def read(self, duration_s: float) -> bytes:
        """Return what the device notified during the next ``duration_s`` [s] of real time."""
        if not self._connected and not self._closed:
            try:
                self._ensure_connected()
            except DeviceError:
                time.sleep(max(duration_s, 0.0))
                return self._take()
        deadline = time.monotonic() + max(duration_s, 0.0)
        with self._arrived:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._arrived.wait(remaining)
        return self._take()

    def _take(self) -> bytes:
        with self._arrived:
            data = bytes(self._received)
            self._received.clear()
        return data

    def now_s(self) -> float:
        """Return the monotonic clock [s]."""
        return time.monotonic()

    def close(self) -> None:
        """Disconnect and stop the transport's event loop."""
        if self._closed:
            return
        self._closed = True
        link = self.link
        if link is not None:
            with contextlib.suppress(Exception):  # closing a dead link is not an error
                self._call(link.close(), timeout_s=5.0)
            with contextlib.suppress(Exception):
                self._call(link.shutdown(), timeout_s=5.0)
        self._stop_loop()


class BleakLink:
    """A board's GATT service through ``bleak`` (the operating system's Bluetooth stack)."""

    def __init__(self, address: str, preferred_mtu: int, timeout_s: float) -> None:
        self.address = address
        self.preferred_mtu = preferred_mtu
        self.timeout_s = timeout_s
        self.att_mtu = gatt.DEFAULT_ATT_MTU
        self._client: Any = None

    async def open(self, on_notify: Callable[[bytes], None], on_lost: Callable[[], None]) -> None:
        """Connect, learn the negotiated MTU and subscribe to the notify characteristic."""
        from bleak import BleakClient

        client = BleakClient(
            self.address, disconnected_callback=lambda _client: on_lost(), timeout=self.timeout_s
        )
        await client.connect()
        self._client = client
        # The operating system negotiates the MTU; bleak reports the result.
        self.att_mtu = min(int(getattr(client, "mtu_size", gatt.DEFAULT_ATT_MTU)), max(
            self.preferred_mtu, gatt.DEFAULT_ATT_MTU
        ))
        await client.start_notify(gatt.NOTIFY_UUID, lambda _sender, data: on_notify(bytes(data)))

    async def write(self, chunk: bytes) -> None:
        """Write without response (ordered on one connection)."""
        await self._client.write_gatt_char(gatt.WRITE_UUID, chunk, response=False)

    async def close(self) -> None:
        """Disconnect."""
        if self._client is not None:
            await self._client.disconnect()

    async def shutdown(self) -> None:
        """Nothing else to release: the operating system owns the radio."""
