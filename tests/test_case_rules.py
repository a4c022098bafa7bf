"""Typical cases: the editorial flow (portal/cases/editorial.py) and the editors' pre-publication
warnings (portal/cases/checks.py): anonymisation and the Regulation's penalty ranges."""
from __future__ import annotations

import ast
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import ric

from portal.cases.checks import (
    NOT_NAMES,
    PENALTY_RANGES,
    PERSON_CUES_BEFORE,
    PROVINCE_CODES,
    SURNAMES,
    SURNAMES_COMPOUND,
    SURNAMES_SINGLE,
    CheckWarning,
    LegalBasis,
    Outcomes,
    WarningKind,
    check_anonymisation,
    check_penalties,
    check_text,
)
from portal.cases.editorial import (
    ONLINE_STATES,
    PUBLIC_EVENT_KINDS,
    TRANSITIONS,
    CaseRevisionSnapshot,
    Correction,
    EditorialAction,
    EditorialEventKind,
    EditorialRefused,
    EditorialRequest,
    EditorialSnapshot,
    EditorialState,
    Withdrawal,
    WithdrawalRequest,
    allowed_actions,
    apply,
    first_draft,
)
from portal.text import Message

BEIJING = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 2, 10, 30, tzinfo=BEIJING)
LATER = NOW + timedelta(days=40)
AUTHOR, REVIEWER, THIRD = 10, 20, 30

S, A, K = EditorialState, EditorialAction, EditorialEventKind

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------------------------
# Editorial flow: helpers


def req(action: EditorialAction, actor: int, **kw) -> EditorialRequest:
    kw.setdefault("is_editor", True)
    kw.setdefault("in_scope", True)
    return EditorialRequest(action=action, actor_id=actor, **kw)


def step(snapshot: EditorialSnapshot, request: EditorialRequest, now: datetime = NOW):
    transition = apply(snapshot, request, now)
    return transition, transition.next_snapshot(snapshot)


def refused(snapshot: EditorialSnapshot, request: EditorialRequest) -> Message:
    with pytest.raises(EditorialRefused) as info:
        apply(snapshot, request, NOW)
    assert isinstance(info.value.message, Message)
    return info.value.message


def published() -> EditorialSnapshot:
    return EditorialSnapshot(
        case_id=7, state=S.PUBLISHED, published_revision=1, first_published_at=NOW - timedelta(days=10)
    )


def snap(state: EditorialState) -> EditorialSnapshot:
    """A valid snapshot in `state`: AUTHOR wrote and submitted any pending revision; AUTHOR
    requested any withdrawal."""
    if state is S.DRAFT:
        return first_draft(7, AUTHOR)
    if state is S.IN_REVIEW:
        return EditorialSnapshot(
            case_id=7,
            state=state,
            pending=CaseRevisionSnapshot(number=1, authors=frozenset({AUTHOR}), submitted_by=AUTHOR),
        )
    base = published()
    if state is S.PUBLISHED:
        return base
    if state in (S.CORRECTION_DRAFT, S.CORRECTION_IN_REVIEW):
        submitted = AUTHOR if state is S.CORRECTION_IN_REVIEW else None
        revision = CaseRevisionSnapshot(
            number=2, authors=frozenset({AUTHOR}), submitted_by=submitted, correction_note="金额更正"
        )
        return replace(base, state=state, pending=revision)
    if state is S.WITHDRAWAL_REQUESTED:
        return replace(base, state=state, withdrawal_request=WithdrawalRequest(AUTHOR, "重复发布", NOW))
    return replace(base, state=state, withdrawal=Withdrawal("重复发布", NOW))


WRONG_STATE = "This step is not possible for a case in state “%(state)s”."
FOUR_EYES = "A second editor must approve this version: you submitted it or wrote part of it."
NOT_YOURS = "Only the editor who made this request can take it back."


# --------------------------------------------------------------------------------------------
# Editorial flow: happy paths


def test_first_publication_needs_submit_then_a_second_editor():
    draft = first_draft(7, AUTHOR)
    assert draft.state is S.DRAFT and draft.pending.number == 1 and draft.pending.authors == {AUTHOR}

    t, in_review = step(draft, req(A.SUBMIT, AUTHOR))
    assert t.new_state is S.IN_REVIEW and in_review.pending.submitted_by == AUTHOR
    assert t.event.kind is K.SUBMITTED and not t.event.public and t.public_event is None
    assert in_review.published_revision is None and in_review.first_published_at is None

    t, live = step(in_review, req(A.APPROVE, REVIEWER), LATER)
    assert t.new_state is S.PUBLISHED
    assert live.pending is None and live.published_revision == 1 and live.first_published_at == LATER
    assert t.public_event == t.event
    assert (t.event.kind, t.event.actor_id, t.event.at, t.event.revision) == (K.PUBLISHED, REVIEWER, LATER, 1)
    assert live.corrections == ()


def test_return_sends_back_to_draft_with_the_comment_and_resubmission_works():
    t, back = step(snap(S.IN_REVIEW), req(A.RETURN, REVIEWER, comment="  请核对金额  "))
    assert back.state is S.DRAFT and back.pending.submitted_by is None
    assert t.event.kind is K.RETURNED and t.event.text == "请核对金额" and not t.event.public
    _, again = step(back, req(A.SUBMIT, AUTHOR))
    t, live = step(again, req(A.APPROVE, REVIEWER))
    assert live.state is S.PUBLISHED and t.event.kind is K.PUBLISHED


