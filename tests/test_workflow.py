"""The case workflow (portal/casework/workflow.py): transitions, refusals and working-day clocks,
on the real chinesecalendar (2026: Mid-autumn 25-27 Sep, National Day 1-7 Oct, make-up workdays
Sunday 20 Sep and Saturday 10 Oct; 2027 is not covered)."""
from __future__ import annotations

import ast
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.casework.workflow import (
    CLOSED_STATES,
    DECIDED_STATES,
    OPEN_STATES,
    PUBLIC_EVENT,
    TRANSITIONS,
    Action,
    ActionRequest,
    CaseSnapshot,
    CaseState,
    Clock,
    ClockRules,
    DueStatus,
    IllegalTransition,
    Outcome,
    TransferKind,
    TransferTarget,
    allowed_actions,
    apply,
    due_status,
    open_case,
    refresh_dues,
    reward_claim_due,
)
from portal.reports.models import ReportStatus
from portal.text import Message
from portal.workdays import WorkdayCalendar

CAL = WorkdayCalendar()
RULES = ClockRules()
D = date
STATE_MSGID = "This step is not possible for a report in state “%(state)s”."


def snap(state: CaseState, *, id: int = 1, real_name: bool = True, received: date = D(2026, 9, 1), **extra):
    decided = D(2026, 9, 3) if state in DECIDED_STATES else None
    outcome = Outcome.SUBSTANTIATED if state is CaseState.CONCLUDED else None
    values = dict(id=id, state=state, received_on=received, real_name=real_name, decided_on=decided,
                  outcome=outcome)
    values.update(extra)
    return CaseSnapshot(**values)


def full_request(action: Action, target_id: int = 2) -> ActionRequest:
    """A request that passes every check except the state one."""
    return ActionRequest(
        action=action,
        reason="Evidence from two hospitals must be compared.",
        outcome=Outcome.PARTLY_SUBSTANTIATED,
        transfer_to=TransferTarget(TransferKind.OTHER_REGION, "110101"),
        extension_days=10,
        merge_into=snap(CaseState.ACCEPTANCE_REVIEW, id=target_id),
    )


def step(case: CaseSnapshot, request: ActionRequest, today: date, calendar=CAL, rules=RULES):
    transition = apply(case, request, today, calendar, rules)
    return transition, transition.next_snapshot(case)


def refused(case, request, today=D(2026, 9, 10), rules=RULES) -> Message:
    with pytest.raises(IllegalTransition) as caught:
        apply(case, request, today, CAL, rules)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value.message, Message)
    return caught.value.message


# --- the enums and the module's boundaries ---------------------------------------------------


def test_case_states_reuse_report_status_values():
    # Every case state is stored as a report status, and the other way round.
    assert {status.value for status in ReportStatus} == {state.value for state in CaseState}
    assert {action.value for action in Action} == {
        "start_review", "accept", "refuse", "transfer", "start_investigation", "extend", "conclude",
        "merge", "reply",
    }
    assert {outcome.value for outcome in Outcome} == {
        "substantiated", "partly_substantiated", "not_substantiated"
    }


def test_module_imports_neither_flask_nor_the_database():
    source = Path(__file__).resolve().parent.parent / "portal" / "casework" / "workflow.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert imported <= {"__future__", "enum", "collections.abc", "dataclasses", "datetime", "types",
                        "portal.text", "portal.workdays"}


def test_transition_table_only_leaves_open_states():
    assert {state for state, _ in TRANSITIONS} == OPEN_STATES
    assert CLOSED_STATES == {CaseState.NOT_ACCEPTED, CaseState.TRANSFERRED, CaseState.CONCLUDED,
                             CaseState.MERGED}
    for state in CLOSED_STATES:
        assert allowed_actions(state) == frozenset()
    assert allowed_actions(CaseState.INVESTIGATING) == {Action.EXTEND, Action.CONCLUDE, Action.MERGE,
                                                        Action.REPLY}
    assert allowed_actions(CaseState.ACCEPTANCE_REVIEW) == {Action.ACCEPT, Action.REFUSE, Action.TRANSFER,
                                                            Action.MERGE, Action.REPLY}


def test_clock_rules_defaults_and_validation():
    assert (RULES.acceptance_days, RULES.notify_days, RULES.investigation_days, RULES.max_extension_days,
            RULES.reward_claim_days) == (15, 5, 30, 30, 30)
    for name in ("acceptance_days", "notify_days", "investigation_days", "max_extension_days",
                 "reward_claim_days"):
        for bad in (0, -1, True, 2.5):
            with pytest.raises(ValueError):
                ClockRules(**{name: bad})


