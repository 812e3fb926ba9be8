"""Session-level rules above the firmware: cumulative restriction per limb and symptom rules.

The firmware protects each inflation; the supervisor protects the session. It is a small
evaluator of :data:`SESSION_RULES` (data, with rationale) that turns status frames and reported
symptoms into actions -- lower a cuff by a step, or release it -- and applies them to a
:class:`~occlusion.device.client.CuffClient`. Time comes from the device's sample counter, so
the supervisor runs unchanged in virtual time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from occlusion.device.client import TIME_EPSILON_S, CuffClient
from occlusion.device.protocol import Status
from occlusion.device.references import IEC_60601_2_30, SMARTCUFFS_MANUAL
from occlusion.errors import InputError
from occlusion.science.protocols import DISCOMFORT_RELEASE_ABOVE

Symptom = Literal["tingling", "discomfort", "dizziness", "numbness", "pain"]
SYMPTOMS: tuple[str, ...] = ("tingling", "discomfort", "dizziness", "numbness", "pain")

# name: (value, unit, rationale)
SESSION_RULES: dict[str, tuple[float, str, str]] = {
    "restricted_above_mmhg": (
        15.0,
        "mmHg",
        "A cuff above 15 mmHg counts as restricting (the IEC 60601-2-30 safe pressure).",
    ),
    "maximum_cumulative_restriction_s": (
        1200.0,
        "s",
        "policy: SmartCuffs' manual says never exceed 20 min of occlusion without reducing "
        "pressure; we cap the total restricted time per limb in one session at 20 min.",
    ),
    "tingling_step_mmhg": (
        10.0,
        "mmHg",
        "SmartCuffs' manual: if tingling appears, reduce pressure in 10 mmHg steps.",
    ),
    "discomfort_release_above": (
        DISCOMFORT_RELEASE_ABOVE,
        "0-10 rating",
        "SmartCuffs' manual: stop if pain or discomfort exceeds 7/10.",
    ),
    "minimum_after_steps_mmhg": (
        30.0,
        "mmHg",
        "policy: below this a stepped-down cuff no longer restricts usefully; release instead.",
    ),
}

RELEASE_SYMPTOMS = ("dizziness", "numbness")


def rule(name: str) -> float:
    """Return the value of the session rule ``name``."""
    return SESSION_RULES[name][0]


@dataclass(frozen=True, slots=True)
class SupervisorAction:
    """What the supervisor decided for one channel, and why."""

    kind: Literal["lower", "release"]
    channel: int
    reason: str
    pressure_mmhg: float | None = None

    def as_dict(self) -> dict[str, object]:
        """Return JSON-ready data."""
        return {
            "kind": self.kind,
            "channel": self.channel,
            "reason": self.reason,
            "pressure_mmhg": self.pressure_mmhg,
        }


@dataclass
class SessionSupervisor:
    """Evaluate the session rules for the channels of one device.

    Parameters
    ----------
    limbs
        Limb name per channel, e.g. ``{0: "left thigh", 1: "right thigh"}``.
    """

    limbs: dict[int, str]
    restricted_s: dict[int, float] = field(default_factory=dict)
    targets_mmhg: dict[int, float] = field(default_factory=dict)
    released: set[int] = field(default_factory=set)
    log: list[SupervisorAction] = field(default_factory=list)
    _last_time_s: float | None = None

    def __post_init__(self) -> None:
        if not self.limbs:
            raise InputError(
                "the supervisor needs at least one channel", code="device.supervisor.no-channel"
            )
        for channel in self.limbs:
            self.restricted_s.setdefault(channel, 0.0)

    def observe(self, status: Status) -> list[SupervisorAction]:
        """Account restricted time from one status frame and return any action it triggers."""
        actions: list[SupervisorAction] = []
        now = status.device_time_s
        elapsed = 0.0 if self._last_time_s is None else max(now - self._last_time_s, 0.0)
        self._last_time_s = now
        for channel, line in enumerate(status.channels):
            if channel not in self.limbs:
                continue
            if line.target_mmhg > 0:
                self.targets_mmhg[channel] = line.target_mmhg
            if line.pressure_mmhg > rule("restricted_above_mmhg"):
                self.restricted_s[channel] += elapsed
                if (
                    self.restricted_s[channel] >= rule("maximum_cumulative_restriction_s")
                    and channel not in self.released
                ):
                    actions.append(
                        SupervisorAction(
                            "release",
                            channel,
                            f"{self.limbs[channel]}: cumulative restriction reached "
                            f"{rule('maximum_cumulative_restriction_s') / 60:.0f} min",
                        )
                    )
        return self._record(actions)

    def report_symptom(
        self, symptom: str, channel: int | None = None, rating: float | None = None
    ) -> list[SupervisorAction]:
        """Return the actions a reported symptom requires.

        Parameters
        ----------
        symptom
            One of :data:`SYMPTOMS`.
        channel
            The limb it concerns (None: every channel).
        rating
            0-10 rating for ``discomfort`` and ``pain``.
        """
        if symptom not in SYMPTOMS:
            raise InputError(
                f"unknown symptom {symptom!r}: choose one of {', '.join(SYMPTOMS)}",
                code="unknown-choice",
                what="symptom",
                value=str(symptom),
                allowed=list(SYMPTOMS),
            )
        if channel is not None and channel not in self.limbs:
            raise InputError(
                f"channel {channel} is not supervised",
                code="device.supervisor.channel-not-supervised",
                channel=channel,
                channels=list(self.limbs),
            )
        channels = list(self.limbs) if channel is None else [channel]
        actions: list[SupervisorAction] = []
        if symptom in RELEASE_SYMPTOMS:
            actions = [SupervisorAction("release", c, f"{symptom} reported") for c in channels]
        elif symptom in ("discomfort", "pain"):
            if rating is None or not 0.0 <= rating <= 10.0:
                raise InputError(
                    f"{symptom} needs a rating from 0 to 10",
                    code="device.supervisor.rating-out-of-range",
                    symptom=symptom,
                    rating=rating,
                )
            if rating > rule("discomfort_release_above"):
                actions = [
                    SupervisorAction("release", c, f"{symptom} {rating:g}/10 is above 7/10")
                    for c in channels
                ]
        else:  # tingling
            for c in channels:
                current = self.targets_mmhg.get(c)
                if current is None:
                    continue
                lowered = current - rule("tingling_step_mmhg")
                if lowered < rule("minimum_after_steps_mmhg"):
                    actions.append(SupervisorAction("release", c, "tingling at a low pressure"))
                else:
                    actions.append(
                        SupervisorAction("lower", c, "tingling: 10 mmHg step down", lowered)
                    )
        return self._record(actions)

    def _record(self, actions: list[SupervisorAction]) -> list[SupervisorAction]:
        for action in actions:
            if action.kind == "release":
                self.released.add(action.channel)
            elif action.pressure_mmhg is not None:
                self.targets_mmhg[action.channel] = action.pressure_mmhg
        self.log.extend(actions)
        return actions

    def apply(self, client: CuffClient, actions: list[SupervisorAction]) -> None:
        """Carry out ``actions`` on the device."""
        for action in actions:
            if action.kind == "release":
                client.deflate(action.channel)
            elif action.pressure_mmhg is not None:
                client.set_target(action.channel, action.pressure_mmhg)

    def supervise(self, client: CuffClient, duration_s: float) -> None:
        """Wait ``duration_s`` on ``client``, enforcing the rules on every status frame."""
        pending: list[SupervisorAction] = []
        unsubscribe = client.subscribe(lambda status: pending.extend(self.observe(status)))
        try:
            end = client.transport.now_s() + duration_s
            while (remaining := end - client.transport.now_s()) > TIME_EPSILON_S:
                client.wait(min(0.1, remaining))
                if pending:
                    actions, pending[:] = list(pending), []
                    self.apply(client, actions)
        finally:
            unsubscribe()

    def as_dict(self) -> dict[str, object]:
        """Return JSON-ready data: restricted time per limb and the actions taken."""
        return {
            "restricted_s": {self.limbs[c]: round(s, 2) for c, s in self.restricted_s.items()},
            "actions": [action.as_dict() for action in self.log],
            "references": [SMARTCUFFS_MANUAL.as_dict(), IEC_60601_2_30.as_dict()],
        }
