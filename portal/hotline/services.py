"""12345 work orders: entered by hotline operators, handled by case officers. No Flask.

Who may do what. A hotline operator (Role.HOTLINE_OPERATOR) enters orders for the regions of
their scope and afterwards sees only their status: the order's keys are wrapped to the case
officers and identity custodians of the region (and the recovery key), as a report's are, so
an operator who is not also one of those cannot read back what they typed. Case officers
reply, send back and record the follow-up. A "report" order is stored as an encrypted report
(channel hotline) in the same transaction as the order; its tracking code is returned once,
for the operator to read aloud, and must be changed at the caller's first use
(portal.reports.services.rotate_code).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from portal import envelope
from portal.audit import chain
from portal.calendar.services import load_calendar
from portal.contact import is_phone_number
from portal.hotline import rules
from portal.hotline.models import HotlineEvent, HotlineOrder
from portal.keywraps import record_key, wrap_record
from portal.hotline.rules import OrderAction, OrderRefused, OrderState, RequestType, Satisfaction
from portal.regions.models import Region
from portal.reports import services as reports
from portal.reports.models import Channel, KeyKind, Report
from portal.reports.tracking import TrackingCode
from portal.staff.models import Role, StaffUser
from portal.text import N_, Message
from portal.violations import Violation
from portal.workdays import as_utc, bureau_date

SUBJECT = "hotline-order"
PAGE_SIZE = 50
# A call is entered while or soon after it happens; a clock a little ahead is tolerated.
CLOCK_TOLERANCE = timedelta(minutes=10)
OLDEST_CALL = timedelta(days=60)


class DuplicateOrder(OrderRefused):
    """The order number is already entered: the existing order is opened instead."""

    def __init__(self, order_id: int):
        super().__init__(Message(N_("This 12345 order number is already entered; here is the order.")))
        self.order_id = order_id


@dataclass(frozen=True)
class OrderDraft:
    """What the operator types while the caller speaks."""

    order_number: str
    called_at: datetime
    region_code: str
    request_type: RequestType
    matter: str
    place: str = ""
    caller_name: str = ""
    caller_phone: str = ""
    confidential: bool = False
    no_reply: bool = False
    # A report of fraud also names the violation and the institution, as the report form does.
    category: Violation | None = None
    institution: str = ""


@dataclass(frozen=True)
class Entered:
    order: HotlineOrder
    code: TrackingCode | None = field(default=None, repr=False)  # a report order's, shown once


def _refuse(msgid: str, **params) -> OrderRefused:
    return OrderRefused(Message(msgid, params))


def _checked_draft(session: Session, operator: StaffUser, draft: OrderDraft, now: datetime) -> tuple[str, Region]:
    if not operator.active or Role.HOTLINE_OPERATOR not in operator.roles:
        raise _refuse(N_("Only 12345 hotline operators enter work orders."))
    number = rules.order_number(draft.order_number)
    existing = session.scalar(select(HotlineOrder.id).where(HotlineOrder.order_number == number))
    if existing is not None:
        raise DuplicateOrder(existing)
    region = session.scalar(select(Region).where(Region.code == draft.region_code))
    if region is None or not region.path.startswith(operator.region.path):
        raise _refuse(N_("Choose the region the call is about, within your own region."))
    if draft.called_at.tzinfo is None or not now - OLDEST_CALL <= draft.called_at <= now + CLOCK_TOLERANCE:
        raise _refuse(N_("Give the time of the call: not in the future and not more than 60 days ago."))
    if not draft.matter.strip():
        raise _refuse(N_("Write what the caller said."))
    if len(draft.matter) > rules.MAX_MATTER_LENGTH:
        raise _refuse(N_("What the caller said may be at most %(count)d characters."), count=rules.MAX_MATTER_LENGTH)
    if draft.caller_phone.strip() and not is_phone_number(draft.caller_phone):
        raise _refuse(N_("Write the caller's mobile number (11 digits) or a landline with its area code."))
    if draft.request_type is RequestType.REPORT:
        if draft.category is None:
            raise _refuse(N_("Choose what kind of fraud the caller reports."))
        if not draft.institution.strip():
            raise _refuse(N_("Write the institution or person the caller reports."))
    return number, region


def _audit(session: Session, user: StaffUser, action: str, order: HotlineOrder, details: dict, at: datetime) -> None:
    chain.append(session, actor_id=user.id, actor_label=user.username, action=action,
                 subject_type="hotline_order", subject_id=order.id, details=details, at=at)


def _wrap(session, keyring, order: HotlineOrder, kind: KeyKind, key: bytes) -> None:
    wrap_record(session, keyring, SUBJECT, order.id, order.region, kind, key)


def enter_order(session: Session, keyring: reports.Keyring, operator: StaffUser, draft: OrderDraft,
                now: datetime | None = None) -> Entered:
    """Store a work order in one transaction (with its report, for a report order)."""
    now = now or datetime.now(timezone.utc)
    number, region = _checked_draft(session, operator, draft, now)
    due = rules.reply_due(load_calendar(session), bureau_date(now))
    order = HotlineOrder(order_number=number, region=region, request_type=draft.request_type, state=OrderState.OPEN,
                         called_at=draft.called_at, received_at=now, reply_due=due, confidential=draft.confidential,
                         no_reply=draft.no_reply, caller_named=bool(draft.caller_name.strip()),
                         operator_id=operator.id)

    def store(report: Report | None = None) -> None:
        order.report_id = report.id if report is not None else None
        session.add(order)
        session.flush()
        data_key = envelope.new_data_key()
        _wrap(session, keyring, order, KeyKind.DATA, data_key)
        if report is None:
            order.sealed_matter = envelope.seal_json(
                data_key, order.id, "matter", {"matter": draft.matter.strip(), "place": draft.place.strip()}, SUBJECT)
            if draft.caller_name.strip() or draft.caller_phone.strip():
                identity_key = envelope.new_data_key()
                order.sealed_caller = envelope.seal_json(
                    identity_key, order.id, "caller",
                    {"name": draft.caller_name.strip(), "phone": draft.caller_phone.strip()}, SUBJECT)
                _wrap(session, keyring, order, KeyKind.IDENTITY, identity_key)
        order.events.append(HotlineEvent(action="entered", state=OrderState.OPEN, at=now, actor_id=operator.id))
        _audit(session, operator, "hotline.enter", order, {"type": draft.request_type.value,
                                                           "report": report is not None}, now)

    try:
        if draft.request_type is RequestType.REPORT:
            identity = None
            if draft.caller_name.strip() and draft.caller_phone.strip():
                identity = reports.Identity(draft.caller_name.strip(), "", draft.caller_phone.strip(), "")
            submitted = reports.submit_report(
                session, keyring, reports.ReportDraft(region_code=region.code, category=draft.category,
                                                      institution=draft.institution.strip(),
                                                      narrative=draft.matter.strip(), place=draft.place.strip(),
                                                      identity=identity),
                channel=Channel.HOTLINE, now=now, with_report=store)
            return Entered(order, submitted.code)
        store()
        session.commit()
    except IntegrityError:  # the same number entered at the same moment by another operator
        session.rollback()
        existing = session.scalar(select(HotlineOrder.id).where(HotlineOrder.order_number == number))
        if existing is None:
            raise
        raise DuplicateOrder(existing) from None
    return Entered(order)


def _scoped(user: StaffUser):
    """Orders of the user's region subtree, for operators and officers; None for other roles."""
    if not user.roles & {Role.HOTLINE_OPERATOR, Role.CASE_OFFICER}:
        return None
    return select(HotlineOrder).join(HotlineOrder.region).where(Region.path.startswith(user.region.path))