def test_correction_flow_keeps_the_case_published_and_lists_corrections():
    live = published()
    t, opened = step(live, req(A.OPEN_CORRECTION, AUTHOR, note=" 涉案金额应为12,345.67元 "))
    assert opened.state is S.CORRECTION_DRAFT and opened.state in ONLINE_STATES
    assert opened.pending == CaseRevisionSnapshot(2, frozenset({AUTHOR}), None, "涉案金额应为12,345.67元")
    assert opened.published_revision == 1  # the public still sees revision 1
    assert t.event.kind is K.CORRECTION_OPENED and not t.event.public

    _, in_review = step(opened, req(A.SUBMIT, AUTHOR))
    assert in_review.state is S.CORRECTION_IN_REVIEW and in_review.published_revision == 1
    t, corrected = step(in_review, req(A.APPROVE, REVIEWER), LATER)
    assert corrected.state is S.PUBLISHED and corrected.published_revision == 2
    assert corrected.first_published_at == live.first_published_at  # not a new publication
    assert corrected.corrections == (Correction(2, "涉案金额应为12,345.67元", LATER),)
    assert t.public_event is not None and t.event.kind is K.CORRECTED
    assert t.event.text == "涉案金额应为12,345.67元" and t.event.at == LATER and t.event.revision == 2

    # A second correction: revision 3, both corrections kept in order.
    _, opened = step(corrected, req(A.OPEN_CORRECTION, THIRD, note="更正处罚日期"))
    assert opened.pending.number == 3
    _, in_review = step(opened, req(A.SUBMIT, THIRD))
    _, twice = step(in_review, req(A.APPROVE, AUTHOR), LATER + timedelta(days=1))
    assert [c.revision for c in twice.corrections] == [2, 3]
    assert twice.corrections[1].note == "更正处罚日期"


def test_returned_correction_can_change_its_note_on_resubmission():
    t, back = step(snap(S.CORRECTION_IN_REVIEW), req(A.RETURN, REVIEWER, comment="更正说明不清楚"))
    assert back.state is S.CORRECTION_DRAFT and back.pending.submitted_by is None
    assert t.event.kind is K.RETURNED and back.published_revision == 1
    _, kept = step(back, req(A.SUBMIT, AUTHOR, note="   "))
    assert kept.pending.correction_note == "金额更正"
    _, changed = step(back, req(A.SUBMIT, AUTHOR, note="更正涉案金额"))
    assert changed.pending.correction_note == "更正涉案金额"
    t, done = step(changed, req(A.APPROVE, REVIEWER))
    assert done.corrections[-1].note == "更正涉案金额" == t.event.text


def test_a_correction_draft_can_be_discarded():
    t, live = step(snap(S.CORRECTION_DRAFT), req(A.DISCARD_CORRECTION, REVIEWER))
    assert live.state is S.PUBLISHED and live.pending is None and live.corrections == ()
    assert t.event.kind is K.CORRECTION_DISCARDED and t.event.revision == 2 and not t.event.public


def test_withdrawal_needs_a_request_then_a_second_editor():
    live = published()
    t, requested = step(live, req(A.REQUEST_WITHDRAWAL, AUTHOR, reason=" 案件经复议撤销 "))
    assert requested.state is S.WITHDRAWAL_REQUESTED and requested.state in ONLINE_STATES
    assert requested.withdrawal_request == WithdrawalRequest(AUTHOR, "案件经复议撤销", NOW)
    assert t.event.kind is K.WITHDRAWAL_REQUESTED and not t.event.public

    t, gone = step(requested, req(A.APPROVE_WITHDRAWAL, REVIEWER), LATER)
    assert gone.state is S.WITHDRAWN
    assert gone.withdrawal == Withdrawal("案件经复议撤销", LATER) and gone.withdrawal_request is None
    assert gone.published_revision == 1  # the permanent address still knows what was there
    assert t.public_event is not None
    assert (t.event.kind, t.event.text, t.event.at) == (K.WITHDRAWN, "案件经复议撤销", LATER)
    assert allowed_actions(S.WITHDRAWN) == frozenset()


def test_withdrawal_refused_by_a_second_editor_keeps_the_case_published():
    t, live = step(snap(S.WITHDRAWAL_REQUESTED), req(A.REFUSE_WITHDRAWAL, REVIEWER, comment="无撤回依据"))
    assert live.state is S.PUBLISHED and live.withdrawal_request is None and live.withdrawal is None
    assert t.event.kind is K.WITHDRAWAL_REFUSED and t.event.text == "无撤回依据" and not t.event.public


def test_recall_by_the_submitter_or_requester():
    t, back = step(snap(S.IN_REVIEW), req(A.RECALL, AUTHOR))
    assert back.state is S.DRAFT and back.pending.submitted_by is None and t.event.kind is K.RECALLED
    _, back = step(snap(S.CORRECTION_IN_REVIEW), req(A.RECALL, AUTHOR))
    assert back.state is S.CORRECTION_DRAFT and back.pending.correction_note == "金额更正"
    _, live = step(snap(S.WITHDRAWAL_REQUESTED), req(A.RECALL, AUTHOR))
    assert live.state is S.PUBLISHED and live.withdrawal_request is None


# --------------------------------------------------------------------------------------------
# Editorial flow: refusals


@pytest.mark.parametrize("state", [S.IN_REVIEW, S.CORRECTION_IN_REVIEW])
def test_the_submitter_cannot_approve(state):
    assert refused(snap(state), req(A.APPROVE, AUTHOR)).msgid == FOUR_EYES


def test_a_co_author_or_a_submitter_who_did_not_write_it_cannot_approve():
    # REVIEWER edited the draft; AUTHOR wrote and THIRD submitted it.
    revision = CaseRevisionSnapshot(number=1, authors=frozenset({AUTHOR, REVIEWER}), submitted_by=THIRD)
    in_review = EditorialSnapshot(case_id=7, state=S.IN_REVIEW, pending=revision)
    for actor in (AUTHOR, REVIEWER, THIRD):
        assert refused(in_review, req(A.APPROVE, actor)).msgid == FOUR_EYES
    t, _ = step(in_review, req(A.APPROVE, 99))
    assert t.new_state is S.PUBLISHED


