"""The working-day calendar: the maintained package plus what admins enter (no Flask here)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.calendar.models import CalendarOverride, CalendarYear
from portal.casework import workflow
from portal.reports.models import Report
from portal.staff.models import StaffUser
from portal.text import N_, Message
from portal.workdays import WorkdayCalendar


class CalendarError(ValueError):
    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


def load_calendar(session: Session) -> WorkdayCalendar:
    overrides = {row.day: row.is_workday for row in session.scalars(select(CalendarOverride))}
    years = frozenset(session.scalars(select(CalendarYear.year)))
    return WorkdayCalendar(overrides=overrides, extra_years=years)


def set_day(session: Session, user: StaffUser | None, day: date, is_workday: bool, note: str) -> None:
    row = session.get(CalendarOverride, day) or CalendarOverride(day=day)
    row.is_workday, row.note, row.entered_by = is_workday, note.strip()[:100], user.id if user else None
    row.entered_at = datetime.now(timezone.utc)
    session.add(row)


def declare_year(session: Session, user: StaffUser | None, year: int, source: str) -> None:
    """Mark a year's schedule as entered. Refused unless its holidays are entered first, so a
    year is never declared with weekdays only by mistake."""
    if not source.strip():
        raise CalendarError(Message(N_("Name the official notice the schedule comes from.")))
    holidays = session.scalars(select(CalendarOverride).where(
        CalendarOverride.day >= date(year, 1, 1), CalendarOverride.day <= date(year, 12, 31),
        CalendarOverride.is_workday.is_(False))).first()
    if holidays is None:
        raise CalendarError(Message(N_("Enter the year's public holidays before declaring it complete.")))
    if session.get(CalendarYear, year) is None:
        session.add(CalendarYear(year=year, source=source.strip()[:200], entered_by=user.id if user else None))


def refresh_pending_due_dates(session: Session, calendar: WorkdayCalendar,
                              rules: workflow.ClockRules | None = None) -> int:
    """Fill due dates that were pending because the calendar did not cover them."""
    from portal.casework.services import snapshot

    rules = rules or workflow.ClockRules()
    updated = 0
    for report in session.scalars(select(Report).where(Report.status.in_(workflow.OPEN_STATES))):
        transition = workflow.refresh_dues(snapshot(report), calendar, rules)
        new = (transition.acceptance_due, transition.notify_due, transition.investigation_due)
        if new != (report.acceptance_due, report.notify_due, report.investigation_due):
            report.acceptance_due, report.notify_due, report.investigation_due = new
            updated += 1
    return updated
