"""Envelope encryption of reports (no Flask here; `cryptography` only).

Every report has a random 32-byte data key. Fields are sealed with AES-256-GCM under it, with
the report id and the field name as associated data, so a sealed value cannot be moved to
another report or another column. Attachments are sealed in chunks whose associated data names
the report, the attachment, the chunk index and whether it is the last chunk, so reordering,
dropping, truncating or extending a file is detected.

The data key is wrapped to X25519 public keys (staff, the offline recovery key) with an
ephemeral key + HKDF-SHA256 + AES-GCM, and to the reporter with a symmetric key derived from
the tracking code. The `context` of a wrap (e.g. b"portal/report/42/data-key") binds it to one
report and one purpose.

Proofs of submission are Ed25519-signed text tokens.

Every failure to open, unwrap or verify raises EnvelopeError; the message never contains key
material or plaintext.
"""
from __future__ import annotations

import base64
import binascii
import json
import os
import struct
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from cryptography.exceptions import InvalidSignature, InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
X25519_BYTES = 32

FIELD_VERSION = 1
CHUNK_VERSION = 1
PUBLIC_WRAP_VERSION = 1
KEY_WRAP_VERSION = 1
RECEIPT_VERSION = "v1"

DEFAULT_CHUNK_SIZE = 64 * 1024
# read_sealed_file refuses frames longer than this (a damaged length prefix must not make it
# allocate gigabytes).
MAX_FRAME_BYTES = 16 * 1024 * 1024 + 64
_FRAME_HEADER = struct.Struct(">I")
_CHUNK_HEADER_BYTES = 2 + NONCE_BYTES  # version, final flag, nonce
_FINAL, _NOT_FINAL = 1, 0

_RECEIPT_DOMAIN = b"portal/receipt/v1\n"
MAX_DIGEST_BYTES = 64


class EnvelopeError(ValueError):
    """A sealed value, wrapped key or receipt could not be opened or verified: wrong key,
    wrong report/field/context, or damaged or altered data."""


# ----------------------------------------------------------------------------------- checks


def _check_key(key: bytes, name: str = "key") -> None:
    if not isinstance(key, bytes) or len(key) != KEY_BYTES:
        raise ValueError(f"{name} must be {KEY_BYTES} bytes")


def _check_id(value: int, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int")


def _check_context(context: bytes) -> None:
    if not isinstance(context, bytes) or not context:
        raise ValueError("context must be non-empty bytes")


# ----------------------------------------------------------------------------------- fields


def new_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


SUBJECTS = frozenset({"report", "hotline-order", "supervisor", "observation", "reward"})


def _check_subject(subject: str) -> None:
    if subject not in SUBJECTS:
        raise ValueError(f"subject must be one of {sorted(SUBJECTS)}")


def _field_ad(report_id: int, field: str, subject: str = "report") -> bytes:
    _check_id(report_id, "report_id")
    if not isinstance(field, str) or not field:
        raise ValueError("field must be a non-empty str")
    _check_subject(subject)
    return f"portal/{subject}/{report_id}/{field}".encode()


def seal_field(key: bytes, report_id: int, field: str, plaintext: bytes, subject: str = "report") -> bytes:
    """version (1) || nonce (12) || AES-256-GCM ciphertext and tag. The associated data binds
    the ciphertext to its record (`subject` and id: a report, a hotline order) and field."""
    _check_key(key)
    if not isinstance(plaintext, bytes):
        raise TypeError("plaintext must be bytes")
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext, _field_ad(report_id, field, subject))
    return bytes([FIELD_VERSION]) + nonce + ciphertext


def open_field(key: bytes, report_id: int, field: str, blob: bytes, subject: str = "report") -> bytes:
    _check_key(key)
    ad = _field_ad(report_id, field, subject)
    if not isinstance(blob, bytes) or len(blob) < 1 + NONCE_BYTES + TAG_BYTES:
        raise EnvelopeError("sealed field too short")
    if blob[0] != FIELD_VERSION:
        raise EnvelopeError("unknown sealed field version")
    try:
        return AESGCM(key).decrypt(blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :], ad)
    except InvalidTag:
        raise EnvelopeError("sealed field does not open: wrong key, report, field, or altered") from None


def seal_json(key: bytes, record_id: int, field: str, value, subject: str = "report") -> bytes:
    """`value` as UTF-8 JSON, sealed like any field."""
    return seal_field(key, record_id, field, json.dumps(value, ensure_ascii=False).encode(), subject)


def open_json(key: bytes, record_id: int, field: str, blob: bytes, subject: str = "report"):
    return json.loads(open_field(key, record_id, field, blob, subject))