def test_snapshot_refuses_inconsistent_data():
    with pytest.raises(ValueError):
        CaseSnapshot(1, CaseState.ACCEPTED, D(2026, 9, 1), True)  # no decision date
    with pytest.raises(ValueError):
        CaseSnapshot(1, CaseState.RECEIVED, D(2026, 9, 1), True, decided_on=D(2026, 9, 2))
    with pytest.raises(ValueError):
        CaseSnapshot(1, CaseState.CONCLUDED, D(2026, 9, 1), True, decided_on=D(2026, 9, 2))  # no outcome
    with pytest.raises(ValueError):
        CaseSnapshot(1, CaseState.ACCEPTED, D(2026, 9, 5), True, decided_on=D(2026, 9, 2))


# --- every legal transition ------------------------------------------------------------------


@pytest.mark.parametrize(("state", "action"), sorted(TRANSITIONS), ids=lambda v: v.value)
def test_every_legal_transition(state, action):
    case = snap(state)
    transition = apply(case, full_request(action), D(2026, 9, 10), CAL, RULES)
    assert transition.action is action
    assert transition.new_state is TRANSITIONS[state, action]
    assert transition.public_event is PUBLIC_EVENT[action]
    if action is Action.REPLY:
        assert transition.new_state is state and transition.public_event is None
    if action is Action.MERGE:
        assert transition.merged_into == 2
    if action is Action.CONCLUDE:
        assert transition.outcome is Outcome.PARTLY_SUBSTANTIATED
    if action is Action.TRANSFER:
        assert transition.transfer_to == TransferTarget(TransferKind.OTHER_REGION, "110101")
    transition.next_snapshot(case)  # always a consistent snapshot


def test_real_name_report_from_receipt_to_conclusion_over_national_day():
    # Received on the Mid-autumn holiday: 15 working days skip 1-7 Oct, count Saturday 10 Oct.
    opened = open_case(D(2026, 9, 25), True, CAL, RULES)
    assert opened.new_state is CaseState.RECEIVED and opened.public_event is CaseState.RECEIVED
    assert opened.acceptance_due == D(2026, 10, 22) and not opened.pending
    case = opened.next_snapshot(CaseSnapshot(7, CaseState.RECEIVED, D(2026, 9, 25), True))

    review, case = step(case, ActionRequest(Action.START_REVIEW), D(2026, 9, 28))
    assert review.new_state is CaseState.ACCEPTANCE_REVIEW and review.acceptance_due == D(2026, 10, 22)

    accepted, case = step(case, ActionRequest(Action.ACCEPT), D(2026, 9, 28))
    assert accepted.new_state is CaseState.ACCEPTED and accepted.decided_on == D(2026, 9, 28)
    assert accepted.notify_due == D(2026, 10, 10)  # 5 working days: the make-up Saturday
    assert accepted.investigation_due == D(2026, 11, 13)  # 30 working days from acceptance
    assert accepted.acceptance_due == D(2026, 10, 22)  # kept for the record
    assert not accepted.extended and not accepted.pending

    investigating, case = step(case, ActionRequest(Action.START_INVESTIGATION), D(2026, 9, 30))
    assert investigating.investigation_due == D(2026, 11, 13)  # the clock runs from acceptance

    replied, case = step(case, ActionRequest(Action.REPLY), D(2026, 10, 9))
    assert replied.new_state is CaseState.INVESTIGATING and replied.public_event is None

    concluded, case = step(case, ActionRequest(Action.CONCLUDE, outcome=Outcome.SUBSTANTIATED), D(2026, 11, 2))
    assert concluded.new_state is CaseState.CONCLUDED and concluded.outcome is Outcome.SUBSTANTIATED
    assert concluded.public_event is CaseState.CONCLUDED
    assert case.state is CaseState.CONCLUDED


def test_anonymous_reports_have_no_notify_clock():
    case = snap(CaseState.ACCEPTANCE_REVIEW, real_name=False)
    accepted = apply(case, ActionRequest(Action.ACCEPT), D(2026, 9, 28), CAL, RULES)
    assert accepted.notify_due is None and Clock.NOTIFY not in accepted.pending
    assert accepted.investigation_due == D(2026, 11, 13)
    refused_ = apply(case, ActionRequest(Action.REFUSE, reason="No specific target."), D(2026, 9, 28), CAL, RULES)
    assert refused_.notify_due is None


