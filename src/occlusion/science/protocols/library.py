"""The protocol library: published BFR protocols as data, each parameter with its source.

Every number below comes from the source its reference names, with the status stated there
(``verified`` for the primary paper or its abstract, ``verified-secondary`` for guidance read in a
secondary or vendor source, ``derived`` for the project's own arithmetic). Most sources were read
for this module; a reference whose note says "not re-read for this module" was read for the
project's evidence notes. Numbers that could not be verified are left out and the protocol says
so in its summary or notes:

* Patterson et al. 2019 (*Front Physiol* 10:533), the usual methodology review, could not be read
  beyond its scope; none of its table values are used here.
* The timing of a KAATSU Cycle (inflation and deflation steps) is not published in anything read
  here, so :data:`KAATSU_CYCLE` carries no timing and is marked experimental.
* The length of the reperfusion in Panza et al. 2019 is not stated separately in its abstract; the
  5 min used is the reperfusion of another lower-limb IPC protocol (Tanaka et al. 2021).
"""

from __future__ import annotations

from occlusion.errors import InputError
from occlusion.science.protocols.parts import (
    BUDGET_ASSUMPTIONS,
    AbsolutePressure,
    Cadence,
    ProgressionRule,
    SetSpec,
)
from occlusion.science.protocols.protocol import (
    AIS_VALD_GUIDANCE,
    REPERFUSION_AFTER_CAP_S,
    TRIAL_PMC7534706,
    Protocol,
)
from occlusion.science.protocols.references import (
    ABE_2006,
    ABE_2009,
    ABE_2010_CYCLE,
    DERIVED_MIDPOINT,
    DRILLER_2017_FLOSSING,
    FITCUFFS_GUIDE,
    FLOSS_APPLICATION,
    IPC_ARM_SBP_PLUS_50,
    KAATSU_CYCLE_GUIDANCE,
    KONRAD_2021_FLOSSING,
    KUBOTA_2008,
    KUBOTA_2011,
    LOENNEKE_2010,
    LOWER_LIMB_IPC_REVIEW,
    LUEBBERS_2014,
    PANZA_2019,
    REEVES_2006,
    SUGA_2012,
    TAKARADA_2000_ACL,
    TANAKA_2021_IPC,
    WILSON_2013,
)
from occlusion.vocabulary import Limb, Mode, ProgressionKind, Restriction

_LEG_ONLY: tuple[Limb, ...] = (Limb.THIGH,)

RESISTANCE_30_15_15_15 = Protocol(
    name="resistance-30-15-15-15",
    title="Low-load resistance, 30-15-15-15",
    mode=Mode.RESISTANCE,
    summary=(
        "Four sets of 30, 15, 15 and 15 repetitions at 20-40 % of 1RM with 30 s rests, the cuff "
        "at 40-80 % of limb occlusion pressure and kept on through the rests of each exercise. "
        "The trial version lets the fourth set go to failure; progress the load when it passes "
        "15 repetitions."
    ),
    sets=(SetSpec(reps=30), SetSpec(reps=15), SetSpec(reps=15), SetSpec(reps=15, to_failure=True)),
    rest_between_sets_s=30.0,
    rest_between_exercises_s=60.0,
    load_pct_1rm=(20.0, 40.0),
    default_load_pct_1rm=30.0,
    pressure_pct_lop=(40.0, 80.0),
    default_pct_lop=60.0,
    absolute_pressure_mmhg=None,
    restriction=Restriction.CONTINUOUS,
    alternative_restriction=Restriction.INTERMITTENT,
    cadence=Cadence(concentric_s=2.0, eccentric_s=2.0, isometric_s=0.0),
    sessions_per_week=(2, 3),
    frequency_note="2-3 sessions a week with at least 36 h between sessions.",
    progression=ProgressionRule(
        kind=ProgressionKind.ADD_LOAD,
        description="Add the smallest load step (5 kg in the trial) when set 4 passes 15 reps.",
        set_number=4,
        reps_above=15,
        load_increment_kg=5.0,
        reference_keys=(TRIAL_PMC7534706.key,),
    ),
    reperfusion_s=REPERFUSION_AFTER_CAP_S,
    limbs=(Limb.ARM, Limb.THIGH),
    notes=(
        "Continuous restriction (kept on in the rests) gave more metabolic stress than "
        "intermittent restriction in Suga 2012; the intermittent variant is gentler.",
        "Rest between exercises: more than 1 min (vendor guidance); restriction is released "
        "between exercises.",
    ),
    references=(AIS_VALD_GUIDANCE, TRIAL_PMC7534706, FITCUFFS_GUIDE, SUGA_2012),
    parameter_sources={
        "sets": (TRIAL_PMC7534706.key, FITCUFFS_GUIDE.key),
        "rest_between_sets_s": (TRIAL_PMC7534706.key,),
        "rest_between_exercises_s": (FITCUFFS_GUIDE.key,),
        "load_pct_1rm": (AIS_VALD_GUIDANCE.key,),
        "default_load_pct_1rm": (TRIAL_PMC7534706.key,),
        "pressure_pct_lop": (AIS_VALD_GUIDANCE.key,),
        "default_pct_lop": (TRIAL_PMC7534706.key,),
        "restriction": (SUGA_2012.key,),
        "cadence": (TRIAL_PMC7534706.key,),
        "sessions_per_week": (FITCUFFS_GUIDE.key, TRIAL_PMC7534706.key),
        "progression": (TRIAL_PMC7534706.key,),
        "max_continuous_restriction_s": (AIS_VALD_GUIDANCE.key,),
        "reperfusion_s": (AIS_VALD_GUIDANCE.key,),
    },
)

