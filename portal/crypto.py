"""Password hashing and the sealing of staff private keys (no Flask here).

Argon2id runs are memory-hard (64 MiB each), so they are bounded per process: a burst of
logins or code checks queues instead of exhausting memory. The bound is ONE at a time: with
cryptography 50 two overlapping Argon2id derivations in one process hang for good or fail with
a spurious MemoryError (both compete for OpenSSL's process-wide thread pool, sized to the CPU
count, for their 4 lanes; measured by bench/reports.py). Parallelism comes from gunicorn's
worker processes instead.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager

from cryptography.exceptions import InvalidKey, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_ITERATIONS = 3
ARGON2_LANES = 4
MAX_CONCURRENT_KDF = 1

_kdf_slots = threading.BoundedSemaphore(MAX_CONCURRENT_KDF)

SEALED_KEY_VERSION = 1
_SEALED_KEY_AD = b"portal/staff-private-key/v1"


@contextmanager
def kdf_slot():
    with _kdf_slots:
        yield


def _argon2id(salt: bytes, secret: bytes | None = None) -> Argon2id:
    return Argon2id(
        salt=salt,
        length=32,
        iterations=ARGON2_ITERATIONS,
        lanes=ARGON2_LANES,
        memory_cost=ARGON2_MEMORY_KIB,
        secret=secret,
    )


def hash_password(password: str) -> str:
    """An Argon2id PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash)."""
    with kdf_slot():
        return _argon2id(os.urandom(16)).derive_phc_encoded(password.encode())


def verify_password(phc: str, password: str) -> bool:
    with kdf_slot():
        try:
            Argon2id.verify_phc_encoded(password.encode(), phc)
        except InvalidKey:
            return False
    return True


class SealedKeyError(ValueError):
    """The sealed key could not be opened: wrong password or damaged record."""


def _password_key(password: str, salt: bytes) -> bytes:
    with kdf_slot():
        return _argon2id(salt).derive(password.encode())


def seal_private_key(private_key: X25519PrivateKey, password: str) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    raw = private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    ciphertext = AESGCM(_password_key(password, salt)).encrypt(nonce, raw, _SEALED_KEY_AD)
    return bytes([SEALED_KEY_VERSION]) + salt + nonce + ciphertext


def open_private_key(sealed: bytes, password: str) -> X25519PrivateKey:
    if not sealed or sealed[0] != SEALED_KEY_VERSION:
        raise SealedKeyError("unknown sealed key format")
    salt, nonce, ciphertext = sealed[1:17], sealed[17:29], sealed[29:]
    try:
        raw = AESGCM(_password_key(password, salt)).decrypt(nonce, ciphertext, _SEALED_KEY_AD)
    except InvalidTag as exc:
        raise SealedKeyError("wrong password or damaged key") from exc
    return X25519PrivateKey.from_private_bytes(raw)


def new_staff_keypair(password: str) -> tuple[bytes, bytes]:
    """A fresh X25519 key pair: (raw public key, private key sealed under the password)."""
    private_key = X25519PrivateKey.generate()
    public = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return public, seal_private_key(private_key, password)
