"""Loads a gym can make: a bar with pairs of plates or a stack in fixed steps, and the rounding.

A % 1RM target (:mod:`occlusion.science.loads.one_rep_max`) is rounded to the nearest load the
equipment can actually make, preferring the lighter one, and kept inside the protocol's range.
Internal units are kilograms; :mod:`occlusion.units` converts pounds at the edges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from occlusion.errors import InputError
from occlusion.messages import Message
from occlusion.science.checks import require_between, require_finite
from occlusion.science.loads.one_rep_max import load_for_pct_one_rep_max
from occlusion.units import KG_PER_POUND
from occlusion.vocabulary import UnitSystem


@dataclass(frozen=True, slots=True)
class LoadEquipment:
    """What a gym can load: a bar with pairs of plates, or a machine/dumbbells in fixed steps.

    Parameters
    ----------
    kind
        ``"barbell"`` (bar plus one plate of each pair on each side) or ``"stack"`` (a weight
        stack, dumbbells or any equipment that goes up in fixed increments from a minimum).
    bar_kg
        Mass of the empty bar or sled [kg] (barbell), or the lightest setting (stack).
    plate_pairs_kg
        Plates available in pairs [kg], one entry per pair (so ``(20, 20, 10)`` means two pairs
        of 20 kg plates and one pair of 10 kg plates). Barbell only.
    increment_kg
        Step between settings [kg]. Stack only.
    maximum_kg
        Heaviest setting [kg]. Stack only; ``None`` means unlimited.
    """

    kind: Literal["barbell", "stack"]
    bar_kg: float
    plate_pairs_kg: tuple[float, ...] = ()
    increment_kg: float = 0.0
    maximum_kg: float | None = None
    name: str = ""

    def __post_init__(self) -> None:
        require_between(self.bar_kg, 0.0, 500.0, "bar or minimum load", "kg")
        for plate in self.plate_pairs_kg:
            require_between(plate, 0.1, 100.0, "plate", "kg")
        if self.kind == "stack":
            require_between(self.increment_kg, 0.1, 100.0, "load increment", "kg")
        elif self.kind != "barbell":
            raise InputError(
                f"unknown equipment kind {self.kind!r}: use 'barbell' or 'stack'",
                code="unknown-choice",
                what="equipment kind",
                value=self.kind,
                allowed=["barbell", "stack"],
            )

    def achievable_loads_kg(self) -> tuple[float, ...]:
        """Return every total load [kg] this equipment can make, ascending."""
        if self.kind == "stack":
            default_top_kg = self.bar_kg + 100 * self.increment_kg
            top_kg = self.maximum_kg if self.maximum_kg is not None else default_top_kg
            steps = math.floor((top_kg - self.bar_kg) / self.increment_kg + 1e-9)
            return tuple(
                round(self.bar_kg + step * self.increment_kg, 6) for step in range(steps + 1)
            )
        # Subset sums of the pairs, in milligrams to keep the arithmetic exact (pound plates are
        # not a whole number of grams: 2.5 lb is 1133.98 g).
        sums_mg = {0}
        for plate in self.plate_pairs_kg:
            pair_mg = round(2 * plate * _MG_PER_KG)
            sums_mg |= {total + pair_mg for total in sums_mg}
        return tuple(sorted(round(self.bar_kg + total / _MG_PER_KG, 6) for total in sums_mg))

    def plates_per_side_kg(self, total_kg: float) -> tuple[float, ...]:
        """Return the plates [kg] to put on each side for an achievable ``total_kg``.

        Uses the heaviest plates first, so the bar carries as few plates as possible.
        """
        if self.kind != "barbell":
            return ()
        per_side_kg = (total_kg - self.bar_kg) / 2
        best = _fewest_plates(sorted(self.plate_pairs_kg, reverse=True), per_side_kg)
        if best is None:
            raise InputError(
                f"{total_kg:g} kg cannot be made with these plates",
                code="loads.not-loadable", load_kg=total_kg,
            )
        return tuple(best)


#: Milligrams per kilogram, the unit the subset sums are exact in.
_MG_PER_KG = 1_000_000
#: Two loads closer than this are the same load [kg] (0.1 g: far below any plate's tolerance).
_SAME_LOAD_KG = 1e-4


def _fewest_plates(plates_kg: list[float], target_kg: float) -> list[float] | None:
    # Subset search over the pairs; gyms own few pairs, so this stays tiny.
    best: list[float] | None = None

    def search(index: int, remaining_kg: float, picked: list[float]) -> None:
        nonlocal best
        if abs(remaining_kg) <= _SAME_LOAD_KG:
            if best is None or len(picked) < len(best):
                best = list(picked)
            return
        if index == len(plates_kg) or remaining_kg < 0:
            return
        if best is not None and len(picked) >= len(best):
            return
        picked.append(plates_kg[index])
        search(index + 1, remaining_kg - plates_kg[index], picked)
        picked.pop()
        search(index + 1, remaining_kg, picked)

    search(0, target_kg, [])
    return best


# The plate sets and stacks below are an **assumption** of this project (what a commercial gym
# commonly owns); no inventory or standard was read for them. Only the 20 kg men's bar and the
# 25/20/15/10/5/2.5 kg disc denominations match a published list (IWF weightlifting equipment,
# as summarised at https://www.nbcolympics.com/news/weightlifting-101-equipment); the number of
# pairs, the 1.25 kg pair and every pound figure are ours.
#: Plate pairs of a metric gym [kg] (assumption, see above). The smallest pair (1.25 kg) makes
#: the bar go up in 2.5 kg steps.
METRIC_PLATE_PAIRS_KG = (25.0, 20.0, 20.0, 15.0, 10.0, 10.0, 5.0, 5.0, 2.5, 2.5, 1.25, 1.25)
#: Plate pairs of a pound gym [lb]: the 45/35/25/10/5/2.5 lb set (assumption, see above). The
#: 2.5 lb pair makes the bar go up in 5 lb steps.
IMPERIAL_PLATE_PAIRS_LB = (45.0, 45.0, 45.0, 35.0, 25.0, 25.0, 10.0, 10.0, 5.0, 5.0, 2.5, 2.5)
#: A pin-loaded stack or a dumbbell rack in pounds: (lightest, step, heaviest) [lb], 5 lb steps
#: up to 440 lb, about the 200 kg of the metric stack (assumption, see above).
IMPERIAL_STACK_STEPS_LB = (5.0, 5.0, 440.0)

#: Common commercial-gym equipment (a convention of ours, not evidence): an Olympic bar with
#: metric or pound plates, and a pin-loaded machine stack in 5 kg or 5 lb steps. A plan rounds
#: its loads to what one of these can make, chosen by the person's units (``STANDARD_EQUIPMENT``).
METRIC_BARBELL = LoadEquipment(
    kind="barbell",
    bar_kg=20.0,
    plate_pairs_kg=METRIC_PLATE_PAIRS_KG,
    name="Olympic bar (20 kg) with metric plates",
)
IMPERIAL_BARBELL = LoadEquipment(
    kind="barbell",
    bar_kg=45 * KG_PER_POUND,
    plate_pairs_kg=tuple(plate_lb * KG_PER_POUND for plate_lb in IMPERIAL_PLATE_PAIRS_LB),
    name="Olympic bar (45 lb) with pound plates",
)
MACHINE_STACK_5KG = LoadEquipment(
    kind="stack", bar_kg=5.0, increment_kg=5.0, maximum_kg=200.0, name="machine stack, 5 kg steps"
)
MACHINE_STACK_5LB = LoadEquipment(
    kind="stack",
    bar_kg=IMPERIAL_STACK_STEPS_LB[0] * KG_PER_POUND,
    increment_kg=IMPERIAL_STACK_STEPS_LB[1] * KG_PER_POUND,
    maximum_kg=IMPERIAL_STACK_STEPS_LB[2] * KG_PER_POUND,
    name="machine stack, 5 lb steps",
)

#: The equipment a plan assumes when it is not told otherwise: by unit system and kind.
STANDARD_EQUIPMENT: dict[tuple[UnitSystem, Literal["barbell", "stack"]], LoadEquipment] = {
    (UnitSystem.METRIC, "barbell"): METRIC_BARBELL,
    (UnitSystem.METRIC, "stack"): MACHINE_STACK_5KG,
    (UnitSystem.IMPERIAL, "barbell"): IMPERIAL_BARBELL,
    (UnitSystem.IMPERIAL, "stack"): MACHINE_STACK_5LB,
}


@dataclass(frozen=True, slots=True)
class PrescribedLoad:
    """A target load rounded to what the equipment can make."""

    target_kg: float
    load_kg: float
    pct_one_rep_max: float
    achieved_pct_one_rep_max: float
    plates_per_side_kg: tuple[float, ...] = field(default=())
    equipment: str = ""
    warnings: tuple[Message, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping.

        Loads keep four decimals of a kilogram (0.1 g), so a load made of pound plates reads
        back as a whole number of pounds (36.2874 kg is 80.0000 lb; 36.29 kg would be 80.01).
        """
        return {
            "target_kg": round(self.target_kg, 4),
            "load_kg": round(self.load_kg, 4),
            "pct_one_rep_max": self.pct_one_rep_max,
            "achieved_pct_one_rep_max": round(self.achieved_pct_one_rep_max, 1),
            "plates_per_side_kg": [round(plate, 4) for plate in self.plates_per_side_kg],
            "equipment": self.equipment,
            "warnings": list(self.warnings),
        }


