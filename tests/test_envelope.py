"""Envelope encryption: sealed fields, chunked attachments, key wrapping, recovery key and
signed receipts. Every way of opening with the wrong thing must raise EnvelopeError."""
from __future__ import annotations

import base64
import os
import re
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import envelope
from portal.envelope import (
    EnvelopeError,
    Receipt,
    generate_recovery_keypair,
    load_recovery_private_key,
    new_data_key,
    new_signing_key,
    open_chunks,
    open_field,
    read_sealed_file,
    seal_chunks,
    seal_field,
    sign_receipt,
    signing_public_key,
    unwrap_with_key,
    unwrap_with_private_key,
    verify_receipt,
    wrap_to_public_key,
    wrap_with_key,
    write_sealed_file,
)

FAST = settings(max_examples=150, deadline=None, database=None)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
ids = st.integers(0, 2**40)
fields = st.text(min_size=1, max_size=30)
keys = st.binary(min_size=32, max_size=32)


def flip(blob: bytes, position: int, mask: int = 1) -> bytes:
    return blob[:position] + bytes([blob[position] ^ mask]) + blob[position + 1 :]


def raw_public(private_key: X25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# ------------------------------------------------------------------------------------ fields


def test_new_data_key():
    assert len(new_data_key()) == 32 and new_data_key() != new_data_key()


@FAST
@given(keys, ids, fields, st.binary(max_size=2000))
def test_field_round_trip(key, report_id, field, plaintext):
    blob = seal_field(key, report_id, field, plaintext)
    assert blob[0] == envelope.FIELD_VERSION
    assert len(blob) == 1 + 12 + len(plaintext) + 16
    assert open_field(key, report_id, field, blob) == plaintext


def test_field_sealing_is_randomised_and_hides_the_plaintext():
    plaintext = b"the clinic at 12 Renmin Road bills for ghost patients"
    first, second = (seal_field(KEY, 7, "narrative", plaintext) for _ in range(2))
    assert first != second
    assert b"clinic" not in first and b"narrative" not in first


@FAST
@given(st.binary(max_size=200), st.data())
def test_any_altered_byte_of_a_field_is_refused(plaintext, data):
    blob = seal_field(KEY, 7, "narrative", plaintext)
    position = data.draw(st.integers(0, len(blob) - 1))
    mask = data.draw(st.integers(1, 255))
    with pytest.raises(EnvelopeError):
        open_field(KEY, 7, "narrative", flip(blob, position, mask))


def test_every_bit_of_a_short_field_is_protected():
    blob = seal_field(KEY, 7, "phone", b"13800138000")
    for position in range(len(blob)):
        for bit in range(8):
            with pytest.raises(EnvelopeError):
                open_field(KEY, 7, "phone", flip(blob, position, 1 << bit))


def test_truncated_or_extended_fields_are_refused():
    blob = seal_field(KEY, 7, "narrative", b"some text")
    for length in range(len(blob)):
        with pytest.raises(EnvelopeError):
            open_field(KEY, 7, "narrative", blob[:length])
    for extra in (b"\x00", b"x" * 16):
        with pytest.raises(EnvelopeError):
            open_field(KEY, 7, "narrative", blob + extra)


@FAST
@given(keys, ids, fields, ids, fields, st.binary(max_size=100))
def test_field_opens_only_with_its_key_report_and_field(key, report_id, field, other_id, other_field, plaintext):
    blob = seal_field(KEY, report_id, field, plaintext)
    if key != KEY:
        with pytest.raises(EnvelopeError):
            open_field(key, report_id, field, blob)
    if other_id != report_id:
        with pytest.raises(EnvelopeError):
            open_field(KEY, other_id, field, blob)
    if other_field != field:
        with pytest.raises(EnvelopeError):
            open_field(KEY, report_id, other_field, blob)


def test_unknown_version_is_refused():
    blob = seal_field(KEY, 1, "f", b"x")
    with pytest.raises(EnvelopeError, match="version"):
        open_field(KEY, 1, "f", b"\x02" + blob[1:])


@pytest.mark.parametrize(
    "key, report_id, field",
    [(b"k" * 16, 1, "f"), ("k" * 32, 1, "f"), (KEY, -1, "f"), (KEY, True, "f"), (KEY, "1", "f"), (KEY, 1, "")],
)
def test_field_arguments_are_checked(key, report_id, field):
    with pytest.raises(ValueError):
        seal_field(key, report_id, field, b"x")


# ------------------------------------------------------------------------------------ chunks


def seal_list(chunks, report_id=3, attachment_id=9, key=KEY):
    return list(seal_chunks(key, report_id, attachment_id, chunks))


def open_list(sealed, report_id=3, attachment_id=9, key=KEY):
    return list(open_chunks(key, report_id, attachment_id, sealed))


@FAST
@given(st.lists(st.binary(max_size=300), max_size=8))
def test_chunks_round_trip(chunks):
    sealed = seal_list(chunks)
    assert len(sealed) == max(1, len(chunks))
    assert b"".join(open_list(sealed)) == b"".join(chunks)
    assert [blob[1] for blob in sealed] == [0] * (len(sealed) - 1) + [1]


def test_empty_attachment_is_one_final_chunk():
    sealed = seal_list([])
    assert len(sealed) == 1 and open_list(sealed) == [b""]
    with pytest.raises(EnvelopeError, match="truncated"):
        open_list([])


SIX = [bytes([n]) * 50 for n in range(6)]


def test_reordered_chunks_are_refused():
    sealed = seal_list(SIX)
    for i in range(len(sealed)):
        for j in range(i + 1, len(sealed)):
            swapped = list(sealed)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            with pytest.raises(EnvelopeError):
                open_list(swapped)


def test_dropped_chunks_are_refused():
    sealed = seal_list(SIX)
    for i in range(len(sealed)):
        with pytest.raises(EnvelopeError):
            open_list(sealed[:i] + sealed[i + 1 :])


def test_truncated_streams_are_refused():
    sealed = seal_list(SIX)
    for length in range(len(sealed)):
        with pytest.raises(EnvelopeError):
            open_list(sealed[:length])


def test_appended_chunks_are_refused():
    sealed = seal_list(SIX)
    others = seal_list([b"more"] * 8)
    for extra in (sealed[-1], sealed[0], others[6], others[-1], b"\x01\x01" + b"\x00" * 40):
        with pytest.raises(EnvelopeError, match="after the final"):
            open_list(sealed + [extra])


def test_final_flag_cannot_be_flipped():
    sealed = seal_list(SIX)
    early_end = sealed[:2] + [flip(sealed[2], 1)]  # claim chunk 2 is the last
    with pytest.raises(EnvelopeError):
        open_list(early_end)
    with pytest.raises(EnvelopeError):
        open_list(sealed[:-1] + [flip(sealed[-1], 1)])


def test_chunks_from_another_attachment_report_or_key_are_refused():
    sealed = seal_list(SIX)
    with pytest.raises(EnvelopeError):
        open_list(sealed, attachment_id=10)
    with pytest.raises(EnvelopeError):
        open_list(sealed, report_id=4)
    with pytest.raises(EnvelopeError):
        open_list(sealed, key=OTHER_KEY)
    # A chunk spliced in from another attachment of the same report, at the same index.
    other = seal_list(SIX, attachment_id=10)
    for i in range(len(sealed)):
        with pytest.raises(EnvelopeError):
            open_list(sealed[:i] + [other[i]] + sealed[i + 1 :])


@FAST
@given(st.data())
def test_any_altered_byte_of_any_chunk_is_refused(data):
    sealed = seal_list(SIX[:3])
    index = data.draw(st.integers(0, len(sealed) - 1))
    position = data.draw(st.integers(0, len(sealed[index]) - 1))
    mask = data.draw(st.integers(1, 255))
    altered = list(sealed)
    altered[index] = flip(sealed[index], position, mask)
    with pytest.raises(EnvelopeError):
        open_list(altered)


def test_chunk_arguments_are_checked_eagerly():
    with pytest.raises(ValueError):
        seal_chunks(b"short", 1, 1, [])
    with pytest.raises(ValueError):
        open_chunks(KEY, 1, -1, [])


# ------------------------------------------------------------------------------------- files


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 64, 100])
def test_sealed_file_round_trip(tmp_path, size):
    data = os.urandom(size)
    path = tmp_path / "attachment.bin"
    write_sealed_file(path, KEY, 3, 9, data, chunk_size=16)
    assert read_sealed_file(path, KEY, 3, 9) == data
    assert read_sealed_file(str(path), KEY, 3, 9) == data
    frames = max(1, -(-size // 16))
    assert path.stat().st_size == size + frames * (4 + 2 + 12 + 16)
    assert os.listdir(tmp_path) == ["attachment.bin"]


def test_sealed_file_default_chunking_and_privacy(tmp_path):
    data = b"patient list " * 20000  # about 260 KB: five 64 KiB chunks
    path = tmp_path / "a"
    write_sealed_file(path, KEY, 3, 9, data)
    assert read_sealed_file(path, KEY, 3, 9) == data
    raw = path.read_bytes()
    assert b"patient" not in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def frames_of(raw: bytes) -> list[bytes]:
    frames, offset = [], 0
    while offset < len(raw):
        (length,) = envelope._FRAME_HEADER.unpack(raw[offset : offset + 4])
        frames.append(raw[offset : offset + 4 + length])
        offset += 4 + length
    return frames


def test_damaged_sealed_files_are_refused(tmp_path):
    path = tmp_path / "a"
    write_sealed_file(path, KEY, 3, 9, os.urandom(40), chunk_size=16)
    raw = path.read_bytes()
    frames = frames_of(raw)
    assert len(frames) == 3
    damaged = [raw[:length] for length in range(len(raw))]  # every truncation, including empty
    damaged += [flip(raw, position) for position in range(len(raw))]  # every byte
    damaged += [raw + b"\x00", raw + frames[-1], raw + frames[0]]  # appended
    damaged += [frames[1] + frames[0] + frames[2], frames[0] + frames[2]]  # reordered, dropped
    damaged += [b"\xff\xff\xff\xff" + raw[4:]]  # oversized length prefix
    for blob in damaged:
        path.write_bytes(blob)
        with pytest.raises(EnvelopeError):
            read_sealed_file(path, KEY, 3, 9)
    path.write_bytes(raw)
    for report_id, attachment_id, key in [(3, 8, KEY), (4, 9, KEY), (3, 9, OTHER_KEY)]:
        with pytest.raises(EnvelopeError):
            read_sealed_file(path, key, report_id, attachment_id)


def test_overwrite_is_atomic_and_failures_leave_nothing(tmp_path, monkeypatch):
    path = tmp_path / "a"
    write_sealed_file(path, KEY, 3, 9, b"first", chunk_size=16)
    write_sealed_file(path, KEY, 3, 9, b"second", chunk_size=16)
    assert read_sealed_file(path, KEY, 3, 9) == b"second"

    class Boom(Exception):
        pass

    def exploding(data, chunk_size):
        yield b"x" * 16
        raise Boom

    # A failure half-way through writing keeps the old file and leaves no temporary file.
    monkeypatch.setattr(envelope, "_frames", exploding)
    with pytest.raises(Boom):
        write_sealed_file(path, KEY, 3, 9, b"third", chunk_size=16)
    monkeypatch.undo()
    assert read_sealed_file(path, KEY, 3, 9) == b"second"
    assert os.listdir(tmp_path) == ["a"]
    for bad_size in (0, -1, envelope.MAX_FRAME_BYTES):
        with pytest.raises(ValueError):
            write_sealed_file(path, KEY, 3, 9, b"x", chunk_size=bad_size)
    assert os.listdir(tmp_path) == ["a"]


# ------------------------------------------------------------------------------ key wrapping

STAFF_A = X25519PrivateKey.generate()
STAFF_B = X25519PrivateKey.generate()
DATA_CONTEXT = b"portal/report/42/data-key"


def test_wrap_to_public_key_round_trip_and_layout():
    data_key = new_data_key()
    blob = wrap_to_public_key(data_key, raw_public(STAFF_A), DATA_CONTEXT)
    assert len(blob) == 1 + 32 + 12 + 32 + 16 and blob[0] == 1
    assert unwrap_with_private_key(blob, STAFF_A, DATA_CONTEXT) == data_key
    again = wrap_to_public_key(data_key, raw_public(STAFF_A), DATA_CONTEXT)
    assert again[1:33] != blob[1:33]  # a fresh ephemeral key every time


def test_wrap_to_one_staff_key_does_not_open_with_another():
    blob = wrap_to_public_key(new_data_key(), raw_public(STAFF_A), DATA_CONTEXT)
    with pytest.raises(EnvelopeError):
        unwrap_with_private_key(blob, STAFF_B, DATA_CONTEXT)


@pytest.mark.parametrize(
    "other_context",
    [b"portal/report/43/data-key", b"portal/report/42/identity-key", b"portal/report/42/data-key\x00", b"x"],
)
def test_public_wrap_is_bound_to_its_context(other_context):
    blob = wrap_to_public_key(new_data_key(), raw_public(STAFF_A), DATA_CONTEXT)
    with pytest.raises(EnvelopeError):
        unwrap_with_private_key(blob, STAFF_A, other_context)


def test_every_byte_of_a_public_wrap_is_protected():
    blob = wrap_to_public_key(new_data_key(), raw_public(STAFF_A), DATA_CONTEXT)
    for position in range(len(blob)):
        with pytest.raises(EnvelopeError):
            unwrap_with_private_key(flip(blob, position), STAFF_A, DATA_CONTEXT)
    for length in range(len(blob)):
        with pytest.raises(EnvelopeError):
            unwrap_with_private_key(blob[:length], STAFF_A, DATA_CONTEXT)


def test_public_wrap_with_a_low_order_ephemeral_key_is_refused():
    blob = wrap_to_public_key(new_data_key(), raw_public(STAFF_A), DATA_CONTEXT)
    with pytest.raises(EnvelopeError):
        unwrap_with_private_key(blob[:1] + bytes(32) + blob[33:], STAFF_A, DATA_CONTEXT)


@pytest.mark.parametrize(
    "data_key, public, context",
    [
        (b"k" * 16, None, DATA_CONTEXT),
        (KEY, b"p" * 31, DATA_CONTEXT),
        (KEY, bytes(32), DATA_CONTEXT),  # low-order point
        (KEY, None, b""),
        (KEY, None, "portal/report/42/data-key"),
    ],
)
def test_public_wrap_arguments_are_checked(data_key, public, context):
    with pytest.raises(ValueError):
        wrap_to_public_key(data_key, public if public is not None else raw_public(STAFF_A), context)


@FAST
@given(keys, keys, st.binary(min_size=1, max_size=60), st.binary(min_size=1, max_size=60))
def test_symmetric_wrap(data_key, wrapping_key, context, other_context):
    blob = wrap_with_key(data_key, wrapping_key, context)
    assert len(blob) == 1 + 12 + 32 + 16
    assert unwrap_with_key(blob, wrapping_key, context) == data_key
    if other_context != context:
        with pytest.raises(EnvelopeError):
            unwrap_with_key(blob, wrapping_key, other_context)
    wrong_key = bytes([wrapping_key[0] ^ 1]) + wrapping_key[1:]
    with pytest.raises(EnvelopeError):
        unwrap_with_key(blob, wrong_key, context)


def test_every_byte_of_a_symmetric_wrap_is_protected():
    blob = wrap_with_key(new_data_key(), KEY, DATA_CONTEXT)
    for position in range(len(blob)):
        with pytest.raises(EnvelopeError):
            unwrap_with_key(flip(blob, position), KEY, DATA_CONTEXT)
    with pytest.raises(EnvelopeError):
        unwrap_with_key(blob[:-1], KEY, DATA_CONTEXT)


def test_wraps_are_not_interchangeable():
    data_key = new_data_key()
    public_blob = wrap_to_public_key(data_key, raw_public(STAFF_A), DATA_CONTEXT)
    symmetric_blob = wrap_with_key(data_key, KEY, DATA_CONTEXT)
    with pytest.raises(EnvelopeError):
        unwrap_with_key(public_blob, KEY, DATA_CONTEXT)
    with pytest.raises(EnvelopeError):
        unwrap_with_private_key(symmetric_blob, STAFF_A, DATA_CONTEXT)


# ------------------------------------------------------------------------------ recovery key


def test_recovery_keypair():
    public, pem = generate_recovery_keypair()
    assert len(public) == 32
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    private_key = load_recovery_private_key(pem)
    assert raw_public(private_key) == public
    data_key = new_data_key()
    blob = wrap_to_public_key(data_key, public, b"portal/report/42/identity-key")
    assert unwrap_with_private_key(blob, private_key, b"portal/report/42/identity-key") == data_key
    other_public, _ = generate_recovery_keypair()
    assert other_public != public


def test_encrypted_recovery_pem_needs_its_password():
    private_key = X25519PrivateKey.generate()
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"offline passphrase"),
    )
    assert raw_public(load_recovery_private_key(pem, b"offline passphrase")) == raw_public(private_key)
    for password in (None, b"wrong"):
        with pytest.raises(EnvelopeError):
            load_recovery_private_key(pem, password)


