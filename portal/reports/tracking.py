"""The reporter's tracking code (no Flask here).

A code is 24 decimal digits shown as six groups of four, e.g. "4821 0937 5562 0184 7739 2015":

- digits 1-10: the public *locator* (first digit non-zero), which finds the report's row;
- digits 11-23: the *secret* (13 random digits, 10**13 ~ 2**43.2, so at least 40 bits);
- digit 24: a Verhoeff check digit over the first 23 digits, which catches every single wrong
  digit and every swap of two neighbouring digits before anything is looked up.

Only digits, so the code can be read aloud over the phone and typed on any keyboard (full-width
and other Unicode decimal digits are accepted). The database never stores the secret: it stores
the *verifier* from `derive_code_keys` (Argon2id keyed with a server pepper, then HKDF), and the
reporter's copy of the report's data key is wrapped with the *wrapping key* from the same run,
which is never stored.

Callers: parse the code (`parse_code`) before any database access; look the row up by locator;
if no row, run no KDF; if the row is locked (`lockout_delay` after its failure count), refuse
without running the KDF; otherwise derive and compare with `verifier_matches`.
"""
from __future__ import annotations

import hmac
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from stdnum import verhoeff

from portal import crypto
from portal.text import N_, Message

LOCATOR_DIGITS = 10
SECRET_DIGITS = 13
CODE_DIGITS = LOCATOR_DIGITS + SECRET_DIGITS + 1  # 24
GROUP_SIZE = 4

SALT_BYTES = 16
MIN_PEPPER_BYTES = 16
KEY_BYTES = 32

# Longer input than this is refused before any Unicode normalisation work.
_MAX_INPUT_CHARS = 200

# Invisible characters that copy and paste from messaging apps and web pages tends to carry.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
# Minus sign and similar signs that are not category Pd but are typed as hyphens.
_EXTRA_HYPHENS = frozenset("\u2212\u2043")

_HKDF_INFO_VERIFIER = b"portal/tracking-code/v1/verifier"
_HKDF_INFO_WRAPPING = b"portal/tracking-code/v1/wrapping-key"

LOCKOUT_FREE_FAILURES = 4
LOCKOUT_FIRST_DELAY = timedelta(minutes=1)
LOCKOUT_MAX_DELAY = timedelta(hours=24)

MSG_WRONG_LENGTH = N_("A tracking code has 24 digits. Check that you copied all six groups of four.")
MSG_NOT_DIGITS = N_(
    "A tracking code contains only digits. Spaces or hyphens between the groups are fine;"
    " remove any other characters."
)
MSG_CHECK_DIGIT = N_("This tracking code contains a typing mistake: check each digit.")


class CodeFormatError(ValueError):
    """The text is not a well-formed tracking code; `.message` says why, for the user."""

    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


@dataclass(frozen=True)
class TrackingCode:
    """A well-formed code. The secret is kept out of repr() so it does not reach logs."""

    locator: str
    secret: str = field(repr=False)

    def __post_init__(self) -> None:
        if not _is_ascii_digits(self.locator, LOCATOR_DIGITS) or self.locator[0] == "0":
            raise ValueError("locator must be 10 ASCII digits, the first non-zero")
        if not _is_ascii_digits(self.secret, SECRET_DIGITS):
            raise ValueError("secret must be 13 ASCII digits")

    @property
    def check_digit(self) -> str:
        return verhoeff.calc_check_digit(self.locator + self.secret)

    @property
    def digits(self) -> str:
        """The 24 digits without separators."""
        return self.locator + self.secret + self.check_digit

    def grouped(self) -> list[str]:
        """The six groups of four digits, e.g. for reading aloud."""
        digits = self.digits
        return [digits[i : i + GROUP_SIZE] for i in range(0, CODE_DIGITS, GROUP_SIZE)]

    def __str__(self) -> str:
        return " ".join(self.grouped())


def _is_ascii_digits(value: object, length: int) -> bool:
    return isinstance(value, str) and len(value) == length and value.isascii() and value.isdigit()


def _random_digits(count: int) -> str:
    return str(secrets.randbelow(10**count)).zfill(count)


def new_code() -> TrackingCode:
    """A fresh random code. The locator may collide with an existing report (9 * 10**9 values):
    the caller keeps the locator column unique and calls again on a collision."""
    locator = str(secrets.randbelow(9 * 10 ** (LOCATOR_DIGITS - 1)) + 10 ** (LOCATOR_DIGITS - 1))
    return TrackingCode(locator=locator, secret=_random_digits(SECRET_DIGITS))


