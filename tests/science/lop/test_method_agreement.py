"""Published agreement and repeatability of the manual LOP methods."""

from __future__ import annotations

import json

import pytest

from occlusion.errors import InputError
from occlusion.evidence import get
from occlusion.science.lop import AGREEMENT_STUDIES, agreement_studies


def test_every_study_cites_a_registered_verified_source() -> None:
    for study in AGREEMENT_STUDIES:
        assert get(study.reference.key).status == "verified"
    json.dumps([study.as_dict() for study in AGREEMENT_STUDIES])


def test_hand_held_doppler_agrees_with_ultrasound_on_both_limbs() -> None:
    arm, thigh = (agreement_studies("doppler", limb)[0] for limb in ("arm", "thigh"))
    assert (arm.bias_mmhg, arm.limits_half_width_mmhg) == (-0.65, 5.56)
    assert (thigh.bias_mmhg, thigh.limits_half_width_mmhg) == (-2.93, 5.58)
    assert arm.verdict == thigh.verdict == "agrees"


def test_the_oximeter_on_the_thigh_has_conflicting_evidence() -> None:
    verdicts = {study.verdict for study in agreement_studies("pulse-oximeter", "thigh")}
    assert verdicts == {"agrees", "disagrees"}
    brekke = next(s for s in agreement_studies("pulse-oximeter", "thigh") if s.bias_mmhg)
    assert brekke.limits_of_agreement_mmhg == (-16.2, 28.8)
    assert brekke.repeatability_icc == (0.72, 0.79)


def test_an_unknown_method_is_refused() -> None:
    with pytest.raises(InputError):
        agreement_studies("stethoscope")
