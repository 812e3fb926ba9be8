"""Wong et al. 2019: acute muscle swelling after arm blood-flow-restricted exercise.

Used to **calibrate** the share of the distal limb that swells (the working muscle), from the
15 % rise in muscle thickness after exercise to failure; not an independent validation.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="wong_2019_swelling",
        citation=("Wong V et al. J Sports Sci 2019 (wide vs narrow cuffs, arm, muscle swelling)."),
        status="verified",
        doi="10.1080/02640414.2019.1599316",
        note=(
            "n = 96, arm exercise to failure at the same relative pressure: swelling "
            "0.60 vs 0.52 cm, 15 % (narrow) vs 14 % (wide)."
        ),
    )
)

SWELLING_NARROW_PCT = 15.0
SWELLING_WIDE_PCT = 14.0

#: Share of the distal limb volume taken as the working muscle in which pooled blood and
#: filtered fluid show as swelling [1]. **Calibrated** so that validation target D9a (a 5 cm cuff
#: at 40 % LOP, 4x20 at 30 % 1RM on the reference arm, :mod:`occlusion.physiology.validation`)
#: gives 15 % (``scripts/calibrate_physiology.py``).
WORKING_VOLUME_FRACTION = 0.14725
