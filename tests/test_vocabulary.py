"""The shared vocabulary's words for people."""

from __future__ import annotations

from occlusion.science.lop.equations import EQUATIONS
from occlusion.vocabulary import plain


def test_every_shipped_equation_has_words_for_a_record_s_method() -> None:
    # A PDF report's LOP history names the method of each record; an estimate's method is the
    # equation's identifier, which a clinician reading the report should never see.
    for info in EQUATIONS:
        words = plain(info.name)
        assert words != info.name.replace("_", " "), info.name
        assert "_" not in words
    assert plain("rbme_2019_thigh_18cm") == "thigh equation of Cirilo-Sousa et al. 2019"
