"""Equations are said by authors and year; every equation the science layer knows has words."""

from __future__ import annotations

from occlusion.science.lop.equations import EQUATIONS, UNVERIFIED_EQUATIONS
from occlusion.web.equation_names import equation_label, known_equation_names, without_identifiers


def test_every_equation_the_science_layer_names_has_words() -> None:
    named = {info.name for info in EQUATIONS} | {entry.name for entry in UNVERIFIED_EQUATIONS}
    assert named == known_equation_names()


def test_an_identifier_in_a_sentence_becomes_the_equation_s_name() -> None:
    text = without_identifiers(
        "Estimated with rbme_2019_thigh_18cm; wedig_2024_thigh_18cm is unchecked."
    )
    assert text == (
        "Estimated with the thigh equation of Cirilo-Sousa et al. (2019); "
        "the 18 cm thigh equation of Wedig et al. (2024) is unchecked."
    )


def test_an_unknown_equation_is_never_shown_by_its_identifier() -> None:
    assert equation_label("someone_2031_calf") == "a published equation"
    assert equation_label(None) == "a published equation"
