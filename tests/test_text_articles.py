"""The article before a number in a sentence ("an 11 cm cuff", "a 12 cm cuff")."""

from __future__ import annotations

import pytest

from occlusion.text import article_before_number


@pytest.mark.parametrize(
    ("number_text", "article"),
    [
        ("8", "an"),
        ("8.5", "an"),
        ("11", "an"),
        ("11.5 cm", "an"),
        ("18", "an"),
        ("80", "an"),
        ("850", "an"),
        ("11000", "an"),
        ("18,500", "an"),
        ("1", "a"),
        ("5", "a"),
        ("12", "a"),
        ("13", "a"),
        ("110", "a"),
        ("118", "a"),
        ("2.0 in (5.1 cm)", "a"),
        ("4.3 in (11 cm)", "a"),
    ],
)
def test_the_article_follows_how_the_number_is_spoken(number_text: str, article: str) -> None:
    assert article_before_number(number_text) == article