def order_in_scope(session: Session, user: StaffUser, order_id: int) -> HotlineOrder | None:
    """The order if the user works on orders and it lies in their region subtree."""
    statement = _scoped(user)
    return None if statement is None else session.scalar(statement.where(HotlineOrder.id == order_id))


def orders_in_scope(session: Session, user: StaffUser, state: OrderState | None = None,
                    before_id: int | None = None, limit: int = PAGE_SIZE) -> list[HotlineOrder]:
    """Newest first, keyset pages by id: status columns only, for operators and officers."""
    statement = _scoped(user)
    if statement is None:
        return []
    statement = statement.order_by(HotlineOrder.id.desc()).limit(limit)
    if state is not None:
        statement = statement.where(HotlineOrder.state == state)
    if before_id:
        statement = statement.where(HotlineOrder.id < before_id)
    return list(session.scalars(statement))


@dataclass(frozen=True)
class EventView:
    action: str
    state: OrderState
    at: datetime
    text: str | None  # None: sealed and the reader holds no key


@dataclass(frozen=True)
class OrderView:
    """What the reader may see: `readable` False for a reader without the order's key (an
    operator), who sees the status and the steps but no text."""

    order: HotlineOrder
    readable: bool
    matter: dict | None
    caller: dict | None
    events: list[EventView]


