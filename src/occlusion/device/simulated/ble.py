"""The simulated cuff as a Bluetooth LE peripheral, on a virtual link run by ``bumble``.

Two ``bumble`` controllers share a :class:`bumble.link.LocalLink` in this process: one hosts the
cuff's GATT service in front of a :class:`~occlusion.device.simulated.device.SimulatedDevice`
ticking in real time, the other is the host's central. Everything above the radio is real:
advertising, connection, ATT MTU exchange, service discovery, the client characteristic
configuration write that enables notifications, writes and notifications cut to the MTU, and
disconnection. ``ble:virtual`` opens it (see :mod:`occlusion.device.transports.ble`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Callable
from typing import Any

from bumble.controller import Controller
from bumble.core import AdvertisingData
from bumble.device import Connection, Device, Peer
from bumble.gatt import Characteristic, CharacteristicValue, Service
from bumble.hci import Address
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport.common import AsyncPipeSink

from occlusion.device.address import DeviceAddress
from occlusion.device.firmware import gatt
from occlusion.device.firmware import limits as table
from occlusion.device.simulated.device import SimulatedDevice
from occlusion.device.transports.ble import (
    DEFAULT_TIMEOUT_S,
    BleLink,
    BleTransport,
    LinkFactory,
)
from occlusion.device.transports.sim import SimTransport
from occlusion.errors import DeviceError

_NUMBERS = itertools.count(1)


class VirtualPeripheral:
    """A simulated cuff serving the GATT service on ``device`` (a bumble device).

    Parameters
    ----------
    cuff
        The simulated cuff behind the service; it ticks in real time once started.
    radio
        The bumble device that advertises and accepts one connection at a time.
    """

    def __init__(self, cuff: SimulatedDevice, radio: Device) -> None:
        self.cuff = cuff
        self.radio = radio
        self.connection: Connection | None = None
        self.connections = 0
        self._inbox = bytearray()
        self.notify_characteristic: Characteristic[bytes] = Characteristic(
            gatt.NOTIFY_UUID, Characteristic.Properties.NOTIFY, Characteristic.READABLE, b""
        )
        self.write_characteristic: Characteristic[bytes] = Characteristic(
            gatt.WRITE_UUID,
            Characteristic.Properties.WRITE | Characteristic.Properties.WRITE_WITHOUT_RESPONSE,
            Characteristic.WRITEABLE,
            CharacteristicValue(write=self._on_write),
        )
        radio.add_service(
            Service(gatt.SERVICE_UUID, [self.write_characteristic, self.notify_characteristic])
        )
        radio.on(radio.EVENT_CONNECTION, self._on_connection)
        self._ticker: asyncio.Task[None] | None = None
        self._advertiser: asyncio.Task[None] | None = None
        self._stopping = False

    def _on_write(self, _connection: Connection, value: bytes) -> None:
        self._inbox.extend(value)

    def _on_connection(self, connection: Connection) -> None:
        self.connection = connection
        self.connections += 1
        connection.on(connection.EVENT_DISCONNECTION, self._on_disconnection)

    def _on_disconnection(self, _reason: Any) -> None:
        # A lost link is a silent host: the firmware's heartbeat timeout takes care of the cuff.
        self.connection = None
        if not self._stopping:
            self._advertiser = asyncio.get_running_loop().create_task(self.advertise())

    async def advertise(self) -> None:
        """Advertise the service so a central can connect."""
        await self.radio.start_advertising(advertising_interval_min=20.0)

    async def start(self) -> None:
        """Power on, advertise, and start ticking the cuff in real time."""
        self.radio.advertising_data = bytes(
            AdvertisingData(
                [
                    (AdvertisingData.COMPLETE_LOCAL_NAME, f"{gatt.NAME_PREFIX} sim".encode()),
                    (
                        AdvertisingData.COMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS,
                        _uuid_bytes(gatt.SERVICE_UUID),
                    ),
                ]
            )
        )
        await self.radio.power_on()
        await self.advertise()
        self._ticker = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        period = table.CONTROL_PERIOD_S
        start = loop.time()
        ticks = 0
        while True:
            if self._inbox:
                self.cuff.feed(bytes(self._inbox))
                self._inbox.clear()
            due = int((loop.time() - start) / period) + 1
            for _ in range(max(due - ticks, 0)):
                self.cuff.tick()
                ticks += 1
            outgoing = self.cuff.take_output()
            connection = self.connection
            if outgoing and connection is not None:
                for chunk in gatt.chunks(outgoing, connection.att_mtu):
                    with contextlib.suppress(Exception):
                        # A notification on a link that just fell is lost, as on a radio.
                        await self.radio.notify_subscriber(
                            connection, self.notify_characteristic, chunk
                        )
            await asyncio.sleep(max(start + ticks * period - loop.time(), 0.001))

    async def stop(self) -> None:
        """Stop ticking and drop any connection."""
        self._stopping = True
        if self._advertiser is not None:
            with contextlib.suppress(Exception):
                await self._advertiser
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        if self.connection is not None:
            with contextlib.suppress(Exception):
                await self.connection.disconnect()
        await self.radio.power_off()


class BumbleCentralLink:
    """The host's end of the virtual link: a bumble central talking to the peripheral."""

    def __init__(self, world: VirtualWorld, preferred_mtu: int) -> None:
        self.world = world
        self.preferred_mtu = preferred_mtu
        self.att_mtu = gatt.DEFAULT_ATT_MTU
        self.connection: Connection | None = None
        self._peer: Peer | None = None
        self._write_handle: Any = None

    async def open(self, on_notify: Callable[[bytes], None], on_lost: Callable[[], None]) -> None:
        """Connect to the peripheral, exchange the MTU, find the service, subscribe."""
        central = self.world.central
        connection = await central.connect(self.world.peripheral_address, timeout=10.0)
        self.connection = connection
        connection.on(connection.EVENT_DISCONNECTION, lambda _reason: on_lost())
        peer = Peer(connection)
        if self.preferred_mtu > gatt.DEFAULT_ATT_MTU:
            await peer.request_mtu(self.preferred_mtu)
        self.att_mtu = connection.att_mtu
        services = await peer.discover_service(gatt.SERVICE_UUID)
        if not services:
            raise DeviceError(
                "the peripheral does not offer the cuff service", code="device.ble.no-cuff-service"
            )
        characteristics = await peer.discover_characteristics(service=services[0])
        by_uuid = {str(item.uuid).lower(): item for item in characteristics}
        notify = by_uuid.get(gatt.NOTIFY_UUID)
        write = by_uuid.get(gatt.WRITE_UUID)
        if notify is None or write is None:
            raise DeviceError(
                "the cuff service lacks its write or notify characteristic",
                code="device.ble.missing-characteristic",
                missing=[
                    uuid
                    for uuid, found in ((gatt.WRITE_UUID, write), (gatt.NOTIFY_UUID, notify))
                    if found is None
                ],
            )
        await peer.subscribe(notify, lambda value: on_notify(bytes(value)))
        self._peer = peer
        self._write_handle = write

    async def write(self, chunk: bytes) -> None:
        """Write without response."""
        if self._peer is None:
            raise DeviceError("the Bluetooth link is not open", code="device.ble.not-open")
        await self._peer.write_value(self._write_handle, chunk, with_response=False)

    async def close(self) -> None:
        """Disconnect; the peripheral advertises again for the next connection."""
        if self.connection is not None:
            with contextlib.suppress(Exception):
                await self.connection.disconnect()
            self.connection = None

    async def shutdown(self) -> None:
        """Stop the simulated cuff and both radios."""
        await self.world.stop()

    async def drop(self) -> None:
        """Lose the link as a radio would (tests): disconnect without closing the transport."""
        await self.close()


