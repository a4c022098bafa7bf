"""Typical cases: what the public reads and what editors do. No Flask here; views pass the
session, the editor and the time."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import Select, and_, exists, extract, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.audit import chain
from portal.cases.content import (
    CONTENT_FIELDS,
    LANGUAGES,
    TRANSLATED_FIELDS,
    CaseContent,
    CaseOutcome,
    content_problems,
    outcomes_of,
)
from portal.cases.editorial import (
    ONLINE_STATES,
    CaseRevisionSnapshot,
    Correction,
    EditorialAction,
    EditorialEventKind,
    EditorialRequest,
    EditorialSnapshot,
    EditorialState,
    EditorialTransition,
    Withdrawal,
    WithdrawalRequest,
    apply,
)
from portal.cases.models import (
    CaseEvent,
    CaseRevision,
    CaseRevisionAuthor,
    CaseRevisionCategory,
    CaseRevisionOutcome,
    TypicalCase,
)
from portal.institutions.kinds import InstitutionType
from portal.regions.models import Region
from portal.regions.services import region_by_code
from portal.search import contains_all, normalised
from portal.text import N_, Message
from portal.violations import Violation
from portal.workdays import BEIJING, bureau_date

PAGE_SIZE = 20
MAX_AMOUNT = Decimal(10) ** 15
FEED_SIZE = 50
# Cases shown at their address; a withdrawn case keeps its address and says so.
VISIBLE_STATES = ONLINE_STATES | {EditorialState.WITHDRAWN}


class CaseRefused(Exception):
    """An editor's request that cannot be carried out; nothing was stored."""

    def __init__(self, messages: list[tuple[str, Message]]):
        super().__init__(", ".join(message.msgid for _, message in messages))
        self.messages = messages


def _search_text(content: CaseContent) -> str:
    parts = [content.text(name, language) for name in TRANSLATED_FIELDS for language in LANGUAGES]
    parts += [content.institution_code, content.decision_number]
    return normalised("\n".join(part for part in parts if part))


# --------------------------------------------------------------------------------------------
# Public reading


def _published_revision():
    return and_(CaseRevision.case_id == TypicalCase.id, CaseRevision.number == TypicalCase.published_number)


@dataclass(frozen=True)
class CaseFilter:
    """A selection of published cases, as the list, the feed and the open data take it."""

    region: Region | None = None  # with its subregions
    year: int | None = None
    category: Violation | None = None
    institution_type: InstitutionType | None = None
    outcome: CaseOutcome | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    query: str = ""
    include_withdrawn: bool = False

    def statement(self) -> Select:
        states = VISIBLE_STATES if self.include_withdrawn else ONLINE_STATES
        statement = (select(TypicalCase, CaseRevision)
                     .join(CaseRevision, _published_revision())
                     .where(TypicalCase.state.in_(states)))
        if self.region is not None:
            statement = statement.join(Region, Region.id == CaseRevision.region_id).where(
                Region.path.startswith(self.region.path, autoescape=True))
        if self.year is not None:
            statement = statement.where(TypicalCase.published_on >= date(self.year, 1, 1),
                                        TypicalCase.published_on < date(self.year + 1, 1, 1))
        if self.category is not None:
            statement = statement.where(exists().where(CaseRevisionCategory.revision_id == CaseRevision.id,
                                                       CaseRevisionCategory.category == self.category))
        if self.outcome is not None:
            statement = statement.where(exists().where(CaseRevisionOutcome.revision_id == CaseRevision.id,
                                                       CaseRevisionOutcome.outcome == self.outcome))
        if self.institution_type is not None:
            statement = statement.where(CaseRevision.institution_type == self.institution_type)
        if self.amount_min is not None:
            statement = statement.where(CaseRevision.amount_involved >= self.amount_min)
        if self.amount_max is not None:
            statement = statement.where(CaseRevision.amount_involved <= self.amount_max)
        if self.query:
            statement = statement.where(contains_all(CaseRevision.search_text, self.query))
        return statement

    def query_args(self) -> dict:
        """The filter as URL query arguments (the list, the feed and the downloads share them)."""
        args = {"region": self.region.code if self.region else None, "year": self.year,
                "category": self.category.value if self.category else None,
                "institution_type": self.institution_type.value if self.institution_type else None,
                "outcome": self.outcome.value if self.outcome else None,
                "amount_min": self.amount_min, "amount_max": self.amount_max, "q": self.query or None}
        return {key: str(value) for key, value in args.items() if value is not None}