def _key(order: HotlineOrder, user: StaffUser, private_key: bytes | None, kind: KeyKind) -> bytes | None:
    return record_key(object_session(order), SUBJECT, order.id, user, private_key, kind)


def view_order(order: HotlineOrder, user: StaffUser, private_key: bytes | None) -> OrderView:
    data_key = _key(order, user, private_key, KeyKind.DATA)
    identity_key = _key(order, user, private_key, KeyKind.IDENTITY) if order.sealed_caller else None
    matter = (envelope.open_json(data_key, order.id, "matter", order.sealed_matter, SUBJECT)
              if data_key and order.sealed_matter else None)
    caller = (envelope.open_json(identity_key, order.id, "caller", order.sealed_caller, SUBJECT)
              if identity_key else None)
    events = [EventView(event.action, event.state, as_utc(event.at),
                        envelope.open_json(data_key, order.id, f"event/{event.id}", event.sealed_text, SUBJECT)
                        if data_key and event.sealed_text else None) for event in order.events]
    return OrderView(order, data_key is not None, matter, caller, events)


def take_step(session: Session, officer: StaffUser, private_key: bytes, order: HotlineOrder, action: OrderAction,
              text: str = "", satisfaction: Satisfaction | None = None, now: datetime | None = None) -> HotlineOrder:
    """Reply, send back or record the follow-up; an unsatisfied follow-up reopens the order
    with a new reply period. Every step is sealed, audited and kept."""
    now = now or datetime.now(timezone.utc)
    if not officer.active or Role.CASE_OFFICER not in officer.roles:
        raise _refuse(N_("Only case officers reply to work orders."))
    data_key = _key(order, officer, private_key, KeyKind.DATA)
    if data_key is None:
        raise _refuse(N_("You do not hold this order's key; a colleague who does must handle it."))
    result, checked_text = rules.step(order.state, action, text=text, satisfaction=satisfaction)
    order.state = result.state
    event = HotlineEvent(action=action.value, state=result.state, at=now, actor_id=officer.id)
    order.events.append(event)
    session.flush()
    if checked_text:
        event.sealed_text = envelope.seal_json(data_key, order.id, f"event/{event.id}", checked_text, SUBJECT)
    if action is OrderAction.FOLLOW_UP:
        order.satisfaction = satisfaction
    if result.reopened:
        order.times_reopened += 1
        order.reply_due = rules.reply_due(load_calendar(session), bureau_date(now))
        order.events.append(HotlineEvent(action="reopened", state=OrderState.OPEN, at=now, actor_id=officer.id))
    _audit(session, officer, f"hotline.{action.value}", order,
           {"state": result.state.value, **({"satisfaction": satisfaction.value} if satisfaction else {})}, now)
    session.commit()
    return order
