import numpy as np
import pytest

from occlusion.errors import InputError
from occlusion.physiology.parameters import aop_spread
from occlusion.physiology.simulated_studies import WEDIG_2025_N, simulated_studies


def test_studies_lay_their_people_end_to_end_with_wedig_2025s_predictors() -> None:
    drawn = simulated_studies(WEDIG_2025_N, 20, seed=5)
    people = WEDIG_2025_N * 20
    assert drawn.cohort.size == people and drawn.predictors.shape == (people, 6)
    intercept, circumference, recorded_sbp, dbp, age, female = drawn.predictors.T
    assert np.all(intercept == 1.0)
    assert np.array_equal(circumference, drawn.cohort.circumference_cm)
    assert np.array_equal(dbp, drawn.cohort.dbp_mmhg)
    assert np.array_equal(age, drawn.cohort.age_years)
    assert set(np.unique(female)) <= {0.0, 1.0}
    # SBP as one reading records it: the true SBP plus one reading's error.
    error = recorded_sbp - drawn.cohort.sbp_mmhg
    assert error.std() == pytest.approx(aop_spread.SBP_READING_ERROR_SD_MMHG, rel=0.1)


def test_each_cuff_reads_with_its_own_error_and_the_same_seed_repeats() -> None:
    first = simulated_studies(WEDIG_2025_N, 10, seed=3)
    eleven, again = first.measured_mmhg(11.0), first.measured_mmhg(11.0)
    difference = eleven - again
    # Two readings of the same people differ by two independent errors.
    assert difference.std() == pytest.approx(
        np.sqrt(2.0) * aop_spread.MEASUREMENT_ERROR_SD_MMHG, rel=0.1
    )
    second = simulated_studies(WEDIG_2025_N, 10, seed=3)
    assert np.array_equal(second.predictors, first.predictors)
    assert np.array_equal(second.measured_mmhg(11.0), eleven)


@pytest.mark.parametrize(("study_size", "studies"), [(19, 10), (1001, 10), (116, 9), (116, 2001)])
def test_sizes_outside_the_checked_range_are_refused(study_size: int, studies: int) -> None:
    with pytest.raises(InputError):
        simulated_studies(study_size, studies, seed=1)