RESISTANCE_SETS_TO_FAILURE = Protocol(
    name="resistance-sets-to-failure",
    title="Low-load resistance, sets to failure",
    mode=Mode.RESISTANCE,
    summary=(
        "Three sets to volitional failure at about 30 % of 1RM with 1-min rests, the cuff kept on "
        "between sets. Harder than 30-15-15-15; failure is not required for BFR to work, so keep "
        "this for people used to it."
    ),
    sets=(SetSpec(to_failure=True), SetSpec(to_failure=True), SetSpec(to_failure=True)),
    rest_between_sets_s=60.0,
    rest_between_exercises_s=60.0,
    load_pct_1rm=(20.0, 40.0),
    default_load_pct_1rm=30.0,
    pressure_pct_lop=(40.0, 80.0),
    default_pct_lop=60.0,
    absolute_pressure_mmhg=None,
    restriction=Restriction.CONTINUOUS,
    alternative_restriction=Restriction.INTERMITTENT,
    cadence=Cadence(concentric_s=2.0, eccentric_s=2.0),
    sessions_per_week=(2, 3),
    frequency_note="2-3 sessions a week.",
    progression=None,
    reperfusion_s=REPERFUSION_AFTER_CAP_S,
    limbs=(Limb.ARM, Limb.THIGH),
    notes=(
        "Restriction time depends on how many repetitions you reach; the budget assumes 30 per "
        "set unless told otherwise.",
        "The default pressure and cadence are those of the 30-15-15-15 trial protocol "
        "(PMC7534706), which lie inside the published ranges.",
    ),
    references=(
        AIS_VALD_GUIDANCE,
        REEVES_2006,
        FITCUFFS_GUIDE,
        TRIAL_PMC7534706,
        BUDGET_ASSUMPTIONS,
    ),
    parameter_sources={
        "sets": (REEVES_2006.key, FITCUFFS_GUIDE.key),
        "rest_between_sets_s": (REEVES_2006.key,),
        "rest_between_exercises_s": (FITCUFFS_GUIDE.key,),
        "load_pct_1rm": (AIS_VALD_GUIDANCE.key,),
        "default_load_pct_1rm": (REEVES_2006.key,),
        "pressure_pct_lop": (AIS_VALD_GUIDANCE.key,),
        "default_pct_lop": (TRIAL_PMC7534706.key,),
        "cadence": (TRIAL_PMC7534706.key,),
        "sessions_per_week": (FITCUFFS_GUIDE.key,),
        "max_continuous_restriction_s": (AIS_VALD_GUIDANCE.key,),
        "reperfusion_s": (AIS_VALD_GUIDANCE.key,),
    },
)

