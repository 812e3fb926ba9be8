"""Where a cuff is: one parsed address for every layer that names a device.

Text from outside (a command-line option, the web server's configuration, a stored session row)
becomes a :class:`DeviceAddress` once, through :meth:`DeviceAddress.parse`; after that every
question -- is it simulated, which channel measures this limb, which transport opens it -- is a
property of the address, never a test on the text.

Forms
-----
``sim``, ``sim:arm``, ``sim:thigh+arm``
    The simulated cuff, in-process; the limbs name its channels in order (default thigh+arm).
``serial:PORT[?baud=N]``
    A board on a serial port (USB-CDC, UART) or ``occlusion device sim`` on a pseudo-terminal.
``ble:ADDRESS``
    A board advertising the cuff's Bluetooth LE service (``docs/protocol.md``, "Bluetooth LE");
    ``ADDRESS`` is the peripheral's address (``AA:BB:CC:DD:EE:FF``) or, on macOS, its UUID.
    ``ble:virtual`` is the simulated cuff (thigh and arm channels) as a Bluetooth LE peripheral
    on a virtual link in this process: simulated, like ``sim``.

Examples
--------
>>> address = DeviceAddress.parse("sim:thigh+arm")
>>> address.simulated, address.limbs, address.channel_of("arm")
(True, ('thigh', 'arm'), 1)
>>> str(DeviceAddress.parse("serial:/dev/ttyACM0?baud=115200"))
'serial:/dev/ttyACM0?baud=115200'
>>> DeviceAddress.parse("ble:AA:BB:CC:DD:EE:FF").target
'AA:BB:CC:DD:EE:FF'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from occlusion.errors import InputError
from occlusion.vocabulary import Limb

__all__ = ["VIRTUAL_BLE_TARGET", "DeviceAddress", "DeviceKind"]


class DeviceKind(StrEnum):
    """How the host reaches the cuff (the address's scheme)."""

    SIM = "sim"
    SERIAL = "serial"
    BLE = "ble"


# Options each kind accepts, and whether the value must be a whole number.
_OPTIONS: dict[DeviceKind, dict[str, bool]] = {
    DeviceKind.SIM: {},
    DeviceKind.SERIAL: {"baud": True},
    DeviceKind.BLE: {"timeout_s": False, "mtu": True},
}
_DEFAULT_SIM_LIMBS: tuple[Limb, ...] = (Limb.THIGH, Limb.ARM)
#: ``ble:virtual``: the simulated cuff behind a virtual Bluetooth LE link.
VIRTUAL_BLE_TARGET = "virtual"
_EXAMPLES = {
    DeviceKind.SIM: "sim:thigh+arm",
    DeviceKind.SERIAL: "serial:/dev/ttyUSB0",
    DeviceKind.BLE: "ble:AA:BB:CC:DD:EE:FF",
}
_FORMS = "sim[:LIMBS], serial:PORT or ble:ADDRESS"


@dataclass(frozen=True, slots=True)
class DeviceAddress:
    """A parsed cuff address.

    Parameters
    ----------
    kind
        The scheme: simulated, serial or Bluetooth LE.
    target
        The serial port or Bluetooth address; empty for the simulated cuff.
    limbs
        For the simulated cuff, the limb of each channel in order; empty otherwise.
    options
        ``(name, value)`` pairs after ``?``, already checked against what the kind accepts.
    """

    kind: DeviceKind
    target: str = ""
    limbs: tuple[Limb, ...] = ()
    options: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, text: str) -> DeviceAddress:
        """Parse ``text`` (see the module's forms).

        Raises
        ------
        InputError
            ``device.address.empty``, ``device.address.unknown-kind``,
            ``device.address.no-target``, ``device.address.unknown-limb``,
            ``device.address.bad-option`` -- each with the offending ``value``.
        """
        if not isinstance(text, str) or not text.strip():
            raise InputError(
                f"empty device address: use {_FORMS}", code="device.address.empty", value=text
            )
        head, _, query = text.strip().partition("?")
        scheme, _, target = head.partition(":")
        try:
            kind = DeviceKind(scheme.lower())
        except ValueError:
            raise InputError(
                f"unknown device {text!r}: use {_FORMS}",
                code="device.address.unknown-kind",
                value=text,
                kinds=[str(kind) for kind in DeviceKind],
            ) from None
        # A Bluetooth address is itself colon-separated; splitting at the first colon kept it.
        target = target.strip()
        options = _parse_options(kind, query, text)
        if kind is DeviceKind.SIM:
            return cls(kind, "", _parse_limbs(target, text), options)
        if not target:
            example = _EXAMPLES[kind]
            raise InputError(
                f"the {kind} device needs an address, e.g. {example}",
                code="device.address.no-target",
                value=text,
                kind=str(kind),
            )
        return cls(kind, target, (), options)

    @classmethod
    def of(cls, value: DeviceAddress | str) -> DeviceAddress:
        """Return ``value`` if it is already an address, else parse it."""
        return value if isinstance(value, DeviceAddress) else cls.parse(value)

    @property
    def simulated(self) -> bool:
        """Return whether the cuff is the simulator (its limb is not a person's)."""
        return self.kind is DeviceKind.SIM or self.virtual_ble

    @property
    def virtual_ble(self) -> bool:
        """Return whether this is ``ble:virtual``, the simulator as a Bluetooth peripheral."""
        return self.kind is DeviceKind.BLE and self.target.lower() == VIRTUAL_BLE_TARGET

    def option(self, name: str, default: str | None = None) -> str | None:
        """Return the value of option ``name``, or ``default``."""
        return dict(self.options).get(name, default)

    def fitted(self, limbs: Sequence[str]) -> DeviceAddress:
        """Return the address to drive ``limbs`` (``"left-thigh"`` or ``"thigh"``) through.

        The ``sim`` cuff is built with one channel per restricted limb, in order; a real cuff
        (and the virtual Bluetooth one, thigh and arm) is what it is, so its address is
        returned unchanged.
        """
        if self.kind is not DeviceKind.SIM:
            return self
        kinds = tuple(Limb(limb.rsplit("-", 1)[-1]) for limb in limbs) or (Limb.THIGH,)
        return DeviceAddress(DeviceKind.SIM, "", kinds, self.options)

    @property
    def channel_limbs(self) -> tuple[Limb, ...]:
        """Return the limb of each channel when the address names them (the simulator)."""
        if not self.simulated:
            return ()
        return self.limbs or _DEFAULT_SIM_LIMBS

    def channel_of(self, limb: str) -> int:
        """Return the channel that measures ``limb`` (a real cuff: its first channel).

        Raises
        ------
        InputError
            ``device.no-channel`` when a simulated cuff has no channel for ``limb``.
        """
        channels = self.channel_limbs
        if not channels:
            return 0
        if limb not in channels:
            raise InputError(
                f"the cuff has no {limb} channel (channels: {', '.join(channels)})",
                code="device.no-channel",
                limb=limb,
                channels=[str(channel) for channel in channels],
            )
        return channels.index(Limb(limb))

    @property
    def url(self) -> str:
        """Return the canonical text form (parses back to an equal address)."""
        if self.kind is DeviceKind.SIM:
            text = "sim:" + "+".join(self.limbs) if self.limbs else "sim"
        else:
            text = f"{self.kind}:{self.target}"
        if self.options:
            text += "?" + "&".join(f"{name}={value}" for name, value in self.options)
        return text

    def __str__(self) -> str:
        return self.url


