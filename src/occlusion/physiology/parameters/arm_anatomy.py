"""Where the brachial artery lies under an upper-arm cuff.

Anatomy texts place the brachial artery just under the deep fascia along the medial bicipital
groove: "superficial throughout its course, covered only by skin, subcutaneous tissue, and
fascia" (Clinical Gate, arterial line anatomy) and "superficial in its whole extent ... covered
by the integument and fascia of the arm" (Quain's anatomy, reproduced by iMedecin). An
ultrasound guide to the mid-humeral nerve block, where the median and ulnar nerves lie beside
the brachial artery, sets the imaging depth of field "within 1-2 cm" (USRA).

So the arm's artery is placed a fixed distance below the fascia, not a fraction of the way to
the limb's centre as in the thigh (where the femoral artery runs deep in the adductor canal).
No paper read gives that distance; it is chosen so that the reference arm (0.8 cm of fat) puts
the artery at 1.5 cm, the middle of the imaged 1-2 cm, and was **not** fitted to any
occlusion-pressure target (B12b stays out of sample).
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="brachial_artery_depth",
        citation=(
            "Brachial artery position under the arm's fascia: Clinical Gate, 'Arterial line "
            "anatomy'; Quain's anatomy (iMedecin, 'Brachial artery'); USRA, 'Mid humeral block' "
            "(ultrasound depth of field 1-2 cm)."
        ),
        status="derived",
        url="http://usra.ca/regional-anesthesia/specific-blocks/upper-limb/midhumeralblock.php",
        note=(
            "Qualitative anatomy (artery covered only by skin, subcutaneous tissue and fascia) "
            "and an imaging depth range of 1-2 cm; the 0.7 cm below the fascia is our choice "
            "within that range (https://clinicalgate.com/arterial-line-anatomy, "
            "https://imedecin.com/en/branches-of-the-arch-of-the-aorta/brachial-artery.html)."
        ),
    )
)

#: Imaged depth of the brachial artery's neighbourhood at mid-humerus [cm] (USRA).
IMAGED_DEPTH_RANGE_CM = (1.0, 2.0)
#: Depth of the brachial artery below the deep fascia [cm]: the reference arm's 0.8 cm of fat
#: plus this puts the artery at 1.5 cm, the middle of :data:`IMAGED_DEPTH_RANGE_CM` [derived].
ARTERY_BELOW_FASCIA_CM = 0.7

__all__ = ["ARTERY_BELOW_FASCIA_CM", "IMAGED_DEPTH_RANGE_CM", "REFERENCE"]