def test_the_correction_opener_cannot_approve_the_correction():
    _, opened = step(published(), req(A.OPEN_CORRECTION, REVIEWER, note="更正"))
    _, in_review = step(opened, req(A.SUBMIT, AUTHOR))  # someone else submits it
    assert refused(in_review, req(A.APPROVE, REVIEWER)).msgid == FOUR_EYES


@pytest.mark.parametrize("comment", [None, "", "   \n"])
@pytest.mark.parametrize("state", [S.IN_REVIEW, S.CORRECTION_IN_REVIEW])
def test_returning_without_a_comment_is_refused(state, comment):
    message = refused(snap(state), req(A.RETURN, REVIEWER, comment=comment))
    assert message.msgid == "Say what needs to change before this version can be approved."


def test_the_submitter_recalls_instead_of_returning():
    message = refused(snap(S.IN_REVIEW), req(A.RETURN, AUTHOR, comment="自己退回"))
    assert message.msgid == "You submitted this version; recall it instead of returning it."


@pytest.mark.parametrize("note", [None, "", "  "])
def test_a_correction_without_a_note_is_refused(note):
    message = refused(published(), req(A.OPEN_CORRECTION, AUTHOR, note=note))
    assert message.msgid == "Give the correction note that will be published with the case."


@pytest.mark.parametrize("reason", [None, "", " \t"])
def test_a_withdrawal_without_a_reason_is_refused(reason):
    message = refused(published(), req(A.REQUEST_WITHDRAWAL, AUTHOR, reason=reason))
    assert message.msgid == "Give the reason for withdrawing the case; it is shown at the case's address."


def test_the_requester_cannot_approve_or_refuse_their_own_withdrawal():
    requested = snap(S.WITHDRAWAL_REQUESTED)
    assert refused(requested, req(A.APPROVE_WITHDRAWAL, AUTHOR)).msgid == (
        "A second editor must approve this withdrawal: you requested it."
    )
    assert refused(requested, req(A.REFUSE_WITHDRAWAL, AUTHOR, comment="算了")).msgid == (
        "You requested this withdrawal; recall it instead of refusing it."
    )


@pytest.mark.parametrize("comment", [None, " "])
def test_refusing_a_withdrawal_needs_a_comment(comment):
    message = refused(snap(S.WITHDRAWAL_REQUESTED), req(A.REFUSE_WITHDRAWAL, REVIEWER, comment=comment))
    assert message.msgid == "Say why the case stays published."


@pytest.mark.parametrize("state", [S.IN_REVIEW, S.CORRECTION_IN_REVIEW, S.WITHDRAWAL_REQUESTED])
def test_only_the_submitter_or_requester_can_recall(state):
    assert refused(snap(state), req(A.RECALL, REVIEWER)).msgid == NOT_YOURS


@pytest.mark.parametrize(
    ("state", "action"),
    [(state, action) for state in S for action in A if (state, action) not in TRANSITIONS],
)
def test_actions_in_the_wrong_state_are_refused(state, action):
    # Give every text, so the refusal can only come from the state.
    message = refused(snap(state), req(action, REVIEWER, comment="c", note="n", reason="r"))
    assert message == Message(WRONG_STATE, {"state": state.value})


def test_an_unknown_action_is_refused_as_a_wrong_state():
    message = refused(snap(S.DRAFT), req("publish_now", AUTHOR))
    assert message.msgid == WRONG_STATE


@pytest.mark.parametrize(("state", "action"), sorted(TRANSITIONS))
def test_non_editors_and_editors_out_of_scope_are_refused(state, action):
    full = {"comment": "c", "note": "n", "reason": "r"}
    message = refused(snap(state), req(action, REVIEWER, is_editor=False, **full))
    assert message.msgid == "Only editors of typical cases can do this."
    message = refused(snap(state), req(action, REVIEWER, in_scope=False, **full))
    assert message.msgid == "This case belongs to a region outside your scope."


def test_a_naive_time_is_a_programming_error():
    with pytest.raises(ValueError, match="timezone"):
        apply(snap(S.DRAFT), req(A.SUBMIT, AUTHOR), datetime(2026, 3, 2, 10, 30))


def test_refusal_messages_render_and_the_exception_text_is_the_english_message():
    with pytest.raises(EditorialRefused) as info:
        apply(snap(S.WITHDRAWN), req(A.SUBMIT, AUTHOR), NOW)
    assert str(info.value) == "This step is not possible for a case in state “withdrawn”."
    catalog = {WRONG_STATE: "案件处于“%(state)s”状态，不能进行此操作。"}
    assert info.value.message.render(catalog.__getitem__) == "案件处于“withdrawn”状态，不能进行此操作。"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"state": S.DRAFT},  # no pending revision
        {"state": S.PUBLISHED, "pending": CaseRevisionSnapshot(1, frozenset({1}))},
        {"state": S.IN_REVIEW, "pending": CaseRevisionSnapshot(1, frozenset({1}))},  # no submitter
        {"state": S.DRAFT, "pending": CaseRevisionSnapshot(1, frozenset({1}), submitted_by=1)},
        {"state": S.PUBLISHED},  # never dated
        {"state": S.WITHDRAWN, "published_revision": 1, "first_published_at": NOW},  # no withdrawal
        {"state": S.PUBLISHED, "published_revision": 1, "first_published_at": NOW,
         "withdrawal_request": WithdrawalRequest(1, "r", NOW)},
        {"state": S.CORRECTION_DRAFT, "published_revision": 1, "first_published_at": NOW,
         "pending": CaseRevisionSnapshot(1, frozenset({1}))},  # a correction must be revision 2+
        {"state": S.DRAFT, "pending": CaseRevisionSnapshot(1, frozenset({1})),
         "corrections": (Correction(2, "n", NOW),)},
    ],
)
def test_inconsistent_snapshots_are_rejected(kwargs):
    with pytest.raises(ValueError):
        EditorialSnapshot(case_id=1, **kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"number": 0, "authors": frozenset({1})},
        {"number": 1, "authors": frozenset()},
        {"number": 2, "authors": frozenset({1})},  # a correction without its note
        {"number": 1, "authors": frozenset({1}), "correction_note": "n"},
    ],
)
def test_inconsistent_revisions_are_rejected(kwargs):
    with pytest.raises(ValueError):
        CaseRevisionSnapshot(**kwargs)