# ----------------------------------------------------------------------------------- chunks


def _chunk_ad(report_id: int, attachment_id: int, index: int, final: int, subject: str = "report") -> bytes:
    _check_subject(subject)
    return f"portal/{subject}/{report_id}/attachment/{attachment_id}/chunk/{index}/final/{final}".encode()


def seal_chunks(key: bytes, report_id: int, attachment_id: int, chunks: Iterable[bytes],
                subject: str = "report") -> Iterator[bytes]:
    """One sealed chunk per input chunk: version || final flag || nonce || ciphertext.

    The last sealed chunk is flagged final (an empty input yields one empty final chunk), so a
    stream that ends without its final chunk, or goes on after it, does not open."""
    _check_key(key)
    _check_id(report_id, "report_id")
    _check_id(attachment_id, "attachment_id")
    return _seal_chunks(AESGCM(key), report_id, attachment_id, chunks, subject)


def _seal_chunks(aead: AESGCM, report_id: int, attachment_id: int, chunks: Iterable[bytes],
                 subject: str = "report") -> Iterator[bytes]:
    def seal(index: int, data: bytes, final: int) -> bytes:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("chunks must be bytes")
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = aead.encrypt(nonce, bytes(data), _chunk_ad(report_id, attachment_id, index, final, subject))
        return bytes([CHUNK_VERSION, final]) + nonce + ciphertext

    index, pending = 0, None
    for chunk in chunks:
        if pending is not None:
            yield seal(index, pending, _NOT_FINAL)
            index += 1
        pending = chunk
    yield seal(index, pending if pending is not None else b"", _FINAL)


def open_chunks(
    key: bytes, report_id: int, attachment_id: int, sealed_chunks: Iterable[bytes], subject: str = "report"
) -> Iterator[bytes]:
    """The plaintext chunks, each authenticated before it is yielded.

    A truncated stream is only detected when the input ends, so a caller that streams the
    output onward must treat it as incomplete until this generator finishes without error
    (read_sealed_file collects everything first)."""
    _check_key(key)
    _check_id(report_id, "report_id")
    _check_id(attachment_id, "attachment_id")
    return _open_chunks(AESGCM(key), report_id, attachment_id, sealed_chunks, subject)


def _open_chunks(
    aead: AESGCM, report_id: int, attachment_id: int, sealed_chunks: Iterable[bytes], subject: str = "report"
) -> Iterator[bytes]:
    index, finished = 0, False
    for blob in sealed_chunks:
        if finished:
            raise EnvelopeError("data after the final chunk")
        if not isinstance(blob, bytes) or len(blob) < _CHUNK_HEADER_BYTES + TAG_BYTES:
            raise EnvelopeError("sealed chunk too short")
        if blob[0] != CHUNK_VERSION or blob[1] not in (_FINAL, _NOT_FINAL):
            raise EnvelopeError("unknown sealed chunk format")
        final = blob[1]
        try:
            plaintext = aead.decrypt(
                blob[2:_CHUNK_HEADER_BYTES],
                blob[_CHUNK_HEADER_BYTES:],
                _chunk_ad(report_id, attachment_id, index, final, subject),
            )
        except InvalidTag:
            raise EnvelopeError(
                f"chunk {index} does not open: wrong key, attachment, order, or altered"
            ) from None
        finished = final == _FINAL
        index += 1
        yield plaintext
    if not finished:
        raise EnvelopeError("sealed attachment is truncated (no final chunk)")


def _frames(data: bytes, chunk_size: int) -> Iterator[bytes]:
    for start in range(0, len(data), chunk_size):
        yield data[start : start + chunk_size]


def write_sealed_file(
    path: str | os.PathLike,
    key: bytes,
    report_id: int,
    attachment_id: int,
    data: bytes,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    subject: str = "report",
) -> None:
    """Seal `data` into `path`: a sequence of frames, each a 4-byte big-endian length and one
    sealed chunk. Written to a temporary file in the same folder (mode 0600), synced, then
    renamed over `path`, so a crash never leaves a half-written file under the final name."""
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or not 0 < chunk_size <= MAX_FRAME_BYTES - 64:
        raise ValueError("chunk_size out of range")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("data must be bytes")
    target = Path(path)
    sealed = seal_chunks(key, report_id, attachment_id, _frames(bytes(data), chunk_size), subject)
    handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=f".{target.name}.", delete=False)
    try:
        with handle:
            for blob in sealed:
                handle.write(_FRAME_HEADER.pack(len(blob)))
                handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        try:
            os.unlink(handle.name)
        except FileNotFoundError:
            pass
        raise


