"""Pure, cited science: occlusion-pressure equations, wraps, protocols, loads, screening, plans.

Nothing here does I/O or imports another layer of the project except :mod:`occlusion.errors`
and :mod:`occlusion.evidence`. Modules avoid importing numpy or scipy at module level so that
the command line starts quickly.
"""
