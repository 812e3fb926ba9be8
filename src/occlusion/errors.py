"""One exception tree for the whole project.

::

    OcclusionError                      anything this package raises on purpose
    ├── InputError                      a user's value or file is invalid (CLI exit 2, web 4xx)
    │   ├── OutOfRangeError             a value is valid but outside what a model covers
    │   ├── SignInError                 wrong e-mail or password, or a locked account
    │   ├── TooManyAttempts             too many attempts from one address in a window
    │   └── RecordNotFound              no such record, or none this account may open
    ├── AccessDenied                    the signed-in account may not do this
    ├── NotSignedIn                     the action needs a signed-in account
    ├── NotEstimableError               no published equation applies; measure instead
    ├── ScreeningBlockError             screening forbids a plan (exclude; refer, not cleared)
    ├── EvidenceError                   a citation key is unknown or registered twice
    ├── ModelError                      a simulation failed to converge or left its validity range
    ├── DeviceError                     a cuff or transport misbehaved
    │   ├── ProtocolError               a frame was malformed, truncated or replayed
    │   └── SafetyFault                 the safety layer deflated the cuff
    └── StoreError                      the training log cannot be read or written

Every error carries a stable :attr:`~OcclusionError.code` (``unknown-choice``,
``lop.not-estimable.narrow-thigh-cuff``...) and the :attr:`~OcclusionError.fields` it is about.
The message is a plain default in English that names no command, option or page; each interface
renders the code and fields in the words and next step that fit its own user, and falls back to
the message. Interfaces catch :class:`OcclusionError` and show it as one line; anything else is a
bug and is allowed to surface as a traceback.
"""

from __future__ import annotations

from typing import Any, ClassVar


class OcclusionError(Exception):
    """Base class of every error this package raises deliberately.

    Parameters
    ----------
    message
        The default wording, for logs and the Python API.
    code
        Stable identifier interfaces render from; defaults to the class's :attr:`default_code`.
    **fields
        The values the error is about (``what="limb"``, ``value="leg"``).
    """

    default_code: ClassVar[str] = "error"

    def __init__(self, message: str = "", /, *, code: str | None = None, **fields: Any) -> None:
        super().__init__(message)
        self.code: str = code or self.default_code
        self.fields: dict[str, Any] = fields

    @property
    def message(self) -> str:
        """Return the default wording."""
        return str(self)


class InputError(OcclusionError, ValueError):
    """A value or file supplied by a user is invalid."""

    default_code = "input.invalid"


class OutOfRangeError(InputError):
    """A value is physically possible but outside what a model was built for."""

    default_code = "input.out-of-range"


class SignInError(InputError):
    """Wrong e-mail address or password, or a locked account."""

    default_code = "account.sign-in-refused"


class TooManyAttempts(InputError):
    """Too many attempts (sign-in, sign-up, password checks) from one client address in a window.

    Parameters
    ----------
    retry_after_s
        When the client may try again [s].
    """

    default_code = "too-many-attempts"

    def __init__(
        self, message: str = "", /, *, retry_after_s: float, code: str | None = None, **fields: Any
    ) -> None:
        super().__init__(message, code=code, retry_after_s=retry_after_s, **fields)
        self.retry_after_s = retry_after_s


class RecordNotFound(InputError):
    """No record with this id that the account may open (strangers learn nothing more)."""

    default_code = "record.not-found"


class AccessDenied(OcclusionError):
    """The signed-in account may not do this."""

    default_code = "account.access-denied"


class NotSignedIn(OcclusionError):
    """The action needs a signed-in account."""

    default_code = "account.not-signed-in"


class NotEstimableError(OcclusionError):
    """No published equation applies to the request; the message says how to measure instead."""

    default_code = "not-estimable"


class ScreeningBlockError(OcclusionError):
    """Pre-participation screening does not allow a plan to be written."""

    default_code = "screening.blocked"


class EvidenceError(OcclusionError):
    """A citation key is unknown, or two different references claim the same key."""

    default_code = "evidence"


class ModelError(OcclusionError):
    """A simulation failed to converge or left the range its parameters were calibrated for."""

    default_code = "model"


class DeviceError(OcclusionError):
    """A cuff, its firmware or a transport misbehaved."""

    default_code = "device"


class ProtocolError(DeviceError):
    """A wire-protocol frame was malformed, truncated, replayed or otherwise not acceptable."""

    default_code = "device.protocol"


class SafetyFault(DeviceError):
    """The safety layer detected a fault and deflated the cuff."""

    default_code = "device.safety-fault"


class StoreError(OcclusionError):
    """The training log could not be read or written."""

    default_code = "store"
