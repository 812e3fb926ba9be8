"""How a NIRS oximeter weights arterial and venous blood (Bickler, Feiner & Rollins 2013).

Tissue oximeters report a fixed mix of the saturation of the arterial and of the venous blood
under the probe. Bickler et al. compared five devices against blood samples using each
manufacturer's weighting: INVOS 25 % arterial / 75 % venous; FORE-SIGHT, EQUANOX and NIRO 30 %
arterial / 70 % venous. The model reports tissue saturation with the INVOS weighting; the
capillary blood, which no device weights separately, is counted with the venous blood. The
weights were stated for the brain; using them for muscle is an assumption.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="bickler_2013_cerebral_oximeters",
        citation=(
            "Bickler PE, Feiner JR, Rollins MD. Factors affecting the performance of 5 "
            "cerebral oximeters during hypoxia in healthy volunteers. Anesth Analg 2013."
        ),
        status="verified",
        note=(
            "Manufacturers' weightings: INVOS 25 % arterial / 75 % venous; FORE-SIGHT, "
            "EQUANOX, NIRO 30 % / 70 % (abstract read)."
        ),
    )
)

#: Share of arterial blood in the reported tissue saturation [1] (INVOS weighting).
ARTERIAL_WEIGHT = 0.25
#: The other devices' arterial share [1], for the sensitivity noted in the docs.
ARTERIAL_WEIGHT_OTHER_DEVICES = 0.30

__all__ = [
    "ARTERIAL_WEIGHT",
    "ARTERIAL_WEIGHT_OTHER_DEVICES",
    "REFERENCE",
]
