import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from portal import crypto


def test_password_hash_is_argon2id_and_verifies():
    phc = crypto.hash_password("correct horse battery")
    assert phc.startswith("$argon2id$")
    assert crypto.verify_password(phc, "correct horse battery")
    assert not crypto.verify_password(phc, "correct horse batterz")


def test_same_password_hashes_differently():
    assert crypto.hash_password("same password 1") != crypto.hash_password("same password 1")


def test_sealed_private_key_opens_only_with_the_password():
    public, sealed = crypto.new_staff_keypair("a long staff password")
    private = crypto.open_private_key(sealed, "a long staff password")
    raw_public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert raw_public == public
    with pytest.raises(crypto.SealedKeyError):
        crypto.open_private_key(sealed, "a long staff passworD")


def test_tampered_sealed_key_is_refused():
    sealed = crypto.seal_private_key(X25519PrivateKey.generate(), "pw for tamper test")
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(crypto.SealedKeyError):
        crypto.open_private_key(tampered, "pw for tamper test")
    with pytest.raises(crypto.SealedKeyError):
        crypto.open_private_key(b"\x09" + sealed[1:], "pw for tamper test")