def test_allowed_actions_follow_the_table():
    assert allowed_actions(S.DRAFT) == {A.SUBMIT}
    assert allowed_actions(S.IN_REVIEW) == {A.APPROVE, A.RETURN, A.RECALL}
    assert allowed_actions(S.PUBLISHED) == {A.OPEN_CORRECTION, A.REQUEST_WITHDRAWAL}
    assert allowed_actions(S.WITHDRAWAL_REQUESTED) == {A.APPROVE_WITHDRAWAL, A.REFUSE_WITHDRAWAL, A.RECALL}
    assert PUBLIC_EVENT_KINDS == {K.PUBLISHED, K.CORRECTED, K.WITHDRAWN}


_requests = st.builds(
    EditorialRequest,
    action=st.sampled_from(list(A)),
    actor_id=st.sampled_from([AUTHOR, REVIEWER, THIRD]),
    is_editor=st.booleans() | st.just(True),
    in_scope=st.just(True) | st.booleans(),
    comment=st.sampled_from([None, "", "意见"]),
    note=st.sampled_from([None, " ", "更正说明"]),
    reason=st.sampled_from([None, "", "撤回原因"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_requests, max_size=25))
def test_any_sequence_of_requests_keeps_the_rules(requests):
    snapshot, now = first_draft(7, AUTHOR), NOW
    for request in requests:
        now += timedelta(hours=1)
        before = snapshot
        try:
            transition = apply(snapshot, request, now)
        except EditorialRefused as refusal:
            assert isinstance(refusal.message, Message)
            continue
        # Every step produces a snapshot that satisfies the invariants (checked on construction).
        snapshot = transition.next_snapshot(snapshot)
        assert request.is_editor and request.in_scope
        assert transition.new_state is TRANSITIONS[(before.state, request.action)]
        assert transition.event.public == (transition.event.kind in PUBLIC_EVENT_KINDS)
        if request.action is A.APPROVE:
            # Four eyes: never the submitter, never an author.
            assert request.actor_id != before.pending.submitted_by
            assert request.actor_id not in before.pending.authors
        if request.action is A.APPROVE_WITHDRAWAL:
            assert request.actor_id != before.withdrawal_request.requested_by
        # Corrections are only ever added, at the end.
        assert snapshot.corrections[: len(before.corrections)] == before.corrections
        if transition.event.kind is K.CORRECTED:
            assert len(snapshot.corrections) == len(before.corrections) + 1
            assert snapshot.corrections[-1].note.strip()
        else:
            assert snapshot.corrections == before.corrections
        if before.state is S.WITHDRAWN:
            raise AssertionError("a withdrawn case accepted a step")


# --------------------------------------------------------------------------------------------
# Anonymisation


def kinds(text: str) -> list[tuple[WarningKind, str]]:
    return [(w.kind, w.matched) for w in check_text("summary_zh", text)]


def valid_id(prefix17: str) -> str:
    return prefix17 + ric.calc_check_digit(prefix17 + "0")


ID_OK = valid_id("11010119900307123")  # 110101199003071233
ID_X = valid_id("11010519880817007")  # check digit X


def test_the_fixture_ids_are_valid_by_stdnum():
    assert ric.is_valid(ID_OK)
    assert ID_X.endswith("X") and ric.is_valid(ID_X)


@pytest.mark.parametrize(
    "text",
    [
        f"参保人身份证号{ID_OK}。",
        f"身份证号码：{ID_X}，",
        f"身份证号码：{ID_X.lower()}，",
        f"（{ID_OK[:6]} {ID_OK[6:14]} {ID_OK[14:]}）",  # grouped
        ID_OK,
    ],
)
def test_a_resident_id_number_is_flagged(text):
    [warning] = check_text("summary_zh", text)
    assert warning.kind is WarningKind.RESIDENT_ID
    assert text[warning.span[0]:warning.span[1]] == warning.matched
    assert warning.matched.replace(" ", "").upper() in (ID_OK, ID_X)
    assert warning.field == "summary_zh"


def test_an_id_whose_area_code_stdnum_does_not_know_is_still_flagged():
    # stdnum's full validation also looks the county up and rejects this real-looking number;
    # the check digit and birth date are right, so it still points at one person.
    number = valid_id("51010419850612018")
    assert not ric.is_valid(number)
    assert kinds(f"身份证{number}") == [(WarningKind.RESIDENT_ID, number)]


def test_full_width_and_tibetan_digits_are_read_with_spans_in_the_original_text():
    full_width = ID_OK.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    tibetan = ID_OK.translate(str.maketrans("0123456789", "༠༡༢༣༤༥༦༧༨༩"))
    for text in (f"证件号{full_width}", f"ཡིག་ཆ་{tibetan}།"):
        [warning] = check_text("summary_bo", text)
        assert warning.kind is WarningKind.RESIDENT_ID
        assert warning.matched in (full_width, tibetan)


def test_an_id_shaped_number_with_a_wrong_check_digit_is_flagged_as_unverified():
    wrong = ID_OK[:17] + str((int(ID_OK[17]) + 1) % 10)
    assert not ric.is_valid(wrong) and not luhn.is_valid(wrong)
    assert kinds(f"身份证{wrong}") == [(WarningKind.RESIDENT_ID_UNVERIFIED, wrong)]
    wrong_x = ID_OK[:17] + "X"
    assert kinds(f"身份证{wrong_x}") == [(WarningKind.RESIDENT_ID_UNVERIFIED, wrong_x)]


def test_numbers_glued_to_latin_letters_are_codes_not_ids():
    # A run of digits inside letters is part of a code (credit codes, trace codes), by design.
    assert kinds(f"code{ID_OK}A") == []
    assert kinds(f"code {ID_OK} A") == [(WarningKind.RESIDENT_ID, ID_OK)]


def test_a_first_generation_15_digit_id_is_flagged():
    assert kinds("旧证号110101900307123") == [(WarningKind.RESIDENT_ID, "110101900307123")]


@pytest.mark.parametrize(
    "text",
    [
        "110101********1233",  # masked
        "11010119900307****",
        "110101199013071200",  # month 13: not a birth date (and fails Luhn)
        "000101199003071233",  # no such province
        "统一社会信用代码91110000600037341L",  # an institution, not a person
        "涉案金额123456.78元，案号2023001",
        "1101011990030712331",  # 19 digits, fails Luhn
    ],
)
def test_non_identifying_numbers_are_not_flagged(text):
    assert check_text("summary_zh", text) == []


@st.composite
def resident_ids(draw):
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    area = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 12, 31)))
    order = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    return valid_id(f"{province}{area}{born:%Y%m%d}{order}")


