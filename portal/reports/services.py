"""Submitting and reading reports (no Flask here).

Everything the reporter typed or attached is sealed under a fresh data key before it reaches
the session; a real-name reporter's identity under a separate identity key. Both keys are
wrapped for their holders: the reporter (key derived from the tracking code), the staff whose
role and region cover the report, and the bureau's offline recovery key.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import envelope, sealed_files
from portal.calendar.services import load_calendar
from portal.casework import workflow
from portal.casework.workflow import ClockRules
from portal.regions.models import Region
from portal.reports import tracking
from portal.reports.attachments import CleanFile
from portal.reports.models import (
    Author,
    Channel,
    KeyKind,
    KeyWrap,
    Recipient,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportMessage,
    ReportStatus,
    SealedField,
)
from portal.staff.models import Role, StaffRoleGrant, StaffUser
from portal.text import N_, Message
from portal.violations import Violation
from portal.workdays import as_utc, bureau_date

# Who receives which key: case officers read reports; identity custodians (reward officers)
# hold the identity key and need the report to judge a reward claim.
KEY_HOLDER_ROLES = {
    KeyKind.DATA: {Role.CASE_OFFICER, Role.IDENTITY_CUSTODIAN},
    KeyKind.IDENTITY: {Role.IDENTITY_CUSTODIAN},
}


@dataclass(frozen=True)
class Keyring:
    """Server-held secrets and settings the report services need; none is in the database."""

    pepper: bytes
    receipt_signing_key: bytes
    recovery_public_key: bytes | None
    upload_folder: Path
    rules: ClockRules = field(default_factory=ClockRules)


@dataclass(frozen=True)
class Identity:
    name: str
    id_number: str
    phone: str
    address: str


@dataclass(frozen=True)
class ReportDraft:
    region_code: str
    category: Violation
    institution: str
    narrative: str
    place: str = ""
    period: str = ""
    amount: Decimal | None = None
    identity: Identity | None = None
    reward_wanted: bool = False

    def content(self) -> dict:
        return {
            "institution": self.institution,
            "narrative": self.narrative,
            "place": self.place,
            "period": self.period,
            "amount": None if self.amount is None else str(self.amount),
        }


@dataclass(frozen=True)
class Submitted:
    code: tracking.TrackingCode
    proof: str
    submitted_at: datetime
    acceptance_due: date | None
    attachment_count: int


class ReportError(Exception):
    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


class RecoveryKeyMissing(RuntimeError):
    """No recovery public key is configured: refuse to store what nobody could recover."""


def _data_context(report_id: int, kind: KeyKind, holder: str, subject: str = "report") -> bytes:
    return f"portal/{subject}/{report_id}/{kind.value}-key/{holder}".encode()


def key_holders(session: Session, region: Region, roles: set[Role]) -> list[StaffUser]:
    """Active staff with one of `roles` whose region scope contains `region`."""
    codes = [code for code in region.path.split("/") if code]
    # A scope contains the region when the scope's path is one of the region's ancestor paths.
    ancestor_paths = ["/" + "/".join(codes[:depth]) + "/" for depth in range(1, len(codes) + 1)]
    statement = (
        select(StaffUser)
        .join(StaffUser.region)
        .join(StaffRoleGrant)
        .where(StaffUser.active.is_(True), Region.path.in_(ancestor_paths), StaffRoleGrant.role.in_(roles))
        .distinct()
        .order_by(StaffUser.id)
    )
    return list(session.scalars(statement))


def wraps_for_holders(session, keyring, record_id: int, region: Region, kind: KeyKind, key: bytes, *,
                      subject: str = "report", reporter_key: bytes | None = None, skip_recovery: bool = False,
                      skip_staff: set[int] = frozenset(), also: tuple[StaffUser, ...] = ()) -> list[dict]:
    """`key` of a record (a report, a hotline order, an observation) wrapped to the recovery
    key, the reporter (if given), every staff holder of `kind` in scope of `region` (except
    those in `skip_staff`, who hold it already) and the staff in `also` (a supervisor who
    wrote the record): the values of one wrap row each."""
    wraps = []
    if not skip_recovery:
        if keyring.recovery_public_key is None:
            raise RecoveryKeyMissing("run `portal keys init-recovery` first")
        wraps.append(dict(recipient=Recipient.RECOVERY, wrapped_key=envelope.wrap_to_public_key(
            key, keyring.recovery_public_key, _data_context(record_id, kind, "recovery", subject))))
    if reporter_key is not None:
        wraps.append(dict(recipient=Recipient.REPORTER, wrapped_key=envelope.wrap_with_key(
            key, reporter_key, _data_context(record_id, kind, "reporter", subject))))
    holders = key_holders(session, region, KEY_HOLDER_ROLES[kind])
    for user in holders + [user for user in also if user not in holders]:
        if user.id in skip_staff:
            continue
        wraps.append(dict(recipient=Recipient.STAFF, staff_user_id=user.id, wrapped_key=envelope.wrap_to_public_key(
            key, user.public_key, _data_context(record_id, kind, f"staff/{user.id}", subject))))
    return wraps


def _wrap_for_holders(session, keyring, report, kind: KeyKind, key: bytes, reporter_key: bytes | None,
                      skip_recovery: bool = False, skip_staff: set[int] = frozenset(),
                      also: tuple[StaffUser, ...] = ()):
    report.key_wraps.extend(KeyWrap(key_kind=kind, **values) for values in wraps_for_holders(
        session, keyring, report.id, report.region, kind, key, reporter_key=reporter_key,
        skip_recovery=skip_recovery, skip_staff=skip_staff, also=also))


def _store_attachments(session, keyring, report, data_key, files, message_id=None) -> list[tuple[Path, str]]:
    """Seal each file into the upload folder; returns (path, sha256) for the receipt digest."""
    return sealed_files.store(session, keyring.upload_folder, data_key, report.id, files,
                              lambda name: ReportAttachment(report=report, message_id=message_id, storage_name=name,
                                                            sealed_meta=b""))


def submit_report(
    session: Session,
    keyring: Keyring,
    draft: ReportDraft,
    files: list[CleanFile] = (),
    channel: Channel = Channel.WEB,
    now: datetime | None = None,
    with_report: Callable[[Report], None] | None = None,
    also_staff: tuple[StaffUser, ...] = (),
) -> Submitted:
    """Store a report in one transaction; on any failure nothing remains (rows or files).
    `with_report` adds what belongs with the report (a hotline order) in the same transaction;
    `also_staff` hold the report's data key besides its holders (the supervisor whose clue it is)."""
    now = now or datetime.now(timezone.utc)
    region = session.scalar(select(Region).where(Region.code == draft.region_code))
    if region is None:
        raise ReportError(Message(N_("Choose the region where it happened.")))
    # The KDF runs before any statement: waiting for the one-at-a-time Argon2id slot must not
    # hold a database transaction open. A locator collision (1 in 10^9) just draws again.
    session.commit()
    code = tracking.new_code()
    salt = tracking.new_salt()
    code_keys = tracking.derive_code_keys(code.secret, salt, keyring.pepper)
    written: list[Path] = []
    try:
        while session.scalar(select(Report.id).where(Report.locator == code.locator)) is not None:
            code = tracking.TrackingCode(tracking.new_code().locator, code.secret)
        report = Report(
            locator=code.locator, region=region, category=draft.category, channel=channel,
            status=ReportStatus.RECEIVED, real_name=draft.identity is not None,
            reward_wanted=draft.reward_wanted, created_at=now,
            acceptance_due=workflow.open_case(bureau_date(now), draft.identity is not None,
                                              load_calendar(session), keyring.rules).acceptance_due,
            code_salt=salt, code_verifier=code_keys.verifier,
            code_must_change=channel is Channel.HOTLINE,
        )
        session.add(report)
        session.flush()
        data_key = envelope.new_data_key()
        content = draft.content()
        report.sealed_fields.append(SealedField(name="content", key_kind=KeyKind.DATA,
                                                ciphertext=envelope.seal_json(data_key, report.id, "content", content)))
        _wrap_for_holders(session, keyring, report, KeyKind.DATA, data_key, code_keys.wrapping_key, also=also_staff)
        if draft.identity is not None:
            identity_key = envelope.new_data_key()
            report.sealed_fields.append(SealedField(
                name="identity", key_kind=KeyKind.IDENTITY,
                ciphertext=envelope.seal_json(identity_key, report.id, "identity", asdict(draft.identity))))
            # The reporter does not hold the identity key: they know who they are.
            _wrap_for_holders(session, keyring, report, KeyKind.IDENTITY, identity_key, None)
        report.events.append(ReportEvent(status=ReportStatus.RECEIVED, at=now))
        stored = _store_attachments(session, keyring, report, data_key, files)
        written = [path for path, _ in stored]
        proof = _proof(keyring, code.locator, draft.category, draft.region_code, content,
                       draft.identity is not None, [sha for _, sha in stored], now)
        if with_report is not None:
            with_report(report)
        session.commit()
    except BaseException:
        session.rollback()
        sealed_files.remove(written)
        raise
    return Submitted(code, proof, now, report.acceptance_due, len(stored))