def parse_code(text: str) -> TrackingCode:
    """The code in `text`, or CodeFormatError; raises before any lookup is needed.

    Accepts any Unicode decimal digits (full-width, Arabic-Indic, Tibetan...) after NFKC
    normalisation, with whitespace, hyphens/dashes and invisible copy-paste characters
    anywhere; anything else is refused. Checks, in order: only digits and separators,
    24 digits, the Verhoeff check digit (and a non-zero first digit, which no issued code has).
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    if len(text) > _MAX_INPUT_CHARS:
        raise CodeFormatError(Message(MSG_WRONG_LENGTH))
    digits: list[str] = []
    for char in unicodedata.normalize("NFKC", text):
        value = unicodedata.decimal(char, None)
        if value is not None:
            digits.append(str(value))
        elif not _is_separator(char):
            raise CodeFormatError(Message(MSG_NOT_DIGITS))
    if len(digits) != CODE_DIGITS:
        raise CodeFormatError(Message(MSG_WRONG_LENGTH))
    number = "".join(digits)
    if not verhoeff.is_valid(number) or number[0] == "0":
        raise CodeFormatError(Message(MSG_CHECK_DIGIT))
    return TrackingCode(
        locator=number[:LOCATOR_DIGITS], secret=number[LOCATOR_DIGITS : LOCATOR_DIGITS + SECRET_DIGITS]
    )


def _is_separator(char: str) -> bool:
    return (
        char.isspace()
        or unicodedata.category(char) == "Pd"
        or char in _EXTRA_HYPHENS
        or char in _INVISIBLE
    )


@dataclass(frozen=True)
class CodeKeys:
    verifier: bytes = field(repr=False)  # stored in the database
    wrapping_key: bytes = field(repr=False)  # never stored: wraps the report's data key for the reporter


def new_salt() -> bytes:
    """A per-report salt for `derive_code_keys` (stored beside the verifier)."""
    return secrets.token_bytes(SALT_BYTES)


def derive_code_keys(secret: str, salt: bytes, pepper: bytes) -> CodeKeys:
    """One Argon2id run (keyed with the pepper, bounded by crypto.kdf_slot) to a 32-byte master,
    then HKDF-SHA256 to two independent keys."""
    if not _is_ascii_digits(secret, SECRET_DIGITS):
        raise ValueError("secret must be the 13-digit secret part of a tracking code")
    if not isinstance(salt, bytes) or len(salt) < SALT_BYTES:
        raise ValueError(f"salt must be at least {SALT_BYTES} bytes")
    if not isinstance(pepper, bytes) or len(pepper) < MIN_PEPPER_BYTES:
        raise ValueError(f"pepper must be at least {MIN_PEPPER_BYTES} bytes")
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=crypto.ARGON2_ITERATIONS,
        lanes=crypto.ARGON2_LANES,
        memory_cost=crypto.ARGON2_MEMORY_KIB,
        secret=pepper,
    )
    with crypto.kdf_slot():
        master = kdf.derive(secret.encode("ascii"))
    return CodeKeys(
        verifier=_expand(master, _HKDF_INFO_VERIFIER),
        wrapping_key=_expand(master, _HKDF_INFO_WRAPPING),
    )


def _expand(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=info).derive(master)


def verifier_matches(stored: bytes, candidate: bytes) -> bool:
    """Constant-time comparison of a stored verifier with a freshly derived one."""
    return hmac.compare_digest(stored, candidate)


def lockout_delay(consecutive_failures: int) -> timedelta:
    """How long a report's code stays locked after this many wrong secrets in a row:
    none for the first 4, then 1 minute, 2, 4, ... capped at 24 hours."""
    if isinstance(consecutive_failures, bool) or not isinstance(consecutive_failures, int):
        raise TypeError("consecutive_failures must be an int")
    if consecutive_failures < 0:
        raise ValueError("consecutive_failures cannot be negative")
    if consecutive_failures <= LOCKOUT_FREE_FAILURES:
        return timedelta(0)
    doublings = consecutive_failures - LOCKOUT_FREE_FAILURES - 1
    if doublings >= 16:  # 2**16 minutes is already far past the cap; keeps the number small
        return LOCKOUT_MAX_DELAY
    return min(LOCKOUT_FIRST_DELAY * 2**doublings, LOCKOUT_MAX_DELAY)
