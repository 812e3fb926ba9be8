"""Loenneke et al. 2012: cuff width and arterial occlusion pressure of the thigh.

Used to **calibrate** the cuff-to-artery transmission length (wide-cuff mean) and to **validate**
the model out of sample (narrow-cuff mean). The group's mean thigh circumference and blood
pressure were not read, so the calibration uses an assumed reference subject (see
:mod:`.model_choices`).
"""

from __future__ import annotations

from occlusion.science.lop import LOENNEKE_2012_PROTOCOL as REFERENCE

WIDE_CUFF_WIDTH_CM = 13.5
WIDE_CUFF_AOP_MEAN_MMHG = 144.0
WIDE_CUFF_AOP_SD_MMHG = 17.0
NARROW_CUFF_WIDTH_CM = 5.0
NARROW_CUFF_AOP_MEAN_MMHG = 235.0
NARROW_CUFF_AOP_SD_MMHG = 42.0

#: Transmission length per centimetre of arterial depth [cm/cm], **calibrated** so that the
#: reference thigh (55 cm, 120/70 mmHg, 1.5 cm fat, supine) occludes at 144 mmHg under a
#: 13.5 cm nylon cuff: k = 1 - exp(-13.5 / (alpha * depth)) = 120 / 144 with depth 5.127 cm,
#: i.e. alpha = 13.5 / (ln 6 * 5.1268). Recomputed by ``tests/physiology/test_transmission.py``.
TRANSMISSION_LENGTH_PER_DEPTH = 1.46964

__all__ = [
    "NARROW_CUFF_AOP_MEAN_MMHG",
    "NARROW_CUFF_AOP_SD_MMHG",
    "NARROW_CUFF_WIDTH_CM",
    "REFERENCE",
    "TRANSMISSION_LENGTH_PER_DEPTH",
    "WIDE_CUFF_AOP_MEAN_MMHG",
    "WIDE_CUFF_AOP_SD_MMHG",
    "WIDE_CUFF_WIDTH_CM",
]