def prescribe_load(
    *,
    one_rep_max_kg: float,
    pct_one_rep_max: float,
    equipment: LoadEquipment = MACHINE_STACK_5KG,
    allowed_pct_range: tuple[float, float] | None = None,
) -> PrescribedLoad:
    """Return the load nearest to ``pct_one_rep_max`` of a 1RM that the equipment can make.

    Ties and near-ties round down, because an over-heavy low-load BFR set defeats its purpose.
    If the rounded load leaves ``allowed_pct_range`` (for example 20–40 % 1RM), the nearest
    achievable load inside the range is used instead, and a warning explains when none exists.

    Parameters
    ----------
    one_rep_max_kg
        One-repetition maximum [kg].
    pct_one_rep_max
        Target load [% 1RM].
    equipment
        What the gym can load.
    allowed_pct_range
        Range [% 1RM] the protocol allows.
    """
    target = load_for_pct_one_rep_max(one_rep_max_kg, pct_one_rep_max)
    loads = equipment.achievable_loads_kg()
    warnings: list[Message] = []
    candidates = loads
    if allowed_pct_range is not None:
        low_kg = one_rep_max_kg * allowed_pct_range[0] / 100
        high_kg = one_rep_max_kg * allowed_pct_range[1] / 100
        inside = tuple(load for load in loads if low_kg - 1e-9 <= load <= high_kg + 1e-9)
        if inside:
            candidates = inside
        else:
            warnings.append(
                Message(
                    f"no load on {equipment.name or 'this equipment'} falls within "
                    f"{allowed_pct_range[0]:g}-{allowed_pct_range[1]:g} % 1RM; the nearest one "
                    "is used - choose equipment with smaller steps",
                    code="loads.no-load-in-range",
                    equipment=equipment.name,
                    low_pct=allowed_pct_range[0],
                    high_pct=allowed_pct_range[1],
                )
            )
    # Prefer the lighter load on a tie: subtract a hair from the distance of loads below target.
    chosen = min(candidates, key=lambda load: abs(load - target) - (1e-6 if load < target else 0))
    plates = equipment.plates_per_side_kg(chosen)
    return PrescribedLoad(
        target_kg=target,
        load_kg=chosen,
        pct_one_rep_max=require_finite(pct_one_rep_max, "load"),
        achieved_pct_one_rep_max=100 * chosen / one_rep_max_kg,
        plates_per_side_kg=plates,
        equipment=equipment.name,
        warnings=tuple(warnings),
    )
