"""The editorial flow of a typical case (DESIGN.md section 6) as data and pure functions.

No Flask and no database here. The caller builds an `EditorialSnapshot` from the stored case,
calls `apply()` with the editor's `EditorialRequest`, and stores what the returned
`EditorialTransition` says: the new state, the pending revision, the published revision, the
list of corrections, the withdrawal, and the event (public ones go on the case's page and feed).

    draft -> in_review (submit) -> published (approve) | draft (return, with a comment)
                                                       | draft (recall, by the submitter)
    published -> correction_draft (open a correction, with the note to publish)
              -> correction_in_review (submit) -> published, note and date added to the
                 corrections (approve) | correction_draft (return, recall)
    correction_draft -> published (discard the correction)
    published -> withdrawal_requested (reason) -> withdrawn (approve) | published (refuse, with
                 a comment; or recall, by the requester)

While a correction or a withdrawal is pending the published revision stays on line: the
public sees no change until a second editor approves. A withdrawn case is final; its
permanent address stays and shows the withdrawal reason and date.

Four eyes: whoever submitted a version, or wrote any of it, cannot approve it, and whoever
requested a withdrawal cannot approve it; they may recall their own submission or request
instead. Only editors whose region scope covers the case may act; the caller decides both
(`is_editor`, `in_scope`) from the staff record, this module only refuses.
"""
from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType

from portal.text import N_, Message


class EditorialState(enum.StrEnum):
    DRAFT = "draft"  # never published
    IN_REVIEW = "in_review"  # never published; waits for a second editor
    PUBLISHED = "published"
    CORRECTION_DRAFT = "correction_draft"  # published; a correction is being written
    CORRECTION_IN_REVIEW = "correction_in_review"  # published; the correction waits for review
    WITHDRAWAL_REQUESTED = "withdrawal_requested"  # published; the withdrawal waits for review
    WITHDRAWN = "withdrawn"


EDITORIAL_STATE_TEXT = {
    EditorialState.DRAFT: N_("Draft"),
    EditorialState.IN_REVIEW: N_("Waiting for review"),
    EditorialState.PUBLISHED: N_("Published"),
    EditorialState.CORRECTION_DRAFT: N_("Published; correction being written"),
    EditorialState.CORRECTION_IN_REVIEW: N_("Published; correction waiting for review"),
    EditorialState.WITHDRAWAL_REQUESTED: N_("Published; withdrawal waiting for review"),
    EditorialState.WITHDRAWN: N_("Withdrawn"),
}