def _proof(keyring, locator, category, region_code, content, real_name, attachment_hashes, at) -> str:
    """Signed digest of what was submitted and when; the same inputs give the same proof."""
    digest = hashlib.sha256(json.dumps(
        {"locator": locator, "category": category.value, "region": region_code, "content": content,
         "real_name": real_name, "attachments": attachment_hashes},
        ensure_ascii=False, sort_keys=True).encode()).digest()
    return envelope.sign_receipt(keyring.receipt_signing_key, digest, at.isoformat())


def proof_of_submission(keyring: Keyring, report: Report, data_key: bytes) -> str:
    """The proof given at submission, made again from the decrypted report."""
    content_field = next(f for f in report.sealed_fields if f.name == "content")
    hashes = [
        hashlib.sha256(envelope.read_sealed_file(keyring.upload_folder / a.storage_name, data_key,
                                                 report.id, a.id)).hexdigest()
        for a in report.attachments if a.message_id is None
    ]
    return _proof(keyring, report.locator, report.category, report.region.code,
                  envelope.open_json(data_key, report.id, "content", content_field.ciphertext),
                  report.real_name, hashes, as_utc(report.created_at))


# --- the reporter's side: opening a report with the code --------------------------------

GENERIC_CODE_REFUSAL = N_("No report matches this tracking code. Check the digits and try again.")


