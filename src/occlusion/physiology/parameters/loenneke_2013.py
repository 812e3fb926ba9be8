"""Loenneke et al. 2013: 5 cm nylon and 5 cm elastic cuffs on the proximal thigh.

A paired comparison found **no difference** in arterial occlusion pressure, so the model's
elastic-material factor on the thigh is 1 (calibration: this target is not a validation).
The reference itself is registered by :mod:`occlusion.science.bands.catalogue`.
"""

from __future__ import annotations

from occlusion.science.bands import CUFF_TYPE_2013 as REFERENCE

#: Elastic / nylon deep-transmission ratio on the thigh [1]: no difference was found.
ELASTIC_THIGH_TRANSMISSION_FACTOR = 1.0

__all__ = ["ELASTIC_THIGH_TRANSMISSION_FACTOR", "REFERENCE"]
