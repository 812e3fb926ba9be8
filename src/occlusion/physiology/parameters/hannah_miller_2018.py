"""Hannah & Miller 2018: arterial occlusion pressure seated versus supine.

Used to **calibrate** the hydrostatic head at a thigh cuff when seated or standing (the ratio of
means, 203 / 179), so this target is not an independent validation.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="hannah_miller_2018_posture",
        citation=(
            "Hannah & Miller. European College of Sport Science congress abstract, 2018 "
            "(lower-limb AOP seated vs supine; title not captured)."
        ),
        status="verified-secondary",
        note=(
            "Posterior tibial AOP, n = 20: seated 203 +/- 17.5 vs supine 179 +/- 15.5 mmHg "
            "(read in the project's evidence notes, listed on an author's publication page)."
        ),
    )
)

SEATED_AOP_MEAN_MMHG = 203.0
SEATED_AOP_SD_MMHG = 17.5
SUPINE_AOP_MEAN_MMHG = 179.0
SUPINE_AOP_SD_MMHG = 15.5
SEATED_TO_SUPINE_RATIO = SEATED_AOP_MEAN_MMHG / SUPINE_AOP_MEAN_MMHG

#: Vertical distance of a thigh cuff below the heart when seated or standing [cm], **calibrated**
#: so that the model's seated/supine AOP ratio equals 203/179 for the reference subject:
#: rho*g*h = (203/179 - 1) * 120 mmHg = 16.09 mmHg, h = 16.09 / 0.7722 mmHg/cm.
#: Standing uses the same head: a proximal thigh cuff sits at about the same height below the
#: heart whether the thigh is horizontal (seated) or vertical (standing) [derived].
THIGH_CUFF_HEAD_CM = 20.84
