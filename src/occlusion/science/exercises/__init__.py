"""The exercise catalogue: which limb each exercise works, so a plan restricts only that limb.

Public API
----------
:data:`CATALOGUE`, :class:`CatalogueExercise`
    The exercises this project knows, each naming the limb its restriction goes on.
:func:`find_exercise`
    The catalogue entry for a name a person typed (plurals, hyphens and case do not matter).
:func:`limbs_worked`
    The limbs a list of exercises works, in a stable order.

Modules outside this topic import from here, never from the modules inside it.
"""

from occlusion.science.exercises.catalogue import (
    CATALOGUE,
    EXERCISE_LIMB_POLICY,
    CatalogueExercise,
    find_exercise,
    limbs_worked,
    normalised_name,
)

__all__ = [
    "CATALOGUE",
    "EXERCISE_LIMB_POLICY",
    "CatalogueExercise",
    "find_exercise",
    "limbs_worked",
    "normalised_name",
]
