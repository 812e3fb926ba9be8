"""P-R2w's outcome across simulated studies of Wedig 2025's size."""

from __future__ import annotations

import pytest

from occlusion.errors import OutOfRangeError
from occlusion.physiology.aop_variance_sampling import (
    WEDIG_2025_N,
    share_difference_in_studies,
)


def test_the_model_rarely_gives_the_published_order_in_a_study_of_116() -> None:
    # P-R2w's explanation: 11 cm minus 18 cm share -0.10 (SD 0.04); narrower above wider in
    # under 2 % of 1000 studies of 116 people.
    result = share_difference_in_studies(11.0, 18.0)
    assert result.studies == 1000
    assert result.mean == pytest.approx(-0.104, abs=0.005)
    assert result.sd == pytest.approx(0.043, abs=0.005)
    assert result.narrow_above_fraction < 0.02
    # Wedig's range read with the narrowest cuff at its top (70 % vs 60 %) is over 4 SD away.
    assert (0.10 - result.mean) / result.sd > 4.0


def test_a_study_of_twenty_cannot_tell_13_from_18_cm() -> None:
    # Brown 2018 (20 athletes, other predictors): 78 % at 13 cm and 79 % at 18 cm, a difference
    # of -0.01, within one SD of the model's -0.05 (SD 0.10) in studies of that size.
    result = share_difference_in_studies(13.0, 18.0, study_size=20, studies=300)
    assert result.mean == pytest.approx(-0.05, abs=0.01)
    assert result.sd == pytest.approx(0.10, abs=0.01)
    assert abs(-0.01 - result.mean) < result.sd


def test_larger_studies_vary_less() -> None:
    small = share_difference_in_studies(11.0, 18.0, study_size=WEDIG_2025_N, studies=100)
    large = share_difference_in_studies(11.0, 18.0, study_size=1000, studies=100)
    assert large.sd < 0.5 * small.sd


@pytest.mark.parametrize(("size", "studies"), [(5, 100), (116, 3)])
def test_implausible_sizes_are_refused(size: int, studies: int) -> None:
    with pytest.raises(OutOfRangeError):
        share_difference_in_studies(11.0, 18.0, study_size=size, studies=studies)