def _read_frames(stream: BinaryIO) -> Iterator[bytes]:
    while True:
        header = stream.read(_FRAME_HEADER.size)
        if not header:
            return
        if len(header) != _FRAME_HEADER.size:
            raise EnvelopeError("sealed file ends inside a frame header")
        (length,) = _FRAME_HEADER.unpack(header)
        if length > MAX_FRAME_BYTES:
            raise EnvelopeError("sealed file has an oversized frame")
        blob = stream.read(length)
        if len(blob) != length:
            raise EnvelopeError("sealed file ends inside a frame")
        yield blob


def read_sealed_file(path: str | os.PathLike, key: bytes, report_id: int, attachment_id: int,
                     subject: str = "report") -> bytes:
    """The whole plaintext, returned only once every chunk and the final flag have verified."""
    with open(path, "rb") as stream:
        return b"".join(open_chunks(key, report_id, attachment_id, _read_frames(stream), subject))


# ----------------------------------------------------------------------------- key wrapping


def _raw_public(public_key: X25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _wrap_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes, context: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral_public + recipient_public, info=context
    ).derive(shared)


def wrap_to_public_key(data_key: bytes, recipient_public: bytes, context: bytes) -> bytes:
    """version (1) || ephemeral X25519 public (32) || nonce (12) || AES-GCM(data key) (48)."""
    _check_key(data_key, "data_key")
    _check_context(context)
    if not isinstance(recipient_public, bytes) or len(recipient_public) != X25519_BYTES:
        raise ValueError("recipient_public must be a raw 32-byte X25519 public key")
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral.public_key())
    try:
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    except ValueError:  # a low-order point gives an all-zero secret, which cryptography refuses
        raise ValueError("recipient_public is not a usable X25519 public key") from None
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(_wrap_key(shared, ephemeral_public, recipient_public, context)).encrypt(
        nonce, data_key, context
    )
    return bytes([PUBLIC_WRAP_VERSION]) + ephemeral_public + nonce + ciphertext


def unwrap_with_private_key(blob: bytes, private_key: X25519PrivateKey, context: bytes) -> bytes:
    _check_context(context)
    if not isinstance(private_key, X25519PrivateKey):
        raise TypeError("private_key must be an X25519PrivateKey")
    if not isinstance(blob, bytes) or len(blob) != 1 + X25519_BYTES + NONCE_BYTES + KEY_BYTES + TAG_BYTES:
        raise EnvelopeError("wrapped key has the wrong length")
    if blob[0] != PUBLIC_WRAP_VERSION:
        raise EnvelopeError("unknown wrapped key version")
    ephemeral_public = blob[1 : 1 + X25519_BYTES]
    nonce = blob[1 + X25519_BYTES : 1 + X25519_BYTES + NONCE_BYTES]
    ciphertext = blob[1 + X25519_BYTES + NONCE_BYTES :]
    try:
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError:
        raise EnvelopeError("wrapped key has an unusable ephemeral key") from None
    recipient_public = _raw_public(private_key.public_key())
    try:
        return AESGCM(_wrap_key(shared, ephemeral_public, recipient_public, context)).decrypt(
            nonce, ciphertext, context
        )
    except InvalidTag:
        raise EnvelopeError("wrapped key does not open: wrong private key or context, or altered") from None


def wrap_with_key(data_key: bytes, wrapping_key: bytes, context: bytes) -> bytes:
    """version (1) || nonce (12) || AES-GCM(data key) (48), associated data = context."""
    _check_key(data_key, "data_key")
    _check_key(wrapping_key, "wrapping_key")
    _check_context(context)
    nonce = os.urandom(NONCE_BYTES)
    return bytes([KEY_WRAP_VERSION]) + nonce + AESGCM(wrapping_key).encrypt(nonce, data_key, context)


def unwrap_with_key(blob: bytes, wrapping_key: bytes, context: bytes) -> bytes:
    _check_key(wrapping_key, "wrapping_key")
    _check_context(context)
    if not isinstance(blob, bytes) or len(blob) != 1 + NONCE_BYTES + KEY_BYTES + TAG_BYTES:
        raise EnvelopeError("wrapped key has the wrong length")
    if blob[0] != KEY_WRAP_VERSION:
        raise EnvelopeError("unknown wrapped key version")
    try:
        return AESGCM(wrapping_key).decrypt(blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :], context)
    except InvalidTag:
        raise EnvelopeError("wrapped key does not open: wrong key or context, or altered") from None


# ----------------------------------------------------------------------------- recovery key


