"""Opaque, time-ordered identifiers (ULID layout: 48-bit milliseconds + 80 random bits, Crockford base32).

Time order keeps B-tree inserts at the right edge and lets rows written in one millisecond sort in the order they
were made (the monotonic variant of the ULID spec: within a millisecond the random part counts up). Randomness keeps
ids unguessable to clients.
"""
import secrets
import threading
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_lock = threading.Lock()
_last = [0, 0]  # milliseconds, random part


def new_id() -> str:
    with _lock:
        now = int(time.time() * 1000)
        if now <= _last[0]:
            now, random_part = _last[0], _last[1] + 1 + secrets.randbelow(1 << 16)
        else:
            random_part = secrets.randbits(80)
        _last[0], _last[1] = now, random_part
    value = (now << 80) | (random_part & ((1 << 80) - 1))
    chars = []
    for _ in range(26):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))
