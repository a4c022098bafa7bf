from datetime import date

import pytest

from portal.workdays import CalendarNotCovered, WorkdayCalendar


def test_national_day_week_and_make_up_saturday():
    # Both chinesecalendar and holidays agree: 5 working days after 2026-09-28 is the
    # make-up Saturday 2026-10-10.
    assert WorkdayCalendar().add_working_days(date(2026, 9, 28), 5) == date(2026, 10, 10)


def test_ordinary_week():
    assert WorkdayCalendar().add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)


def test_uncovered_year_is_refused_not_guessed():
    with pytest.raises(CalendarNotCovered) as caught:
        WorkdayCalendar().add_working_days(date(2026, 12, 28), 15)
    assert caught.value.year == 2027
    assert WorkdayCalendar().due_or_none(date(2026, 12, 28), 15) is None


def test_overrides_and_declared_years():
    calendar = WorkdayCalendar(
        overrides={date(2027, 1, 1): False, date(2027, 1, 2): True}, extra_years=frozenset({2027})
    )
    assert calendar.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 2)
    assert calendar.add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 4)
