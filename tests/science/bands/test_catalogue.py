import json
from itertools import pairwise

import pytest

from occlusion.errors import InputError, OutOfRangeError
from occlusion.evidence import get
from occlusion.science.bands.catalogue import (
    BAND_KEYS,
    BAND_KINDS,
    BANDS,
    DEFAULT_FLOSS_KEY,
    DEFAULT_WRAP_KEY,
    TensionCurve,
    get_band,
)

# Cheatham & Baker 2020 (J Sport Rehabil 29:377), mean stretch force [N] at 25-150 % elongation
ROCKFLOSS_5CM = {25: 13.53, 50: 24.57, 75: 36.18, 100: 45.89, 125: 54.68, 150: 62.54}
ROCKFLOSS_10CM = {25: 16.70, 50: 31.90, 75: 47.45, 100: 57.75, 125: 69.02, 150: 81.10}


@pytest.mark.parametrize(
    ("key", "published"), [("floss-band-5cm", ROCKFLOSS_5CM), ("floss-band-10cm", ROCKFLOSS_10CM)]
)
def test_floss_band_tension_reproduces_the_published_points(
    key: str, published: dict[int, float]
) -> None:
    band = get_band(key)
    for elongation, tension in published.items():
        assert band.tension_at(elongation) == pytest.approx(tension, abs=1e-12)


def test_tension_is_linear_between_points_and_not_extrapolated() -> None:
    band = get_band("floss-band-5cm")
    assert band.tension_at(37.5) == pytest.approx((13.53 + 24.57) / 2)
    with pytest.raises(OutOfRangeError):
        band.tension_at(20.0)
    with pytest.raises(OutOfRangeError):
        band.tension_at(151.0)


def test_no_band_stiffness_is_invented() -> None:
    # only bands with a published force-elongation measurement carry a curve
    with_curve = {band.key for band in BANDS if band.tension_curve is not None}
    assert with_curve == {"floss-band-5cm", "floss-band-10cm"}
    assert get_band("elastic-knee-wrap").tension_at(15.0) is None
    assert get_band("elastic-knee-wrap").width_cm is None
    assert get_band("elastic-knee-wrap").typical_length_cm is None


def test_every_band_is_well_formed_and_cited() -> None:
    assert len(BAND_KEYS) == len(set(BAND_KEYS))
    for band in BANDS:
        assert band.kind in BAND_KINDS
        for key in band.references:
            assert get(key).status in {"verified", "verified-secondary"}
        if band.tension_curve is not None:
            get(band.tension_curve.reference_key)
            tensions = band.tension_curve.tension_n
            assert all(b > a for a, b in pairwise(tensions))
        json.dumps(band.as_dict())


def test_sourced_dimensions() -> None:
    assert get_band("nylon-cuff-5cm").width_cm == 5.0
    assert get_band("nylon-cuff-5cm").typical_length_cm == 83.0
    assert not get_band("nylon-cuff-5cm").stretchable
    assert get_band("elastic-bfr-band").width_cm == 5.0
    assert get_band(DEFAULT_FLOSS_KEY).width_cm == 5.08
    assert get_band(DEFAULT_WRAP_KEY).kind == "elastic knee wrap"


def test_unknown_band_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match="choose one of"):
        get_band("bungee")


def test_tension_curve_validates_its_points() -> None:
    with pytest.raises(ValueError):
        TensionCurve(elongation_pct=(10.0,), tension_n=(1.0,), reference_key="x")
    with pytest.raises(ValueError):
        TensionCurve(elongation_pct=(10.0, 5.0), tension_n=(1.0, 2.0), reference_key="x")