class CodeRefused(ReportError):
    pass


class CodeLocked(ReportError):
    """Shown as "Too many wrong tries: this tracking code is locked until %(time)s." with the
    time formatted for the reader's locale."""

    def __init__(self, until: datetime):
        super().__init__(Message("locked"))
        self.until = until


def open_with_code(session: Session, keyring: Keyring, code_text: str, now: datetime | None = None):
    """(report, data key) for a correct code. A malformed code costs no database lookup,
    an unknown locator costs no KDF, a locked code is refused before the KDF."""
    now = now or datetime.now(timezone.utc)
    try:
        code = tracking.parse_code(code_text)
    except tracking.CodeFormatError as error:
        raise CodeRefused(error.message) from None
    report = session.scalar(select(Report).where(Report.locator == code.locator))
    if report is None:
        raise CodeRefused(Message(GENERIC_CODE_REFUSAL))
    locked_until = as_utc(report.code_locked_until)
    if locked_until and locked_until > now:
        raise CodeLocked(locked_until)
    session.commit()  # end the read transaction: no transaction stays open while the KDF waits
    keys = tracking.derive_code_keys(code.secret, report.code_salt, keyring.pepper)
    if not tracking.verifier_matches(report.code_verifier, keys.verifier):
        report.failed_code_attempts += 1
        delay = tracking.lockout_delay(report.failed_code_attempts)
        report.code_locked_until = now + delay if delay else None
        session.commit()
        if delay:
            raise CodeLocked(report.code_locked_until)
        raise CodeRefused(Message(GENERIC_CODE_REFUSAL))
    if report.failed_code_attempts or report.code_locked_until:
        report.failed_code_attempts, report.code_locked_until = 0, None
        session.commit()
    wrap = _reporter_wrap(report)
    return report, envelope.unwrap_with_key(wrap.wrapped_key, keys.wrapping_key,
                                           _data_context(report.id, KeyKind.DATA, "reporter"))


