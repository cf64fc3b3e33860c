"""Encryption at rest of applicants' personal data (ID number, phone, address) and masking.

AES-256-GCM (``cryptography``). The key comes from the environment variable
``GONGKAI_DATA_KEY`` (base64 of 32 random bytes; ``GONGKAI_DATA_KEY_FILE`` also works, see
gongkai/env.py). Development and tests (``DEBUG`` or ``TESTING``) without the variable derive a
key from ``SECRET_KEY`` with HKDF, so a laptop works out of the box; anywhere else the first
encryption or decryption raises ``ImproperlyConfigured`` rather than store personal data under
a guessable key. Generate a key with ``python -c "import os,base64;print(base64.b64encode(os.urandom(32)).decode())"``.

A stored value is ``"v1:" + base64(nonce(12) || ciphertext || tag)``; the associated data
names the column, so a ciphertext copied into another column does not decrypt.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gongkai.env import env_str

__all__ = [
    "KEY_ENV",
    "DecryptionError",
    "decrypt",
    "digest",
    "digest_matches",
    "encrypt",
    "is_encrypted",
    "mask_address",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "reset_key_cache",
]

KEY_ENV = "GONGKAI_DATA_KEY"
PREFIX = "v1:"
NONCE_BYTES = 12


class DecryptionError(RuntimeError):
    """A stored value does not decrypt with the configured key (wrong key or tampered data)."""


@functools.cache
def _key() -> bytes:
    configured = env_str(KEY_ENV).strip()
    if configured:
        try:
            key = base64.b64decode(configured, validate=True)
        except binascii.Error as exc:
            raise ImproperlyConfigured(f"{KEY_ENV} is not valid base64") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"{KEY_ENV} must be 32 bytes (base64), got {len(key)}")
        return key
    if settings.DEBUG or getattr(settings, "TESTING", False):
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"gongkai.foi.data-key.dev"
        ).derive(settings.SECRET_KEY.encode("utf-8"))
    raise ImproperlyConfigured(
        f"{KEY_ENV} is not set: personal data of 依申请公开 applicants is encrypted at rest and "
        "production needs its own key (base64 of 32 random bytes)."
    )


def reset_key_cache() -> None:
    """Forget the key (tests that change the environment or settings)."""
    _key.cache_clear()
    _subkey.cache_clear()
    _aead.cache_clear()


@functools.cache
def _subkey(purpose: str) -> bytes:
    # Cached per process: HKDF per call was a measurable part of every 12345 intake (the API
    # key and phone digests); the cache is cleared with the key's.
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"gongkai.{purpose}".encode()
    ).derive(_key())


@functools.cache
def _aead() -> AESGCM:
    return AESGCM(_key())


def digest(value: str, *, purpose: str) -> str:
    """A keyed one-way digest (HMAC-SHA256) for secrets we only ever compare, like 查询码.

    Keyed from the data key, so a stolen database alone does not let anyone test guesses.
    """
    return hmac.new(_subkey(purpose), value.encode("utf-8"), hashlib.sha256).hexdigest()


def digest_matches(value: str, expected: str, *, purpose: str) -> bool:
    return hmac.compare_digest(digest(value, purpose=purpose), expected)


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX)


def encrypt(plaintext: str, *, aad: bytes = b"") -> str:
    nonce = os.urandom(NONCE_BYTES)
    sealed = _aead().encrypt(nonce, plaintext.encode("utf-8"), aad or None)
    return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str, *, aad: bytes = b"") -> str:
    if not is_encrypted(token):
        raise DecryptionError("not an encrypted value")
    try:
        raw = base64.b64decode(token[len(PREFIX) :], validate=True)
        nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
        return _aead().decrypt(nonce, sealed, aad or None).decode("utf-8")
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise DecryptionError(
            f"personal data does not decrypt: wrong {KEY_ENV} or altered data"
        ) from exc


# ------------------------------------------------------------------------------- masking


def mask_id_number(value: str) -> str:
    """340102199001011234 → 340102********1234 (region code and last four kept)."""
    value = (value or "").strip()
    n = len(value)
    if n == 0:
        return ""
    if n >= 11:
        return value[:6] + "*" * (n - 10) + value[-4:]
    if n > 4:
        return "*" * (n - 2) + value[-2:]
    return "*" * n


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678; other numbers keep their first three and last four."""
    value = re.sub(r"\s+", "", value or "")
    n = len(value)
    if n == 0:
        return ""
    if n >= 8:
        return value[:3] + "*" * (n - 7) + value[-4:]
    return "*" * (n - 2) + value[-2:] if n > 2 else "*" * n


# Province (or autonomous region), prefecture, county-level division.
_ADDRESS_HEAD = re.compile(
    r"^(?:[^省]{1,7}省|[^区]{1,10}自治区)?"
    r"(?:[^市州盟]{1,7}(?:市|自治州|州|盟|地区))?"
    r"[^县区市旗]{1,9}(?:自治县|县|区|市|旗)"
)


def mask_address(value: str) -> str:
    """安徽省六安市霍邱县城关镇…路12号 → 安徽省六安市霍邱县**** (down to the county level)."""
    value = (value or "").strip()
    if not value:
        return ""
    match = _ADDRESS_HEAD.match(value)
    if match:
        return match.group(0) + "****"
    return value[: min(3, len(value) // 2)] + "****"


def mask_name(value: str) -> str:
    """张三丰 → 张**; organisation names are not personal data and are not passed here."""
    value = (value or "").strip()
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)
