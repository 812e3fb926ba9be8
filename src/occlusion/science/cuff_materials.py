"""Evidence on cuff materials shared by the ``lop`` and ``bands`` topics.

Those topics may not import each other, so the source both cite lives here, below them.
"""

from __future__ import annotations

from occlusion.evidence import Reference, register

CUFF_TYPE_2013 = register(
    Reference(
        key="loenneke_2013_cuff_type",
        citation=(
            "Loenneke JP, Thiebaud RS, Fahs CA, Rossow LM, Abe T, Bemben MG. Effect of cuff "
            "type on arterial occlusion. Clin Physiol Funct Imaging. 2013;33(4):325-327."
        ),
        status="verified",
        doi="10.1111/cpf.12035",
        url="https://www.pubmed.gov/23692624/",
        note=(
            "Pneumatic nylon 5 x 83 cm and elastic 5 x 135 cm cuffs on the proximal thigh gave "
            "no different arterial occlusion pressure."
        ),
    )
)

__all__ = ["CUFF_TYPE_2013"]