_plain_text = st.sampled_from(["", "身份证号", "，", "。参保人曾某某的证件号码为", "证件 ", "（", "）"])


@settings(max_examples=300)
@given(resident_ids(), _plain_text, _plain_text)
def test_any_resident_id_with_a_correct_check_digit_is_flagged(number, before, after):
    warnings = check_text("summary_zh", before + number + after)
    assert [(w.kind, w.matched, w.span) for w in warnings] == [
        (WarningKind.RESIDENT_ID, number, (len(before), len(before) + 18))
    ]


@settings(max_examples=200)
@given(resident_ids(), st.integers(min_value=1, max_value=10))
def test_a_mistyped_check_digit_is_still_flagged(number, shift):
    digits = "0123456789X"
    wrong = number[:17] + digits[(digits.index(number[17]) + shift) % 11]
    [warning] = check_text("summary_zh", f"证号{wrong}")
    assert warning.kind in (WarningKind.RESIDENT_ID_UNVERIFIED, WarningKind.BANK_CARD)
    assert warning.matched == wrong


@pytest.mark.parametrize(
    "text,matched",
    [
        ("参保人电话13812345678，住院", "13812345678"),
        ("手机：138-1234-5678。", "138-1234-5678"),
        ("联系方式+86 139 1234 5678", "+86 139 1234 5678"),
        ("手机１３８１２３４５６７８", "１３８１２３４５６７８"),
    ],
)
def test_a_mobile_number_is_flagged(text, matched):
    assert kinds(text) == [(WarningKind.MOBILE_PHONE, matched)]


@pytest.mark.parametrize("text", ["举报电话010-12345678", "医院电话0891-6321234", "手机138****5678", "12345热线"])
def test_landlines_hotlines_and_masked_mobiles_are_not_flagged(text):
    assert kinds(text) == []


def card(prefix: str) -> str:
    return prefix + luhn.calc_check_digit(prefix)


@pytest.mark.parametrize(
    "number", [card("622202123456789"), card("62170000123456789"), card("621700001234567890")]
)
def test_a_bank_card_number_is_flagged(number):
    assert luhn.is_valid(number) and 16 <= len(number) <= 19
    assert kinds(f"转入银行卡{number}。") == [(WarningKind.BANK_CARD, number)]


def test_a_grouped_bank_card_number_is_flagged_as_one():
    number = card("622202123456789012")
    grouped = " ".join(number[i:i + 4] for i in range(0, len(number), 4))
    assert kinds(f"卡号 {grouped}，") == [(WarningKind.BANK_CARD, grouped)]


def test_luhn_failures_and_placeholders_are_not_bank_cards():
    number = card("622202123456789")
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert kinds(f"卡号{wrong}") == []
    assert kinds("卡号0000000000000000") == []


def test_an_id_number_that_also_passes_luhn_is_reported_once_as_an_id():
    number = next(
        n for n in (valid_id(f"11010119900307{i:03d}") for i in range(1000)) if luhn.is_valid(n)
    )
    assert kinds(number) == [(WarningKind.RESIDENT_ID, number)]


@pytest.mark.parametrize(
    "text,names",
    [
        ("参保人王小明在本院住院期间", ["王小明"]),
        ("患者李四冒用他人医保卡", ["李四"]),
        ("法定代表人：王芳，", ["王芳"]),
        ("药店店长赵敏、职工钱伟和孙丽", ["赵敏", "钱伟", "孙丽"]),
        ("参保人曾某某、李四及张三等人", ["李四", "张三"]),
        ("村医周强为其开具处方", ["周强"]),
        ("会计吴霞伪造凭证", ["吴霞"]),
        ("护士郑洁、员工冯军", ["郑洁", "冯军"]),
        ("张三丰等3人", ["张三丰"]),
        ("张伟等人", ["张伟"]),
        ("王小红冒用", ["王小红"]),
        ("李雷持卡到药店", ["李雷"]),
        ("陈刚同志", ["陈刚"]),
        ("刘强医生", ["刘强"]),
        ("冒用参保人欧阳明的医保卡", ["欧阳明"]),
        ("司马光同志", ["司马光"]),
        ("负责人诸葛亮", ["诸葛亮"]),
        ("分管副院长张伟", ["张伟"]),
    ],
)
def test_full_names_next_to_a_person_cue_are_flagged(text, names):
    warnings = check_text("summary_zh", text)
    assert [w.matched for w in warnings] == names
    assert {w.kind for w in warnings} == {WarningKind.PERSON_NAME}
    assert all(text[w.span[0]:w.span[1]] == w.matched for w in warnings)


