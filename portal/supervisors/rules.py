"""Social supervisors (社会监督员) as data and pure functions. No Flask, no database.

The national guidance (医保发〔2024〕24号, ../shared/domain/rules.md): supervisors are deputies,
CPPCC members, media, institution representatives, experts, insured people and volunteers,
selected by open recruitment, invitation, self-nomination or unit nomination; bureaus at city
level and above appoint them for a term (2 years in Shandong, with a certificate in Ningxia),
assess them and let them go. The roster may be published, for those who consent.

Terms. A term runs from `term_start` to `term_end` inclusive (Beijing dates); the default
term is 2 years less a day (2025-03-01 to 2027-02-28). A renewal starts the day after the
old end. A supervisor may sign in and log observations only on the days of an active term;
the bureau is reminded `REMINDER_DAYS` before a term ends. Termination (with a reason) ends
the term at once.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from portal.text import N_, Message, Refused

DEFAULT_TERM_YEARS = 2
REMINDER_DAYS = 30
MAX_TEXT_LENGTH = 8000


class Category(enum.StrEnum):
    DEPUTY = "deputy"  # 人大代表
    CPPCC = "cppcc"  # 政协委员
    MEDIA = "media"  # 新闻媒体代表
    INSTITUTION = "institution"  # 定点医药机构代表
    EXPERT = "expert"  # 专家学者
    INSURED = "insured"  # 参保群众
    VOLUNTEER = "volunteer"  # 其他志愿者


CATEGORY_TEXT: Mapping[Category, str] = MappingProxyType({
    Category.DEPUTY: N_("People's congress deputy"),
    Category.CPPCC: N_("CPPCC member"),
    Category.MEDIA: N_("Media representative"),
    Category.INSTITUTION: N_("Representative of a designated institution"),
    Category.EXPERT: N_("Expert or scholar"),
    Category.INSURED: N_("Insured person"),
    Category.VOLUNTEER: N_("Other volunteer"),
})


class Selection(enum.StrEnum):
    OPEN_RECRUITMENT = "open_recruitment"
    INVITATION = "invitation"
    SELF_NOMINATION = "self_nomination"
    UNIT_NOMINATION = "unit_nomination"


SELECTION_TEXT: Mapping[Selection, str] = MappingProxyType({
    Selection.OPEN_RECRUITMENT: N_("Open recruitment"),
    Selection.INVITATION: N_("Invitation"),
    Selection.SELF_NOMINATION: N_("Self-nomination"),
    Selection.UNIT_NOMINATION: N_("Nominated by their unit"),
})


class RosterStatus(enum.StrEnum):
    ACTIVE = "active"
    RENEWED = "renewed"  # active in a second or later term
    EXPIRED = "expired"  # the term ended without renewal
    TERMINATED = "terminated"  # ended early by the bureau, with a reason
    NOT_STARTED = "not_started"  # appointed, term not begun


STATUS_TEXT: Mapping[RosterStatus, str] = MappingProxyType({
    RosterStatus.ACTIVE: N_("Serving"),
    RosterStatus.RENEWED: N_("Serving (renewed)"),
    RosterStatus.EXPIRED: N_("Term ended"),
    RosterStatus.TERMINATED: N_("Terminated"),
    RosterStatus.NOT_STARTED: N_("Term not yet begun"),
})


class ObservationType(enum.StrEnum):
    CLUE = "clue"  # a lead on fraud: can become a report
    SUGGESTION = "suggestion"
    PUBLIC_OPINION = "public_opinion"
    JOINED_INSPECTION = "joined_inspection"


OBSERVATION_TYPE_TEXT: Mapping[ObservationType, str] = MappingProxyType({
    ObservationType.CLUE: N_("Clue of fraud"),
    ObservationType.SUGGESTION: N_("Suggestion"),
    ObservationType.PUBLIC_OPINION: N_("Public opinion"),
    ObservationType.JOINED_INSPECTION: N_("Joined an inspection"),
})


class RosterRefused(Refused):
    """A roster change or an observation that cannot be stored."""


def default_term_end(start: date, years: int = DEFAULT_TERM_YEARS) -> date:
    """The last day of a term of `years` years from `start` (29 February starts end on 28 February)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February into a common year
        anniversary = date(start.year + years, 3, 1)
    return anniversary - timedelta(days=1)


def check_term(start: date, end: date) -> None:
    if end < start:
        raise RosterRefused(Message(N_("The term must end after it starts.")))
    if end > default_term_end(start, 5):
        raise RosterRefused(Message(N_("A term is at most 5 years; renew it instead.")))


@dataclass(frozen=True)
class Term:
    start: date
    end: date  # inclusive
    renewals: int = 0
    terminated_on: date | None = None  # the last day the supervisor served


def status_on(term: Term, today: date) -> RosterStatus:
    if term.terminated_on is not None and today > term.terminated_on:
        return RosterStatus.TERMINATED
    if today < term.start:
        return RosterStatus.NOT_STARTED
    if today > term.end:
        return RosterStatus.EXPIRED
    return RosterStatus.RENEWED if term.renewals else RosterStatus.ACTIVE


def may_serve(term: Term, today: date) -> bool:
    """Whether the supervisor may sign in and log observations on `today`."""
    return status_on(term, today) in (RosterStatus.ACTIVE, RosterStatus.RENEWED)


def renewed(term: Term, today: date, years: int = DEFAULT_TERM_YEARS) -> Term:
    """The term extended by a new one from the day after the current end; a term that had
    already lapsed starts again today (the gap is not served)."""
    if term.terminated_on is not None:
        raise RosterRefused(Message(N_("A terminated supervisor cannot be renewed; appoint them again.")))
    if term.end >= today:
        return Term(term.start, default_term_end(term.end + timedelta(days=1), years), term.renewals + 1)
    return Term(today, default_term_end(today, years), term.renewals + 1)


def terminated(term: Term, today: date, reason: str) -> tuple[Term, str]:
    reason = (reason or "").strip()
    if not reason:
        raise RosterRefused(Message(N_("Give the reason for ending the term; it is kept in the roster.")))
    if status_on(term, today) not in (RosterStatus.ACTIVE, RosterStatus.RENEWED, RosterStatus.NOT_STARTED):
        raise RosterRefused(Message(N_("Only a supervisor whose term has not ended can be terminated.")))
    return Term(term.start, term.end, term.renewals, today), reason


def reminder_due(term: Term, today: date) -> bool:
    """Whether the bureau should be reminded that the term ends soon (within REMINDER_DAYS)."""
    return may_serve(term, today) and (term.end - today).days < REMINDER_DAYS


@dataclass(frozen=True)
class ObservationFacts:
    """What an assessment counts of one observation."""

    year: int
    type: ObservationType
    escalated: bool
    substantiated: bool


@dataclass(frozen=True)
class Assessment:
    year: int
    observations: int
    clues: int
    escalated: int
    substantiated: int
    inspections_joined: int


def assess(year: int, facts: Iterable[ObservationFacts]) -> Assessment:
    """One supervisor's year: observations logged, clues, clues escalated into reports, those
    the bureau found substantiated, inspections joined."""
    of_year = [fact for fact in facts if fact.year == year]
    clues = [fact for fact in of_year if fact.type is ObservationType.CLUE]
    return Assessment(year, len(of_year), len(clues), sum(fact.escalated for fact in clues),
                      sum(fact.substantiated for fact in clues),
                      sum(fact.type is ObservationType.JOINED_INSPECTION for fact in of_year))
