"""Tracking codes: format, Verhoeff check digit, parsing of what people type, key derivation
and the lock-out schedule."""
from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import crypto
from portal.reports import tracking
from portal.reports.tracking import (
    CodeFormatError,
    CodeKeys,
    TrackingCode,
    derive_code_keys,
    lockout_delay,
    new_code,
    new_salt,
    parse_code,
    verifier_matches,
)
from portal.text import Message

# No example database: keeps .hypothesis/ out of the work tree.
FAST = settings(max_examples=200, deadline=None, database=None)

GROUPED = re.compile(r"^\d{4}( \d{4}){5}$")

codes = st.builds(
    lambda locator, secret: TrackingCode(str(locator), str(secret).zfill(13)),
    st.integers(10**9, 10**10 - 1),
    st.integers(0, 10**13 - 1),
)


def reason(text: str) -> str:
    with pytest.raises(CodeFormatError) as caught:
        parse_code(text)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value.message, Message)
    return caught.value.message.msgid


# ------------------------------------------------------------------------------- the format


def test_new_code_has_the_documented_shape():
    code = new_code()
    assert GROUPED.match(str(code))
    assert len(code.locator) == 10 and code.locator[0] != "0"
    assert len(code.secret) == 13 and code.secret.isdigit()
    assert code.grouped() == str(code).split(" ")
    assert len(code.grouped()) == 6 and all(len(group) == 4 for group in code.grouped())
    assert code.digits == code.locator + code.secret + code.check_digit
    assert str(code).replace(" ", "") == code.digits


def test_new_codes_are_random():
    many = [new_code() for _ in range(2000)]
    assert len({code.locator for code in many}) == len(many)
    assert len({code.secret for code in many}) == len(many)
    assert {code.locator[0] for code in many} == set("123456789")
    # Secrets are zero-padded, not drawn from 10**12..10**13: about 10% start with a 0.
    assert any(code.secret[0] == "0" for code in many)


def test_secret_has_at_least_40_bits():
    assert 10**tracking.SECRET_DIGITS >= 2**40


def test_repr_does_not_reveal_the_secret():
    code = TrackingCode("1234567890", "9876543210123")
    assert "9876543210123" not in repr(code)
    assert "1234567890" in repr(code)


@pytest.mark.parametrize(
    "locator, secret",
    [("0234567890", "1234567890123"), ("123456789", "1234567890123"), ("1234567890", "123"),
     ("12345678９0", "1234567890123"), ("1234567890", "12345678901a3"), (1234567890, "1234567890123")],
)
def test_tracking_code_refuses_malformed_parts(locator, secret):
    with pytest.raises(ValueError):
        TrackingCode(locator, secret)


@FAST
@given(codes)
def test_str_parses_back(code):
    assert GROUPED.match(str(code))
    assert parse_code(str(code)) == code
    assert parse_code(code.digits) == code


# ------------------------------------------------------------------- the check digit (Verhoeff)


def substitutions(digits: str):
    for position, original in enumerate(digits):
        for replacement in "0123456789":
            if replacement != original:
                yield digits[:position] + replacement + digits[position + 1 :]


def transpositions(digits: str):
    for position in range(len(digits) - 1):
        a, b = digits[position], digits[position + 1]
        if a != b:
            yield digits[:position] + b + a + digits[position + 2 :]


FIXED_CODES = [TrackingCode("1000000000", "0000000000000"), TrackingCode("9999999999", "9999999999999"),
               TrackingCode("1234567890", "1234567890123"), TrackingCode("9081726354", "5463728190011")]


@pytest.mark.parametrize("code", FIXED_CODES + [new_code() for _ in range(4)], ids=str)
def test_every_single_substitution_and_adjacent_swap_is_caught(code):
    mistakes = list(substitutions(code.digits))
    assert len(mistakes) == 24 * 9
    swaps = list(transpositions(code.digits))
    for mistyped in mistakes + swaps:
        assert reason(mistyped) == tracking.MSG_CHECK_DIGIT, mistyped


@FAST
@given(codes, st.integers(0, 23), st.integers(1, 9))
def test_random_single_substitution_is_caught(code, position, shift):
    digits = code.digits
    wrong = str((int(digits[position]) + shift) % 10)
    assert reason(digits[:position] + wrong + digits[position + 1 :]) == tracking.MSG_CHECK_DIGIT


@FAST
@given(codes, st.integers(0, 22))
def test_random_adjacent_swap_is_caught(code, position):
    digits = code.digits
    swapped = digits[:position] + digits[position + 1] + digits[position] + digits[position + 2 :]
    if swapped == digits:
        assert parse_code(swapped) == code
    else:
        assert reason(swapped) == tracking.MSG_CHECK_DIGIT


