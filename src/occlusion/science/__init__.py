"""Pure, cited science, by topic.

::

    prescription     a profile, screened, turned into a plan (uses every topic below)
    lop  bands  screening  loads
                     independent of each other
    protocols        protocols as data, % LOP targets, stop rules
    checks           plausibility checks shared by every topic
    cuff_materials   the cuff-material source both lop and bands cite

``lop``
    Limb occlusion pressure: published equations with prediction intervals, the manual
    measurement walk-through and the record of one LOP.
``bands``
    Elastic wraps (stretch method), perceived tightness, floss bands, Laplace's law.
``screening``
    The questionnaire, the policy and the decision that gates every plan.
``loads``
    One-repetition maximum and the loads a gym can make.
``protocols``
    Published protocols as data, the restriction budget, % LOP targets and stop rules.
``prescription``
    The profile and the plan.

Each topic is a package whose ``__init__`` lists its public API in ``__all__``; code outside
a topic imports from the package, never from the modules inside it (``tests/test_layers.py``).
The words every layer shares (limb, posture, material...) are in :mod:`occlusion.vocabulary`.

Nothing here does I/O or imports another layer of the project except :mod:`occlusion.errors`,
:mod:`occlusion.evidence`, :mod:`occlusion.units` and :mod:`occlusion.vocabulary`. Modules
avoid importing numpy or scipy at module level so that the command line starts quickly.
"""
