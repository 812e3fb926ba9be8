"""Password hashing with Argon2id (argon2-cffi's ``PasswordHasher``, RFC 9106 parameters).

The library's defaults follow RFC 9106's second recommended option (Argon2id, 64 MiB of memory,
3 passes, 4 lanes). Tests may pass a cheaper :class:`PasswordPolicy` so that hundreds of sign-ins
stay fast; the stored hash names its own parameters, so either kind verifies anywhere.

References
----------
Biryukov A, Dinu D, Khovratovich D, Josefsson S. RFC 9106: Argon2 Memory-Hard Function for
Password Hashing and Proof-of-Work Applications, 2021.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from occlusion.errors import InputError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024


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


def check_new_password(password: str) -> None:
    """Refuse a password that is too short or absurdly long.

    Raises
    ------
    InputError
        Fewer than :data:`MIN_PASSWORD_LENGTH` or more than :data:`MAX_PASSWORD_LENGTH` characters.
    """
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InputError(
            f"a password needs {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters"
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