PRACTICAL_WRAPS_30_15_15_15 = Protocol(
    name="practical-wraps-30-15-15-15",
    title="Practical BFR with elastic wraps, 30-15-15-15",
    mode=Mode.RESISTANCE,
    summary=(
        "Knee wraps on the upper thighs tight enough to stop venous outflow but not arterial "
        "inflow, and four sets of 30-15-15-15 at 30 % of 1RM. Loenneke 2010 wrapped only during "
        "the sets with 150 s rests and found no significant rise in lactate; Wilson 2013 measured "
        "more muscle swelling with the wraps on. Pressure comes from the wrap method "
        "(stretch and layers), not from a % of LOP."
    ),
    sets=(SetSpec(reps=30), SetSpec(reps=15), SetSpec(reps=15), SetSpec(reps=15)),
    rest_between_sets_s=150.0,
    rest_between_exercises_s=None,
    load_pct_1rm=(30.0, 30.0),
    default_load_pct_1rm=30.0,
    pressure_pct_lop=None,
    default_pct_lop=None,
    absolute_pressure_mmhg=None,
    restriction=Restriction.INTERMITTENT,
    alternative_restriction=Restriction.CONTINUOUS,
    cadence=None,
    sessions_per_week=None,
    frequency_note="Both studies were single sessions; no training frequency was tested.",
    progression=None,
    reperfusion_s=150.0,
    limbs=_LEG_ONLY,
    notes=(
        "Venous, not arterial, occlusion is the target of practical BFR (Wilson 2013).",
        "With the wraps only during sets (Loenneke 2010) the stimulus was not significantly "
        "larger than the same exercise without wraps.",
        "A 7-week practical BFR program used shorter rests: 30-20-20-20 at 20 % 1RM with 45 s "
        "between sets (Luebbers 2014).",
    ),
    references=(WILSON_2013, LOENNEKE_2010, LUEBBERS_2014, BUDGET_ASSUMPTIONS),
    parameter_sources={
        "sets": (WILSON_2013.key, LOENNEKE_2010.key),
        "rest_between_sets_s": (LOENNEKE_2010.key,),
        "load_pct_1rm": (WILSON_2013.key, LOENNEKE_2010.key),
        "default_load_pct_1rm": (WILSON_2013.key, LOENNEKE_2010.key),
        "restriction": (LOENNEKE_2010.key,),
        "reperfusion_s": (LOENNEKE_2010.key,),
        "limbs": (WILSON_2013.key, LOENNEKE_2010.key),
    },
)

AEROBIC_WALK_5X2MIN = Protocol(
    name="aerobic-walk-5x2min",
    title="BFR walking, 5 x 2 min",
    mode=Mode.AEROBIC,
    summary=(
        "Five 2-min bouts of slow walking (50 m/min) with 1-min rests, cuffs on both thighs. In "
        "Abe 2006 this twice a day for 3 weeks added 4-7 % thigh muscle. The abstract does not "
        "say whether the belts were deflated in the rests, so the budget counts them as restricted."
    ),
    sets=tuple(SetSpec(duration_s=120.0) for _ in range(5)),
    rest_between_sets_s=60.0,
    rest_between_exercises_s=None,
    load_pct_1rm=None,
    default_load_pct_1rm=None,
    pressure_pct_lop=(40.0, 80.0),
    default_pct_lop=60.0,
    absolute_pressure_mmhg=None,
    restriction=Restriction.CONTINUOUS,
    cadence=None,
    sessions_per_week=(6, 12),
    frequency_note="6 days a week, once (Abe 2009) or twice (Abe 2006) a day, for 3 weeks.",
    progression=None,
    reperfusion_s=REPERFUSION_AFTER_CAP_S,
    limbs=_LEG_ONLY,
    intensity_note="50 m/min treadmill walking (about 20 % of VO2max in Abe 2006)",
    notes=(
        "Abe 2009 used 5 cm belts rising from 160 to 230 mmHg; those numbers belong to that "
        "narrow belt and are not a target for other cuffs.",
    ),
    references=(ABE_2006, ABE_2009, AIS_VALD_GUIDANCE, DERIVED_MIDPOINT),
    parameter_sources={
        "sets": (ABE_2006.key,),
        "rest_between_sets_s": (ABE_2006.key,),
        "pressure_pct_lop": (AIS_VALD_GUIDANCE.key,),
        "default_pct_lop": (DERIVED_MIDPOINT.key,),
        "intensity_note": (ABE_2006.key,),
        "sessions_per_week": (ABE_2006.key, ABE_2009.key),
        "max_continuous_restriction_s": (AIS_VALD_GUIDANCE.key,),
        "reperfusion_s": (AIS_VALD_GUIDANCE.key,),
    },
)

