"""Buckner et al. 2017: nylon versus elastic narrow arm cuffs of the same width.

Used to **calibrate** the elastic-material transmission factor of the *arm* (ratio of the mean
AOPs). On the thigh, Loenneke et al. 2013 found no difference between 5 cm nylon and elastic
cuffs, so the thigh factor is 1 (see :mod:`.loenneke_2013`).
"""

from __future__ import annotations

from occlusion.science.lop import BUCKNER_2017 as REFERENCE

NYLON_AOP_MEAN_MMHG = 139.0
NYLON_AOP_SD_MMHG = 14.0
ELASTIC_AOP_MEAN_MMHG = 246.0
ELASTIC_AOP_SD_MMHG = 71.0

#: Share of the nylon cuff's deep transmission that an elastic cuff achieves on the arm [1],
#: **calibrated** as 139 / 246: occlusion pressure is inversely proportional to transmission.
ELASTIC_ARM_TRANSMISSION_FACTOR = NYLON_AOP_MEAN_MMHG / ELASTIC_AOP_MEAN_MMHG

__all__ = [
    "ELASTIC_AOP_MEAN_MMHG",
    "ELASTIC_AOP_SD_MMHG",
    "ELASTIC_ARM_TRANSMISSION_FACTOR",
    "NYLON_AOP_MEAN_MMHG",
    "NYLON_AOP_SD_MMHG",
    "REFERENCE",
]
