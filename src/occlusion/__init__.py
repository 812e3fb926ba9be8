"""Occlusion: open, evidence-based blood-flow-restriction (occlusion) training.

Occlusion is **not a medical device**. Its estimates and plans are educational and must be
checked with a clinician before anyone with a health condition restricts blood flow.

The package is layered (see ``docs/architecture.md``): ``science`` holds pure, cited equations
and rules; ``physiology`` simulates a limb under a band; ``device`` controls a pneumatic cuff;
``sessions``, ``store`` and ``services`` run and keep the training; the interfaces (``cli``,
``web``) hold no business logic. The words every layer shares are in ``vocabulary``.
"""

__version__ = "0.1.0"

NOT_A_MEDICAL_DEVICE = (
    "Occlusion is not a medical device. Its estimates carry real uncertainty; check with a "
    "clinician before blood-flow-restriction training if you have any health condition, and "
    "stop at once on numbness, dizziness, sharp pain or discomfort above 7/10."
)
