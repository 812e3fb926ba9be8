"""The sources behind the protocol library, registered with the citation registry.

Each reference says what was taken from it and how well it was verified: ``verified`` (the paper
or its abstract was read), ``verified-secondary`` (guidance read in a secondary or vendor source)
or ``derived`` (this project's arithmetic). A note ending "not re-read for this module" marks a
source read for the project's evidence notes rather than again for this module.
"""

from __future__ import annotations

from occlusion import evidence
from occlusion.evidence import Reference, VerificationStatus


def _register(
    key: str, citation: str, status: VerificationStatus, note: str, **where: str
) -> Reference:
    return evidence.register(
        Reference(key=key, citation=citation, status=status, note=note, **where)
    )


FITCUFFS_GUIDE = _register(
    "fitcuffs_bfr_guide",
    "Fitcuffs. BFR guide (vendor guidance summarising published recommendations).",
    "verified-secondary",
    "40-80 % LOP; 20-50 % 1RM; 1-3 exercises of 2-4 sets, 30-15-15-15 or to failure; 30-60 s "
    "between sets and more than 1 min between exercises; under 15 min if continuous; 2-3 "
    "sessions a week (more than 3 weeks) or 1-2 a day (under 3 weeks).",
    url="https://fitcuffs.com/bfr-guide/",
)
WILSON_2013 = _register(
    "wilson_2013_practical_wraps_protocol",
    "Wilson JM, Lowery RP, Joy JM, Loenneke JP, Naimo MA. Practical blood flow restriction "
    "training increases acute determinants of hypertrophy without increasing indices of muscle "
    "damage. J Strength Cond Res. 2013;27(11):3068-3075.",
    "verified",
    "12 trained men; leg press 30-15-15-15 at 30 % 1RM with knee wraps on the thighs at a pressure "
    "giving venous but not arterial occlusion; muscle thickness rose (ES 0.5)"
    " (read for the project's evidence notes, not re-read for this module).",
    doi="10.1519/JSC.0b013e31828a1ffa",
)
LOENNEKE_2010 = _register(
    "loenneke_2010_practical_occlusion",
    "Loenneke JP, Kearney ML, Thrower AD, Collins S, Pujol TJ. The acute response of practical "
    "occlusion in the knee extensors. J Strength Cond Res. 2010;24(10):2831-2834.",
    "verified",
    "Elastic knee wraps applied intermittently; 4 sets 30-15-15-15 at 30 % 1RM with 150 s rest; "
    "lactate 6.28 vs 5.35 mmol/L (p = 0.051): not a significant rise in metabolic stress.",
    url="http://www.biomedsearch.com/nih/acute-response-practical-occlusion-in/20885201.html",
)
SUGA_2012 = _register(
    "suga_2012_continuous_vs_intermittent",
    "Suga T, Okita K, Takada S, et al. Effect of multiple set on intramuscular metabolic stress "
    "during low-intensity resistance exercise with blood flow restriction. Eur J Appl Physiol. "
    "2012;112:3915-3920.",
    "verified",
    "3 x 30 plantar flexions at 20 % 1RM with 1-min rests: continuous BFR (kept on in the rests) "
    "matched 65 % 1RM metabolic stress; intermittent BFR (only during sets) gave less.",
    url="https://pmc.ncbi.nlm.nih.gov/articles/PMC3474903",
)
REEVES_2006 = _register(
    "reeves_2006_occlusion_to_failure",
    "Reeves GV, Kraemer RR, Hollander DB, et al. Comparison of hormone responses following light "
    "resistance exercise with partial vascular occlusion and moderately difficult resistance "
    "exercise without occlusion. J Appl Physiol. 2006;101:1616-1622.",
    "verified",
    "Three sets of biceps curls and calf presses to failure with 1-min rests at 30 % 1RM with "
    "partial occlusion; growth hormone rose fourfold (PubMed abstract).",
    doi="10.1152/japplphysiol.00440.2006",
    url="https://pubmed.ncbi.nlm.nih.gov/16902061/",
)
LUEBBERS_2014 = _register(
    "luebbers_2014_practical_bfr_athletes",
    "Luebbers PE, Fry AC, Kriley LM, Butler MS. The effects of a 7-week practical blood flow "
    "restriction program on well-trained collegiate athletes. J Strength Cond Res. "
    "2014;28(8):2270-2280.",
    "verified",
    "Supplemental bench press and squat with practical BFR at 20 % 1RM: 4 sets of 30, 20, 20, 20 "
    "repetitions with 45 s rest, for 7 weeks in 62 American football players.",
    url="https://www.researchgate.net/publication/259984487",
)
ABE_2006 = _register(
    "abe_2006_kaatsu_walk",
    "Abe T, Kearns CF, Sato Y. Muscle size and strength are increased following walk training "
    "with restricted venous blood flow from the leg muscle, Kaatsu-walk training. J Appl Physiol. "
    "2006;100:1460-1466.",
    "verified",
    "Twice a day, 6 days a week for 3 weeks: 5 bouts of 2 min at 50 m/min with 1 min rest; VO2 "
    "19.5 % of VO2max; thigh muscle +4-7 %, strength +8-10 %.",
    doi="10.1152/japplphysiol.01267.2005",
)
ABE_2009 = _register(
    "abe_2009_kaatsu_walk_once_daily",
    "Abe T, Kearns CF, Fujita S, Sakamaki M, Sato Y, Brechue WF. Skeletal muscle size and "
    "strength are increased following walk training with restricted leg muscle blood flow: "
    "implications for training duration and frequency. Int J KAATSU Train Res. 2009;5:9-15.",
    "verified",
    "Once daily, 6 days a week for 3 weeks, 5 x 2 min at 50 m/min with 1-min rests; 5 cm belts "
    "rising from 160 to 230 mmHg; about half the effect of twice-daily training.",
    doi="10.3806/ijktr.5.9",
)
ABE_2010_CYCLE = _register(
    "abe_2010_bfr_cycling",
    "Abe T, Fujita S, Nakajima T, et al. Effects of low-intensity cycle training with restricted "
    "leg blood flow on thigh muscle volume and VO2max in young men. J Sports Sci Med. "
    "2010;9:452-458.",
    "verified",
    "BFR cycling at 40 % VO2max for 15 min, 3 days a week for 8 weeks; thigh and quadriceps "
    "muscle +3.4-5.1 %, VO2max +6.4 %.",
    url="https://jssm.org/jssm-09-452.xml",
)
KUBOTA_2008 = _register(
    "kubota_2008_disuse_weakness",
    "Kubota A, Sakuraba K, Sawaki K, Sumide T, Tamura Y. Prevention of disuse muscular weakness "
    "by restriction of blood flow. Med Sci Sports Exerc. 2008;40(3):529-534.",
    "verified",
    "Cast immobilisation: 200 mmHg for 5 min then 3 min rest, five times a session, two sessions "
    "a day for 14 days; prevented loss of strength and thigh/leg circumference.",
    url="https://www.unboundmedicine.com/medline/citation/18379217",
)
KUBOTA_2011 = _register(
    "kubota_2011_low_pressure_disuse",
    "Kubota A, Sakuraba K, Koh S, Ogura Y, Tamura Y. Blood flow restriction by low compressive "
    "force prevents disuse muscular weakness. J Sci Med Sport. 2011;14:95-99.",
    "verified",
    "The same passive protocol at 50 mmHg: eccentric knee-extension torque -12.5 % vs -30.1 % in "
    "controls"
    " (read for the project's evidence notes, not re-read for this module).",
    # No DOI or PubMed id was read for it; the search by its exact title finds the record.
    url=(
        "https://pubmed.ncbi.nlm.nih.gov/?term=%22Blood+flow+restriction+by+low+compressive"
        "+force+prevents+disuse+muscular+weakness%22"
    ),
)
TAKARADA_2000_ACL = _register(
    "takarada_2000_acl_occlusion",
    "Takarada Y, Takazawa H, Ishii N. Applications of vascular occlusion diminish disuse atrophy "
    "of knee extensor muscles. Med Sci Sports Exerc. 2000;32:2035-2039 (as tabulated in "
    "PMC7031770, Table 1).",
    "verified-secondary",
    "After ACL reconstruction: 5 x 5 min occlusion with 3 min free flow, twice daily from day 3 "
    "to day 14; 90 mm cuff, mean 238 mmHg.",
    url="https://pmc.ncbi.nlm.nih.gov/articles/PMC7031770/table/tbl0001",
)
PANZA_2019 = _register(
    "panza_2019_ipc_resistance",
    "Panza P, Novaes J, Telles LG, et al. Ischemic preconditioning promotes post-exercise "
    "hypotension in a session of resistance exercise in normotensive trained individuals. Int J "
    "Environ Res Public Health. 2019;17(1):78.",
    "verified",
    "IPC of 4 x 5 min vascular occlusion/reperfusion at 220 mmHg (sham 20 mmHg) before resistance "
    "exercise; the abstract does not state the limb or a separate reperfusion length.",
    doi="10.3390/ijerph17010078",
)
LOWER_LIMB_IPC_REVIEW = _register(
    "lower_limb_ipc_review_2024",
    "Systematic review of lower-limb ischaemic preconditioning protocols. Front Physiol. 2024.",
    "verified",
    "17 studies, n = 237: mean occlusion pressure 222 +/- 34 mmHg (range 170-300), typically 3-4 "
    "cycles; 8 studies did not report cuff width"
    " (read for the project's evidence notes, not re-read for this module).",
    doi="10.3389/fphys.2023.1323310",
)
TANAKA_2021_IPC = _register(
    "tanaka_2021_ipc_two_weeks",
    "Tanaka D, Suga T, Shimoho K, Isaka T. Effect of 2-weeks ischemic preconditioning on "
    "exercise performance: a pilot study. Front Sports Act Living. 2021;3:646369.",
    "verified",
    "IPC on both legs as three episodes of 5-min ischaemia and 5-min reperfusion.",
    url="https://pmc.ncbi.nlm.nih.gov/articles/PMC8236525",
)
IPC_ARM_SBP_PLUS_50 = _register(
    "ipc_arm_sbp_plus_50_2024",
    "Arm IPC at 50 mmHg, systolic pressure + 50 mmHg or 250 mmHg (3 x 7 min), NIRS study "
    "discussed in Front Physiol 2024;15:1441239.",
    "verified",
    "SBP + 50 mmHg deoxygenated the forearm as much as 250 mmHg (TSI AUC -10,908 vs -11,079) and "
    "far more than 50 mmHg; cycles in that study were 7 min, not 5 min"
    " (read for the project's evidence notes, not re-read for this module).",
    doi="10.3389/fphys.2024.1441239",
)
KAATSU_CYCLE_GUIDANCE = _register(
    "kaatsu_global_cycle_guidance",
    "KAATSU Global. Manufacturer guidance on the Cycle and Constant modes and on starting "
    "conservatively (KAATSU blog and KAATSU resources).",
    "verified-secondary",
    "Use mainly the Cycle mode; limit the Constant mode to 10 min; capillary refill ideally under "
    "1 s and at most under 3 s; one finger under the band; 1 Cycle in week 1, then one more each "
    "week up to 5-6; not under 14 years. Pressures are proprietary units, not mmHg.",
    url="https://kaatsuresources.com/articles/always-start-conservatively-with-kaatsu/",
)
FLOSS_APPLICATION = _register(
    "floss_band_application_guidance",
    "Floss band application guidance (HSN blog, citing Borda & Selhorst 2017, Cheatham & Baker "
    "2019 and Driller et al. 2017).",
    "verified-secondary",
    "Wrap distal to proximal with 50 % overlap, the band stretched 50-90 %, for 1-3 min with "
    "movement (as recorded in the project's evidence notes).",
    url="https://www.hsnstore.eu/blog/health-and-beauty/injuries/floss-band/",
)
KONRAD_2021_FLOSSING = _register(
    "konrad_2021_flossing_review",
    "Konrad A, Mocnik R, Nakamura M. Effects of tissue flossing on the healthy and impaired "
    "musculoskeletal system: a scoping review. Front Physiol. 2021;12:666129.",
    "verified",
    "24 studies, 513 participants: single treatments give small-to-moderate effects on range of "
    "motion, jumping and strength"
    " (read for the project's evidence notes, not re-read for this module).",
    doi="10.3389/fphys.2021.666129",
)
DRILLER_2017_FLOSSING = _register(
    "driller_overmayer_2017_flossing",
    "Driller MW, Overmayer RG. The effects of tissue flossing on ankle range of motion and jump "
    "performance. Phys Ther Sport. 2017;28:29-33.",
    "verified",
    "n = 69; benefits trended up to 45 min after the application"
    " (read for the project's evidence notes, not re-read for this module).",
    url="https://pubmed.ncbi.nlm.nih.gov/28950149/",
)
DERIVED_MIDPOINT = _register(
    "occlusion_derived_default_pct_lop",
    "Occlusion project: default pressure at the midpoint of a published % LOP range (derived).",
    "derived",
    "Where a protocol gives a pressure range but no single value, the default is its midpoint.",
)
