"""The case workflow of a report (DESIGN.md section 4) as data and pure functions.

No Flask and no database here. The caller builds a `CaseSnapshot` from the stored report,
calls `apply()` with the staff member's `ActionRequest`, and stores what the returned
`Transition` says (state, outcome, due dates, the public history event), together with the
actor, the time and the sealed note and message, which this module never sees.

    received -> acceptance_review -> accepted | not_accepted (reason) | transferred (target)
    accepted -> investigating (one extension, at most 30 working days, reason) -> concluded
    any open state -> merged (a duplicate, closed into another open report)
    any open state -> reply (a message to the reporter; the state does not change)

Clocks count working days on a `WorkdayCalendar`. When the calendar does not yet cover the
period, the due date is None and its clock is listed in `Transition.pending`: a due date is
never guessed. `refresh_dues()` fills such dates in once the calendar covers them.
"""
from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from types import MappingProxyType

from portal.text import N_, Message
from portal.workdays import CalendarNotCovered, WorkdayCalendar


class CaseState(enum.StrEnum):
    # Stored as the report's status (portal.reports.models.ReportStatus is this enum).
    RECEIVED = "received"
    ACCEPTANCE_REVIEW = "acceptance_review"
    ACCEPTED = "accepted"
    NOT_ACCEPTED = "not_accepted"
    TRANSFERRED = "transferred"
    INVESTIGATING = "investigating"
    CONCLUDED = "concluded"
    MERGED = "merged"


class Outcome(enum.StrEnum):
    SUBSTANTIATED = "substantiated"
    PARTLY_SUBSTANTIATED = "partly_substantiated"
    NOT_SUBSTANTIATED = "not_substantiated"


class Action(enum.StrEnum):
    START_REVIEW = "start_review"
    ACCEPT = "accept"
    REFUSE = "refuse"
    TRANSFER = "transfer"
    START_INVESTIGATION = "start_investigation"
    EXTEND = "extend"
    CONCLUDE = "conclude"
    MERGE = "merge"
    REPLY = "reply"


class TransferKind(enum.StrEnum):
    OTHER_REGION = "other_region"  # the bureau of another region (属地管理)
    OTHER_DEPARTMENT = "other_department"  # another authority (health, market regulation, police...)


class Clock(enum.StrEnum):
    ACCEPTANCE = "acceptance"  # decide whether to open a case, from receipt
    NOTIFY = "notify"  # tell a real-name reporter that decision, from the decision
    INVESTIGATION = "investigation"  # finish handling, from acceptance (plus the extension)


