"""Working-day arithmetic for statutory clocks (no Flask here).

The official calendar comes from `chinesecalendar`, which covers only the years whose
holiday schedule the State Council has published; it raises for later years. Overrides
(holidays and make-up workdays entered by an admin) win over it, and an admin can declare
a year complete once its schedule is entered. A date in a year neither covers is refused,
never guessed.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import chinese_calendar

# The bureau's clock: statutory days are Beijing dates.
BEIJING = timezone(timedelta(hours=8))


def as_utc(moment: datetime | None) -> datetime | None:
    """Stored times are UTC; SQLite hands them back naive."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def bureau_date(moment: datetime) -> date:
    return as_utc(moment).astimezone(BEIJING).date()


class CalendarNotCovered(LookupError):
    def __init__(self, year: int):
        super().__init__(f"no official working-day calendar for {year}")
        self.year = year


@dataclass(frozen=True)
class WorkdayCalendar:
    overrides: Mapping[date, bool] = field(default_factory=dict)  # date -> is a working day
    extra_years: frozenset[int] = frozenset()  # years an admin entered in full

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year in self.extra_years:
            return day.weekday() < 5
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError as error:
            raise CalendarNotCovered(day.year) from error

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        current, remaining = start, days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_workday(current):
                remaining -= 1
        return current

    def due_or_none(self, start: date, days: int) -> date | None:
        """As add_working_days, or None while the calendar does not cover the period."""
        try:
            return self.add_working_days(start, days)
        except CalendarNotCovered:
            return None