@pytest.mark.parametrize(
    "text",
    [
        "参保人曾某某在本院住院期间",
        "参保人曾某冒用他人医保卡",
        "患者欧阳某某、司马某和王某甲",
        "负责人李某，院长刘某某",
        "参保人王女士、张先生",
        "参保人王X、李**",
        "曾某某等3人冒用",
        # Words after a cue that begin with a surname character.
        "患者高血压住院治疗",
        "患者曾在本院就诊",
        "患者康复出院",
        "相关人员范围",
        "工作人员管理不到位",
        "参保人申请报销",
        "医务人员包括医生和护士",
        "人员于2023年到岗",
        "其孙子冒用",
        "全科医生、管床医生、包村医生",
        "常务副院长",
        # Names with no cue are out of reach (a documented limit).
        "王小明于2023年3月就诊",
    ],
)
def test_anonymised_names_and_common_words_are_not_flagged(text):
    assert kinds(text) == []


def test_span_limits_of_the_heuristic_are_as_documented():
    assert kinds("患者王明入院") == [(WarningKind.PERSON_NAME, "王明入")]  # one character too long
    assert kinds("向张三冒用") == [(WarningKind.PERSON_NAME, "向张三")]  # one character too early


def test_surname_list_covers_the_common_and_compound_surnames():
    assert len(SURNAMES_SINGLE) >= 100
    for surname in "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾":
        assert surname in SURNAMES
    for surname in ("欧阳", "司马", "上官", "诸葛", "皇甫", "慕容", "司徒", "夏侯"):
        assert surname in SURNAMES_COMPOUND
    assert not set(SURNAMES_SINGLE) & {"某"}


_given_chars = st.text(alphabet="明伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀英华玲桂兰红霞平刚飞鹏辉斌", min_size=1, max_size=2)
_tails = st.sampled_from(["", "在本院住院", "，", "。", "于2023年就诊", "等人", "冒用他人医保卡", "（已退回）"])
_cues = st.sampled_from([c for c in PERSON_CUES_BEFORE if c not in ("冒用", "冒名")])
_surnames = st.sampled_from(sorted(SURNAMES))
_neutral = st.sampled_from(["", "经查，", "该院", "2023年1月至6月，", "某药店", "。"])


@settings(max_examples=400)
@given(_neutral, _cues, _surnames, _given_chars, _tails)
def test_a_full_name_after_a_cue_is_flagged(before, cue, surname, given_name, tail):
    name = surname + given_name
    assume(not (name + tail).startswith(NOT_NAMES))  # common words are skipped by design
    text = before + cue + name + tail
    warnings = [w for w in check_text("summary_zh", text) if w.kind is WarningKind.PERSON_NAME]
    start = len(before) + len(cue)
    # The name is flagged. Where cue and name can be read two ways (护士 + 长孙丽, 护士长 + 孙丽)
    # the span may differ by a character; the exact spans are tested on examples above.
    assert any(w.span[0] < start + len(name) and start < w.span[1] for w in warnings), warnings


_anonymised = st.builds(
    lambda surname, marks: surname + marks, _surnames, st.sampled_from(["某某", "某", "某甲"])
)
_anon_segment = st.one_of(
    st.builds(lambda cue, name: cue + name, st.sampled_from(PERSON_CUES_BEFORE), _anonymised),
    st.builds(lambda name, cue: name + cue, _anonymised, st.sampled_from(["等人", "冒用", "持卡", "等2人", "同志"])),
    st.builds(lambda a, b: a + "、" + b, _anonymised, _anonymised),
    st.sampled_from(["在本院住院期间，", "虚构诊疗项目", "骗取医保基金12,345.67元。", "经查，", "该院"]),
)


@settings(max_examples=400)
@given(st.lists(_anon_segment, min_size=1, max_size=8))
def test_text_anonymised_with_mou_is_never_flagged(segments):
    text = "".join(segments)
    assert check_text("summary_zh", text) == [], text


def test_check_anonymisation_runs_over_all_fields_in_order():
    texts = {
        "title_zh": "某县某药店串换药品案",
        "summary_zh": f"参保人王小明（身份证号{ID_OK}）",
        "summary_bo": "འཕྲིན་ཐག 13812345678",
        "empty": "",
        "missing": None,
    }
    warnings = check_anonymisation(texts)
    assert [(w.field, w.kind) for w in warnings] == [
        ("summary_zh", WarningKind.PERSON_NAME),
        ("summary_zh", WarningKind.RESIDENT_ID),
        ("summary_bo", WarningKind.MOBILE_PHONE),
    ]
    assert all(isinstance(w, CheckWarning) and isinstance(w.message, Message) for w in warnings)
    # The personal data stays in `matched`, out of the message parameters.
    assert all(w.message.params == {} for w in warnings)
    assert warnings[0].message.msgid == (
        "This looks like a person's full name. Anonymise it, for example as 曾某某."
    )


# --------------------------------------------------------------------------------------------
# Penalty ranges


def D(text: str) -> Decimal:
    return Decimal(text)


def warning_kinds(warnings: list[CheckWarning]) -> list[tuple[WarningKind, str]]:
    return [(w.kind, w.field) for w in warnings]


