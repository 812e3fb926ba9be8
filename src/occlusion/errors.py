"""One exception tree for the whole project.

::

    OcclusionError                      anything this package raises on purpose
    ├── InputError                      a user's value or file is invalid (CLI exit 2, web 4xx)
    │   └── OutOfRangeError             a value is valid but outside what a model covers
    ├── NotEstimableError               no published equation applies; measure instead
    ├── ScreeningBlockError             screening forbids a plan (exclude; refer, not cleared)
    ├── EvidenceError                   a citation key is unknown or registered twice
    ├── ModelError                      a simulation failed to converge or left its validity range
    ├── DeviceError                     a cuff or transport misbehaved
    │   ├── ProtocolError               a frame was malformed, truncated or replayed
    │   └── SafetyFault                 the safety layer deflated the cuff
    └── StoreError                      the training log cannot be read or written

Interfaces catch :class:`OcclusionError` and show its message as one line; anything else is a
bug and is allowed to surface as a traceback.
"""

from __future__ import annotations


class OcclusionError(Exception):
    """Base class of every error this package raises deliberately."""


class InputError(OcclusionError, ValueError):
    """A value or file supplied by a user is invalid."""


class OutOfRangeError(InputError):
    """A value is physically possible but outside what a model was built for."""


class NotEstimableError(OcclusionError):
    """No published equation applies to the request; the message says how to measure instead."""


class ScreeningBlockError(OcclusionError):
    """Pre-participation screening does not allow a plan to be written."""


class EvidenceError(OcclusionError):
    """A citation key is unknown, or two different references claim the same key."""


class ModelError(OcclusionError):
    """A simulation failed to converge or left the range its parameters were calibrated for."""


class DeviceError(OcclusionError):
    """A cuff, its firmware or a transport misbehaved."""


class ProtocolError(DeviceError):
    """A wire-protocol frame was malformed, truncated, replayed or otherwise not acceptable."""


class SafetyFault(DeviceError):
    """The safety layer detected a fault and deflated the cuff."""


class StoreError(OcclusionError):
    """The training log could not be read or written."""