def test_refusal_and_transfer_tell_a_real_name_reporter_but_start_no_investigation():
    case = snap(CaseState.ACCEPTANCE_REVIEW)
    refusal = apply(case, ActionRequest(Action.REFUSE, reason="Already handled."), D(2026, 9, 28), CAL, RULES)
    assert refusal.new_state is CaseState.NOT_ACCEPTED and refusal.public_event is CaseState.NOT_ACCEPTED
    assert refusal.notify_due == D(2026, 10, 10) and refusal.investigation_due is None
    for kind, to in ((TransferKind.OTHER_REGION, "440305"), (TransferKind.OTHER_DEPARTMENT, "Health commission")):
        target = TransferTarget(kind, to)
        transfer = apply(case, ActionRequest(Action.TRANSFER, transfer_to=target), D(2026, 9, 28), CAL, RULES)
        assert transfer.new_state is CaseState.TRANSFERRED and transfer.transfer_to == target
        assert transfer.notify_due == D(2026, 10, 10) and transfer.investigation_due is None


@pytest.mark.parametrize("state", sorted(OPEN_STATES))
def test_merging_a_duplicate_closes_it_and_stops_its_clock(state):
    case = snap(state, id=5, acceptance_due=D(2026, 9, 22))
    target = snap(CaseState.INVESTIGATING, id=9)
    merged = apply(case, ActionRequest(Action.MERGE, merge_into=target), D(2026, 9, 10), CAL, RULES)
    assert merged.new_state is CaseState.MERGED and merged.merged_into == 9
    assert merged.public_event is CaseState.MERGED and not merged.pending
    assert merged.next_snapshot(case).state is CaseState.MERGED


# --- the investigation clock and its one extension --------------------------------------------


def investigating_since(accepted_on: date, **extra) -> CaseSnapshot:
    case = CaseSnapshot(3, CaseState.ACCEPTANCE_REVIEW, D(2026, 9, 1), True)
    _, case = step(case, ActionRequest(Action.ACCEPT), accepted_on)
    _, case = step(case, ActionRequest(Action.START_INVESTIGATION), accepted_on)
    return case


def test_investigation_due_without_and_with_extension():
    case = investigating_since(D(2026, 9, 28))
    assert case.investigation_due == D(2026, 11, 13)
    full, after = step(case, ActionRequest(Action.EXTEND, reason="Waiting for bank records.", extension_days=30),
                       D(2026, 11, 10))
    assert full.extended and full.extension_days == 30 and full.public_event is None
    assert full.investigation_due == D(2026, 12, 25)  # 60 working days from 28 Sep
    assert after.extension_days == 30
    short = apply(case, ActionRequest(Action.EXTEND, reason="One more hearing.", extension_days=10),
                  D(2026, 9, 28), CAL, RULES)
    assert short.investigation_due == D(2026, 11, 27)


def test_extension_is_possible_on_the_due_day_but_not_after_it():
    case = investigating_since(D(2026, 9, 28))
    request = ActionRequest(Action.EXTEND, reason="Expert opinion pending.", extension_days=5)
    assert apply(case, request, D(2026, 11, 13), CAL, RULES).investigation_due == D(2026, 11, 20)
    message = refused(case, request, D(2026, 11, 16))
    assert message.msgid == "The time limit has passed; an extension must be decided before it ends."


def test_extension_at_most_once_and_at_most_the_maximum():
    case = investigating_since(D(2026, 9, 28))
    _, extended = step(case, ActionRequest(Action.EXTEND, reason="r", extension_days=1), D(2026, 10, 9))
    again = refused(extended, ActionRequest(Action.EXTEND, reason="r", extension_days=1), D(2026, 10, 9))
    assert again.msgid == "The investigation has already been extended once."
    for days in (31, 0, -3, None, True, 2.0):
        message = refused(case, ActionRequest(Action.EXTEND, reason="r", extension_days=days), D(2026, 10, 9))
        assert message == Message("An extension is from 1 to %(max)d working days.", {"max": 30})
    assert refused(case, ActionRequest(Action.EXTEND, extension_days=5), D(2026, 10, 9)).msgid == (
        "Give the reason for this step."
    )
    stricter = ClockRules(max_extension_days=20)
    message = refused(case, ActionRequest(Action.EXTEND, reason="r", extension_days=25), D(2026, 10, 9), stricter)
    assert message.params == {"max": 20}
    assert apply(case, ActionRequest(Action.EXTEND, reason="r", extension_days=20), D(2026, 10, 9), CAL,
                 stricter).extension_days == 20


