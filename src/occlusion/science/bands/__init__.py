"""Elastic wraps, floss bands and the pressure under a band.

Public API
----------
:func:`plan_wrap`, :func:`wrap_instructions`
    The stretch method: where to mark the wrap and how far to pull it for a target % LOP, and
    its steps in any unit system from the plan's centimetres.
:func:`perceived_tightness_guide`
    The fallback method: what 7/10 tightness means in mmHg and how little it repeats.
:func:`plan_floss`
    A timed floss-band application with overlap, stretch and a pressure bound.
:func:`laplace_pressure_mmhg`, :func:`estimate_band_pressure`
    Laplace's law: an upper bound for the pressure under a band of known tension.
:data:`BANDS`, :func:`get_band`
    The catalogue of bands with the widths and tension curves that were published.

Modules outside this topic import from here, never from the modules inside it.
"""

from occlusion.science.bands.catalogue import (
    ABE_2019,
    BANDS,
    DEFAULT_FLOSS_KEY,
    DEFAULT_WRAP_KEY,
    Band,
    TensionCurve,
    get_band,
)
from occlusion.science.bands.floss import FLOSS_SITES, FlossPlan, FlossSite, plan_floss
from occlusion.science.bands.laplace import (
    LaplaceEstimate,
    estimate_band_pressure,
    kgf_to_newtons,
    laplace_pressure_mmhg,
    layers_for_overlap,
)
from occlusion.science.bands.perceived_tightness import TightnessGuide, perceived_tightness_guide
from occlusion.science.bands.wraps import (
    CALIBRATED_LIMB,
    CALIBRATED_WIDTH_CM,
    WrapPlan,
    plan_wrap,
    stretch_pct_for_target,
    target_pct_lop_for_stretch,
    wrap_instructions,
)
from occlusion.science.cuff_materials import CUFF_TYPE_2013

__all__ = [
    "ABE_2019",
    "BANDS",
    "CALIBRATED_LIMB",
    "CALIBRATED_WIDTH_CM",
    "CUFF_TYPE_2013",
    "DEFAULT_FLOSS_KEY",
    "DEFAULT_WRAP_KEY",
    "FLOSS_SITES",
    "Band",
    "FlossPlan",
    "FlossSite",
    "LaplaceEstimate",
    "TensionCurve",
    "TightnessGuide",
    "WrapPlan",
    "estimate_band_pressure",
    "get_band",
    "kgf_to_newtons",
    "laplace_pressure_mmhg",
    "layers_for_overlap",
    "perceived_tightness_guide",
    "plan_floss",
    "plan_wrap",
    "stretch_pct_for_target",
    "target_pct_lop_for_stretch",
    "wrap_instructions",
]