def _parse_limbs(target: str, text: str) -> tuple[Limb, ...]:
    if not target:
        return ()
    limbs = []
    for part in target.split("+"):
        try:
            limbs.append(Limb(part.strip().lower()))
        except ValueError:
            raise InputError(
                f"unknown limb {part!r} in {text!r}: use arm or thigh",
                code="device.address.unknown-limb",
                value=part,
            ) from None
    return tuple(limbs)


def _parse_options(kind: DeviceKind, query: str, text: str) -> tuple[tuple[str, str], ...]:
    allowed = _OPTIONS[kind]
    options: list[tuple[str, str]] = []
    for part in filter(None, query.split("&")):
        name, sep, value = part.partition("=")
        if not sep or name not in allowed:
            accepted = ", ".join(f"{option}=..." for option in allowed) or "no options"
            raise InputError(
                f"option {part!r} in {text!r} is not understood: the {kind} device takes "
                f"{accepted}",
                code="device.address.bad-option",
                value=part,
                kind=str(kind),
            )
        whole = allowed[name]
        if not _positive(value, whole=whole):
            raise InputError(
                f"{name} must be a positive {'whole ' if whole else ''}number, got {value!r}",
                code="device.address.bad-option",
                value=part,
                kind=str(kind),
            )
        options.append((name, value))
    return tuple(options)


def _positive(value: str, *, whole: bool) -> bool:
    pattern = r"[0-9]+" if whole else r"[0-9]+(\.[0-9]+)?"
    return re.fullmatch(pattern, value, flags=re.ASCII) is not None and float(value) > 0
