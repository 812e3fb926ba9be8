"""How fast tissue saturation falls at rest when a cuff stops all arterial inflow.

A vascular occlusion test inflates an arm cuff above systolic pressure for a few minutes while a
NIRS probe reads tissue saturation (StO2) distal to it. With no inflow the fall is the resting
oxygen use divided by the oxygen the tissue holds, so the measured downslope fixes the model's
**oxygen store** once its resting use (resting flow times resting extraction) is given.

* **Calibration**: forearm, 25 mm probe spacing (InSpectra), eight healthy volunteers, 3-minute
  occlusions: -10.0 +/- 3.2 %/min. The 25 mm spacing is the deeper of the two reported and
  reads more muscle; with 15 mm the forearm gave -6.4 +/- 1.7 %/min.
* **Check** of the calibration (not a target: the model has one tissue per limb, so it would
  give the thenar the forearm's value): thenar eminence, InSpectra, 15 normal volunteers,
  occlusion until StO2 fell below 40 %: a linear fall of -0.18 +/- 0.04 %/s (-10.8 +/- 2.4
  %/min) after a short latency.

Before this calibration the store was our choice (3 ml of blood-equivalent per 100 ml) and the
model's reported StO2 fell at 18 %/min under a full occlusion, about twice the measured rate.
Taking the forearm's store for the thigh is an assumption: no thigh downslope with a spread was
found in the text that could be read.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

FOREARM_REFERENCE = register(
    Reference(
        key="vot_probe_spacing_site_2009",
        citation=(
            "Assessment of tissue oxygen saturation during a vascular occlusion test using "
            "near-infrared spectroscopy: the role of probe spacing and measurement site studied "
            "in healthy volunteers (BioMed Central research article; abstract read)."
        ),
        status="verified",
        doi="10.1186/cc8002",
        url="http://dx.crossref.org/10.1186%2Fcc8002",
        note=(
            "Abstract read: eight healthy volunteers, 3-minute vascular occlusion tests, "
            "InSpectra with 15 and 25 mm probes on forearm and thenar. StO2 downslope -6.4 +/- "
            "1.7 (forearm 15 mm), -10.0 +/- 3.2 (forearm 25 mm), -12.5 +/- 3.0 (thenar 15 mm), "
            "-36.7 +/- 4.6 %/min (thenar 25 mm). Authors were not on the page read."
        ),
    )
)

THENAR_REFERENCE = register(
    Reference(
        key="gomez_2008_vot_sto2",
        citation=(
            "Gomez H, Torres A, Polanco P, Kim HK, Zenker S, Puyana JC, Pinsky MR. Use of "
            "non-invasive NIRS during a vascular occlusion test to assess dynamic tissue O2 "
            "saturation response (abstract; the journal was not on the page read)."
        ),
        status="verified",
        url=(
            "https://utsouthwestern.elsevierpure.com/en/publications/use-of-non-invasive-nirs-"
            "during-a-vascular-occlusion-test-to-asse"
        ),
        note=(
            "Abstract read: InSpectra, thenar eminence, 15 normal volunteers, occlusion until "
            "StO2 < 40 %; after a 3-28 s latency StO2 fell linearly at -0.18 +/- 0.04 %/s."
        ),
    )
)

#: Forearm StO2 downslope during a 3-minute occlusion, 25 mm probe: mean and SD [%/min].
FOREARM_DOWNSLOPE_PCT_MIN = (-10.0, 3.2)
#: Length of those occlusions [s].
FOREARM_OCCLUSION_S = 180.0
#: Thenar StO2 downslope: -0.18 +/- 0.04 %/s as %/min.
THENAR_DOWNSLOPE_PCT_MIN = (-0.18 * 60.0, 0.04 * 60.0)
#: Cuff pressure above the model's occlusion pressure for a full occlusion [mmHg] (vascular
#: occlusion tests commonly use systolic pressure + 50 mmHg; the two abstracts do not say).
OCCLUSION_MARGIN_MMHG = 50.0

#: Oxygen store of the tissue [ml of blood-equivalent per 100 ml tissue]: blood in the
#: microcirculation plus myoglobin-bound oxygen, as one pool. **Calibrated** so that the
#: reference arm's reported StO2 falls at the forearm's -10.0 %/min over a 3-minute occlusion
#: (``scripts/calibrate_physiology.py``; target VOT1).
OXYGEN_STORE_ML_PER_100ML = 5.89727
