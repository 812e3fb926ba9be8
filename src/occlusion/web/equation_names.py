"""Published LOP equations as people know them: by their authors and year, never an identifier.

The science layer names equations by identifier (``rbme_2019_thigh_18cm``); the pages say
"the thigh equation of Cirilo-Sousa et al. (2019)". Every equation the science layer knows,
shipped or not, has its words here (a test holds the two lists together).
"""

from __future__ import annotations

_EQUATION_WORDS = {
    "rbme_2019_thigh_18cm": "the thigh equation of Cirilo-Sousa et al. (2019)",
    "loenneke_2015_arm": "the arm equation of Loenneke et al. (2015)",
    "loenneke_2015_thigh": "the thigh equation of Loenneke et al. (2015)",
    "wedig_2024_thigh_18cm": "the 18 cm thigh equation of Wedig et al. (2024)",
    "wedig_2025_thigh_11_13_18cm": "the 11, 13 and 18 cm thigh equations of Wedig et al. (2025)",
    "spitz_2024_thigh_5cm": "the 5 cm thigh prediction tested by Spitz et al. (2024)",
}


def known_equation_names() -> frozenset[str]:
    """Return the identifiers that have words here."""
    return frozenset(_EQUATION_WORDS)


def equation_label(name: str | None) -> str:
    """Return an equation's name as people read it (never its identifier)."""
    return _EQUATION_WORDS.get(str(name), "a published equation")


def without_identifiers(text: str) -> str:
    """Return ``text`` with every equation identifier replaced by its readable name."""
    # Longest first, so that no identifier is replaced inside a longer one.
    for name in sorted(_EQUATION_WORDS, key=len, reverse=True):
        text = text.replace(name, _EQUATION_WORDS[name])
    return text