class VirtualWorld:
    """Two bumble controllers on one local link: the cuff's radio and the host's."""

    def __init__(self, cuff: SimulatedDevice) -> None:
        number = next(_NUMBERS)
        link = LocalLink()  # type: ignore[no-untyped-call]  # bumble leaves it unannotated
        addresses = [f"F0:00:00:00:{number % 256:02X}:01", f"F0:00:00:00:{number % 256:02X}:02"]
        radios = []
        for index, address in enumerate(addresses):
            controller = Controller(f"C{number}-{index}", link=link, public_address=address)
            radios.append(
                Device(address=Address(address), host=Host(controller, AsyncPipeSink(controller)))
            )
        self.peripheral = VirtualPeripheral(cuff, radios[0])
        self.central = radios[1]
        self.started = False

    @property
    def peripheral_address(self) -> Address:
        """Return the address the peripheral advertises from."""
        return self.peripheral.radio.random_address

    async def start(self) -> None:
        """Power both radios on and start the cuff."""
        if not self.started:
            await self.central.power_on()
            await self.peripheral.start()
            self.started = True

    async def stop(self) -> None:
        """Stop the cuff and power both radios off."""
        if self.started:
            await self.peripheral.stop()
            await self.central.power_off()
            self.started = False


def _uuid_bytes(text: str) -> bytes:
    # Advertising data carries 128-bit UUIDs least significant byte first.
    return bytes.fromhex(text.replace("-", ""))[::-1]


def virtual_link_factory(
    preferred_mtu: int, device: SimulatedDevice | None = None
) -> LinkFactory:
    """Return a link factory for ``ble:virtual``: one simulated cuff, reconnectable."""
    cuff = device or SimTransport.from_address(DeviceAddress.parse("sim")).device
    worlds: list[VirtualWorld] = []

    async def make() -> BleLink:
        if not worlds:
            worlds.append(VirtualWorld(cuff))
        world = worlds[0]
        await world.start()
        return BumbleCentralLink(world, preferred_mtu)

    return make


class VirtualBleTransport:
    """Opens ``ble:virtual``: a :class:`BleTransport` to the simulated cuff on a virtual link."""

    @classmethod
    def from_address(
        cls, address: DeviceAddress, device: SimulatedDevice | None = None
    ) -> BleTransport:
        """Return a transport to one simulated cuff, at the address's ``mtu`` and ``timeout_s``."""
        timeout_s = float(address.option("timeout_s") or DEFAULT_TIMEOUT_S)
        mtu = int(address.option("mtu") or gatt.PREFERRED_ATT_MTU)
        return BleTransport(virtual_link_factory(mtu, device), timeout_s)
