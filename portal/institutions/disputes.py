"""Disputes of held institution figures (portal.institutions.review): the institution's own
account files one during the review window; an editor of the bureau answers it once. No Flask.

Who may do what. An institution account (Role.INSTITUTION, linked to one national code) sees
and disputes only its own institution's figures and nothing of the bureau's work. An editor
answers disputes of institutions in their region subtree. Every filing and answer is in the
audit chain; the comment and the answer are published with the figures, the names of who
filed and who answered are not.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.audit import chain
from portal.institutions.models import CostReport, FigureDispute, Institution, PurchasePrice
from portal.institutions.review import (
    Dispute,
    InvalidText,
    Resolution,
    ReviewState,
    can_dispute,
    is_flagged,
    is_public,
    last_review_day,
    state_at,
)
from portal.regions.models import Region
from portal.staff.models import Role, StaffUser
from portal.text import N_, Message, Refused
from portal.workdays import as_utc


class DisputeRefused(Refused):
    """Why a dispute or an answer cannot be stored."""


# The two kinds of held figures, by the name used in addresses and the audit.
FIGURE_MODELS: dict[str, type] = {"cost": CostReport, "price": PurchasePrice}
_DISPUTE_COLUMN = {"cost": FigureDispute.cost_report_id, "price": FigureDispute.purchase_price_id}
_AUDIT_SUBJECT = {"cost": "cost_report", "price": "purchase_price"}


def _review_records(dispute: FigureDispute | None) -> tuple[Dispute | None, Resolution | None]:
    if dispute is None:
        return None, None
    resolution = None
    if dispute.decided_at is not None:
        resolution = Resolution(as_utc(dispute.decided_at), bool(dispute.upheld), dispute.answer)
    return Dispute(as_utc(dispute.filed_at), dispute.comment), resolution


@dataclass(frozen=True)
class FigureReview:
    """One version of held figures with its dispute (if any) and its state at a moment."""

    kind: str
    figure: CostReport | PurchasePrice
    dispute: FigureDispute | None
    state: ReviewState

    @property
    def last_day(self) -> str:
        return last_review_day(as_utc(self.figure.review_ends_at))

    @property
    def flagged(self) -> bool:
        return is_flagged(self.state)

    @property
    def public(self) -> bool:
        return is_public(self.state)


def review_of(kind: str, figure, dispute: FigureDispute | None, now: datetime) -> FigureReview:
    dispute_record, resolution = _review_records(dispute)
    state = state_at(now, as_utc(figure.published_at), as_utc(figure.review_ends_at), dispute_record, resolution)
    return FigureReview(kind, figure, dispute, state)


def disputes_of(session: Session, kind: str, figures) -> dict[int, FigureDispute]:
    """The disputes of these figures, by figure id."""
    ids = [figure.id for figure in figures]
    if not ids:
        return {}
    column = _DISPUTE_COLUMN[kind]
    found = session.scalars(select(FigureDispute).where(column.in_(ids)))
    return {getattr(dispute, column.key): dispute for dispute in found}


def reviews_of(session: Session, kind: str, figures, now: datetime) -> list[FigureReview]:
    disputes = disputes_of(session, kind, figures)
    return [review_of(kind, figure, disputes.get(figure.id), now) for figure in figures]


def _institution_of(account: StaffUser) -> str:
    if not account.active or Role.INSTITUTION not in account.roles or not account.institution_code:
        raise DisputeRefused(Message(N_("Only an institution's own account can see and dispute its figures.")))
    return account.institution_code


def figures_in_review(session: Session, account: StaffUser, kind: str, now: datetime) -> list[FigureReview]:
    """The account's institution's figures of one kind that are still in their review period,
    or that it has disputed, newest period first."""
    code = _institution_of(account)
    model = FIGURE_MODELS[kind]
    disputed = exists().where(_DISPUTE_COLUMN[kind] == model.id)
    statement = (select(model).where(model.national_code == code,
                                     or_((model.superseded_at.is_(None)) & (model.review_ends_at > now), disputed))
                 .order_by(model.year.desc(), model.period_kind, model.period_number.desc(), model.id))
    return reviews_of(session, kind, list(session.scalars(statement)), now)


def file_dispute(session: Session, account: StaffUser, kind: str, figure_id: int, comment: str,
                 now: datetime) -> FigureDispute:
    """The institution disputes one version of its figures within the review period."""
    code = _institution_of(account)
    model = FIGURE_MODELS.get(kind)
    figure = session.get(model, figure_id) if model is not None else None
    if figure is None or figure.national_code != code:
        raise DisputeRefused(Message(N_("These figures are not your institution's.")))
    if figure.superseded_at is not None:
        raise DisputeRefused(Message(N_("A correction has replaced these figures; dispute the correction if it is "
                                        "wrong.")))
    already = session.scalar(select(FigureDispute.id).where(_DISPUTE_COLUMN[kind] == figure.id)) is not None
    refusal = can_dispute(now, as_utc(figure.published_at), as_utc(figure.review_ends_at), already)
    if refusal is not None:
        raise DisputeRefused(refusal)
    try:
        record = Dispute(now, comment)
    except InvalidText as invalid:
        raise DisputeRefused(invalid.message) from None
    dispute = FigureDispute(national_code=code, filed_at=now, filed_by_id=account.id, comment=record.comment,
                            **{_DISPUTE_COLUMN[kind].key: figure.id})
    session.add(dispute)
    try:
        session.flush()
    except IntegrityError:  # filed at the same moment from another session
        session.rollback()
        raise DisputeRefused(Message(N_("A dispute has already been filed for these figures."))) from None
    chain.append(session, actor_id=account.id, actor_label=account.username, action="figures.dispute",
                 subject_type=_AUDIT_SUBJECT[kind], subject_id=figure.id,
                 details={"national_code": code, "period": figure.period.code}, at=now)
    session.commit()
    return dispute


def _may_answer(officer: StaffUser) -> None:
    if not officer.active or Role.EDITOR not in officer.roles:
        raise DisputeRefused(Message(N_("Only the bureau's editors answer disputes.")))


def _in_scope(officer: StaffUser):
    return exists().where(Institution.national_code == FigureDispute.national_code,
                          Institution.superseded_at.is_(None), Region.id == Institution.region_id,
                          Region.path.startswith(officer.region.path, autoescape=True))


def open_disputes(session: Session, officer: StaffUser) -> list[FigureDispute]:
    """Unanswered disputes of institutions in the editor's region subtree, oldest first."""
    _may_answer(officer)
    statement = (select(FigureDispute).where(FigureDispute.decided_at.is_(None), _in_scope(officer))
                 .order_by(FigureDispute.filed_at, FigureDispute.id))
    return list(session.scalars(statement))