def test_ranges_are_those_of_the_regulation():
    assert PENALTY_RANGES[LegalBasis.ART_38].fine_multiple == (1, 2)
    assert PENALTY_RANGES[LegalBasis.ART_38].suspension_months == (6, 12)
    assert PENALTY_RANGES[LegalBasis.ART_39].fine_amount == (10_000, 50_000)
    assert PENALTY_RANGES[LegalBasis.ART_39].fine_multiple is None
    assert PENALTY_RANGES[LegalBasis.ART_40].fine_multiple == (2, 5)
    assert PENALTY_RANGES[LegalBasis.ART_40].suspension_months == (6, 12)
    assert PENALTY_RANGES[LegalBasis.ART_41].fine_multiple == (2, 5)
    assert PENALTY_RANGES[LegalBasis.ART_41].suspension_months == (3, 12)
    assert [basis.article for basis in LegalBasis] == [38, 39, 40, 41]


def test_outcomes_within_range_give_no_warning():
    assert check_penalties(LegalBasis.ART_40, Outcomes(fine_multiple=D("2"), suspension_months=6)) == []
    assert check_penalties(LegalBasis.ART_40, Outcomes(fine_multiple=D("5"), suspension_months=12,
                                                       agreement_terminated=True)) == []
    assert check_penalties(LegalBasis.ART_38, Outcomes(fine_multiple=D("1.5"))) == []
    assert check_penalties(LegalBasis.ART_39, Outcomes(fine_amount=D("10000"))) == []
    assert check_penalties(LegalBasis.ART_39, Outcomes(fine_amount=D("50000.00"))) == []
    assert check_penalties(LegalBasis.ART_41, Outcomes(suspension_months=3, fine_multiple=D("2"))) == []
    assert check_penalties(LegalBasis.ART_38, Outcomes()) == []


def test_a_stated_multiple_outside_the_range_is_warned_with_the_range():
    [warning] = check_penalties(LegalBasis.ART_40, Outcomes(fine_multiple=D("1.5")))
    assert warning.kind is WarningKind.FINE_MULTIPLE_OUT_OF_RANGE and warning.field == "fine_multiple"
    assert warning.message.params == {"article": "40", "low": "2", "high": "5", "value": "1.5"}
    assert warning.span is None and warning.matched is None
    assert warning.message.render(lambda s: s) == (
        "Article 40 sets a fine of 2 to 5 times the amount involved; this case states 1.5 times."
    )
    [warning] = check_penalties(LegalBasis.ART_38, Outcomes(fine_multiple=D("3")))
    assert warning.message.params == {"article": "38", "low": "1", "high": "2", "value": "3"}


def test_a_multiple_is_derived_from_the_fine_and_the_amount_involved():
    involved = D("12345.67")
    assert check_penalties(LegalBasis.ART_40, Outcomes(fine_amount=D("24691.34")), involved) == []
    assert check_penalties(LegalBasis.ART_40, Outcomes(fine_amount=D("61728.35")), involved) == []
    assert check_penalties(LegalBasis.ART_40, Outcomes(fine_amount=D("24691")), involved) == []  # rounded
    [warning] = check_penalties(LegalBasis.ART_40, Outcomes(fine_amount=D("12345.67")), involved)
    assert warning.kind is WarningKind.FINE_MULTIPLE_OUT_OF_RANGE and warning.field == "fine_amount"
    assert warning.message.params == {"article": "40", "low": "2", "high": "5", "value": "1"}
    [warning] = check_penalties(LegalBasis.ART_38, Outcomes(fine_amount=D("30000")), D("10000"))
    assert warning.message.params["value"] == "3"
    # Without the amount involved (or with zero) nothing can be derived.
    assert check_penalties(LegalBasis.ART_40, Outcomes(fine_amount=D("1"))) == []
    assert check_penalties(LegalBasis.ART_40, Outcomes(fine_amount=D("1")), D("0")) == []


def test_a_fine_amount_that_contradicts_the_stated_multiple_is_warned():
    [warning] = check_penalties(
        LegalBasis.ART_40, Outcomes(fine_multiple=D("2"), fine_amount=D("30000")), D("10000")
    )
    assert warning.kind is WarningKind.FINE_INCONSISTENT
    assert warning.message.params == {"article": "40", "value": "2", "expected": "20000"}
    assert check_penalties(
        LegalBasis.ART_40, Outcomes(fine_multiple=D("2"), fine_amount=D("20000.50")), D("10000")
    ) == []


@pytest.mark.parametrize("fine", ["9999.99", "50000.01", "0", "100000"])
def test_art39_fines_outside_10000_to_50000_yuan_are_warned(fine):
    [warning] = check_penalties(LegalBasis.ART_39, Outcomes(fine_amount=D(fine)))
    assert warning.kind is WarningKind.FINE_AMOUNT_OUT_OF_RANGE
    assert warning.message.params == {"article": "39", "low": "10000", "high": "50000", "value": fine}


def test_measures_an_article_does_not_provide_are_warned():
    warnings = check_penalties(LegalBasis.ART_39, Outcomes(fine_multiple=D("2"), suspension_months=6))
    assert warning_kinds(warnings) == [
        (WarningKind.MEASURE_NOT_PROVIDED, "fine_multiple"),
        (WarningKind.MEASURE_NOT_PROVIDED, "suspension_months"),
    ]
    warnings = check_penalties(
        LegalBasis.ART_41, Outcomes(agreement_suspension_days=30, agreement_terminated=True)
    )
    assert warning_kinds(warnings) == [
        (WarningKind.MEASURE_NOT_PROVIDED, "agreement_suspension_days"),
        (WarningKind.MEASURE_NOT_PROVIDED, "agreement_terminated"),
    ]
    assert check_penalties(LegalBasis.ART_41, Outcomes(agreement_terminated=False)) == []
    # Institutions' agreement measures come with the administrative penalty without warning.
    assert check_penalties(LegalBasis.ART_38, Outcomes(agreement_suspension_days=90)) == []