def test_recovery_loader_refuses_other_keys_and_garbage():
    ed_pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    for pem in (ed_pem, b"", b"not a pem", b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"):
        with pytest.raises(EnvelopeError):
            load_recovery_private_key(pem)


# ---------------------------------------------------------------------------------- receipts

SIGNING_KEY = new_signing_key()
PUBLIC = signing_public_key(SIGNING_KEY)
DIGEST = bytes.fromhex("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
TIME = "2025-03-01T09:30:00+08:00"
TOKEN_SHAPE = re.compile(r"^v1\.[A-Za-z0-9_-]+\.[0-9T:.+\-Z]+\.[A-Za-z0-9_-]{86}$")


def test_signing_key_shapes():
    assert len(SIGNING_KEY) == 32 and len(PUBLIC) == 32
    assert new_signing_key() != SIGNING_KEY


@pytest.mark.parametrize("time", [TIME, "2025-03-01T01:30:00.123456+00:00", "2025-03-01T01:30:00Z"])
def test_receipt_round_trip(time):
    token = sign_receipt(SIGNING_KEY, DIGEST, time)
    assert TOKEN_SHAPE.match(token), token
    receipt = verify_receipt(PUBLIC, token)
    assert receipt == Receipt(digest=DIGEST, submitted_at=time)
    assert receipt.submitted_at_datetime.utcoffset() is not None
    assert verify_receipt(PUBLIC, f"  {token}\n") == receipt  # pasted with whitespace


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_altered_receipts_are_refused():
    token = sign_receipt(SIGNING_KEY, DIGEST, TIME)
    version, digest_text, rest = token.split(".", 2)
    time, signature_text = rest.rsplit(".", 1)
    other_digest = b64(bytes([DIGEST[0] ^ 1]) + DIGEST[1:])
    altered = [
        f"{version}.{other_digest}.{time}.{signature_text}",
        f"{version}.{digest_text}.2025-03-01T09:31:00+08:00.{signature_text}",
        f"{version}.{digest_text}.2025-03-01T01:30:00+00:00.{signature_text}",  # same instant, other text
        f"v2.{digest_text}.{time}.{signature_text}",
        f"{version}.{digest_text}.{time}.{b64(bytes(64))}",
        f"{version}.{digest_text}.{time}",
        f"{version}.{digest_text}.{time}.{signature_text}=",
        f"{version}.{digest_text}=.{time}.{signature_text}",
        token[:-1],
        token + "A",
        "",
        "v1...",
    ]
    signature = base64.urlsafe_b64decode(signature_text + "==")
    for position in range(len(signature)):
        altered.append(f"{version}.{digest_text}.{time}.{b64(flip(signature, position))}")
    for bad in altered:
        with pytest.raises(EnvelopeError):
            verify_receipt(PUBLIC, bad)


def test_receipt_does_not_verify_with_another_key():
    token = sign_receipt(SIGNING_KEY, DIGEST, TIME)
    with pytest.raises(EnvelopeError):
        verify_receipt(signing_public_key(new_signing_key()), token)


@FAST
@given(st.binary(min_size=1, max_size=64), st.datetimes(timezones=st.timezones()))
def test_receipts_round_trip_for_any_digest_and_time(digest, moment):
    time = moment.isoformat()
    receipt = verify_receipt(PUBLIC, sign_receipt(SIGNING_KEY, digest, time))
    assert receipt.digest == digest and receipt.submitted_at == time


@FAST
@given(st.text(max_size=200))
def test_garbage_tokens_only_raise_envelope_error(text):
    with pytest.raises(EnvelopeError):
        verify_receipt(PUBLIC, text)


@pytest.mark.parametrize(
    "digest, time",
    [(b"", TIME), (b"x" * 65, TIME), ("ab" * 16, TIME), (DIGEST, "2025-03-01T09:30:00"),
     (DIGEST, "2025-03-01 09:30:00+08:00"), (DIGEST, "yesterday"), (DIGEST, "")],
)
def test_sign_receipt_refuses_bad_input(digest, time):
    with pytest.raises(ValueError):
        sign_receipt(SIGNING_KEY, digest, time)


def test_module_is_flask_free():
    source = open(envelope.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(from|import)\s+flask", source, re.MULTILINE)


def test_the_record_kind_is_bound_into_fields_and_files(tmp_path):
    from portal import envelope

    key = envelope.new_data_key()
    sealed = envelope.seal_field(key, 7, "description", b"secret", subject="observation")
    assert envelope.open_field(key, 7, "description", sealed, subject="observation") == b"secret"
    with pytest.raises(envelope.EnvelopeError):
        envelope.open_field(key, 7, "description", sealed)  # the same id and key as a report's does not open
    with pytest.raises(ValueError):
        envelope.seal_field(key, 7, "description", b"x", subject="anything")
    path = tmp_path / "file"
    envelope.write_sealed_file(path, key, 7, 1, b"photo bytes", subject="observation")
    assert envelope.read_sealed_file(path, key, 7, 1, subject="observation") == b"photo bytes"
    with pytest.raises(envelope.EnvelopeError):
        envelope.read_sealed_file(path, key, 7, 1)
