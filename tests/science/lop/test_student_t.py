"""Student's t distribution against SciPy."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from occlusion.errors import InputError
from occlusion.science.lop.student_t import (
    student_t_quantile_975,
    student_t_two_sided_probability,
)


@pytest.mark.parametrize("degrees_of_freedom", [1, 2, 3, 4, 7, 10, 30, 46, 47, 138, 500])
def test_t_quantile_matches_scipy(degrees_of_freedom: int) -> None:
    assert student_t_quantile_975(degrees_of_freedom) == pytest.approx(
        stats.t.ppf(0.975, degrees_of_freedom), abs=1e-8
    )


@given(t_value=st.floats(0, 50), degrees_of_freedom=st.integers(1, 300))
def test_t_probability_matches_scipy(t_value: float, degrees_of_freedom: int) -> None:
    expected = stats.t.cdf(t_value, degrees_of_freedom) - stats.t.cdf(-t_value, degrees_of_freedom)
    assert student_t_two_sided_probability(t_value, degrees_of_freedom) == pytest.approx(
        expected, abs=1e-9
    )


def test_t_probability_rejects_zero_degrees_of_freedom() -> None:
    with pytest.raises(InputError):
        student_t_two_sided_probability(1.0, 0)