def test_clock_rules_are_configurable():
    rules = ClockRules(acceptance_days=10, notify_days=3, investigation_days=20)
    assert open_case(D(2026, 9, 25), True, CAL, rules).acceptance_due == D(2026, 10, 15)
    accepted = apply(snap(CaseState.ACCEPTANCE_REVIEW), ActionRequest(Action.ACCEPT), D(2026, 9, 28), CAL, rules)
    assert accepted.notify_due == D(2026, 10, 8)
    assert accepted.investigation_due == D(2026, 10, 30)


# --- refusals ------------------------------------------------------------------------------------

ILLEGAL = sorted((state, action) for state in CaseState for action in Action if (state, action) not in TRANSITIONS)


@pytest.mark.parametrize(("state", "action"), ILLEGAL, ids=lambda v: v.value)
def test_every_step_outside_the_table_is_refused(state, action):
    message = refused(snap(state), full_request(action))
    assert message == Message(STATE_MSGID, {"state": state.value})
    assert message.render(lambda text: text) == f"This step is not possible for a report in state “{state.value}”."


def test_the_illegal_table_covers_the_brief():
    pairs = set(ILLEGAL)
    # concluding a report never accepted, or accepted but never investigated
    assert {(s, Action.CONCLUDE) for s in (CaseState.RECEIVED, CaseState.ACCEPTANCE_REVIEW, CaseState.ACCEPTED)} <= pairs
    # deciding before the review, investigating before acceptance
    assert (CaseState.RECEIVED, Action.ACCEPT) in pairs
    assert (CaseState.ACCEPTANCE_REVIEW, Action.START_INVESTIGATION) in pairs
    # nothing at all on closed reports, not even a reply
    assert {(s, a) for s in CLOSED_STATES for a in Action} <= pairs


def test_an_unknown_action_is_refused():
    message = refused(snap(CaseState.RECEIVED), ActionRequest("reopen"))
    assert message.msgid == STATE_MSGID


@pytest.mark.parametrize(
    ("state", "request_", "msgid"),
    [
        (CaseState.ACCEPTANCE_REVIEW, ActionRequest(Action.REFUSE), "Give the reason for this step."),
        (CaseState.ACCEPTANCE_REVIEW, ActionRequest(Action.REFUSE, reason="  \n"), "Give the reason for this step."),
        (CaseState.ACCEPTANCE_REVIEW, ActionRequest(Action.TRANSFER), "Choose where the report is transferred to."),
        (CaseState.ACCEPTANCE_REVIEW,
         ActionRequest(Action.TRANSFER, transfer_to=TransferTarget(TransferKind.OTHER_DEPARTMENT, " ")),
         "Choose where the report is transferred to."),
        (CaseState.ACCEPTANCE_REVIEW,
         ActionRequest(Action.TRANSFER, transfer_to=TransferTarget("elsewhere", "110101")),
         "Choose where the report is transferred to."),
        (CaseState.INVESTIGATING, ActionRequest(Action.CONCLUDE), "Choose the outcome of the investigation."),
        (CaseState.INVESTIGATING, ActionRequest(Action.CONCLUDE, outcome="maybe"),
         "Choose the outcome of the investigation."),
        (CaseState.RECEIVED, ActionRequest(Action.MERGE), "Choose the report this one duplicates."),
        (CaseState.RECEIVED, ActionRequest(Action.MERGE, merge_into=snap(CaseState.ACCEPTED, id=1)),
         "A report cannot be merged into itself."),
        *[
            (CaseState.RECEIVED, ActionRequest(Action.MERGE, merge_into=snap(closed, id=2)),
             "A report can only be merged into an open report.")
            for closed in sorted(CLOSED_STATES)
        ],
    ],
)
def test_missing_or_invalid_details_are_refused(state, request_, msgid):
    assert refused(snap(state), request_).msgid == msgid


def test_steps_cannot_be_dated_before_receipt_or_decision():
    msgid = "A step cannot be dated before the report was received or decided on."
    assert refused(snap(CaseState.RECEIVED), ActionRequest(Action.START_REVIEW), D(2026, 8, 31)).msgid == msgid
    assert refused(snap(CaseState.ACCEPTED), ActionRequest(Action.REPLY), D(2026, 9, 2)).msgid == msgid
    assert apply(snap(CaseState.ACCEPTED), ActionRequest(Action.REPLY), D(2026, 9, 3), CAL, RULES)


