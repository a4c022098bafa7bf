"""Staff sign-in: password (Argon2id) + TOTP or a one-time recovery code (no Flask here).

The TOTP secret is sealed under a key derived from the server secret, so a copy of the
database alone does not give a second factor. A wrong password and a wrong code are refused
with the same words; repeated failures lock the account for a growing delay.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pyotp
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import crypto, envelope
from portal.staff.models import RecoveryCode, StaffUser
from portal.staff.services import MIN_PASSWORD_LENGTH, StaffError
from portal.text import N_, Message
from portal.workdays import as_utc, bureau_date

LOCK_AFTER_FAILURES = 5
FIRST_LOCK = timedelta(minutes=15)
MAX_LOCK = timedelta(hours=24)
RECOVERY_CODE_COUNT = 10
TOTP_ISSUER = "Medical Insurance Fund Supervision Portal"
REFUSED = N_("The user name, password or code is wrong.")
# Verified when the user name is unknown, so that case costs the same time as a wrong password.
_DUMMY_HASH = crypto.hash_password(secrets.token_urlsafe(16))


class SignInRefused(StaffError):
    def __init__(self):
        super().__init__(Message(REFUSED))


class AccountLocked(StaffError):
    """Shown as "Too many failed sign-ins. Try again after %(time)s." in the reader's locale."""

    def __init__(self, until: datetime):
        super().__init__(Message("locked"))
        self.until = until


class TermNotRunning(StaffError):
    """A social supervisor outside their term: the account works again when the bureau renews it."""

    def __init__(self):
        super().__init__(Message(N_("Your term as a social supervisor is not running, so this account cannot sign "
                                    "in. The bureau that appointed you can renew it.")))


@dataclass(frozen=True)
class PasswordChecked:
    user: StaffUser
    private_key: bytes  # raw X25519, only ever held in a sealed key session


def totp_key(server_secret: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"portal/staff/totp-key").derive(server_secret)


def _totp_context(user: StaffUser) -> bytes:
    return f"portal/staff/{user.id}/totp".encode()


def _lock_delay(failures: int) -> timedelta:
    if failures < LOCK_AFTER_FAILURES:
        return timedelta(0)
    return min(FIRST_LOCK * 2 ** (failures - LOCK_AFTER_FAILURES), MAX_LOCK)


def _record_failure(session: Session, user: StaffUser, now: datetime) -> None:
    user.failed_logins += 1
    delay = _lock_delay(user.failed_logins)
    user.locked_until = now + delay if delay else None
    session.commit()


def check_password(session: Session, username: str, password: str, now: datetime | None = None) -> PasswordChecked:
    now = now or datetime.now(timezone.utc)
    user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip().lower()))
    if user is None or not user.active:
        crypto.verify_password(_DUMMY_HASH, password)
        raise SignInRefused()
    locked_until = as_utc(user.locked_until)
    if locked_until and locked_until > now:
        raise AccountLocked(locked_until)
    session.commit()  # no transaction stays open while the Argon2id slot is awaited
    if not crypto.verify_password(user.password_hash, password):
        _record_failure(session, user, now)
        raise SignInRefused()
    from portal.supervisors.services import may_sign_in

    if not may_sign_in(session, user, bureau_date(now)):
        raise TermNotRunning()  # only after the password: says nothing to someone who does not know it
    private = crypto.open_private_key(user.sealed_private_key, password)
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    return PasswordChecked(user, raw)


def _hash_code(code: str) -> bytes:
    return hashlib.sha256("".join(code.split()).lower().encode()).digest()


def second_factor_ok(session: Session, user: StaffUser, code: str, server_secret: bytes,
                     now: datetime | None = None) -> bool:
    """A fresh TOTP code (each accepted once) or an unused recovery code."""
    now = now or datetime.now(timezone.utc)
    code = "".join((code or "").split())
    if user.totp_secret_sealed and code.isdigit() and len(code) == 6:
        secret = envelope.unwrap_with_key(user.totp_secret_sealed, totp_key(server_secret), _totp_context(user))
        totp = pyotp.TOTP(secret.decode())
        for offset in (-1, 0, 1):
            step = int(now.timestamp()) // totp.interval + offset
            if hmac.compare_digest(totp.at(step * totp.interval), code) and step > (user.totp_last_step or -1):
                user.totp_last_step = step
                return True
        return False
    recovery = session.scalar(select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                                         RecoveryCode.code_hash == _hash_code(code),
                                                         RecoveryCode.used_at.is_(None)))
    if recovery is None:
        return False
    recovery.used_at = now
    return True


def sign_in(session: Session, username: str, password: str, code: str, server_secret: bytes,
            now: datetime | None = None) -> PasswordChecked:
    """Both factors; on success the failure count is reset."""
    now = now or datetime.now(timezone.utc)
    checked = check_password(session, username, password, now)
    user = checked.user
    if user.totp_secret_sealed is None:
        return checked  # the caller sends the user to enrolment
    if not second_factor_ok(session, user, code, server_secret, now):
        _record_failure(session, user, now)
        raise SignInRefused()
    user.failed_logins, user.locked_until = 0, None
    session.commit()
    return checked


def new_totp_secret() -> str:
    return pyotp.random_base32(length=32)  # 160 bits, 32 characters


def provisioning_uri(user: StaffUser, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)


def complete_enrolment(session: Session, user: StaffUser, secret: str, code: str, server_secret: bytes,
                       now: datetime | None = None) -> list[str]:
    """Store the TOTP secret once the user proved their app shows the right code; return new
    recovery codes (shown once)."""
    now = now or datetime.now(timezone.utc)
    if user.totp_secret_sealed is not None:
        raise StaffError(Message(N_("Two-step verification is already set up for this account.")))
    if not pyotp.TOTP(secret).verify("".join((code or "").split()), for_time=now, valid_window=1):
        raise StaffError(Message(N_("That code does not match. Check the time on your phone and try again.")))
    user.totp_secret_sealed = envelope.wrap_with_key(secret.encode(), totp_key(server_secret), _totp_context(user))
    user.totp_last_step = int(now.timestamp()) // 30
    codes = [f"{secrets.randbelow(10**5):05d}-{secrets.randbelow(10**5):05d}-{secrets.randbelow(10**5):05d}"
             for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_codes = [RecoveryCode(code_hash=_hash_code(code)) for code in codes]
    session.commit()
    return codes


def change_password(session: Session, user: StaffUser, old_password: str, new_password: str) -> None:
    """Re-seal the private key under the new password; the key pair itself stays the same, so
    every report already wrapped to the user stays readable."""
    if len(new_password) < MIN_PASSWORD_LENGTH:
        raise StaffError(Message(N_("The password must have at least %(count)d characters."),
                                 {"count": MIN_PASSWORD_LENGTH}))
    if not crypto.verify_password(user.password_hash, old_password):
        raise StaffError(Message(N_("The current password is wrong.")))
    private = crypto.open_private_key(user.sealed_private_key, old_password)
    user.sealed_private_key = crypto.seal_private_key(private, new_password)
    user.password_hash = crypto.hash_password(new_password)
    session.commit()
