"""Spitz et al. 2024: the highest cuff pressure a published occlusion-pressure study applied.

With a 5 cm cuff on the thigh some people's arterial occlusion pressure was above 600 mmHg; the
study's device could generate up to 907 mmHg (abstract, read on the authors' institutional
repository). The simulator therefore accepts cuff pressures up to 907 mmHg, and a model
occlusion pressure above that is refused as beyond any pressure at which occlusion has been
measured in people (the model would be extrapolating past every observation).
"""

from __future__ import annotations

from occlusion.science.lop import SPITZ_2024 as REFERENCE

#: Highest cuff pressure applied in a published human occlusion-pressure study [mmHg].
MAX_STUDIED_CUFF_PRESSURE_MMHG = 907.0
#: Highest occlusion pressure the same study reports having measured, as a lower bound [mmHg]
#: ("AOP over 600 mmHg with a 5 cm cuff").
MEASURED_AOP_ABOVE_MMHG = 600.0

__all__ = ["MAX_STUDIED_CUFF_PRESSURE_MMHG", "MEASURED_AOP_ABOVE_MMHG", "REFERENCE"]