def filter_from_args(session: Session, args: Mapping[str, str]) -> tuple[CaseFilter, list[tuple[str, Message]]]:
    """The selection a query string asks for (the list, the feed and the API share it), and
    (argument, message) for each argument that could not be read; those are left out."""
    problems: list[tuple[str, Message]] = []
    values: dict = {}

    def choice(name: str, enum_class):
        text = args.get(name) or ""
        if text:
            try:
                values[name] = enum_class(text)
            except ValueError:
                problems.append((name, Message(N_("Unknown value; choose one from the list."))))

    if args.get("region"):
        values["region"] = region_by_code(session, args["region"])
        if values["region"] is None:
            problems.append(("region", Message(N_("Unknown region code."))))
    if args.get("year"):
        text = args["year"]
        if text.isdigit() and 1990 <= int(text) <= 2100:
            values["year"] = int(text)
        else:
            problems.append(("year", Message(N_("Not a year."))))
    choice("category", Violation)
    choice("institution_type", InstitutionType)
    choice("outcome", CaseOutcome)
    for name in ("amount_min", "amount_max"):
        text = (args.get(name) or "").strip().replace(",", "")
        if text:
            try:
                value = Decimal(text)
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite() or value < 0 or value > MAX_AMOUNT:
                problems.append((name, Message(N_("Amounts are in yuan: write digits only, e.g. 50000."))))
            else:
                values[name] = value
    values["query"] = (args.get("q") or "").strip()[:200]
    return CaseFilter(**values), problems


@dataclass(frozen=True)
class PublicCase:
    case: TypicalCase
    revision: CaseRevision  # the revision on line (or last on line, once withdrawn)

    @property
    def corrections(self) -> list[CaseEvent]:
        return [event for event in self.case.events if event.kind is EditorialEventKind.CORRECTED]

    @property
    def withdrawn(self) -> bool:
        return self.case.state is EditorialState.WITHDRAWN


@dataclass(frozen=True)
class CasePage:
    rows: list[PublicCase]
    next_after: str | None  # keyset cursor "YYYY-MM-DD.id" of the last row, when more follow


def _with_details(statement: Select) -> Select:
    return statement.options(selectinload(CaseRevision.category_rows), selectinload(CaseRevision.outcome_rows),
                             joinedload(CaseRevision.region), selectinload(CaseRevision.case, TypicalCase.events))


def parse_cursor(text: str | None) -> tuple[date, int] | None:
    if not text:
        return None
    day, _, case_id = text.partition(".")
    try:
        return date.fromisoformat(day), int(case_id)
    except ValueError:
        return None


def published_cases(session: Session, selection: CaseFilter, after: tuple[date, int] | None = None,
                    limit: int = PAGE_SIZE) -> CasePage:
    """Newest first; keyset pages on (publication date, id)."""
    statement = selection.statement()
    if after is not None:
        day, case_id = after
        statement = statement.where(or_(TypicalCase.published_on < day,
                                        and_(TypicalCase.published_on == day, TypicalCase.id < case_id)))
    statement = _with_details(statement.order_by(TypicalCase.published_on.desc(), TypicalCase.id.desc())
                              .limit(limit + 1))
    rows = [PublicCase(case, revision) for case, revision in session.execute(statement)]
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = f"{rows[-1].case.published_on.isoformat()}.{rows[-1].case.id}" if more else None
    return CasePage(rows, cursor)


def all_published_cases(session: Session, selection: CaseFilter, batch: int = 500):
    """Every case of the selection, newest first, read a page at a time (for downloads)."""
    after = None
    while True:
        page = published_cases(session, selection, after, batch)
        yield from page.rows
        if page.next_after is None:
            return
        after = parse_cursor(page.next_after)


def count_cases(session: Session, selection: CaseFilter) -> int:
    return session.scalar(select(func.count()).select_from(selection.statement().subquery())) or 0


def case_years(session: Session) -> list[int]:
    statement = (select(extract("year", TypicalCase.published_on)).distinct()
                 .where(TypicalCase.state.in_(ONLINE_STATES)))
    return sorted((int(year) for year in session.scalars(statement) if year is not None), reverse=True)


