"""Staff accounts (Flask-free)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import crypto
from portal.regions.models import Region
from portal.regions.services import region_by_code
from portal.staff.models import Role, StaffRoleGrant, StaffUser
from portal.text import N_, Message

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD_LENGTH = 12


class StaffError(ValueError):
    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    roles: set[Role],
    region_code: str,
    within: Region | None = None,
    institution_code: str = "",
) -> StaffUser:
    """A new account; `within` (an admin's scope) limits where it may be placed."""
    if not USERNAME_PATTERN.match(username):
        raise StaffError(Message(N_(
            "A user name is 3 to 64 characters: lower-case letters, digits, dot, dash, underscore."
        )))
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StaffError(Message(
            N_("The password must have at least %(count)d characters."), {"count": MIN_PASSWORD_LENGTH}
        ))
    if not roles:
        raise StaffError(Message(N_("Give the user at least one role.")))
    region = region_by_code(session, region_code)
    if region is None:
        raise StaffError(Message(N_("There is no region with code %(code)s."), {"code": region_code}))
    if within is not None and not region.path.startswith(within.path):
        raise StaffError(Message(N_("Choose a region inside your own region.")))
    institution_code, region = institution_link(session, roles, institution_code, region, within)
    if session.scalar(select(StaffUser.id).where(StaffUser.username == username)) is not None:
        raise StaffError(Message(N_("The user name %(name)s is taken."), {"name": username}))
    public_key, sealed_private_key = crypto.new_staff_keypair(password)
    user = StaffUser(
        username=username,
        display_name=display_name or username,
        region=region,
        institution_code=institution_code,
        password_hash=crypto.hash_password(password),
        public_key=public_key,
        sealed_private_key=sealed_private_key,
        role_grants=[StaffRoleGrant(role=role) for role in sorted(roles)],
    )
    session.add(user)
    session.commit()
    return user


@dataclass(frozen=True)
class ReportPage:
    reports: list
    next_before: int | None


def _scope_filter(user: StaffUser, within: Region | None = None):
    """Reports in the user's region subtree, narrowed to `within` when that lies inside it."""
    from portal.reports.models import Report

    path = within.path if within is not None and within.path.startswith(user.region.path) else user.region.path
    return Report.region_id.in_(select(Region.id).where(Region.path.startswith(path)))


QUEUES = ("new", "due_soon", "overdue")


def _queue_filter(queue: str, today, soon_until):
    """Reports waiting for a decision or an investigation whose clock is due soon or passed."""
    from sqlalchemy import and_, or_

    from portal.reports.models import Report, ReportStatus

    if queue == "new":
        return Report.status == ReportStatus.RECEIVED
    waiting = Report.status.in_([ReportStatus.RECEIVED, ReportStatus.ACCEPTANCE_REVIEW])
    if queue == "overdue":
        return or_(and_(waiting, Report.acceptance_due < today),
                   and_(Report.status == ReportStatus.INVESTIGATING, Report.investigation_due < today))
    return or_(and_(waiting, Report.acceptance_due.between(today, soon_until)),
               and_(Report.status == ReportStatus.INVESTIGATING, Report.investigation_due.between(today, soon_until)))


def reports_in_scope(session: Session, user: StaffUser, status: str | None = None,
                     before_id: int | None = None, limit: int = 50, queue: str | None = None,
                     today=None, soon_until=None, within: Region | None = None) -> ReportPage:
    """Newest first, keyset-paginated (before_id), only the user's region subtree; optionally
    one status or one queue (new, due_soon, overdue)."""
    from portal.reports.models import Report, ReportStatus

    from sqlalchemy.orm import selectinload

    statement = (select(Report).options(selectinload(Report.region)).where(_scope_filter(user, within))
                 .order_by(Report.id.desc()).limit(limit + 1))
    if status:
        statement = statement.where(Report.status == ReportStatus(status))
    if queue in QUEUES:
        statement = statement.where(_queue_filter(queue, today, soon_until))
    if before_id:
        statement = statement.where(Report.id < before_id)
    rows = list(session.scalars(statement))
    more = len(rows) > limit
    rows = rows[:limit]
    return ReportPage(rows, rows[-1].id if more else None)


def open_counts(session: Session, user: StaffUser, today, soon_until) -> tuple[dict, dict[str, int]]:
    """The dashboard's numbers in one pass over the scope's open reports: the count per open
    status (those with any) and per queue. Closed reports (the great majority over the years)
    are listed but not counted on every dashboard view: counting them grows with history, and
    nobody's work depends on that number."""
    from sqlalchemy import func

    from portal.casework.workflow import OPEN_STATES
    from portal.reports.models import Report

    statuses = list(OPEN_STATES)
    columns = ([func.count().filter(Report.status == status) for status in statuses]
               + [func.count().filter(_queue_filter(queue, today, soon_until)) for queue in QUEUES])
    row = session.execute(select(*columns).select_from(Report)
                          .where(_scope_filter(user), Report.status.in_(statuses))).one()
    by_status = {status: count for status, count in zip(statuses, row[:len(statuses)]) if count}
    return by_status, dict(zip(QUEUES, row[len(statuses):]))


def users_in_scope(session: Session, admin: StaffUser) -> list[StaffUser]:
    """The accounts an admin manages: those whose region lies in the admin's subtree."""
    statement = (select(StaffUser).join(StaffUser.region)
                 .where(Region.path.startswith(admin.region.path)).order_by(StaffUser.username))
    return list(session.scalars(statement))


def institution_link(session: Session, roles: set[Role], code: str, region: Region,
                     within: Region | None) -> tuple[str | None, Region]:
    """An institution account speaks for one current register entry and is placed in its
    region; it has no other role, because the institution's staff are outsiders to the
    bureau's work. Other accounts are linked to no institution."""
    if Role.INSTITUTION not in roles:
        return None, region
    if roles != {Role.INSTITUTION}:
        raise StaffError(Message(N_("An institution account cannot have any other role.")))
    from portal.institutions.models import Institution

    code = (code or "").strip()
    institution = session.scalar(select(Institution).where(Institution.national_code == code,
                                                           Institution.superseded_at.is_(None))) if code else None
    if institution is None:
        raise StaffError(Message(N_("Give the national code of a designated institution in the register.")))
    if within is not None and not institution.region.path.startswith(within.path):
        raise StaffError(Message(N_("This institution is outside your region.")))
    return institution.national_code, institution.region


def update_user(session: Session, admin: StaffUser, user: StaffUser, *, active: bool, roles: set[Role],
                region_code: str, institution_code: str = "") -> StaffUser:
    """Suspend or re-activate, change roles and region scope, within the admin's own scope."""

    if not user.region.path.startswith(admin.region.path):
        raise StaffError(Message(N_("This account is outside your region.")))
    region = region_by_code(session, region_code)
    if region is None or not region.path.startswith(admin.region.path):
        raise StaffError(Message(N_("Choose a region inside your own region.")))
    if not roles:
        raise StaffError(Message(N_("Give the user at least one role.")))
    if user.id == admin.id and (not active or Role.ADMIN not in roles):
        raise StaffError(Message(N_("You cannot suspend yourself or remove your own admin role.")))
    user.institution_code, region = institution_link(session, roles, institution_code, region, admin.region)
    user.active = active
    user.region = region
    user.role_grants = [grant for grant in user.role_grants if grant.role in roles]
    user.role_grants += [StaffRoleGrant(role=role) for role in sorted(roles - user.roles)]
    session.commit()
    return user
