"""Password hashing (Argon2id) and the strength check of new passwords (zxcvbn).

Hashes use argon2-cffi's ``PasswordHasher`` with RFC 9106 parameters.
The library's defaults follow RFC 9106's second recommended option (Argon2id, 64 MiB of memory,
3 passes, 4 lanes). Tests may pass a cheaper :class:`PasswordPolicy` so that hundreds of sign-ins
stay fast; the stored hash names its own parameters, so either kind verifies anywhere.

References
----------
Biryukov A, Dinu D, Khovratovich D, Josefsson S. RFC 9106: Argon2 Memory-Hard Function for
Password Hashing and Proof-of-Work Applications, 2021.
Wheeler DL. zxcvbn: Low-Budget Password Strength Estimation. 25th USENIX Security Symposium,
2016, 157-173.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from occlusion.errors import InputError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
#: Lowest zxcvbn score accepted (0-4; 3 is "safely unguessable", at least 10^8 guesses).
MIN_STRENGTH_SCORE = 3
#: zxcvbn looks at this many characters at most (the Python port refuses longer input, its run
#: time growing with the length; a longer pass-phrase is at least as strong as its beginning).
STRENGTH_CHECKED_CHARS = 72


@dataclass(frozen=True, slots=True)
class PasswordPolicy:
    """Argon2id cost parameters: time cost (passes), memory [KiB] and lanes."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 4

    def hasher(self) -> Any:
        """Return an argon2-cffi ``PasswordHasher`` (Argon2id) with these costs."""
        from argon2 import PasswordHasher, Type

        return PasswordHasher(
            time_cost=self.time_cost,
            memory_cost=self.memory_cost_kib,
            parallelism=self.parallelism,
            type=Type.ID,
        )


#: Cheap parameters for tests and the load benchmark's fixtures; never for real accounts.
TEST_POLICY = PasswordPolicy(time_cost=1, memory_cost_kib=8, parallelism=1)


def check_new_password(password: str, *, user_inputs: tuple[str, ...] = ()) -> None:
    """Refuse a password that is too short, absurdly long, common or otherwise easy to guess.

    The guess estimate is zxcvbn's (dictionaries of common passwords, names and words, keyboard
    patterns, repeats, sequences and dates), with ``user_inputs`` (the e-mail address and name)
    counted as known words. Long pass-phrases of ordinary words pass.

    Raises
    ------
    InputError
        ``password.length`` outside :data:`MIN_PASSWORD_LENGTH` to :data:`MAX_PASSWORD_LENGTH`
        characters, or ``password.weak`` with zxcvbn's ``score`` (0-4) below
        :data:`MIN_STRENGTH_SCORE`.
    """
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InputError(
            f"a password needs {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters",
            code="password.length",
            minimum=MIN_PASSWORD_LENGTH,
            maximum=MAX_PASSWORD_LENGTH,
        )
    from zxcvbn import zxcvbn

    words = [part for value in user_inputs for part in re.split(r"[^\w]+", value.lower()) if part]
    estimate = zxcvbn(password[:STRENGTH_CHECKED_CHARS], user_inputs=words[:20])
    if estimate["score"] < MIN_STRENGTH_SCORE:
        raise InputError(
            "this password is too easy to guess; a few unrelated words make a strong one",
            code="password.weak",
            score=int(estimate["score"]),
        )


def hash_password(password: str, policy: PasswordPolicy) -> str:
    """Return the Argon2id hash of ``password`` (PHC string with salt and parameters)."""
    return str(policy.hasher().hash(password))


def verify_password(stored_hash: str, password: str, policy: PasswordPolicy) -> bool:
    """Return whether ``password`` matches ``stored_hash``; never raises for a mismatch."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(policy.hasher().verify(stored_hash, password))
    except (VerificationError, InvalidHashError):
        return False