AEROBIC_CYCLE_15MIN = Protocol(
    name="aerobic-cycle-15min",
    title="BFR cycling, 15 min",
    mode=Mode.AEROBIC,
    summary=(
        "15 min of cycling at 40 % of VO2max with cuffs on both thighs, 3 days a week; in Abe "
        "2010 this raised thigh muscle volume by 3.4-5.1 % and VO2max by 6.4 % in 8 weeks."
    ),
    sets=(SetSpec(duration_s=900.0),),
    rest_between_sets_s=0.0,
    rest_between_exercises_s=None,
    load_pct_1rm=None,
    default_load_pct_1rm=None,
    pressure_pct_lop=(40.0, 80.0),
    default_pct_lop=60.0,
    absolute_pressure_mmhg=None,
    restriction=Restriction.CONTINUOUS,
    cadence=None,
    sessions_per_week=(3, 3),
    frequency_note="3 days a week for 8 weeks.",
    progression=None,
    reperfusion_s=REPERFUSION_AFTER_CAP_S,
    limbs=_LEG_ONLY,
    intensity_note="40 % of VO2max (AIS: under 50 % VO2max or 50 % of heart-rate reserve)",
    notes=("Heart rate runs higher under BFR, so it overstates intensity.",),
    references=(ABE_2010_CYCLE, AIS_VALD_GUIDANCE, DERIVED_MIDPOINT),
    parameter_sources={
        "sets": (ABE_2010_CYCLE.key,),
        "pressure_pct_lop": (AIS_VALD_GUIDANCE.key,),
        "default_pct_lop": (DERIVED_MIDPOINT.key,),
        "intensity_note": (ABE_2010_CYCLE.key, AIS_VALD_GUIDANCE.key),
        "sessions_per_week": (ABE_2010_CYCLE.key,),
        "max_continuous_restriction_s": (AIS_VALD_GUIDANCE.key,),
        "reperfusion_s": (AIS_VALD_GUIDANCE.key,),
    },
)

PASSIVE_5X5MIN = Protocol(
    name="passive-5x5min",
    title="Passive BFR during immobilisation, 5 x 5 min",
    mode=Mode.PASSIVE,
    summary=(
        "For a limb that cannot train (cast, bed rest, after surgery): five 5-min occlusions with "
        "3 min of free flow, twice a day. Kubota 2008 used 200 mmHg and prevented strength loss "
        "over 14 days of casting; never go above your measured LOP (AIS: avoid full arterial "
        "occlusion at rest)."
    ),
    sets=tuple(SetSpec(duration_s=300.0) for _ in range(5)),
    rest_between_sets_s=180.0,
    rest_between_exercises_s=None,
    load_pct_1rm=None,
    default_load_pct_1rm=None,
    pressure_pct_lop=None,
    default_pct_lop=None,
    absolute_pressure_mmhg=(
        AbsolutePressure(
            limb=Limb.THIGH,
            pressure_mmhg=200.0,
            note=(
                "Studied with a 77 mm cuff; 50 mmHg also helped (Kubota 2011) and 238 mmHg was the "
                "mean after ACL surgery with a 90 mm cuff (Takarada 2000). Cap at your LOP."
            ),
            reference_keys=(KUBOTA_2008.key, KUBOTA_2011.key, TAKARADA_2000_ACL.key),
        ),
    ),
    restriction=Restriction.INTERMITTENT,
    cadence=None,
    sessions_per_week=(14, 14),
    frequency_note="Twice a day for the immobilisation period (14 days in Kubota 2008).",
    progression=None,
    reperfusion_s=180.0,
    limbs=_LEG_ONLY,
    references=(KUBOTA_2008, KUBOTA_2011, TAKARADA_2000_ACL, AIS_VALD_GUIDANCE),
    parameter_sources={
        "sets": (KUBOTA_2008.key, TAKARADA_2000_ACL.key, AIS_VALD_GUIDANCE.key),
        "rest_between_sets_s": (KUBOTA_2008.key, TAKARADA_2000_ACL.key),
        "absolute_pressure_mmhg": (KUBOTA_2008.key, KUBOTA_2011.key, TAKARADA_2000_ACL.key),
        "sessions_per_week": (KUBOTA_2008.key,),
        "reperfusion_s": (KUBOTA_2008.key, AIS_VALD_GUIDANCE.key),
        "max_continuous_restriction_s": (AIS_VALD_GUIDANCE.key,),
    },
)

