"""Sources behind the firmware's limits and the supervisor's rules, in the citation registry.

The firmware cannot import the registry (it runs on a board), so its tables carry their
rationale as text and this module registers the sources for the host side and the reports.
Statuses are honest: these were read in the project's evidence notes
(``shared/evidence/device.md``, ``peers.md``), which quote the manuals and the standard, not in
the primary documents themselves.
"""

from __future__ import annotations

from occlusion import evidence

IEC_60601_2_30 = evidence.register(
    evidence.Reference(
        key="iec_60601_2_30_nibp",
        citation=(
            "IEC 60601-2-30:1999 (as GOST 30324.30-2002), particular requirements for automatic "
            "non-invasive blood pressure monitors: adult cuff > 15 mmHg at most 180 s; after a "
            "single fault below 15 mmHg within 30 s; independent timing protection."
        ),
        status="verified-secondary",
        url="https://ajdocs.ru/gsp/32197/11",
        note="Safe pressure 15 mmHg, 30 s single-fault rule, 180 s measurement limit.",
    )
)
TOURNIQUET_MANUALS = evidence.register(
    evidence.Reference(
        key="tourniquet_manuals_alarms",
        citation=(
            "Delfi PTS ii and Zimmer A.T.S. 2000/3000 operator manuals: pressure alarm at +/- 15 "
            "mmHg with 1 s / 1.5 s debounce; cuff-leak alarm after 7 s / 9 s of continuous "
            "compensating pumping; 30 s inflation alarm (A.T.S. 2000)."
        ),
        status="verified-secondary",
        url="https://manualshive.com/ru/manual/zimmer/a-t-s-3000/934010?page=18",
        note="Deviation window, leak and slow-inflation timings of the alarm table.",
    )
)
SMARTCUFFS_MANUAL = evidence.register(
    evidence.Reference(
        key="smartcuffs_manual_guidance",
        citation=(
            "SmartTools SmartCuffs 3.0 PRO user manual: never exceed 20 min of occlusion without "
            "reducing pressure; stop if pain or discomfort exceeds 7/10; reduce pressure in "
            "10 mmHg steps on tingling or dizziness."
        ),
        status="verified-secondary",
        url="https://manualspro.net/256906-smarttools-smartcuffs-30-pro-blood-flow-restriction-bands-user-manual",
        note="Inflation limit, cumulative restriction cap and symptom rules of the supervisor.",
    )
)
LIU_2014 = evidence.register(
    evidence.Reference(
        key="liu_2014_oscillation_amplitude",
        citation=(
            "Liu J et al. (2014): cuff oscillation maximum 3.7 +/- 0.9 mmHg on inflation and "
            "3.0 +/- 0.8 mmHg on deflation (arm cuff, 2-3 mmHg/s)."
        ),
        status="verified-secondary",
        url="https://bohrium.dp.tech/paper/arxiv/558c4210e4b0cfb70a1c97e3",
        note="Scale of the simulated arterial oscillations in an arm cuff.",
    )
)

DEVICE_REFERENCES = (IEC_60601_2_30, TOURNIQUET_MANUALS, SMARTCUFFS_MANUAL, LIU_2014)