def test_check_digit_is_the_stdnum_verhoeff_digit():
    from stdnum import verhoeff

    code = TrackingCode("1234567890", "1234567890123")
    assert code.check_digit == verhoeff.calc_check_digit("12345678901234567890123")
    assert verhoeff.is_valid(code.digits)


def test_a_valid_checksum_with_a_leading_zero_is_refused():
    from stdnum import verhoeff

    body = "0" + "1" * 22
    assert reason(body + verhoeff.calc_check_digit(body)) == tracking.MSG_CHECK_DIGIT


# --------------------------------------------------------------------- what people type


SAMPLE = TrackingCode("4821093755", "6201847739201")


def to_script(text: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(c)) if c.isdigit() else c for c in text)


@pytest.mark.parametrize(
    "typed",
    [
        lambda s: s.replace(" ", ""),
        lambda s: s.replace(" ", "-"),
        lambda s: s.replace(" ", " - "),
        lambda s: f"  {s}\n",
        lambda s: s.replace(" ", "\u3000"),  # ideographic space
        lambda s: s.replace(" ", "\u00a0"),  # no-break space
        lambda s: s.replace(" ", "\u2013"),  # en dash
        lambda s: s.replace(" ", "\uff0d"),  # full-width hyphen-minus
        lambda s: s.replace(" ", "\u2212"),  # minus sign
        lambda s: s.replace(" ", "\u200b"),  # zero-width space from copy and paste
        lambda s: to_script(s, "\uff10"),  # full-width digits
        lambda s: to_script(s, "\u0660"),  # Arabic-Indic
        lambda s: to_script(s, "\u0966"),  # Devanagari
        lambda s: to_script(s, "\u0f20"),  # Tibetan
        lambda s: to_script(s[:10], "\uff10") + s[10:],  # mixed
    ],
)
def test_parse_accepts_what_people_type(typed):
    assert parse_code(typed(str(SAMPLE))) == SAMPLE


@settings(FAST, max_examples=60)
@given(codes, st.lists(st.sampled_from([" ", "-", "\u3000", "\t", "\u2010"]), min_size=25, max_size=25))
def test_separators_anywhere_are_ignored(code, separators):
    text = "".join(sep + digit for sep, digit in zip(separators, code.digits)) + separators[-1]
    assert parse_code(text) == code


@pytest.mark.parametrize(
    "text",
    [
        str(SAMPLE).replace("0", "O", 1),
        str(SAMPLE).replace("1", "l", 1),
        str(SAMPLE).replace(" ", "."),
        str(SAMPLE).replace(" ", "/"),
        "+" + str(SAMPLE),
        str(SAMPLE) + " \U0001f600",
        str(SAMPLE).replace(" ", "_"),
        "abc",
    ],
)
def test_non_digits_are_refused(text):
    assert reason(text) == tracking.MSG_NOT_DIGITS


@pytest.mark.parametrize(
    "text",
    ["", "   ", str(SAMPLE)[:-5], str(SAMPLE) + " 1", str(SAMPLE) + " " + str(SAMPLE), "1" * 23, "1" * 25,
     "1" * 5000],
)
def test_wrong_length_is_refused(text):
    assert reason(text) == tracking.MSG_WRONG_LENGTH


def test_three_reasons_are_distinct_and_render():
    msgids = {tracking.MSG_WRONG_LENGTH, tracking.MSG_NOT_DIGITS, tracking.MSG_CHECK_DIGIT}
    assert len(msgids) == 3
    assert tracking.MSG_WRONG_LENGTH == (
        "A tracking code has 24 digits. Check that you copied all six groups of four."
    )
    assert tracking.MSG_CHECK_DIGIT == "This tracking code contains a typing mistake: check each digit."
    for msgid in msgids:
        assert Message(msgid).render(lambda s: s) == msgid


@FAST
@given(st.text(max_size=60))
def test_parse_only_ever_returns_a_code_or_raises_code_format_error(text):
    try:
        code = parse_code(text)
    except CodeFormatError as error:
        assert error.message.msgid in {tracking.MSG_WRONG_LENGTH, tracking.MSG_NOT_DIGITS, tracking.MSG_CHECK_DIGIT}
    else:
        assert isinstance(code, TrackingCode)


def test_parse_refuses_non_strings():
    with pytest.raises(TypeError):
        parse_code(b"1234")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- key derivation

PEPPER = b"p" * 32
SALT = bytes(range(16))


@pytest.fixture(scope="module")
def slot_entries() -> list:
    return []