ISCHEMIC_PRECONDITIONING_4X5MIN = Protocol(
    name="ischemic-preconditioning-4x5min",
    title="Ischaemic preconditioning, 4 x 5 min",
    mode=Mode.ISCHEMIC_PRECONDITIONING,
    summary=(
        "Before training, four 5-min full occlusions, each followed by 5 min of reperfusion: "
        "220 mmHg on the thigh, resting systolic pressure + 50 mmHg on the arm. Unlike BFR "
        "exercise, this deliberately stops arterial flow, at rest only."
    ),
    sets=tuple(SetSpec(duration_s=300.0) for _ in range(4)),
    rest_between_sets_s=300.0,
    rest_between_exercises_s=None,
    load_pct_1rm=None,
    default_load_pct_1rm=None,
    pressure_pct_lop=None,
    default_pct_lop=None,
    absolute_pressure_mmhg=(
        AbsolutePressure(
            limb=Limb.THIGH,
            pressure_mmhg=220.0,
            note="Lower-limb IPC studies averaged 222 +/- 34 mmHg (range 170-300).",
            reference_keys=(PANZA_2019.key, LOWER_LIMB_IPC_REVIEW.key),
        ),
        AbsolutePressure(
            limb=Limb.ARM,
            above_systolic_mmhg=50.0,
            note="Studied as 3 x 7 min on the arm; as effective as 250 mmHg.",
            reference_keys=(IPC_ARM_SBP_PLUS_50.key,),
        ),
    ),
    restriction=Restriction.INTERMITTENT,
    cadence=None,
    sessions_per_week=None,
    frequency_note="Once, shortly before a training session (acute use in Panza 2019).",
    progression=None,
    reperfusion_s=300.0,
    notes=(
        "The reperfusion length is not stated separately in the Panza 2019 abstract; 5 min is the "
        "reperfusion of Tanaka 2021's lower-limb IPC.",
        "Only at rest: never exercise with the cuff at an occluding pressure.",
    ),
    references=(
        PANZA_2019,
        LOWER_LIMB_IPC_REVIEW,
        IPC_ARM_SBP_PLUS_50,
        TANAKA_2021_IPC,
        AIS_VALD_GUIDANCE,
    ),
    parameter_sources={
        "sets": (PANZA_2019.key,),
        "rest_between_sets_s": (TANAKA_2021_IPC.key,),
        "absolute_pressure_mmhg": (
            PANZA_2019.key,
            LOWER_LIMB_IPC_REVIEW.key,
            IPC_ARM_SBP_PLUS_50.key,
        ),
        "reperfusion_s": (TANAKA_2021_IPC.key,),
        "frequency_note": (PANZA_2019.key,),
        "max_continuous_restriction_s": (AIS_VALD_GUIDANCE.key,),
    },
)

KAATSU_CYCLE = Protocol(
    name="kaatsu-cycle",
    title="KAATSU Cycle (manufacturer guidance)",
    mode=Mode.KAATSU_CYCLE,
    summary=(
        "KAATSU's own guidance: mostly use the device's Cycle mode, start with one Cycle per "
        "session in week 1 and add one a week up to 5-6, keep the Constant mode to 10 min, and "
        "check capillary refill stays under 3 s. The inflation and deflation timing of a Cycle is "
        "set by the device and was not verified here, so it is left out."
    ),
    sets=(SetSpec(description="1 KAATSU Cycle, timed by the device"),),
    rest_between_sets_s=0.0,
    rest_between_exercises_s=None,
    load_pct_1rm=None,
    default_load_pct_1rm=None,
    pressure_pct_lop=None,
    default_pct_lop=None,
    absolute_pressure_mmhg=None,
    restriction=Restriction.INTERMITTENT,
    cadence=None,
    sessions_per_week=None,
    frequency_note="Not stated as sessions per week; progression is one more Cycle each week.",
    progression=ProgressionRule(
        kind=ProgressionKind.ADD_SET,
        description="1 Cycle in week 1, one more each week, up to 6.",
        sets_added_per_week=1,
        max_sets=6,
        reference_keys=(KAATSU_CYCLE_GUIDANCE.key,),
    ),
    max_continuous_restriction_s={Limb.ARM: 600.0, Limb.THIGH: 600.0},
    reperfusion_s=None,
    experimental=True,
    notes=(
        "Band snug with one finger's room under it.",
        "Capillary refill ideally under 1 s and never 3 s or more; loosen the band if slower.",
        "KAATSU pressures are in the maker's own units (SKU), not mmHg.",
        "Not for anyone under 14 (manufacturer policy).",
    ),
    references=(KAATSU_CYCLE_GUIDANCE,),
    parameter_sources={
        "sets": (KAATSU_CYCLE_GUIDANCE.key,),
        "progression": (KAATSU_CYCLE_GUIDANCE.key,),
        "max_continuous_restriction_s": (KAATSU_CYCLE_GUIDANCE.key,),
        "restriction": (KAATSU_CYCLE_GUIDANCE.key,),
    },
)