def answer_dispute(session: Session, officer: StaffUser, dispute_id: int, upheld: bool, answer: str,
                   now: datetime) -> FigureDispute:
    """The bureau's one answer: upheld withdraws the figures (a corrected file replaces them),
    otherwise they stand and are published with the comment and the answer."""
    _may_answer(officer)
    dispute = session.scalar(select(FigureDispute).where(FigureDispute.id == dispute_id, _in_scope(officer))
                             .with_for_update())
    if dispute is None:
        raise DisputeRefused(Message(N_("There is no such dispute in your region.")))
    if dispute.decided_at is not None:
        raise DisputeRefused(Message(N_("This dispute has already been answered.")))
    try:
        record = Resolution(now, upheld, answer)
    except InvalidText as invalid:
        raise DisputeRefused(invalid.message) from None
    dispute.decided_at, dispute.decided_by_id = now, officer.id
    dispute.upheld, dispute.answer = record.upheld, record.answer
    kind = "cost" if dispute.cost_report_id is not None else "price"
    figure = dispute.cost_report if kind == "cost" else dispute.purchase_price
    if record.upheld:
        figure.withdrawn_at = now
    chain.append(session, actor_id=officer.id, actor_label=officer.username, action="figures.dispute_answer",
                 subject_type=_AUDIT_SUBJECT[kind], subject_id=figure.id,
                 details={"national_code": dispute.national_code, "upheld": record.upheld}, at=now)
    session.commit()
    return dispute
