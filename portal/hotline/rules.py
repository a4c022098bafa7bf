"""12345 hotline work orders as data and pure functions. No Flask, no database.

The 12345 government service hotline passes calls to the bureau as work orders
(国办发〔2020〕53号; GB/T 33358-2016; the Jinan and Weifang regulations; ../shared/domain/rules.md):
an operator types what the caller says, the bureau replies to 12345 and the caller within
**5 working days**, 12345 calls the caller back (the follow-up) and records their
satisfaction; an order for another department is sent back; an unsatisfied follow-up
reopens the order with a new reply period. A "report" order also becomes an encrypted report
with the report clocks (portal.reports); the order itself keeps the 12345 cycle.

    OPEN --reply--> REPLIED --follow-up satisfied / basically / not reached--> CLOSED
    OPEN --send back--> RETURNED                       (wrong department; final)
    REPLIED --follow-up unsatisfied--> OPEN            (reopened, a new reply period)

Order numbers. 12345 platforms number orders differently (Jinan writes the date and a
serial, others prefix a city code), so the rule is the common shape: 6 to 32 letters, digits
and dashes with at least 6 digits, case and spaces not significant (written upper-case,
spaces removed, full-width characters folded). The number identifies the order: entering it
again opens the existing one.
"""
from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from portal.text import N_, Message, Refused

REPLY_WORKING_DAYS = 5
MAX_MATTER_LENGTH = 8000
MAX_REPLY_LENGTH = 4000


class RequestType(enum.StrEnum):
    CONSULTATION = "consultation"  # 咨询
    HELP = "help"  # 求助
    COMPLAINT = "complaint"  # 投诉
    REPORT = "report"  # 举报: becomes an encrypted report
    SUGGESTION = "suggestion"  # 建议
    PRAISE = "praise"  # 表扬


REQUEST_TYPE_TEXT: Mapping[RequestType, str] = MappingProxyType({
    RequestType.CONSULTATION: N_("Consultation"),
    RequestType.HELP: N_("Request for help"),
    RequestType.COMPLAINT: N_("Complaint"),
    RequestType.REPORT: N_("Report of fraud"),
    RequestType.SUGGESTION: N_("Suggestion"),
    RequestType.PRAISE: N_("Praise"),
})


class OrderState(enum.StrEnum):
    OPEN = "open"  # waiting for the bureau's reply
    REPLIED = "replied"  # waiting for 12345's follow-up call
    CLOSED = "closed"
    RETURNED = "returned"  # sent back to 12345: not this bureau's matter


ORDER_STATE_TEXT: Mapping[OrderState, str] = MappingProxyType({
    OrderState.OPEN: N_("Waiting for the bureau's reply"),
    OrderState.REPLIED: N_("Replied; waiting for the follow-up call"),
    OrderState.CLOSED: N_("Closed"),
    OrderState.RETURNED: N_("Sent back to 12345 (not this bureau's matter)"),
})


class Satisfaction(enum.StrEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    UNSATISFIED = "unsatisfied"
    NOT_REACHED = "not_reached"  # the caller could not be reached, or asked for no call


SATISFACTION_TEXT: Mapping[Satisfaction, str] = MappingProxyType({
    Satisfaction.SATISFIED: N_("Satisfied"),
    Satisfaction.BASICALLY_SATISFIED: N_("Basically satisfied"),
    Satisfaction.UNSATISFIED: N_("Unsatisfied: reopen the order"),
    Satisfaction.NOT_REACHED: N_("Caller not reached or asked not to be called"),
})


class OrderAction(enum.StrEnum):
    REPLY = "reply"
    FOLLOW_UP = "follow_up"
    SEND_BACK = "send_back"


# The history of an order, one line per step.
EVENT_TEXT: Mapping[str, str] = MappingProxyType({
    "entered": N_("Entered by the 12345 operator"),
    OrderAction.REPLY.value: N_("Replied to 12345 and the caller"),
    OrderAction.FOLLOW_UP.value: N_("Follow-up call recorded"),
    OrderAction.SEND_BACK.value: N_("Sent back to 12345"),
    "reopened": N_("Reopened after an unsatisfied follow-up"),
})
# Each step's button and the prompt of its text.
ACTION_TEXT: Mapping[OrderAction, tuple[str, str]] = MappingProxyType({
    OrderAction.REPLY: (N_("Reply"), N_("Reply to 12345 and the caller (sent through 12345)")),
    OrderAction.FOLLOW_UP: (N_("Record the follow-up"), N_("What the caller said at the follow-up call")),
    OrderAction.SEND_BACK: (N_("Send back to 12345"), N_("Why this is not the bureau's matter, and who handles it")),
})


class OrderRefused(Refused):
    """An order or a step that cannot be stored."""


_ORDER_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9-]{5,31}")


