import subprocess
import sys
from pathlib import Path

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


def test_concurrent_derivations_in_one_process_all_finish():
    """Regression: overlapping Argon2id runs in one process hang without the one-at-a-time bound.
    Run in a child process: stuck threads would keep the kdf slots (hanging every later test)
    and block OpenSSL's clean-up at exit."""
    script = (
        "import os, threading, time\n"
        "from portal import crypto\n"
        "from portal.reports.tracking import derive_code_keys\n"
        "results, errors = [], []\n"
        "def derive(index):\n"
        "    try:\n"
        "        if index % 2:\n"
        "            results.append(crypto.hash_password(f'password number {index}'))\n"
        "        else:\n"
        "            results.append(derive_code_keys('1234567890123', bytes(16), b'p' * 32))\n"
        "    except Exception as error:\n"
        "        errors.append(repr(error))\n"
        "threads = [threading.Thread(target=derive, args=(i,), daemon=True) for i in range(4)]\n"
        "[thread.start() for thread in threads]\n"
        "deadline = time.monotonic() + 30\n"
        "[thread.join(max(0, deadline - time.monotonic())) for thread in threads]\n"
        "print(sum(thread.is_alive() for thread in threads), len(results), errors, flush=True)\n"
        "os._exit(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parent.parent,
                          capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0 4 []", f"hung threads, finished, errors: {done.stdout}"
