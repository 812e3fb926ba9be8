"""How the runner restricts and releases a limb: by prompting for a wrap, or through a cuff.

The runner talks to a :class:`Restriction`; it never knows whether a person is pulling an
elastic wrap to its marks or a pump is inflating a cuff. A wrap needs the person to confirm it
is on; a cuff reports when it holds its target. Releasing must always be possible and must
never raise for a wrap (the person is simply told to take it off).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class Restriction(Protocol):
    """Apply and release restriction on named limbs (``left-thigh``, ``right-arm``)."""

    kind: str
    requires_confirmation: bool

    def service(self) -> None:
        """Give the restriction a moment to talk to its device (status, heartbeat)."""
        ...

    def apply(self, limbs: Sequence[str], target_mmhg: float | None) -> list[str]:
        """Start restricting ``limbs``; return what the person should do now."""
        ...

    def is_applied(self, limbs: Sequence[str]) -> bool:
        """Return whether ``limbs`` are restricted at their target (cuffs only)."""
        ...

    def release(self, limbs: Sequence[str]) -> list[str]:
        """Release ``limbs``; return what the person should do now."""
        ...

    def lower(self, limbs: Sequence[str], step_mmhg: float) -> list[str]:
        """Ease the restriction by ``step_mmhg``; return what the person should do now."""
        ...

    def pressures_mmhg(self) -> dict[str, float | None]:
        """Return the measured pressure per limb [mmHg] (``None`` when not measured)."""
        ...

    def drain_device_records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Return and forget the pressure samples and alarms gathered since the last call."""
        ...

    def safety_released(self) -> list[str]:
        """Return the limbs a device deflated for safety (none for a wrap)."""
        ...

    def latched_alarms(self) -> dict[str, tuple[str, ...]]:
        """Return each limb whose device holds a latched alarm, with the alarms' codes."""
        ...

    def acknowledge_alarms(self) -> None:
        """Acknowledge the device's latched alarms (after the person has confirmed)."""
        ...


def _joined(limbs: Sequence[str]) -> str:
    """Return limbs as words joined like a sentence ("left thigh and right thigh")."""
    names = [limb.replace("-", " ") for limb in limbs]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class WrapRestriction:
    """Elastic wraps or bands: the person applies and removes them when prompted."""

    kind = "wrap"
    requires_confirmation = True

    def __init__(self) -> None:
        self._on: set[str] = set()

    def service(self) -> None:
        """Do nothing: a wrap has no device to talk to."""

    def apply(self, limbs: Sequence[str], target_mmhg: float | None) -> list[str]:
        """Prompt the person to wrap each limb to its marks."""
        self._on.update(limbs)
        return [f"Wrap the {_joined(limbs)} to the marks on the band, then confirm"]

    def is_applied(self, limbs: Sequence[str]) -> bool:
        """Return ``False``: a wrap is on only once the person confirms it."""
        return False

    def release(self, limbs: Sequence[str]) -> list[str]:
        """Prompt the person to take the wraps off."""
        self._on.difference_update(limbs)
        return [f"Release the wrap on the {_joined(limbs)} now"]

    def lower(self, limbs: Sequence[str], step_mmhg: float) -> list[str]:
        """Prompt the person to loosen the wraps a little."""
        return ["Loosen the wrap a little (rewrap with the marks closer together)"]

    def pressures_mmhg(self) -> dict[str, float | None]:
        """Return ``None`` for each wrapped limb: a wrap's pressure is not measured."""
        return dict.fromkeys(sorted(self._on))

    def drain_device_records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Return no records: a wrap has no device."""
        return [], []

    def safety_released(self) -> list[str]:
        """Return no limbs: nothing deflates a wrap but the person."""
        return []

    def latched_alarms(self) -> dict[str, tuple[str, ...]]:
        """Return nothing: a wrap has no alarms."""
        return {}

    def acknowledge_alarms(self) -> None:
        """Do nothing: a wrap has no alarms."""