def order_number(text: str) -> str:
    """The order number in its stored form, or OrderRefused."""
    folded = "".join(unicodedata.normalize("NFKC", text or "").split()).upper()
    if not _ORDER_NUMBER.fullmatch(folded) or sum(character.isdigit() for character in folded) < 6:
        raise OrderRefused(Message(N_("A 12345 order number has 6 to 32 letters, digits and dashes, with at "
                                      "least 6 digits, as on the 12345 system.")))
    return folded


@dataclass(frozen=True)
class Step:
    """The result of an action: the new state, and whether the order was reopened (a new
    reply period starts on the day of the follow-up)."""

    state: OrderState
    reopened: bool = False


def allowed_actions(state: OrderState) -> frozenset[OrderAction]:
    return {
        OrderState.OPEN: frozenset({OrderAction.REPLY, OrderAction.SEND_BACK}),
        OrderState.REPLIED: frozenset({OrderAction.FOLLOW_UP}),
    }.get(state, frozenset())


def _checked(value: str, limit: int, empty: str | None) -> str:
    """`value` stripped; OrderRefused when too long, or empty and `empty` (the message) is given."""
    value = (value or "").strip()
    if not value and empty is not None:
        raise OrderRefused(Message(empty))
    if len(value) > limit:
        raise OrderRefused(Message(N_("The text is %(length)d characters long; at most %(maximum)d are allowed."),
                                   {"length": len(value), "maximum": limit}))
    return value


def step(state: OrderState, action: OrderAction, *, text: str = "",
         satisfaction: Satisfaction | None = None) -> tuple[Step, str]:
    """The next state for `action` on an order in `state`, with the action's text checked
    (the reply, the reason for sending back, the follow-up note); OrderRefused otherwise."""
    if action not in allowed_actions(state):
        raise OrderRefused(Message(N_("This step is not possible for an order in its present state.")))
    if action is OrderAction.REPLY:
        return Step(OrderState.REPLIED), _checked(text, MAX_REPLY_LENGTH,
                                                  N_("Write the reply to 12345 and the caller."))
    if action is OrderAction.SEND_BACK:
        return Step(OrderState.RETURNED), _checked(
            text, MAX_REPLY_LENGTH, N_("Say why the order is not this bureau's matter and who handles it."))
    if satisfaction is None:
        raise OrderRefused(Message(N_("Choose the caller's satisfaction from the follow-up call.")))
    note = _checked(text, MAX_REPLY_LENGTH, None)
    if satisfaction is Satisfaction.UNSATISFIED:
        if not note:
            raise OrderRefused(Message(N_("Say what the caller is unsatisfied with; the order is reopened.")))
        return Step(OrderState.OPEN, reopened=True), note
    return Step(OrderState.CLOSED), note


def reply_due(calendar, received: date) -> date | None:
    """The last day of the reply period: 5 working days after `received` (not counted), or
    None while the official calendar does not cover it (never guessed)."""
    return calendar.due_or_none(received, REPLY_WORKING_DAYS)
