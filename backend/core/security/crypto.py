"""Symmetric encryption and keyed hashes for personal data at rest.

Keys come from configuration (`ID_ENCRYPTION_KEY`, `ID_HASH_KEY`); when unset they are derived from SECRET_KEY
with HKDF so a laptop works out of the box. Fernet (AES-128-CBC + HMAC-SHA256, random IV) from `cryptography`
rather than our own construction; keyed hashes are HMAC-SHA256 so equal values can be found without decrypting.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def _derive(secret: str, purpose: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode())
    return hkdf.derive(secret.encode())


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...], secret: str) -> MultiFernet:
    fernets = [Fernet(k.encode()) for k in keys if k]
    if not fernets:
        fernets = [Fernet(base64.urlsafe_b64encode(_derive(secret, "dogpass id encryption")))]
    return MultiFernet(fernets)


def _current_fernet() -> MultiFernet:
    # Comma-separated keys: the first encrypts, all decrypt (key rotation without a flag day).
    keys = tuple(k.strip() for k in current_app.config["ID_ENCRYPTION_KEY"].split(","))
    return _fernet(keys, current_app.config["SECRET_KEY"])


@lru_cache(maxsize=8)
def _hash_key(configured: str, secret: str) -> bytes:
    return configured.encode() if configured else _derive(secret, "dogpass lookup hash")


def encrypt(plaintext: str) -> str:
    return _current_fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current_fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong key or corrupted value") from exc


def keyed_hash(purpose: str, value: str) -> str:
    key = _hash_key(current_app.config["ID_HASH_KEY"], current_app.config["SECRET_KEY"])
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def random_code_hash(code: str) -> str:
    """For one-time codes (transfer, check-in): stored hashed so a database dump cannot use them."""
    return keyed_hash("one-time-code", code)
