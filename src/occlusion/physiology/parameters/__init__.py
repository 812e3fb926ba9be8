"""Parameters of the limb model, one module per source.

Each module registers its source in :mod:`occlusion.evidence` and holds the numbers taken from
it (``verified``) or fitted to it (``derived``, with the calibration stated). Modelling choices
that no paper gives us live in :mod:`.model_choices` and are all labelled ``derived``.
"""