# --- a calendar that does not cover the period -----------------------------------------------------


def test_uncovered_year_gives_none_and_pending_never_a_guess():
    late = open_case(D(2026, 12, 20), True, CAL, RULES)  # 15 working days run into 2027
    assert late.acceptance_due is None and late.pending == {Clock.ACCEPTANCE} and late.calendar_pending
    in_2027 = open_case(D(2027, 1, 4), False, CAL, RULES)
    assert in_2027.acceptance_due is None and in_2027.pending == {Clock.ACCEPTANCE}

    accepted = apply(snap(CaseState.ACCEPTANCE_REVIEW), ActionRequest(Action.ACCEPT), D(2026, 11, 20), CAL, RULES)
    assert accepted.notify_due == D(2026, 11, 27)  # still inside 2026
    assert accepted.investigation_due is None and accepted.pending == {Clock.INVESTIGATION}

    case = accepted.next_snapshot(snap(CaseState.ACCEPTANCE_REVIEW))
    _, case = step(case, ActionRequest(Action.START_INVESTIGATION), D(2026, 11, 23))
    extended = apply(case, ActionRequest(Action.EXTEND, reason="r", extension_days=10), D(2026, 12, 1), CAL, RULES)
    assert extended.extended and extended.investigation_due is None and extended.pending == {Clock.INVESTIGATION}


def test_pending_due_dates_are_filled_once_the_calendar_covers_them():
    opened = open_case(D(2026, 12, 20), True, CAL, RULES)
    case = opened.next_snapshot(CaseSnapshot(4, CaseState.RECEIVED, D(2026, 12, 20), True))
    assert refresh_dues(case, CAL, RULES).acceptance_due is None  # still not covered: still pending
    covered = WorkdayCalendar(overrides={D(2027, 1, 1): False}, extra_years=frozenset({2027}))
    refreshed = refresh_dues(case, covered, RULES)
    assert refreshed.acceptance_due == D(2027, 1, 11) and not refreshed.pending
    assert refreshed.new_state is CaseState.RECEIVED and refreshed.public_event is None and refreshed.action is None
    # The next step on the covered calendar fills it in as well.
    review = apply(case, ActionRequest(Action.START_REVIEW), D(2026, 12, 21), covered, RULES)
    assert review.acceptance_due == D(2027, 1, 11)


def test_stored_due_dates_are_kept_when_the_rules_change():
    case = snap(CaseState.RECEIVED, acceptance_due=D(2026, 9, 22))
    assert refresh_dues(case, CAL, ClockRules(acceptance_days=5)).acceptance_due == D(2026, 9, 22)


def test_reward_claim_window():
    assert reward_claim_due(D(2026, 9, 28), CAL, RULES) == D(2026, 11, 13)
    assert reward_claim_due(D(2026, 12, 1), CAL, RULES) is None


# --- queues ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "today", "expected"),
    [
        (None, D(2026, 9, 18), "pending_calendar"),
        (D(2026, 9, 17), D(2026, 9, 18), "overdue"),
        (D(2026, 9, 18), D(2026, 9, 18), "due_soon"),  # due today
        # Friday -> Monday: the make-up Sunday 20 Sep counts, so two working days remain.
        (D(2026, 9, 21), D(2026, 9, 18), "due_soon"),
        (D(2026, 9, 22), D(2026, 9, 18), "due_soon"),  # 20, 21, 22 Sep
        (D(2026, 9, 23), D(2026, 9, 18), "on_time"),  # 20, 21, 22, 23 Sep: four working days
        # 24 Sep (Thu) -> 30 Sep: the Mid-autumn days do not count: 28, 29, 30.
        (D(2026, 9, 30), D(2026, 9, 24), "due_soon"),
        (D(2026, 10, 8), D(2026, 9, 24), "on_time"),
        # Nine calendar days over National Day are two working days (8 and 9 Oct).
        (D(2026, 10, 9), D(2026, 9, 30), "due_soon"),
        # The make-up Saturday counts: 8, 9, 10 Oct.
        (D(2026, 10, 10), D(2026, 9, 30), "due_soon"),
        (D(2026, 10, 12), D(2026, 9, 30), "on_time"),
        # A due date in 2027 is placed without counting into 2027 when it is far enough...
        (D(2027, 1, 15), D(2026, 12, 1), "on_time"),
        # ...but not when the count would have to enter the uncovered year.
        (D(2027, 1, 4), D(2026, 12, 30), "pending_calendar"),
        (D(2026, 12, 29), D(2027, 1, 5), "overdue"),
    ],
)
def test_due_status(due, today, expected):
    status = due_status(due, today, CAL)
    assert status == expected and isinstance(status, DueStatus)