FLOSS_APPLICATION_PROTOCOL = Protocol(
    name="floss-application",
    title="Floss band application",
    mode=Mode.FLOSS,
    summary=(
        "Wrap a floss band from below the joint or muscle upwards, each turn overlapping the last "
        "by half, stretched by 50-90 %, and move the joint for 1-3 min before unwrapping. Effects "
        "are small to moderate and short-lived (up to about 45 min)."
    ),
    sets=(SetSpec(duration_s=180.0, description="up to 3 min with movement"),),
    rest_between_sets_s=0.0,
    rest_between_exercises_s=None,
    load_pct_1rm=None,
    default_load_pct_1rm=None,
    pressure_pct_lop=None,
    default_pct_lop=None,
    absolute_pressure_mmhg=None,
    restriction=Restriction.CONTINUOUS,
    cadence=None,
    sessions_per_week=None,
    frequency_note="A single application before exercise.",
    progression=None,
    reperfusion_s=None,
    band_overlap_pct=50.0,
    band_stretch_pct=(50.0, 90.0),
    notes=(
        "No measured pressure under floss bands was found; the wrap module's Laplace estimate is "
        "an upper bound.",
        "1-3 min is the published range; 3 min is used for the restriction budget.",
    ),
    references=(FLOSS_APPLICATION, KONRAD_2021_FLOSSING, DRILLER_2017_FLOSSING, AIS_VALD_GUIDANCE),
    parameter_sources={
        "sets": (FLOSS_APPLICATION.key,),
        "band_overlap_pct": (FLOSS_APPLICATION.key,),
        "band_stretch_pct": (FLOSS_APPLICATION.key,),
        "frequency_note": (KONRAD_2021_FLOSSING.key, DRILLER_2017_FLOSSING.key),
        "max_continuous_restriction_s": (AIS_VALD_GUIDANCE.key,),
    },
)

#: Every protocol, in the order they are listed to people.
PROTOCOLS: tuple[Protocol, ...] = (
    RESISTANCE_30_15_15_15,
    RESISTANCE_SETS_TO_FAILURE,
    PRACTICAL_WRAPS_30_15_15_15,
    AEROBIC_WALK_5X2MIN,
    AEROBIC_CYCLE_15MIN,
    PASSIVE_5X5MIN,
    ISCHEMIC_PRECONDITIONING_4X5MIN,
    KAATSU_CYCLE,
    FLOSS_APPLICATION_PROTOCOL,
)


def all_protocols() -> tuple[Protocol, ...]:
    """Return every protocol in the library, in a stable order."""
    return PROTOCOLS


def protocol_names() -> tuple[str, ...]:
    """Return the stable names of all protocols."""
    return tuple(protocol.name for protocol in PROTOCOLS)


def get_protocol(name: str) -> Protocol:
    """Return the protocol called ``name``.

    Raises
    ------
    InputError
        Code ``unknown-choice`` if there is no such protocol; the fields list the valid names.
    """
    for protocol in PROTOCOLS:
        if protocol.name == name:
            return protocol
    raise InputError(
        f"unknown protocol {name!r}: choose one of {', '.join(protocol_names())}",
        code="unknown-choice",
        what="protocol",
        value=name,
        allowed=protocol_names(),
    )