def public_case(session: Session, case_id: int) -> PublicCase | None:
    """A case as its permanent address shows it; None if it was never published."""
    case = session.get(TypicalCase, case_id)
    if case is None or case.state not in VISIBLE_STATES:
        return None
    revision = session.scalars(_with_details(select(CaseRevision).where(
        CaseRevision.case_id == case.id, CaseRevision.number == case.published_number))).one()
    return PublicCase(case, revision)


def feed_cases(session: Session, selection: CaseFilter, limit: int = FEED_SIZE) -> list[PublicCase]:
    """The most recently published, corrected or withdrawn cases of the selection."""
    statement = _with_details(replace(selection, include_withdrawn=True).statement()
                              .order_by(TypicalCase.updated_at.desc(), TypicalCase.id.desc()).limit(limit))
    return [PublicCase(case, revision) for case, revision in session.execute(statement)]


# --------------------------------------------------------------------------------------------
# Statistics


@dataclass
class Tally:
    cases: int = 0
    returned: Decimal = Decimal(0)
    fines: Decimal = Decimal(0)
    suspensions: int = 0  # cases with a suspension (of services or of the agreement)
    terminations: int = 0

    def add(self, revision: CaseRevision) -> None:
        self.cases += 1
        self.returned += revision.returned_amount or 0
        self.fines += revision.fine_amount or 0
        self.suspensions += bool(revision.suspension_months or revision.agreement_suspension_days)
        self.terminations += bool(revision.agreement_terminated)


