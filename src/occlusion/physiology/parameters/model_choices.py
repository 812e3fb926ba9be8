"""Modelling choices of our own, each labelled ``derived`` with its reasoning.

No paper read for this project gives these numbers. They are round, physiologically ordinary
values chosen so that the model behaves like a limb, and several are tuned further by the
calibrations named in the other parameter modules. They are the first thing to replace when a
primary source is read. Units are in every name.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

REFERENCE = register(
    Reference(
        key="occlusion_model_choices",
        citation="Occlusion project: modelling choices of the limb simulator (this module).",
        status="derived",
        note=(
            "Geometry, resting flow, venous compliance, filtration, oxygen and lactate "
            "kinetics chosen as ordinary physiological magnitudes; not read in a source."
        ),
    )
)

# --- the reference subject used by every calibration ------------------------------------
#: Assumed means for the young adults of Loenneke 2012 and Hannah & Miller 2018, whose group
#: means of circumference and blood pressure were not read.
REFERENCE_THIGH_CIRCUMFERENCE_CM = 55.0
REFERENCE_ARM_CIRCUMFERENCE_CM = 30.0
REFERENCE_SBP_MMHG = 120.0
REFERENCE_DBP_MMHG = 70.0

# --- validity -----------------------------------------------------------------------------
#: Cuff widths the model covers [cm]: a little beyond the 4.5-18 cm studied by Crenshaw 1988
#: and the 5 and 13.5 cm of Loenneke 2012. Narrower or wider cuffs are refused.
MODEL_CUFF_WIDTH_CM = (4.0, 20.0)

# --- geometry -----------------------------------------------------------------------------
#: Default subcutaneous fat thickness when none is given [cm].
DEFAULT_FAT_THICKNESS_CM = {"arm": 0.8, "thigh": 1.5}
#: The femoral artery is placed this fraction of the way from the fascia to the limb centre
#: (the brachial artery's depth is in :mod:`.arm_anatomy`).
ARTERY_DEPTH_FRACTION = 0.5
#: Tissue volume distal to the cuff for the reference circumference [ml], scaled with the square
#: of circumference; roughly one whole leg (~10 kg) and one whole arm (~3 kg).
DISTAL_VOLUME_ML = {"arm": 3000.0, "thigh": 10000.0}

# --- pressures ----------------------------------------------------------------------------
#: Hydrostatic pressure of one centimetre of blood [mmHg/cm]: density 1.05 g/ml times
#: 0.7355 mmHg per cmH2O.
BLOOD_MMHG_PER_CM = 0.7722
#: Upper-arm cuffs sit near heart level in every posture (no head).
ARM_CUFF_HEAD_CM = 0.0
#: Resting pressure in the veins of the limb, relative to the cuff's hydrostatic level [mmHg].
RESTING_VENOUS_PRESSURE_MMHG = 12.0
#: Pressure in the veins central to the cuff [mmHg].
CENTRAL_VENOUS_PRESSURE_MMHG = 5.0

# --- flow and volumes ---------------------------------------------------------------------
#: Resting limb blood flow [ml/min per 100 ml tissue].
RESTING_FLOW_ML_MIN_PER_100ML = 3.0
#: Capillary filtration coefficient [ml/min/mmHg per 100 ml tissue].
FILTRATION_ML_MIN_MMHG_PER_100ML = 0.004
#: Time constant of lymphatic return of filtered fluid [s].
LYMPH_TIME_CONSTANT_S = 600.0
#: Pooled volume below which venous pressure cannot fall (veins emptied) [fraction of
#: compliance x resting venous pressure].
VENOUS_EMPTY_FRACTION = 1.0

# --- oxygen -------------------------------------------------------------------------------
#: Oxygen carried by fully saturated blood [ml O2 per ml blood].
OXYGEN_CAPACITY_ML_PER_ML = 0.20
#: Arterial oxygen saturation [fraction].
ARTERIAL_SATURATION = 0.97
#: Resting saturation of the blood leaving the muscle (venous) [fraction]. A NIRS probe then
#: reads 0.25 x 0.97 + 0.75 x 0.70 = 0.77 at rest (:mod:`.bickler_2013_nirs`).
RESTING_VENOUS_SATURATION = 0.70
# The tissue's oxygen store is calibrated: :mod:`.vascular_occlusion_nirs`.
#: Saturation at which oxidative metabolism runs at half speed [fraction].
HALF_SATURATION = 0.05

# --- exercise -----------------------------------------------------------------------------
#: Seconds per repetition and the share of it spent contracting.
REPETITION_PERIOD_S = 2.0
CONTRACTION_SHARE = 0.5
#: Intramuscular pressure added per % of 1RM while contracting [mmHg/%].
INTRAMUSCULAR_MMHG_PER_PCT_1RM = 2.0
#: Handgrip work rate read as a fraction of maximal voluntary contraction [fraction per W]:
#: 1 W as 10 % and 3 W as 30 %, so that the forearm flow per oxygen measured between 1 and 3 W
#: (:mod:`.nyberg_2018_forearm_flow_oxygen`) is held between the loads the handgrip studies
#: used (10-30 %). No source read gives that study's maximal work rate or force: the reading is
#: ours, and the calibrated arm gain rests on it.
HANDGRIP_LOAD_FRACTION_PER_W = 0.10
# The exercise dilation's gain is calibrated per limb: the leg's on
# :mod:`.knee_extension_flow_oxygen`, the arm's on :mod:`.nyberg_2018_forearm_flow_oxygen`;
# the ischaemic dilation's gain and the dilation's time constant on
# :mod:`.femoral_reactive_hyperaemia`.
# The oxygen demand of exercise is sourced: :mod:`.leg_oxygen_uptake`.

# --- lactate ------------------------------------------------------------------------------
RESTING_LACTATE_MMOL_L = 1.0
#: Share of the limb's venous outflow that drains the working muscle [1].
WORKING_MUSCLE_SHARE_OF_OUTFLOW = 0.5
#: Volume in which lactate leaving the limb distributes [ml].
LACTATE_DISTRIBUTION_ML = 15000.0
#: Time constant of lactate clearance from blood [s].
LACTATE_CLEARANCE_TIME_CONSTANT_S = 900.0

# --- measurement conventions --------------------------------------------------------------
#: Time after inflation at rest at which ``flow_at_pressure`` reports flows [s] (a Doppler
#: reading is taken within the first minute or so).
FLOW_READING_TIME_S = 60.0
#: Time after inflation at rest at which "settled" flows are read [s]: by then venous pressure
#: has stopped rising at every cuff pressure; the ischaemic dilation is still growing at 60-80 %
#: LOP, so the flows there are 3-5 points of resting higher at 600 s (F1 passes at both).
SETTLED_FLOW_READING_TIME_S = 300.0
#: Venous outflow below this share of resting flow counts as absent (Doppler detection) [%].
VENOUS_DETECTION_THRESHOLD_PCT = 5.0
#: Native fixed time step of the simulator [s]; a repetition phase is two steps.
NATIVE_TIME_STEP_S = 0.5