class EditorialAction(enum.StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"
    RECALL = "recall"  # the submitter (or requester) takes back their own submission (or request)
    OPEN_CORRECTION = "open_correction"
    DISCARD_CORRECTION = "discard_correction"
    REQUEST_WITHDRAWAL = "request_withdrawal"
    APPROVE_WITHDRAWAL = "approve_withdrawal"
    REFUSE_WITHDRAWAL = "refuse_withdrawal"


EDITORIAL_ACTION_TEXT = {
    EditorialAction.SUBMIT: N_("Submit for review"),
    EditorialAction.APPROVE: N_("Approve and publish"),
    EditorialAction.RETURN: N_("Return with a comment"),
    EditorialAction.RECALL: N_("Take back my submission or request"),
    EditorialAction.OPEN_CORRECTION: N_("Write a correction (give the note to publish)"),
    EditorialAction.DISCARD_CORRECTION: N_("Discard the correction"),
    EditorialAction.REQUEST_WITHDRAWAL: N_("Request withdrawal (give the reason to publish)"),
    EditorialAction.APPROVE_WITHDRAWAL: N_("Approve the withdrawal"),
    EditorialAction.REFUSE_WITHDRAWAL: N_("Refuse the withdrawal (say why)"),
}


class EditorialEventKind(enum.StrEnum):
    # Public: shown on the case page and in the feed.
    PUBLISHED = "published"
    CORRECTED = "corrected"
    WITHDRAWN = "withdrawn"
    # Internal: the editors' history only.
    SUBMITTED = "submitted"
    RETURNED = "returned"
    RECALLED = "recalled"
    CORRECTION_OPENED = "correction_opened"
    CORRECTION_DISCARDED = "correction_discarded"
    WITHDRAWAL_REQUESTED = "withdrawal_requested"
    WITHDRAWAL_REFUSED = "withdrawal_refused"


EDITORIAL_EVENT_TEXT = {
    EditorialEventKind.PUBLISHED: N_("Published"),
    EditorialEventKind.CORRECTED: N_("Correction published"),
    EditorialEventKind.WITHDRAWN: N_("Withdrawn"),
    EditorialEventKind.SUBMITTED: N_("Submitted for review"),
    EditorialEventKind.RETURNED: N_("Returned"),
    EditorialEventKind.RECALLED: N_("Taken back"),
    EditorialEventKind.CORRECTION_OPENED: N_("Correction opened"),
    EditorialEventKind.CORRECTION_DISCARDED: N_("Correction discarded"),
    EditorialEventKind.WITHDRAWAL_REQUESTED: N_("Withdrawal requested"),
    EditorialEventKind.WITHDRAWAL_REFUSED: N_("Withdrawal refused"),
}

PUBLIC_EVENT_KINDS = frozenset(
    {EditorialEventKind.PUBLISHED, EditorialEventKind.CORRECTED, EditorialEventKind.WITHDRAWN}
)

# States in which a published revision is on line (a pending change does not hide it).
ONLINE_STATES = frozenset(
    {
        EditorialState.PUBLISHED,
        EditorialState.CORRECTION_DRAFT,
        EditorialState.CORRECTION_IN_REVIEW,
        EditorialState.WITHDRAWAL_REQUESTED,
    }
)
# States with a revision being written or reviewed.
_PENDING_STATES = frozenset(
    {
        EditorialState.DRAFT,
        EditorialState.IN_REVIEW,
        EditorialState.CORRECTION_DRAFT,
        EditorialState.CORRECTION_IN_REVIEW,
    }
)
_REVIEW_STATES = frozenset({EditorialState.IN_REVIEW, EditorialState.CORRECTION_IN_REVIEW})
_CORRECTION_STATES = frozenset({EditorialState.CORRECTION_DRAFT, EditorialState.CORRECTION_IN_REVIEW})

_S, _A = EditorialState, EditorialAction
# (state, action) -> new state. Anything not listed is refused.
TRANSITIONS: Mapping[tuple[EditorialState, EditorialAction], EditorialState] = MappingProxyType(
    {
        (_S.DRAFT, _A.SUBMIT): _S.IN_REVIEW,
        (_S.IN_REVIEW, _A.APPROVE): _S.PUBLISHED,
        (_S.IN_REVIEW, _A.RETURN): _S.DRAFT,
        (_S.IN_REVIEW, _A.RECALL): _S.DRAFT,
        (_S.PUBLISHED, _A.OPEN_CORRECTION): _S.CORRECTION_DRAFT,
        (_S.CORRECTION_DRAFT, _A.SUBMIT): _S.CORRECTION_IN_REVIEW,
        (_S.CORRECTION_DRAFT, _A.DISCARD_CORRECTION): _S.PUBLISHED,
        (_S.CORRECTION_IN_REVIEW, _A.APPROVE): _S.PUBLISHED,
        (_S.CORRECTION_IN_REVIEW, _A.RETURN): _S.CORRECTION_DRAFT,
        (_S.CORRECTION_IN_REVIEW, _A.RECALL): _S.CORRECTION_DRAFT,
        (_S.PUBLISHED, _A.REQUEST_WITHDRAWAL): _S.WITHDRAWAL_REQUESTED,
        (_S.WITHDRAWAL_REQUESTED, _A.APPROVE_WITHDRAWAL): _S.WITHDRAWN,
        (_S.WITHDRAWAL_REQUESTED, _A.REFUSE_WITHDRAWAL): _S.PUBLISHED,
        (_S.WITHDRAWAL_REQUESTED, _A.RECALL): _S.PUBLISHED,
    }
)


def allowed_actions(state: EditorialState) -> frozenset[EditorialAction]:
    """The actions the transition table allows in `state` (further checks may still refuse)."""
    return frozenset(action for (from_state, action) in TRANSITIONS if from_state is state)


def _blank(text: str | None) -> bool:
    return not isinstance(text, str) or not text.strip()


@dataclass(frozen=True)
class CaseRevisionSnapshot:
    """A version of the case text being written or reviewed. The caller adds every editor who
    saves a change to its text to `authors` (so none of them can approve it) and keeps the text
    unchanged while it is in review (what is approved is what was submitted)."""

    number: int  # 1 for the first draft, one more for each correction
    authors: frozenset[int]
    submitted_by: int | None = None  # set while in review
    correction_note: str | None = None  # the note published with a correction; None for revision 1

    def __post_init__(self) -> None:
        if isinstance(self.number, bool) or not isinstance(self.number, int) or self.number < 1:
            raise ValueError("a revision number is a positive integer")
        if not self.authors:
            raise ValueError("a revision has at least one author")
        if self.number > 1 and _blank(self.correction_note):
            raise ValueError("a correction revision needs its correction note")
        if self.number == 1 and self.correction_note is not None:
            raise ValueError("the first revision is not a correction")


@dataclass(frozen=True)
class Correction:
    """A correction as the public sees it beside the case."""

    revision: int
    note: str
    corrected_at: datetime


@dataclass(frozen=True)
class WithdrawalRequest:
    requested_by: int
    reason: str
    requested_at: datetime


@dataclass(frozen=True)
class Withdrawal:
    """Shown at the case's permanent address instead of the case."""

    reason: str
    withdrawn_at: datetime


@dataclass(frozen=True)
class EditorialSnapshot:
    """What the editorial flow needs to know of a stored case."""

    case_id: int
    state: EditorialState
    pending: CaseRevisionSnapshot | None = None  # the draft or correction being written or reviewed
    published_revision: int | None = None  # the revision on line (or last on line, once withdrawn)
    first_published_at: datetime | None = None
    corrections: tuple[Correction, ...] = ()
    withdrawal_request: WithdrawalRequest | None = None
    withdrawal: Withdrawal | None = None

    def __post_init__(self) -> None:
        state = self.state
        if (state in _PENDING_STATES) != (self.pending is not None):
            raise ValueError("a pending revision exists exactly in the draft and review states")
        if self.pending is not None:
            if (state in _REVIEW_STATES) != (self.pending.submitted_by is not None):
                raise ValueError("a pending revision has a submitter exactly while in review")
            if (state in _CORRECTION_STATES) != (self.pending.number > 1):
                raise ValueError("a correction state needs a correction revision, and only it")
        ever_published = state not in {EditorialState.DRAFT, EditorialState.IN_REVIEW}
        if ever_published != (self.published_revision is not None and self.first_published_at is not None):
            raise ValueError("published_revision and first_published_at are set once published")
        if not ever_published and self.corrections:
            raise ValueError("a case never published has no corrections")
        if (state is EditorialState.WITHDRAWAL_REQUESTED) != (self.withdrawal_request is not None):
            raise ValueError("a withdrawal request exists exactly in state withdrawal_requested")
        if (state is EditorialState.WITHDRAWN) != (self.withdrawal is not None):
            raise ValueError("a withdrawal exists exactly in state withdrawn")


def first_draft(case_id: int, author_id: int) -> EditorialSnapshot:
    """A new case, as its author starts writing it."""
    return EditorialSnapshot(
        case_id=case_id,
        state=EditorialState.DRAFT,
        pending=CaseRevisionSnapshot(number=1, authors=frozenset({author_id})),
    )


@dataclass(frozen=True)
class EditorialRequest:
    """An editor's step. The caller decides `is_editor` (the staff member holds the editor
    role) and `in_scope` (their region scope covers the case's region)."""

    action: EditorialAction
    actor_id: int
    is_editor: bool
    in_scope: bool
    comment: str | None = None  # required to return a submission and to refuse a withdrawal
    note: str | None = None  # required to open a correction; on submit, replaces the note
    reason: str | None = None  # required to request a withdrawal; published once approved


@dataclass(frozen=True)
class EditorialEvent:
    kind: EditorialEventKind
    actor_id: int
    at: datetime
    revision: int | None  # the revision concerned (None for withdrawal events)
    text: str | None = None  # the comment, correction note or withdrawal reason

    @property
    def public(self) -> bool:
        return self.kind in PUBLIC_EVENT_KINDS


@dataclass(frozen=True)
class EditorialTransition:
    """What to store after a step: the case's editorial fields as they now are, and the event."""

    action: EditorialAction
    new_state: EditorialState
    event: EditorialEvent
    pending: CaseRevisionSnapshot | None
    published_revision: int | None
    first_published_at: datetime | None
    corrections: tuple[Correction, ...] = field(default=())
    withdrawal_request: WithdrawalRequest | None = None
    withdrawal: Withdrawal | None = None

    @property
    def public_event(self) -> EditorialEvent | None:
        """The event to show on the case page and in the feed, if the step is public."""
        return self.event if self.event.public else None

    def next_snapshot(self, snapshot: EditorialSnapshot) -> EditorialSnapshot:
        """`snapshot` as it is once this transition is stored."""
        return replace(
            snapshot,
            state=self.new_state,
            pending=self.pending,
            published_revision=self.published_revision,
            first_published_at=self.first_published_at,
            corrections=self.corrections,
            withdrawal_request=self.withdrawal_request,
            withdrawal=self.withdrawal,
        )


class EditorialRefused(Exception):
    def __init__(self, message: Message):
        super().__init__(message.msgid % message.params if message.params else message.msgid)
        self.message = message


def _refuse(msgid: str, **params) -> EditorialRefused:
    return EditorialRefused(Message(msgid, params))


def apply(snapshot: EditorialSnapshot, request: EditorialRequest, now: datetime) -> EditorialTransition:
    """The result of `request` on `snapshot` at `now` (timezone-aware), or EditorialRefused."""
    if now.tzinfo is None or now.utcoffset() is None:
        # Correction and withdrawal dates are published; a naive time cannot be placed.
        raise ValueError("now must be timezone-aware")
    if not request.is_editor:
        raise _refuse(N_("Only editors of typical cases can do this."))
    if not request.in_scope:
        raise _refuse(N_("This case belongs to a region outside your scope."))
    try:
        action = EditorialAction(request.action)
    except ValueError:
        action = None
    new_state = TRANSITIONS.get((snapshot.state, action))
    if new_state is None:
        raise _refuse(
            N_("This step is not possible for a case in state “%(state)s”."), state=snapshot.state.value
        )

    actor = request.actor_id
    pending = snapshot.pending
    published_revision = snapshot.published_revision
    first_published_at = snapshot.first_published_at
    corrections = snapshot.corrections
    withdrawal_request = snapshot.withdrawal_request
    withdrawal = snapshot.withdrawal
    revision = pending.number if pending is not None else published_revision
    text: str | None = None

    if action is EditorialAction.SUBMIT:
        kind = EditorialEventKind.SUBMITTED
        changes: dict = {"submitted_by": actor}
        if snapshot.state is EditorialState.CORRECTION_DRAFT and not _blank(request.note):
            # The note is published with the correction, so it is reviewed with it.
            changes["correction_note"] = request.note.strip()
        pending = replace(pending, **changes)
    elif action is EditorialAction.APPROVE:
        if actor == pending.submitted_by or actor in pending.authors:
            raise _refuse(
                N_("A second editor must approve this version: you submitted it or wrote part of it.")
            )
        published_revision = pending.number
        if snapshot.state is EditorialState.IN_REVIEW:
            kind = EditorialEventKind.PUBLISHED
            first_published_at = now
        else:
            kind = EditorialEventKind.CORRECTED
            text = pending.correction_note
            corrections = (*corrections, Correction(pending.number, pending.correction_note, now))
        pending = None
    elif action is EditorialAction.RETURN:
        if actor == pending.submitted_by:
            raise _refuse(N_("You submitted this version; recall it instead of returning it."))
        if _blank(request.comment):
            raise _refuse(N_("Say what needs to change before this version can be approved."))
        kind, text = EditorialEventKind.RETURNED, request.comment.strip()
        pending = replace(pending, submitted_by=None)
    elif action is EditorialAction.RECALL:
        if snapshot.state is EditorialState.WITHDRAWAL_REQUESTED:
            if actor != withdrawal_request.requested_by:
                raise _refuse(N_("Only the editor who made this request can take it back."))
            withdrawal_request, revision = None, None
        else:
            if actor != pending.submitted_by:
                raise _refuse(N_("Only the editor who made this request can take it back."))
            pending = replace(pending, submitted_by=None)
        kind = EditorialEventKind.RECALLED
    elif action is EditorialAction.OPEN_CORRECTION:
        if _blank(request.note):
            raise _refuse(N_("Give the correction note that will be published with the case."))
        kind, text = EditorialEventKind.CORRECTION_OPENED, request.note.strip()
        revision = published_revision + 1
        pending = CaseRevisionSnapshot(number=revision, authors=frozenset({actor}), correction_note=text)
    elif action is EditorialAction.DISCARD_CORRECTION:
        kind = EditorialEventKind.CORRECTION_DISCARDED
        pending = None
    elif action is EditorialAction.REQUEST_WITHDRAWAL:
        if _blank(request.reason):
            raise _refuse(
                N_("Give the reason for withdrawing the case; it is shown at the case's address.")
            )
        kind, text, revision = EditorialEventKind.WITHDRAWAL_REQUESTED, request.reason.strip(), None
        withdrawal_request = WithdrawalRequest(actor, text, now)
    elif action is EditorialAction.APPROVE_WITHDRAWAL:
        if actor == withdrawal_request.requested_by:
            raise _refuse(N_("A second editor must approve this withdrawal: you requested it."))
        kind, text, revision = EditorialEventKind.WITHDRAWN, withdrawal_request.reason, None
        withdrawal = Withdrawal(withdrawal_request.reason, now)
        withdrawal_request = None
    else:  # REFUSE_WITHDRAWAL
        if actor == withdrawal_request.requested_by:
            raise _refuse(N_("You requested this withdrawal; recall it instead of refusing it."))
        if _blank(request.comment):
            raise _refuse(N_("Say why the case stays published."))
        kind, text, revision = EditorialEventKind.WITHDRAWAL_REFUSED, request.comment.strip(), None
        withdrawal_request = None

    return EditorialTransition(
        action=action,
        new_state=new_state,
        event=EditorialEvent(kind=kind, actor_id=actor, at=now, revision=revision, text=text),
        pending=pending,
        published_revision=published_revision,
        first_published_at=first_published_at,
        corrections=corrections,
        withdrawal_request=withdrawal_request,
        withdrawal=withdrawal,
    )