class DueStatus(enum.StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"
    PENDING_CALENDAR = "pending_calendar"


OPEN_STATES = frozenset(
    {CaseState.RECEIVED, CaseState.ACCEPTANCE_REVIEW, CaseState.ACCEPTED, CaseState.INVESTIGATING}
)
# Nothing more happens to these here; a transferred report is handled by its new holder.
CLOSED_STATES = frozenset(CaseState) - OPEN_STATES
# States reached by (or after) the acceptance decision: they carry its date.
DECIDED_STATES = frozenset(
    {
        CaseState.ACCEPTED,
        CaseState.NOT_ACCEPTED,
        CaseState.TRANSFERRED,
        CaseState.INVESTIGATING,
        CaseState.CONCLUDED,
    }
)
_UNDECIDED_STATES = frozenset({CaseState.RECEIVED, CaseState.ACCEPTANCE_REVIEW})
_DECISIONS = frozenset({Action.ACCEPT, Action.REFUSE, Action.TRANSFER})

# (state, action) -> new state. Anything not listed is refused.
TRANSITIONS: Mapping[tuple[CaseState, Action], CaseState] = MappingProxyType(
    {
        (CaseState.RECEIVED, Action.START_REVIEW): CaseState.ACCEPTANCE_REVIEW,
        (CaseState.ACCEPTANCE_REVIEW, Action.ACCEPT): CaseState.ACCEPTED,
        (CaseState.ACCEPTANCE_REVIEW, Action.REFUSE): CaseState.NOT_ACCEPTED,
        (CaseState.ACCEPTANCE_REVIEW, Action.TRANSFER): CaseState.TRANSFERRED,
        (CaseState.ACCEPTED, Action.START_INVESTIGATION): CaseState.INVESTIGATING,
        (CaseState.INVESTIGATING, Action.EXTEND): CaseState.INVESTIGATING,
        (CaseState.INVESTIGATING, Action.CONCLUDE): CaseState.CONCLUDED,
        **{(state, Action.MERGE): CaseState.MERGED for state in OPEN_STATES},
        **{(state, Action.REPLY): state for state in OPEN_STATES},
    }
)

# The status a reporter sees in their history after each action (None: no new entry).
PUBLIC_EVENT: Mapping[Action, CaseState | None] = MappingProxyType(
    {
        Action.START_REVIEW: CaseState.ACCEPTANCE_REVIEW,
        Action.ACCEPT: CaseState.ACCEPTED,
        Action.REFUSE: CaseState.NOT_ACCEPTED,
        Action.TRANSFER: CaseState.TRANSFERRED,
        Action.START_INVESTIGATION: CaseState.INVESTIGATING,
        Action.EXTEND: None,
        Action.CONCLUDE: CaseState.CONCLUDED,
        Action.MERGE: CaseState.MERGED,
        Action.REPLY: None,
    }
)

# The clock that runs in each open state (the notify clock runs beside it, see _running).
_STATE_CLOCK: Mapping[CaseState, Clock] = MappingProxyType(
    {
        CaseState.RECEIVED: Clock.ACCEPTANCE,
        CaseState.ACCEPTANCE_REVIEW: Clock.ACCEPTANCE,
        CaseState.ACCEPTED: Clock.INVESTIGATION,
        CaseState.INVESTIGATING: Clock.INVESTIGATION,
    }
)


def allowed_actions(state: CaseState) -> frozenset[Action]:
    """The actions the transition table allows in `state` (further checks may still refuse)."""
    return frozenset(action for (from_state, action) in TRANSITIONS if from_state is state)


@dataclass(frozen=True)
class ClockRules:
    """Time limits in working days. Configurable: only `notify_days` is sourced (NHSA Decree 5:
    a real-name reporter is told within 5 working days of the decision whether a case is
    opened). The others are unverified common practice (domain/rules.md); the claim window
    follows the analogous food and drug reward rule."""

    acceptance_days: int = 15
    notify_days: int = 5
    investigation_days: int = 30
    max_extension_days: int = 30
    reward_claim_days: int = 30

    def __post_init__(self) -> None:
        for name in ("acceptance_days", "notify_days", "investigation_days", "max_extension_days",
                     "reward_claim_days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"ClockRules.{name} must be a positive number of working days")


@dataclass(frozen=True)
class TransferTarget:
    kind: TransferKind
    to: str  # region code for OTHER_REGION, the receiving authority's name for OTHER_DEPARTMENT


@dataclass(frozen=True)
class CaseSnapshot:
    """What the workflow needs to know of a stored report."""

    id: int
    state: CaseState
    received_on: date  # Beijing date of receipt
    real_name: bool
    decided_on: date | None = None  # date of the acceptance decision (accept, refuse, transfer)
    extension_days: int = 0  # 0 until the investigation is extended
    outcome: Outcome | None = None
    acceptance_due: date | None = None
    notify_due: date | None = None
    investigation_due: date | None = None

    def __post_init__(self) -> None:
        if self.state in DECIDED_STATES and self.decided_on is None:
            raise ValueError("a report past the acceptance decision needs decided_on")
        if self.state in _UNDECIDED_STATES and self.decided_on is not None:
            raise ValueError("a report before the acceptance decision has no decided_on")
        if self.decided_on is not None and self.decided_on < self.received_on:
            raise ValueError("decided_on is before received_on")
        if self.extension_days < 0:
            raise ValueError("extension_days is negative")
        if (self.state is CaseState.CONCLUDED) != (self.outcome is not None):
            raise ValueError("an outcome is set exactly for concluded reports")


@dataclass(frozen=True)
class ActionRequest:
    """A staff member's step. Only what the rules check; the note and the message to the
    reporter stay with the caller (sealed)."""

    action: Action
    reason: str | None = None  # required to refuse and to extend
    outcome: Outcome | None = None  # required to conclude
    transfer_to: TransferTarget | None = None  # required to transfer
    extension_days: int | None = None  # required to extend, 1..ClockRules.max_extension_days
    merge_into: CaseSnapshot | None = None  # required to merge: the report this one duplicates


@dataclass(frozen=True)
class Transition:
    """What to store after a step. Due dates are the values to store (carried over when the
    step does not change them); a None due date of a running clock is listed in `pending`."""

    action: Action | None  # None for refresh_dues() and open_case()
    new_state: CaseState
    outcome: Outcome | None
    acceptance_due: date | None
    notify_due: date | None  # only for real-name reports
    investigation_due: date | None
    extended: bool
    public_event: CaseState | None  # the status added to the reporter's history, if any
    decided_on: date | None
    extension_days: int
    pending: frozenset[Clock] = frozenset()  # running clocks the calendar does not cover yet
    transfer_to: TransferTarget | None = None
    merged_into: int | None = None  # id of the report a duplicate was merged into

    @property
    def calendar_pending(self) -> bool:
        return bool(self.pending)

    def next_snapshot(self, case: CaseSnapshot) -> CaseSnapshot:
        """`case` as it is once this transition is stored."""
        return replace(
            case,
            state=self.new_state,
            outcome=self.outcome,
            decided_on=self.decided_on,
            extension_days=self.extension_days,
            acceptance_due=self.acceptance_due,
            notify_due=self.notify_due,
            investigation_due=self.investigation_due,
        )


class IllegalTransition(ValueError):
    def __init__(self, message: Message):
        super().__init__(message.msgid % message.params if message.params else message.msgid)
        self.message = message


def _refuse(msgid: str, **params) -> IllegalTransition:
    return IllegalTransition(Message(msgid, params))


def _blank(text: str | None) -> bool:
    return not isinstance(text, str) or not text.strip()


def _running(case: CaseSnapshot) -> frozenset[Clock]:
    clocks = set()
    if case.state in _STATE_CLOCK:
        clocks.add(_STATE_CLOCK[case.state])
    if case.real_name and case.decided_on is not None and case.state is not CaseState.MERGED:
        clocks.add(Clock.NOTIFY)
    return frozenset(clocks)


def _settle(
    case: CaseSnapshot, calendar: WorkdayCalendar, rules: ClockRules
) -> tuple[CaseSnapshot, frozenset[Clock]]:
    """Fill in the running clocks' missing due dates where the calendar now covers them."""
    running = _running(case)
    if Clock.ACCEPTANCE in running and case.acceptance_due is None:
        case = replace(case, acceptance_due=calendar.due_or_none(case.received_on, rules.acceptance_days))
    if Clock.NOTIFY in running and case.notify_due is None:
        case = replace(case, notify_due=calendar.due_or_none(case.decided_on, rules.notify_days))
    if Clock.INVESTIGATION in running and case.investigation_due is None:
        case = replace(
            case,
            investigation_due=calendar.due_or_none(
                case.decided_on, rules.investigation_days + case.extension_days
            ),
        )
    dues = {
        Clock.ACCEPTANCE: case.acceptance_due,
        Clock.NOTIFY: case.notify_due,
        Clock.INVESTIGATION: case.investigation_due,
    }
    return case, frozenset(clock for clock in running if dues[clock] is None)


def _transition(
    action: Action | None,
    case: CaseSnapshot,
    calendar: WorkdayCalendar,
    rules: ClockRules,
    public_event: CaseState | None,
    **extra,
) -> Transition:
    case, pending = _settle(case, calendar, rules)
    return Transition(
        action=action,
        new_state=case.state,
        outcome=case.outcome,
        acceptance_due=case.acceptance_due,
        notify_due=case.notify_due if case.real_name else None,
        investigation_due=case.investigation_due,
        extended=case.extension_days > 0,
        public_event=public_event,
        decided_on=case.decided_on,
        extension_days=case.extension_days,
        pending=pending,
        **extra,
    )


def open_case(received_on: date, real_name: bool, calendar: WorkdayCalendar, rules: ClockRules) -> Transition:
    """A report just received: its state, acceptance due date and first history entry."""
    case = CaseSnapshot(id=0, state=CaseState.RECEIVED, received_on=received_on, real_name=real_name)
    return _transition(None, case, calendar, rules, CaseState.RECEIVED)


def refresh_dues(case: CaseSnapshot, calendar: WorkdayCalendar, rules: ClockRules) -> Transition:
    """Fill in due dates left None while the calendar did not cover them (run after the new
    year's schedule is entered). Dates already stored are kept; the state does not change."""
    return _transition(None, case, calendar, rules, None)


def apply(
    case: CaseSnapshot, action: ActionRequest, today: date, calendar: WorkdayCalendar, rules: ClockRules
) -> Transition:
    """The result of taking `action` on `case` on `today`, or IllegalTransition."""
    try:
        kind = Action(action.action)
    except ValueError:
        kind = None
    new_state = TRANSITIONS.get((case.state, kind))
    if new_state is None:
        raise _refuse(
            N_("This step is not possible for a report in state “%(state)s”."), state=case.state.value
        )
    if today < case.received_on or (case.decided_on is not None and today < case.decided_on):
        raise _refuse(N_("A step cannot be dated before the report was received or decided on."))

    changes: dict = {"state": new_state}
    extra: dict = {}
    if kind in _DECISIONS:
        if kind is Action.REFUSE and _blank(action.reason):
            raise _refuse(N_("Give the reason for this step."))
        if kind is Action.TRANSFER:
            target = action.transfer_to
            if target is None or not isinstance(target.kind, TransferKind) or _blank(target.to):
                raise _refuse(N_("Choose where the report is transferred to."))
            extra["transfer_to"] = target
        changes.update(
            decided_on=today,
            notify_due=calendar.due_or_none(today, rules.notify_days) if case.real_name else None,
            investigation_due=(
                calendar.due_or_none(today, rules.investigation_days) if kind is Action.ACCEPT else None
            ),
        )
    elif kind is Action.EXTEND:
        if case.extension_days > 0:
            raise _refuse(N_("The investigation has already been extended once."))
        days = action.extension_days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= rules.max_extension_days:
            raise _refuse(
                N_("An extension is from 1 to %(max)d working days."), max=rules.max_extension_days
            )
        if _blank(action.reason):
            raise _refuse(N_("Give the reason for this step."))
        if case.investigation_due is not None:
            current = case.investigation_due
            extended_due = calendar.due_or_none(current, days)
        else:  # still pending: count from the acceptance, as _settle does
            current = calendar.due_or_none(case.decided_on, rules.investigation_days)
            extended_due = calendar.due_or_none(case.decided_on, rules.investigation_days + days)
        if current is not None and today > current:
            raise _refuse(N_("The time limit has passed; an extension must be decided before it ends."))
        changes.update(extension_days=days, investigation_due=extended_due)
    elif kind is Action.CONCLUDE:
        if not isinstance(action.outcome, Outcome):
            raise _refuse(N_("Choose the outcome of the investigation."))
        changes.update(outcome=action.outcome)
    elif kind is Action.MERGE:
        target = action.merge_into
        if target is None:
            raise _refuse(N_("Choose the report this one duplicates."))
        if target.id == case.id:
            raise _refuse(N_("A report cannot be merged into itself."))
        if target.state not in OPEN_STATES:
            raise _refuse(N_("A report can only be merged into an open report."))
        extra["merged_into"] = target.id
    return _transition(kind, replace(case, **changes), calendar, rules, PUBLIC_EVENT[kind], **extra)


def due_status(due: date | None, today: date, calendar: WorkdayCalendar, soon_days: int = 3) -> DueStatus:
    """Where a due date stands on `today`: overdue after it; due soon on it or while at most
    `soon_days` working days remain before it; pending while the due date, or a day that
    must be counted to place it, is not covered by the calendar (never guessed)."""
    if due is None:
        return DueStatus.PENDING_CALENDAR
    if today > due:
        return DueStatus.OVERDUE
    remaining, day = 0, today
    try:
        while day < due:
            day += timedelta(days=1)
            if calendar.is_workday(day):
                remaining += 1
                if remaining > soon_days:
                    return DueStatus.ON_TIME
    except CalendarNotCovered:
        return DueStatus.PENDING_CALENDAR
    return DueStatus.DUE_SOON


def reward_claim_due(notified_on: date, calendar: WorkdayCalendar, rules: ClockRules) -> date | None:
    """Last day to claim a reward, counted from the day the reporter is told they may claim;
    None while the calendar does not cover the period."""
    return calendar.due_or_none(notified_on, rules.reward_claim_days)