def test_due_status_soon_days_is_configurable():
    assert due_status(D(2026, 10, 12), D(2026, 9, 30), CAL, soon_days=4) == "due_soon"
    assert due_status(D(2026, 10, 9), D(2026, 9, 30), CAL, soon_days=1) == "on_time"
    assert due_status(D(2026, 10, 8), D(2026, 9, 30), CAL, soon_days=0) == "on_time"
    assert due_status(D(2026, 9, 30), D(2026, 9, 30), CAL, soon_days=0) == "due_soon"


# --- property: random sequences of steps ------------------------------------------------------------

DUE_FIELDS = ("acceptance_due", "notify_due", "investigation_due")
CLOCK_OF = {"acceptance_due": Clock.ACCEPTANCE, "notify_due": Clock.NOTIFY, "investigation_due": Clock.INVESTIGATION}

def requests(action: Action):
    return st.builds(
        ActionRequest,
        action=st.just(action),
        # Mostly valid details, sometimes missing or wrong ones.
        reason=st.sampled_from(["Records requested from the hospital."] * 3 + [None, "", "  "]),
        outcome=st.sampled_from(Outcome) | st.none(),
        transfer_to=st.builds(TransferTarget, kind=st.sampled_from(TransferKind),
                              to=st.sampled_from(["110101", "Market regulation bureau", ""])) | st.none(),
        extension_days=st.integers(1, 30) | st.integers(-2, 40) | st.none(),
        merge_into=st.builds(lambda id, state: snap(state, id=id), st.integers(1, 3),
                             st.sampled_from(CaseState)) | st.none(),
    )


REQUESTS = {action: requests(action) for action in Action}
# Mostly actions the table allows in the current state, so that long paths are walked too.
ACTION_CHOICE = {
    state: (st.sampled_from(sorted(allowed_actions(state))) | st.sampled_from(Action))
    if allowed_actions(state) else st.sampled_from(Action)
    for state in CaseState
}
GAPS = st.integers(0, 12) | st.integers(-3, 40)


@settings(max_examples=200, deadline=None, database=None)
@given(
    received=st.dates(D(2025, 1, 1), D(2026, 12, 31)),
    real_name=st.booleans(),
    length=st.integers(0, 20),
    data=st.data(),
)
def test_random_steps_stay_in_the_table_and_never_set_a_past_due_date(received, real_name, length, data):
    opened = open_case(received, real_name, CAL, RULES)
    assert opened.acceptance_due is None or opened.acceptance_due > received
    case = opened.next_snapshot(CaseSnapshot(1, CaseState.RECEIVED, received, real_name))
    today = received
    for _ in range(length):
        request = data.draw(REQUESTS[data.draw(ACTION_CHOICE[case.state])])
        today += timedelta(days=data.draw(GAPS))
        try:
            transition = apply(case, request, today, CAL, RULES)
        except IllegalTransition as error:
            assert isinstance(error.message, Message)
            continue
        assert (case.state, request.action) in TRANSITIONS
        assert transition.new_state is TRANSITIONS[case.state, request.action]
        assert transition.public_event is PUBLIC_EVENT[request.action]
        for name in DUE_FIELDS:
            value = getattr(transition, name)
            if value is not None and value != getattr(case, name):
                assert value > today, (name, value, today)
            if CLOCK_OF[name] in transition.pending:
                assert value is None
        if not real_name:
            assert transition.notify_due is None
        assert 0 <= transition.extension_days <= RULES.max_extension_days
        assert transition.extended == (transition.extension_days > 0)
        if case.extension_days:
            assert transition.extension_days == case.extension_days  # never extended twice
        case = transition.next_snapshot(case)
    assert case.state in CaseState


def test_transition_fields_match_the_brief():
    names = {field.name for field in fields(type(open_case(D(2026, 9, 1), True, CAL, RULES)))}
    assert {"new_state", "outcome", "acceptance_due", "notify_due", "investigation_due", "extended",
            "public_event"} <= names