def rotate_code(session: Session, keyring: Keyring, report: Report, data_key: bytes) -> tracking.TrackingCode:
    """A new secret for the same locator, for a reporter who opened the report with a code
    someone else has heard (a hotline operator read it aloud): the old code stops working."""
    session.commit()  # as at submission: no transaction waits for the KDF
    code = tracking.TrackingCode(report.locator, tracking.new_code().secret)
    salt = tracking.new_salt()
    keys = tracking.derive_code_keys(code.secret, salt, keyring.pepper)
    _reporter_wrap(report).wrapped_key = envelope.wrap_with_key(
        data_key, keys.wrapping_key, _data_context(report.id, KeyKind.DATA, "reporter"))
    report.code_salt, report.code_verifier, report.code_must_change = salt, keys.verifier, False
    report.failed_code_attempts, report.code_locked_until = 0, None
    session.commit()
    return code


def _reporter_wrap(report: Report) -> KeyWrap:
    return next(w for w in report.key_wraps if w.recipient is Recipient.REPORTER and w.key_kind is KeyKind.DATA)


@dataclass(frozen=True)
class AttachmentView:
    id: int
    name: str
    media_type: str
    size: int
    created_at: datetime


@dataclass(frozen=True)
class MessageView:
    author: Author
    text: str
    created_at: datetime
    attachments: list[AttachmentView]


@dataclass(frozen=True)
class ReporterView:
    locator: str
    status: ReportStatus
    category: Violation
    region: Region
    channel: Channel
    real_name: bool
    reward_wanted: bool
    created_at: datetime
    acceptance_due: date | None
    content: dict
    events: list[ReportEvent]
    attachments: list[AttachmentView]
    messages: list[MessageView]


def _attachment_view(report, data_key, attachment) -> AttachmentView:
    meta = sealed_files.meta(data_key, report.id, attachment)
    return AttachmentView(attachment.id, meta["name"], meta["type"], meta["size"], as_utc(attachment.created_at))


def reporter_view(report: Report, data_key: bytes) -> ReporterView:
    content_field = next(f for f in report.sealed_fields if f.name == "content")
    by_message: dict[int | None, list[AttachmentView]] = {}
    for attachment in report.attachments:
        by_message.setdefault(attachment.message_id, []).append(_attachment_view(report, data_key, attachment))
    messages = [
        MessageView(message.author,
                    envelope.open_field(data_key, report.id, f"message/{message.id}", message.ciphertext).decode(),
                    as_utc(message.created_at), by_message.get(message.id, []))
        for message in report.messages
    ]
    return ReporterView(
        report.locator, report.status, report.category, report.region, report.channel, report.real_name,
        report.reward_wanted, as_utc(report.created_at), report.acceptance_due,
        envelope.open_json(data_key, report.id, "content", content_field.ciphertext),
        list(report.events), by_message.get(None, []), messages,
    )


def add_message(session: Session, keyring: Keyring, report: Report, data_key: bytes, author: Author,
                text: str, files: list[CleanFile] = (), now: datetime | None = None) -> ReportMessage:
    """A follow-up from the reporter or a reply from the bureau, sealed like the report."""
    now = now or datetime.now(timezone.utc)
    written: list[Path] = []
    try:
        message = ReportMessage(report=report, author=author, created_at=now, ciphertext=b"")
        session.add(message)
        session.flush()
        message.ciphertext = envelope.seal_field(data_key, report.id, f"message/{message.id}", text.encode())
        written = [path for path, _ in _store_attachments(session, keyring, report, data_key, files, message.id)]
        session.commit()
    except BaseException:
        session.rollback()
        sealed_files.remove(written)
        raise
    return message


def read_attachment(keyring: Keyring, report: Report, data_key: bytes, attachment_id: int) -> tuple[AttachmentView, bytes]:
    attachment = next((a for a in report.attachments if a.id == attachment_id), None)
    if attachment is None:
        raise LookupError(attachment_id)
    return _attachment_view(report, data_key, attachment), sealed_files.read(keyring.upload_folder, data_key,
                                                                              report.id, attachment)


