"""API token keys: how they are made and hashed (only the digest is ever stored)."""

from __future__ import annotations

import hashlib
import secrets

#: Keys start with this, so that secret scanners and people can recognise them.
KEY_PREFIX = "alz_"
#: Characters of the key (after KEY_PREFIX) kept in clear to tell tokens apart.
SHOWN_CHARACTERS = 8


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def digest(key: str) -> str:
    """SHA-256 of the key: keys are 256 random bits, so a fast hash without salt is enough."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def shown_prefix(key: str) -> str:
    return key[: len(KEY_PREFIX) + SHOWN_CHARACTERS]
