"""Admin-entered holidays and make-up days; declaring a year fills pending due dates."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.calendar.services import declare_year, load_calendar, set_day
from portal.reports.models import Report
from portal.staff.models import Role
from tests.reports_helpers import submit, token_from
from tests.test_staff_auth import _client, _signed_in_officer


def test_overrides_and_declared_year_make_2027_computable(db_session):
    calendar = load_calendar(db_session)
    assert calendar.due_or_none(date(2026, 12, 28), 5) is None  # 2027 not covered: refused
    set_day(db_session, None, date(2027, 1, 1), False, "New Year")
    declare_year(db_session, None, 2027, "test notice")
    db_session.commit()
    calendar = load_calendar(db_session)
    assert calendar.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 4)


def test_a_year_without_holidays_cannot_be_declared(db_session):
    import pytest

    from portal.calendar.services import CalendarError

    with pytest.raises(CalendarError):
        declare_year(db_session, None, 2028, "notice")


def test_admin_page_fills_pending_due_dates(app, db_session):
    client = _signed_in_officer(app, db_session, "cal.admin", "640000", roles={Role.ADMIN})
    submit(_client(app))
    report = db_session.scalar(select(Report))
    report.acceptance_due = None  # as for a report received when 2027 was not covered
    db_session.commit()
    page = client.get("/staff/en/calendar").get_data(as_text=True)
    bad = client.post("/staff/en/calendar", data={"kind": "day", "day": "2027-13-01", "csrf_token": token_from(page)})
    assert bad.status_code == 400
    client.post("/staff/en/calendar", data={"kind": "day", "day": "2027-01-01", "note": "New Year",
                                            "csrf_token": token_from(page)})
    done = client.post("/staff/en/calendar", data={"kind": "year", "year": "2027", "source": "State Council notice",
                                                   "csrf_token": token_from(page)})
    assert done.status_code == 302
    db_session.refresh(report)
    assert report.acceptance_due is not None
    assert "State Council notice" in client.get("/staff/en/calendar").get_data(as_text=True)