@dataclass
class CaseStatistics:
    total: Tally = field(default_factory=Tally)
    by_year: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_region: dict[Region, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_category: dict[Violation, Tally] = field(default_factory=lambda: defaultdict(Tally))
    sample_data: bool = False


def case_statistics(session: Session, selection: CaseFilter, region_level_path: Region | None = None) -> CaseStatistics:
    """Totals of the published cases of `selection` by year, by region one level below
    `region_level_path` (or by province), and by category (a case with two categories counts
    in both)."""
    statement = (selection.statement()
                 .options(selectinload(CaseRevision.category_rows), joinedload(CaseRevision.region)))
    regions: dict[str, Region] = {}
    stats = CaseStatistics()
    depth = (region_level_path.path.count("/") if region_level_path is not None else 1)
    for case, revision in session.execute(statement):
        stats.total.add(revision)
        stats.sample_data |= case.sample_data
        stats.by_year[case.published_on.year].add(revision)
        for category in revision.categories:
            stats.by_category[category].add(revision)
        code = revision.region.path.strip("/").split("/")[:depth]
        if len(code) == depth:
            key = code[-1]
            if key not in regions:
                regions[key] = region_by_code(session, key)
            stats.by_region[regions[key]].add(revision)
    return stats


# --------------------------------------------------------------------------------------------
# Editing


@dataclass(frozen=True)
class Editor:
    """A staff member as the editorial services see them."""

    id: int
    label: str
    is_editor: bool
    scope_path: str  # the path of their region: their scope is its subtree


def in_scope(editor: Editor, region: Region) -> bool:
    return region.path.startswith(editor.scope_path)


def snapshot_of(case: TypicalCase) -> EditorialSnapshot:
    pending = None
    revision = pending_revision(case)
    if revision is not None:
        pending = CaseRevisionSnapshot(number=revision.number,
                                       authors=frozenset(row.staff_user_id for row in revision.author_rows),
                                       submitted_by=revision.submitted_by_id,
                                       correction_note=revision.correction_note)
    request = None
    if case.withdrawal_requested_at is not None:
        request = WithdrawalRequest(case.withdrawal_requested_by_id, case.withdrawal_request_reason,
                                    case.withdrawal_requested_at)
    return EditorialSnapshot(
        case_id=case.id, state=case.state, pending=pending, published_revision=case.published_number,
        first_published_at=case.first_published_at,
        corrections=tuple(Correction(event.revision, event.text, event.at) for event in case.events
                          if event.kind is EditorialEventKind.CORRECTED),
        withdrawal_request=request,
        withdrawal=Withdrawal(case.withdrawal_reason, case.withdrawn_at) if case.withdrawn_at else None,
    )


def pending_revision(case: TypicalCase) -> CaseRevision | None:
    return next((row for row in case.revisions if case.published_number is None
                 or row.number > case.published_number), None)


def _region_for(session: Session, editor: Editor, content: CaseContent) -> Region:
    region = region_by_code(session, content.region_code)
    problems = content_problems(content)
    if region is None:
        problems.insert(0, ("region_code", Message(N_("Choose a region."))))
    elif not in_scope(editor, region):
        problems.insert(0, ("region_code", Message(N_("This case belongs to a region outside your scope."))))
    if problems:
        raise CaseRefused(problems)
    return region


def _write(session: Session, revision: CaseRevision, content: CaseContent, region: Region, editor_id: int | None,
           now: datetime) -> None:
    for name in CONTENT_FIELDS:
        if name not in ("region_code", "categories"):
            setattr(revision, name, getattr(content, name))
    revision.region_id = region.id
    revision.region = region
    revision.search_text = _search_text(content)
    revision.updated_at = now
    revision.category_rows = [CaseRevisionCategory(category=category) for category in sorted(content.categories)]
    revision.outcome_rows = [CaseRevisionOutcome(outcome=outcome) for outcome in sorted(outcomes_of(content))]
    if editor_id is not None and editor_id not in {row.staff_user_id for row in revision.author_rows}:
        revision.author_rows.append(CaseRevisionAuthor(staff_user_id=editor_id))


def _audit(session: Session, editor: Editor, action: str, case: TypicalCase, **details) -> None:
    chain.append(session, actor_id=editor.id, actor_label=editor.label, action=action,
                 subject_type="typical_case", subject_id=case.id, details=details)


def _refuse_unless_editor(editor: Editor) -> None:
    if not editor.is_editor:
        raise CaseRefused([("", Message(N_("Only editors of typical cases can do this.")))])


def create_case(session: Session, editor: Editor, content: CaseContent, now: datetime,
                sample_data: bool = False) -> TypicalCase:
    """A new draft written by `editor`. Not committed."""
    _refuse_unless_editor(editor)
    region = _region_for(session, editor, content)
    case = TypicalCase(state=EditorialState.DRAFT, region_id=region.id, created_by_id=editor.id,
                       sample_data=sample_data, created_at=now)
    revision = CaseRevision(number=1)
    case.revisions.append(revision)
    _write(session, revision, content, region, editor.id, now)
    session.add(case)
    session.flush()
    _audit(session, editor, "cases.create", case)
    return case


def save_revision(session: Session, case: TypicalCase, editor: Editor, content: CaseContent,
                  now: datetime) -> CaseRevision:
    """Store `content` as the text of the draft or correction being written. Not committed."""
    _refuse_unless_editor(editor)
    if case.state not in (EditorialState.DRAFT, EditorialState.CORRECTION_DRAFT):
        raise CaseRefused([("", Message(N_("This case is not being written: only a draft or a correction "
                                           "can be changed.")))])
    if not in_scope(editor, case.region):
        raise CaseRefused([("", Message(N_("This case belongs to a region outside your scope.")))])
    region = _region_for(session, editor, content)
    revision = pending_revision(case)
    _write(session, revision, content, region, editor.id, now)
    if case.state is EditorialState.DRAFT:
        case.region_id, case.region = region.id, region
    _audit(session, editor, "cases.edit", case, revision=revision.number)
    return revision


def take_step(session: Session, case: TypicalCase, editor: Editor, action: EditorialAction, now: datetime,
              comment: str | None = None, note: str | None = None, reason: str | None = None) -> EditorialTransition:
    """One editorial step (editorial.apply) stored on the case. Not committed.
    Raises editorial.EditorialRefused."""
    snapshot = snapshot_of(case)
    transition = apply(snapshot, EditorialRequest(action=action, actor_id=editor.id, is_editor=editor.is_editor,
                                                  in_scope=in_scope(editor, case.region), comment=comment,
                                                  note=note, reason=reason), now)
    _store(session, case, transition, now)
    _audit(session, editor, f"cases.{transition.action.value}", case, state=transition.new_state.value,
           revision=transition.event.revision)
    return transition


def _store(session: Session, case: TypicalCase, transition: EditorialTransition, now: datetime) -> None:
    pending = pending_revision(case)
    case.state = transition.new_state
    if transition.action is EditorialAction.OPEN_CORRECTION:
        published = next(row for row in case.revisions if row.number == case.published_number)
        revision = CaseRevision(number=transition.pending.number, correction_note=transition.pending.correction_note)
        case.revisions.append(revision)
        _write(session, revision, published.content(), published.region, transition.event.actor_id, now)
    elif transition.action is EditorialAction.DISCARD_CORRECTION:
        case.revisions.remove(pending)
        session.delete(pending)
    elif transition.pending is not None:
        pending.submitted_by_id = transition.pending.submitted_by
        pending.correction_note = transition.pending.correction_note
    if transition.published_revision != case.published_number:
        case.published_number = transition.published_revision
        approved = next(row for row in case.revisions if row.number == transition.published_revision)
        approved.submitted_by_id = None
        case.region_id, case.region = approved.region_id, approved.region
    if case.first_published_at is None and transition.first_published_at is not None:
        case.first_published_at = transition.first_published_at
        case.published_on = bureau_date(transition.first_published_at)
    request = transition.withdrawal_request
    case.withdrawal_requested_by_id = request.requested_by if request else None
    case.withdrawal_requested_at = request.requested_at if request else None
    case.withdrawal_request_reason = request.reason if request else None
    if transition.withdrawal is not None:
        case.withdrawal_reason, case.withdrawn_at = transition.withdrawal.reason, transition.withdrawal.withdrawn_at
    event = transition.event
    case.events.append(CaseEvent(kind=event.kind, actor_id=event.actor_id, at=event.at, revision=event.revision,
                                 text=event.text))
    if event.public:
        case.updated_at = event.at
    session.flush()


def cases_for_editor(session: Session, editor: Editor, state: EditorialState | None = None,
                     limit: int = 200) -> list[tuple[TypicalCase, CaseRevision]]:
    """Cases in the editor's scope with their newest revision, most recently changed first."""
    newest = (select(CaseRevision.case_id, func.max(CaseRevision.number).label("number"))
              .group_by(CaseRevision.case_id).subquery())
    statement = (select(TypicalCase, CaseRevision)
                 .join(newest, newest.c.case_id == TypicalCase.id)
                 .join(CaseRevision, and_(CaseRevision.case_id == TypicalCase.id,
                                          CaseRevision.number == newest.c.number))
                 .join(Region, Region.id == TypicalCase.region_id)
                 .where(Region.path.startswith(editor.scope_path, autoescape=True))
                 .order_by(CaseRevision.updated_at.desc(), TypicalCase.id.desc()).limit(limit))
    if state is not None:
        statement = statement.where(TypicalCase.state == state)
    return [tuple(row) for row in session.execute(statement)]


def state_counts(session: Session, editor: Editor) -> dict[EditorialState, int]:
    statement = (select(TypicalCase.state, func.count()).join(Region, Region.id == TypicalCase.region_id)
                 .where(Region.path.startswith(editor.scope_path, autoescape=True)).group_by(TypicalCase.state))
    return {state: count for state, count in session.execute(statement)}


def load_sample_cases(session: Session, samples) -> int:
    """Publish synthetic cases (portal.cases.synthetic) as they would stand after review, with
    their corrections and withdrawals, flagged as sample data. Does nothing if sample cases
    exist already. Returns the number added. Not committed."""
    if session.scalar(select(func.count()).select_from(TypicalCase).where(TypicalCase.sample_data)):
        return 0
    regions = {region.code: region for region in session.scalars(select(Region))}
    for sample in samples:
        region = regions[sample.content.region_code]
        published_at = datetime.combine(sample.published_on, datetime.min.time(), BEIJING).replace(hour=10)
        case = TypicalCase(state=EditorialState.PUBLISHED, region=region, sample_data=True, created_at=published_at,
                           published_number=1, first_published_at=published_at, published_on=sample.published_on,
                           updated_at=published_at)
        first = CaseRevision(number=1)
        case.revisions.append(first)
        _write(session, first, sample.content, region, None, published_at)
        case.events.append(CaseEvent(kind=EditorialEventKind.PUBLISHED, at=published_at, revision=1))
        later = published_at + timedelta(days=30)
        if sample.correction_note:
            second = CaseRevision(number=2, correction_note=sample.correction_note)
            case.revisions.append(second)
            _write(session, second, sample.content, region, None, later)
            case.published_number, case.updated_at = 2, later
            case.events.append(CaseEvent(kind=EditorialEventKind.CORRECTED, at=later, revision=2,
                                         text=sample.correction_note))
        if sample.withdrawal_reason:
            case.state, case.withdrawn_at, case.withdrawal_reason = (EditorialState.WITHDRAWN, later,
                                                                     sample.withdrawal_reason)
            case.updated_at = later
            case.events.append(CaseEvent(kind=EditorialEventKind.WITHDRAWN, at=later, text=sample.withdrawal_reason))
        session.add(case)
    session.flush()
    return len(samples)