@pytest.fixture(scope="module")
def reference_keys(slot_entries) -> CodeKeys:
    """The one derivation that the other tests compare against; records kdf_slot use."""
    real_slot = crypto.kdf_slot

    @contextmanager
    def recording_slot():
        with real_slot():
            slot_entries.append("in")
            yield
            slot_entries.append("out")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(crypto, "kdf_slot", recording_slot)
        return derive_code_keys(SAMPLE.secret, SALT, PEPPER)


def test_keys_match_an_independent_argon2id_and_hkdf(reference_keys):
    master = Argon2id(salt=SALT, length=32, iterations=3, lanes=4, memory_cost=64 * 1024, secret=PEPPER).derive(
        SAMPLE.secret.encode()
    )

    def expand(info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)

    assert reference_keys.verifier == expand(b"portal/tracking-code/v1/verifier")
    assert reference_keys.wrapping_key == expand(b"portal/tracking-code/v1/wrapping-key")
    assert len(reference_keys.verifier) == len(reference_keys.wrapping_key) == 32
    assert reference_keys.verifier != reference_keys.wrapping_key
    assert reference_keys.verifier not in repr(reference_keys).encode()


@pytest.mark.parametrize(
    "secret, salt, pepper",
    [
        (SAMPLE.secret[:-1] + str((int(SAMPLE.secret[-1]) + 1) % 10), SALT, PEPPER),
        (SAMPLE.secret, bytes(reversed(SALT)), PEPPER),
        (SAMPLE.secret, SALT, b"q" + PEPPER[1:]),
    ],
    ids=["other secret", "other salt", "other pepper"],
)
def test_any_other_input_gives_other_keys(reference_keys, secret, salt, pepper):
    keys = derive_code_keys(secret, salt, pepper)
    assert not verifier_matches(reference_keys.verifier, keys.verifier)
    assert keys.wrapping_key != reference_keys.wrapping_key


def test_derivation_runs_inside_a_kdf_slot(reference_keys, slot_entries):
    assert slot_entries == ["in", "out"]


@pytest.mark.parametrize(
    "secret, salt, pepper",
    [
        ("123456789012", SALT, PEPPER),
        (str(SAMPLE), SALT, PEPPER),
        ("１２３４５６７８９０１２３", SALT, PEPPER),
        (SAMPLE.secret, b"short", PEPPER),
        (SAMPLE.secret, SALT, b""),
        (SAMPLE.secret, SALT, b"short pepper"),
        (SAMPLE.secret, "a str salt of 16", PEPPER),
    ],
)
def test_derivation_refuses_bad_inputs_without_running(monkeypatch, secret, salt, pepper):
    def no_slot():
        raise AssertionError("the KDF must not run")

    monkeypatch.setattr(crypto, "kdf_slot", no_slot)
    with pytest.raises(ValueError):
        derive_code_keys(secret, salt, pepper)


def test_new_salt():
    assert len(new_salt()) == 16 and new_salt() != new_salt()


def test_verifier_matches():
    assert verifier_matches(b"a" * 32, b"a" * 32)
    assert not verifier_matches(b"a" * 32, b"a" * 31 + b"b")
    assert not verifier_matches(b"a" * 32, b"a" * 31)
    assert not verifier_matches(b"a" * 32, b"")


# ------------------------------------------------------------------------------------ lock-out


@pytest.mark.parametrize(
    "failures, delay",
    [
        (0, timedelta(0)),
        (1, timedelta(0)),
        (4, timedelta(0)),
        (5, timedelta(minutes=1)),
        (6, timedelta(minutes=2)),
        (7, timedelta(minutes=4)),
        (15, timedelta(minutes=1024)),
        (16, timedelta(hours=24)),
        (17, timedelta(hours=24)),
        (10**6, timedelta(hours=24)),
        (10**100, timedelta(hours=24)),
    ],
)
def test_lockout_schedule(failures, delay):
    assert lockout_delay(failures) == delay


@FAST
@given(st.integers(0, 10**9))
def test_lockout_grows_and_is_capped(failures):
    assert timedelta(0) <= lockout_delay(failures) <= lockout_delay(failures + 1) <= timedelta(hours=24)
    if failures >= 5:
        assert lockout_delay(failures + 1) == min(2 * lockout_delay(failures), timedelta(hours=24))


@pytest.mark.parametrize("failures, error", [(-1, ValueError), (1.5, TypeError), (True, TypeError), ("5", TypeError)])
def test_lockout_refuses_nonsense(failures, error):
    with pytest.raises(error):
        lockout_delay(failures)


def test_module_is_flask_free():
    import portal.reports.tracking as module

    source = open(module.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(from|import)\s+flask", source, re.MULTILINE)
