"""Taking a step on a case: the Flask-free workflow decides, this stores it with its sealed
note, optional message to the reporter and audit entry, in one transaction."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import envelope
from portal.audit import chain
from portal.calendar.services import load_calendar
from portal.casework.workflow import (
    Action,
    ActionRequest,
    CaseSnapshot,
    IllegalTransition,
    TransferKind,
    apply,
)
from portal.regions.models import Region
from portal.reports.models import Author, KeyKind, Report, ReportEvent, ReportMessage
from portal.reports.services import Keyring, _wrap_for_holders, open_as_staff
from portal.staff.models import StaffUser
from portal.text import N_, Message
from portal.workdays import bureau_date

ACTION_LABELS = {
    Action.START_REVIEW: N_("Start the acceptance review"),
    Action.ACCEPT: N_("Accept: open a case"),
    Action.REFUSE: N_("Do not accept (give the reason)"),
    Action.TRANSFER: N_("Transfer to another region or department"),
    Action.START_INVESTIGATION: N_("Start the investigation"),
    Action.EXTEND: N_("Extend the investigation"),
    Action.CONCLUDE: N_("Conclude the investigation"),
    Action.MERGE: N_("Merge into another report (duplicate)"),
}


def snapshot(report: Report) -> CaseSnapshot:
    return CaseSnapshot(
        id=report.id, state=report.status, received_on=bureau_date(report.created_at),
        real_name=report.real_name, decided_on=report.decided_on, extension_days=report.extension_days,
        outcome=report.outcome, acceptance_due=report.acceptance_due, notify_due=report.notify_due,
        investigation_due=report.investigation_due,
    )


def take_step(session: Session, keyring: Keyring, report: Report, user: StaffUser, private_key_raw: bytes,
              request: ActionRequest, note: str = "", message: str = "", merge_into_locator: str = "",
              now: datetime | None = None) -> None:
    """Apply one step; raises IllegalTransition (nothing stored) when the rules refuse it."""
    now = now or datetime.now(timezone.utc)
    data_key = open_as_staff(report, user, private_key_raw)
    if request.action is Action.MERGE:
        target = session.scalar(select(Report).where(Report.locator == merge_into_locator.strip()))
        if target is None or not target.region.path.startswith(user.region.path):
            raise IllegalTransition(Message(N_("Choose the report this one duplicates.")))
        request = ActionRequest(request.action, reason=request.reason, merge_into=snapshot(target))
    target_region = None
    if request.transfer_to and request.transfer_to.kind is TransferKind.OTHER_REGION:
        target_region = session.scalar(select(Region).where(Region.code == request.transfer_to.to))
        if target_region is None or target_region.id == report.region_id:
            raise IllegalTransition(Message(N_("Choose where the report is transferred to.")))
    transition = apply(snapshot(report), request, bureau_date(now), load_calendar(session), keyring.rules)
    try:
        report.status = transition.new_state
        report.outcome = transition.outcome
        report.decided_on = transition.decided_on
        report.acceptance_due = transition.acceptance_due
        report.notify_due = transition.notify_due
        report.investigation_due = transition.investigation_due
        report.extension_days = transition.extension_days
        if transition.merged_into:
            report.merged_into_id = transition.merged_into
        if transition.transfer_to:
            report.transfer_kind = transition.transfer_to.kind
        if target_region is not None:
            # Re-route: the receiving bureau's officers get the key; the reporter is told below.
            report.region = target_region
            session.flush()
            held = {w.staff_user_id for w in report.key_wraps if w.key_kind is KeyKind.DATA}
            _wrap_for_holders(session, keyring, report, KeyKind.DATA, data_key, None, skip_recovery=True,
                              skip_staff=held)
        event = ReportEvent(status=transition.public_event or transition.new_state, at=now,
                            action=request.action.value, actor_id=user.id)
        report.events.append(event)
        session.flush()
        if note.strip():
            event.sealed_note = envelope.seal_field(data_key, report.id, f"event/{event.id}/note", note.strip().encode())
        if message.strip():
            reply = ReportMessage(report=report, author=Author.BUREAU, created_at=now, ciphertext=b"")
            session.add(reply)
            session.flush()
            reply.ciphertext = envelope.seal_field(data_key, report.id, f"message/{reply.id}", message.strip().encode())
        chain.append(session, actor_id=user.id, actor_label=user.username, action="report.transition",
                     subject_type="report", subject_id=report.id,
                     details={"action": request.action.value, "state": transition.new_state.value,
                              **({"to_region": target_region.code} if target_region is not None else {})})
        session.commit()
    except BaseException:
        session.rollback()
        raise


def event_note(report: Report, data_key: bytes, event: ReportEvent) -> str:
    if not event.sealed_note:
        return ""
    return envelope.open_field(data_key, report.id, f"event/{event.id}/note", event.sealed_note).decode()