def grant_with_recovery(session: Session, recovery_private_key, user: StaffUser) -> int:
    """Wrap to `user` every report key their roles and region entitle them to and that they do
    not hold yet, opening it with the bureau's recovery key (for re-scoped or new colleagues
    when no current holder is at hand). Returns how many keys were granted."""
    granted = 0
    kinds = [kind for kind, roles in KEY_HOLDER_ROLES.items() if roles & user.roles]
    if not kinds or not user.active:
        return 0
    reports = session.scalars(
        select(Report).join(Report.region).where(Region.path.startswith(user.region.path)).order_by(Report.id)
    )
    for report in reports:
        held = {(w.key_kind, w.staff_user_id) for w in report.key_wraps}
        for kind in kinds:
            if (kind, user.id) in held:
                continue
            recovery = next((w for w in report.key_wraps if w.recipient is Recipient.RECOVERY and w.key_kind is kind), None)
            if recovery is None:
                continue  # e.g. no identity key on an anonymous report
            key = envelope.unwrap_with_private_key(recovery.wrapped_key, recovery_private_key,
                                                   _data_context(report.id, kind, "recovery"))
            report.key_wraps.append(KeyWrap(
                key_kind=kind, recipient=Recipient.STAFF, staff_user_id=user.id,
                wrapped_key=envelope.wrap_to_public_key(key, user.public_key,
                                                        _data_context(report.id, kind, f"staff/{user.id}"))))
            granted += 1
    session.commit()
    return granted


class KeyNotHeld(LookupError):
    """The staff member has no wrap of this report's key."""


def unwrap_as_staff(wraps, record_id: int, user: StaffUser, private_key_raw: bytes, kind: KeyKind,
                    subject: str = "report") -> bytes:
    """A record's key of `kind` from its wraps, unwrapped with the staff member's private key;
    KeyNotHeld when none is wrapped for them."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    wrap = next((w for w in wraps
                 if w.recipient is Recipient.STAFF and w.staff_user_id == user.id and w.key_kind is kind), None)
    if wrap is None:
        raise KeyNotHeld(record_id)
    return envelope.unwrap_with_private_key(wrap.wrapped_key, X25519PrivateKey.from_private_bytes(private_key_raw),
                                           _data_context(record_id, kind, f"staff/{user.id}", subject))


def open_as_staff(report: Report, user: StaffUser, private_key_raw: bytes, kind: KeyKind = KeyKind.DATA) -> bytes:
    """The report's key of `kind`, unwrapped with the staff member's private key."""
    return unwrap_as_staff(report.key_wraps, report.id, user, private_key_raw, kind)


# Roles that work on reports. Others (editors, institution staff, supervisors) are not told
# whether a report exists: for them every locator is absent.
REPORT_QUEUE_ROLES = frozenset({Role.ADMIN, Role.CASE_OFFICER, Role.IDENTITY_CUSTODIAN})


def report_in_scope(session: Session, user: StaffUser, locator: str) -> Report | None:
    """The report with this locator if the user works on reports and it lies in the user's
    region subtree, else None."""
    if not user.roles & REPORT_QUEUE_ROLES:
        return None
    return session.scalar(select(Report).join(Report.region)
                          .where(Report.locator == locator, Region.path.startswith(user.region.path)))


def colleagues_without_key(session: Session, report: Report) -> list[StaffUser]:
    """Active staff whose role and region cover the report but who hold no data-key wrap."""
    holders = {w.staff_user_id for w in report.key_wraps if w.key_kind is KeyKind.DATA}
    return [user for user in key_holders(session, report.region, KEY_HOLDER_ROLES[KeyKind.DATA])
            if user.id not in holders]


def grant_to_colleague(session: Session, report: Report, granter: StaffUser, granter_key_raw: bytes,
                       colleague: StaffUser) -> None:
    """A holder re-wraps the report's data key to a colleague entitled to it."""
    if colleague not in colleagues_without_key(session, report):
        raise ReportError(Message(N_("This colleague cannot be given this report.")))
    data_key = open_as_staff(report, granter, granter_key_raw)
    report.key_wraps.append(KeyWrap(
        key_kind=KeyKind.DATA, recipient=Recipient.STAFF, staff_user_id=colleague.id,
        wrapped_key=envelope.wrap_to_public_key(data_key, colleague.public_key,
                                                _data_context(report.id, KeyKind.DATA, f"staff/{colleague.id}"))))