@pytest.mark.parametrize(
    ("basis", "months", "low", "high"),
    [
        (LegalBasis.ART_38, 5, 6, 12),
        (LegalBasis.ART_38, 13, 6, 12),
        (LegalBasis.ART_40, 3, 6, 12),
        (LegalBasis.ART_41, 2, 3, 12),
        (LegalBasis.ART_41, 18, 3, 12),
    ],
)
def test_suspensions_outside_the_range_are_warned(basis, months, low, high):
    [warning] = check_penalties(basis, Outcomes(suspension_months=months))
    assert warning.kind is WarningKind.SUSPENSION_OUT_OF_RANGE and warning.field == "suspension_months"
    assert warning.message.params == {
        "article": str(basis.article), "low": str(low), "high": str(high), "value": str(months)
    }


def test_several_problems_give_several_warnings():
    warnings = check_penalties(
        LegalBasis.ART_40, Outcomes(fine_multiple=D("6"), suspension_months=24), D("1000")
    )
    assert warning_kinds(warnings) == [
        (WarningKind.FINE_MULTIPLE_OUT_OF_RANGE, "fine_multiple"),
        (WarningKind.SUSPENSION_OUT_OF_RANGE, "suspension_months"),
    ]


@pytest.mark.parametrize(
    "kwargs,error",
    [
        ({"fine_amount": 100.5}, TypeError),
        ({"fine_multiple": 2}, TypeError),
        ({"fine_multiple": Decimal("NaN")}, TypeError),
        ({"returned_amount": Decimal(-1)}, ValueError),
        ({"suspension_months": 6.0}, TypeError),
        ({"suspension_months": True}, TypeError),
        ({"agreement_suspension_days": -3}, ValueError),
        ({"agreement_terminated": "yes"}, TypeError),
    ],
)
def test_outcomes_refuse_floats_and_negative_values(kwargs, error):
    with pytest.raises(error):
        Outcomes(**kwargs)


def test_amount_involved_must_be_a_decimal():
    with pytest.raises(TypeError):
        check_penalties(LegalBasis.ART_40, Outcomes(fine_amount=D("1")), 100.0)


_multiples = st.decimals(min_value=0, max_value=10, places=2, allow_nan=False, allow_infinity=False)
_amounts = st.decimals(min_value=D("0.01"), max_value=D("10000000"), places=2, allow_nan=False,
                       allow_infinity=False)


@given(st.decimals(min_value=2, max_value=5, places=4, allow_nan=False, allow_infinity=False))
def test_any_multiple_within_2_to_5_gives_no_art40_multiple_warning(multiple):
    assert check_penalties(LegalBasis.ART_40, Outcomes(fine_multiple=multiple)) == []


@given(_multiples)
def test_a_stated_multiple_is_warned_exactly_when_outside_the_range(multiple):
    for basis in (LegalBasis.ART_38, LegalBasis.ART_40, LegalBasis.ART_41):
        low, high = PENALTY_RANGES[basis].fine_multiple
        warned = bool(check_penalties(basis, Outcomes(fine_multiple=multiple)))
        assert warned == (not low <= multiple <= high)


@given(_amounts, st.decimals(min_value=2, max_value=5, places=3, allow_nan=False, allow_infinity=False))
def test_any_fine_of_2_to_5_times_the_amount_gives_no_art40_warning(amount, multiple):
    fine = (amount * multiple).quantize(D("0.01"))
    assert check_penalties(LegalBasis.ART_40, Outcomes(fine_amount=fine), amount) == []
    # and stating the multiple as well is consistent
    both = Outcomes(fine_amount=fine, fine_multiple=multiple)
    assert check_penalties(LegalBasis.ART_40, both, amount) == []


@given(_amounts, st.sampled_from([D("0.5"), D("1.9"), D("5.1"), D("8")]))
def test_a_derived_multiple_clearly_outside_2_to_5_is_warned(amount, multiple):
    fine = (amount * multiple).quantize(D("0.01"))
    assume(abs(fine - amount * 2) > 1 and abs(fine - amount * 5) > 1)  # beyond the rounding slack
    [warning] = check_penalties(LegalBasis.ART_40, Outcomes(fine_amount=fine), amount)
    assert warning.kind is WarningKind.FINE_MULTIPLE_OUT_OF_RANGE and warning.field == "fine_amount"


@given(st.integers(min_value=0, max_value=36))
def test_suspension_warnings_match_the_ranges(months):
    for basis in (LegalBasis.ART_38, LegalBasis.ART_40, LegalBasis.ART_41):
        low, high = PENALTY_RANGES[basis].suspension_months
        warned = bool(check_penalties(basis, Outcomes(suspension_months=months)))
        assert warned == (not low <= months <= high)


# --------------------------------------------------------------------------------------------
# Both modules stay free of Flask and the database


@pytest.mark.parametrize("module", ["editorial.py", "checks.py"])
def test_modules_import_no_flask_and_no_database(module):
    source = ROOT / "portal" / "cases" / module
    imported = set()
    for node in ast.walk(ast.parse(source.read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    allowed = {"__future__", "enum", "re", "unicodedata", "collections.abc", "dataclasses", "datetime",
               "decimal", "types", "phonenumbers", "stdnum", "stdnum.cn", "portal.text"}
    assert imported <= allowed


@pytest.mark.parametrize("module", ["editorial.py", "checks.py"])
def test_user_messages_are_marked_for_translation(module):
    """Every Message and refusal gets a literal msgid wrapped in N_ (or a table of N_ strings)."""
    source = ROOT / "portal" / "cases" / module
    tree = ast.parse(source.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_refuse", "warn"):
            msgid = node.args[0] if getattr(node.func, "id", None) == "_refuse" else node.args[2]
            assert isinstance(msgid, ast.Call) and msgid.func.id == "N_", ast.dump(node)