def generate_recovery_keypair() -> tuple[bytes, bytes]:
    """(raw 32-byte X25519 public key, unencrypted PKCS8 PEM private key).

    The PEM is meant to be written once to removable media and kept offline; only the public
    key goes into the portal's configuration."""
    private_key = X25519PrivateKey.generate()
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return _raw_public(private_key.public_key()), pem


def load_recovery_private_key(pem: bytes, password: bytes | None = None) -> X25519PrivateKey:
    """The X25519 private key in a PKCS8 PEM (encrypted PEMs need `password`)."""
    try:
        private_key = serialization.load_pem_private_key(pem, password=password)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise EnvelopeError(f"not a usable PEM private key ({error.__class__.__name__})") from None
    if not isinstance(private_key, X25519PrivateKey):
        raise EnvelopeError("the PEM holds a private key that is not X25519")
    return private_key


# ---------------------------------------------------------------------------------- receipts


@dataclass(frozen=True)
class Receipt:
    digest: bytes
    submitted_at: str  # exactly the ISO 8601 text that was signed

    @property
    def submitted_at_datetime(self) -> datetime:
        return datetime.fromisoformat(self.submitted_at)


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    """Strict unpadded URL-safe base64: only canonical encodings decode."""
    if not text or not text.isascii() or "=" in text:
        raise EnvelopeError("bad base64 in receipt")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise EnvelopeError("bad base64 in receipt") from None
    if _b64encode(data) != text:
        raise EnvelopeError("bad base64 in receipt")
    return data


def _check_time(submitted_at_iso: str) -> None:
    if (
        not isinstance(submitted_at_iso, str)
        or not submitted_at_iso.isascii()
        or any(c.isspace() for c in submitted_at_iso)
    ):
        raise ValueError("submitted_at_iso must be ISO 8601 text without spaces")
    try:
        moment = datetime.fromisoformat(submitted_at_iso)
    except ValueError:
        raise ValueError("submitted_at_iso must be ISO 8601 text") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("submitted_at_iso must carry a UTC offset")


def new_signing_key() -> bytes:
    """A fresh Ed25519 private key, raw 32 bytes."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def signing_public_key(signing_key_raw: bytes) -> bytes:
    """The raw 32-byte Ed25519 public key of a raw private key."""
    return (
        Ed25519PrivateKey.from_private_bytes(signing_key_raw)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def sign_receipt(signing_key_raw: bytes, report_digest: bytes, submitted_at_iso: str) -> str:
    """"v1.<b64url digest>.<ISO time>.<b64url Ed25519 signature>".

    The signature covers a domain label and "v1.<digest>.<time>". The time must be ISO 8601
    with a UTC offset (e.g. "2025-03-01T09:30:00+08:00"); it may contain dots (fractions of
    a second), which verify_receipt handles since base64url never contains one."""
    if not isinstance(report_digest, bytes) or not 0 < len(report_digest) <= MAX_DIGEST_BYTES:
        raise ValueError(f"report_digest must be 1 to {MAX_DIGEST_BYTES} bytes")
    _check_time(submitted_at_iso)
    body = f"{RECEIPT_VERSION}.{_b64encode(report_digest)}.{submitted_at_iso}"
    signature = Ed25519PrivateKey.from_private_bytes(signing_key_raw).sign(_RECEIPT_DOMAIN + body.encode("ascii"))
    return f"{body}.{_b64encode(signature)}"


def verify_receipt(public_key_raw: bytes, token: str) -> Receipt:
    if not isinstance(token, str) or not token.isascii() or len(token) > 1024:
        raise EnvelopeError("not a receipt")
    token = token.strip()
    version, _, rest = token.partition(".")
    if version != RECEIPT_VERSION:
        raise EnvelopeError("unknown receipt version")
    digest_text, _, rest = rest.partition(".")
    submitted_at, _, signature_text = rest.rpartition(".")
    digest, signature = _b64decode(digest_text), _b64decode(signature_text)
    if not submitted_at or len(digest) > MAX_DIGEST_BYTES or len(signature) != 64:
        raise EnvelopeError("malformed receipt")
    try:
        public_key = Ed25519PublicKey.from_public_bytes(public_key_raw)
        public_key.verify(signature, _RECEIPT_DOMAIN + token[: -len(signature_text) - 1].encode("ascii"))
    except InvalidSignature:
        raise EnvelopeError("receipt signature does not verify") from None
    try:
        _check_time(submitted_at)
    except ValueError:
        raise EnvelopeError("receipt time is not valid") from None
    return Receipt(digest=digest, submitted_at=submitted_at)
