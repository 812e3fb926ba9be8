"""Student's t distribution for integer degrees of freedom, without SciPy.

Prediction intervals of published regression equations need the 97.5th percentile of Student's
t on the fit's residual degrees of freedom. SciPy would add about half a second to the start of
the command line, so the distribution is computed here from its finite trigonometric series.
"""

from __future__ import annotations

import math

from occlusion.errors import InputError


def student_t_two_sided_probability(t_value: float, degrees_of_freedom: int) -> float:
    """Return ``P(|T| <= t)`` for Student's t with an integer number of degrees of freedom.

    Parameters
    ----------
    t_value
        Non-negative t statistic [-].
    degrees_of_freedom
        Degrees of freedom, a positive integer.

    Returns
    -------
    float
        The two-sided probability ``A(t | ν)`` in [0, 1].

    Notes
    -----
    Uses the finite trigonometric series for integer ν (Abramowitz & Stegun 26.7.3 and
    26.7.4) with ``θ = atan(t / sqrt(ν))``, so no special-function library is needed and the
    command line stays fast.

    References
    ----------
    .. [1] Abramowitz M, Stegun IA. Handbook of Mathematical Functions, 1964, §26.7.
    """
    if degrees_of_freedom < 1:
        raise InputError(
            f"degrees of freedom must be at least 1, got {degrees_of_freedom}",
            code="input.not-positive", what="degrees of freedom", value=degrees_of_freedom,
        )
    theta = math.atan(abs(t_value) / math.sqrt(degrees_of_freedom))
    cosine_squared = math.cos(theta) ** 2
    if degrees_of_freedom % 2 == 1:
        series = 0.0
        term = math.cos(theta)
        for index in range(1, (degrees_of_freedom - 1) // 2 + 1):
            series += term
            term *= cosine_squared * (2 * index) / (2 * index + 1)
        probability = 2.0 / math.pi * (theta + math.sin(theta) * series)
    else:
        series = 0.0
        term = 1.0
        for index in range(1, degrees_of_freedom // 2 + 1):
            series += term
            term *= cosine_squared * (2 * index - 1) / (2 * index)
        probability = math.sin(theta) * series
    return min(max(probability, 0.0), 1.0)


def student_t_quantile_975(degrees_of_freedom: int) -> float:
    """Return the 97.5th percentile of Student's t (the half-width factor of a 95 % interval).

    Parameters
    ----------
    degrees_of_freedom
        Degrees of freedom, a positive integer.

    Returns
    -------
    float
        ``t`` with ``P(|T| <= t) = 0.95`` [-], found by bisection to 1e-10.
    """
    low, high = 0.0, 1000.0
    while high - low > 1e-10:
        middle = (low + high) / 2.0
        if student_t_two_sided_probability(middle, degrees_of_freedom) < 0.95:
            low = middle
        else:
            high = middle
    return (low + high) / 2.0
