"""Social supervisors: roster (administrators of the appointing region), observations
(supervisors, during their term), feedback (case officers), escalation of a clue into a
report with channel "supervisor", assessment. No Flask."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from portal import envelope, sealed_files
from portal.audit import chain
from portal.casework.workflow import Outcome
from portal.institutions.models import Institution
from portal.keywraps import record_key, wrap_record
from portal.regions.models import Region
from portal.reports import services as reports
from portal.reports.attachments import CleanFile
from portal.reports.models import Author, Channel, KeyKind, Report
from portal.staff.models import Role, StaffUser
from portal.supervisors import rules
from portal.supervisors.models import (
    Observation,
    ObservationAttachment,
    RecruitmentNotice,
    Supervisor,
)
from portal.supervisors.rules import Assessment, Category, ObservationFacts, ObservationType, RosterRefused, Selection
from portal.text import N_, Message
from portal.violations import Violation


OBSERVATION = "observation"  # the record kind of observations' keys, fields and files


def _refuse(msgid: str, **params) -> RosterRefused:
    return RosterRefused(Message(msgid, params))


def _audit(session, user: StaffUser, action: str, subject_type: str, subject_id: int, details: dict,
           at: datetime | None = None) -> None:
    chain.append(session, actor_id=user.id, actor_label=user.username, action=action, subject_type=subject_type,
                 subject_id=subject_id, details=details, at=at)


# --- roster ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SupervisorDraft:
    name: str
    category: Category
    selection: Selection
    region_code: str
    appointing_bureau: str
    certificate_number: str
    term_start: date
    term_end: date | None = None  # default: rules.default_term_end
    consent_to_publish: bool = False
    contact: str = ""  # phone, address: sealed
    account_username: str = ""  # the staff account (role supervisor) they sign in with


def _may_manage(admin: StaffUser) -> None:
    if not admin.active or Role.ADMIN not in admin.roles:
        raise _refuse(N_("Only administrators manage the roster of social supervisors."))


def appoint(session: Session, keyring, admin: StaffUser, draft: SupervisorDraft) -> Supervisor:
    _may_manage(admin)
    region = session.scalar(select(Region).where(Region.code == draft.region_code))
    if region is None or not region.path.startswith(admin.region.path):
        raise _refuse(N_("Choose the appointing bureau's region, within your own region."))
    if not draft.name.strip():
        raise _refuse(N_("Give the supervisor's name."))
    if not draft.certificate_number.strip() or not draft.appointing_bureau.strip():
        raise _refuse(N_("Give the certificate number and the appointing bureau."))
    end = draft.term_end or rules.default_term_end(draft.term_start)
    rules.check_term(draft.term_start, end)
    if session.scalar(select(Supervisor.id).where(Supervisor.certificate_number == draft.certificate_number.strip())):
        raise _refuse(N_("Another supervisor has this certificate number."))
    account = None
    if draft.account_username.strip():
        account = session.scalar(select(StaffUser).where(StaffUser.username == draft.account_username.strip()))
        if account is None or Role.SUPERVISOR not in account.roles or not account.region.path.startswith(
                admin.region.path):
            raise _refuse(N_("Give the user name of a staff account with the role social supervisor, in your region."))
        if session.scalar(select(Supervisor.id).where(Supervisor.staff_user_id == account.id)):
            raise _refuse(N_("This account already belongs to a supervisor."))
    supervisor = Supervisor(name=draft.name.strip(), category=draft.category, selection=draft.selection, region=region,
                            appointing_bureau=draft.appointing_bureau.strip(),
                            certificate_number=draft.certificate_number.strip(), term_start=draft.term_start,
                            term_end=end, consent_to_publish=draft.consent_to_publish,
                            staff_user_id=account.id if account else None)
    session.add(supervisor)
    session.flush()
    if draft.contact.strip():
        identity_key = envelope.new_data_key()
        supervisor.sealed_contact = envelope.seal_json(identity_key, supervisor.id, "contact", draft.contact.strip(),
                                                     "supervisor")
        wrap_record(session, keyring, "supervisor", supervisor.id, region, KeyKind.IDENTITY, identity_key)
    _audit(session, admin, "supervisor.appoint", "supervisor", supervisor.id,
           {"category": draft.category.value, "region": region.code})
    session.commit()
    return supervisor


def supervisor_in_scope(session: Session, admin: StaffUser, supervisor_id: int) -> Supervisor | None:
    return session.scalar(select(Supervisor).join(Supervisor.region).where(
        Supervisor.id == supervisor_id, Region.path.startswith(admin.region.path)))


def roster(session: Session, admin: StaffUser) -> list[Supervisor]:
    _may_manage(admin)
    return list(session.scalars(select(Supervisor).join(Supervisor.region).options(joinedload(Supervisor.region))
                                .where(Region.path.startswith(admin.region.path))
                                .order_by(Supervisor.term_end, Supervisor.id)))


def renew(session: Session, admin: StaffUser, supervisor: Supervisor, today: date) -> Supervisor:
    _may_manage(admin)
    term = rules.renewed(supervisor.term, today)
    supervisor.term_start, supervisor.term_end, supervisor.renewals = term.start, term.end, term.renewals
    _audit(session, admin, "supervisor.renew", "supervisor", supervisor.id, {"until": term.end.isoformat()})
    session.commit()
    return supervisor


def terminate(session: Session, admin: StaffUser, supervisor: Supervisor, today: date, reason: str) -> Supervisor:
    _may_manage(admin)
    term, reason = rules.terminated(supervisor.term, today, reason)
    supervisor.terminated_on, supervisor.termination_reason = term.terminated_on, reason[:500]
    _audit(session, admin, "supervisor.terminate", "supervisor", supervisor.id, {"on": today.isoformat()})
    session.commit()
    return supervisor


def terms_ending(session: Session, today: date) -> list[Supervisor]:
    """Serving supervisors whose term ends within REMINDER_DAYS, soonest first (every region)."""
    candidates = session.scalars(select(Supervisor).options(joinedload(Supervisor.region))
                                 .where(Supervisor.term_end >= today,
                                        Supervisor.term_end < today + timedelta(days=rules.REMINDER_DAYS))
                                 .order_by(Supervisor.term_end, Supervisor.id))
    return [person for person in candidates if rules.reminder_due(person.term, today)]


def contact_of(session: Session, supervisor: Supervisor, user: StaffUser, private_key: bytes | None) -> str | None:
    """The sealed contact details, for an identity custodian who holds the key; else None."""
    if supervisor.sealed_contact is None:
        return None
    key = record_key(session, "supervisor", supervisor.id, user, private_key, KeyKind.IDENTITY)
    return envelope.open_json(key, supervisor.id, "contact", supervisor.sealed_contact, "supervisor") if key else None


def public_roster(session: Session, today: date) -> list[Supervisor]:
    """Serving supervisors who consented to be published, by region and name."""
    serving = [supervisor for supervisor in session.scalars(
        select(Supervisor).join(Supervisor.region).options(joinedload(Supervisor.region))
        .where(Supervisor.consent_to_publish.is_(True), Supervisor.term_start <= today,
               Supervisor.term_end >= today).order_by(Region.path, Supervisor.name))
        if rules.may_serve(supervisor.term, today)]
    return serving


def may_sign_in(session: Session, user: StaffUser, today: date) -> bool:
    """A supervisor's account works only during their term; other accounts are not affected."""
    if Role.SUPERVISOR not in user.roles:
        return True
    supervisor = session.scalar(select(Supervisor).where(Supervisor.staff_user_id == user.id))
    return supervisor is not None and rules.may_serve(supervisor.term, today)


def publish_notice(session: Session, admin: StaffUser, region_code: str, title_zh: str, body_zh: str,
                   published_on: date, closes_on: date, title_bo: str = "", body_bo: str = "", title_en: str = "",
                   body_en: str = "") -> RecruitmentNotice:
    _may_manage(admin)
    region = session.scalar(select(Region).where(Region.code == region_code))
    if region is None or not region.path.startswith(admin.region.path):
        raise _refuse(N_("Choose the appointing bureau's region, within your own region."))
    if not title_zh.strip() or not body_zh.strip():
        raise _refuse(N_("A recruitment notice needs a title and a text in Chinese."))
    if closes_on < published_on:
        raise _refuse(N_("Applications must close after the notice is published."))
    notice = RecruitmentNotice(region=region, title_zh=title_zh.strip(), body_zh=body_zh.strip(),
                               title_bo=title_bo.strip(), body_bo=body_bo.strip(), title_en=title_en.strip(),
                               body_en=body_en.strip(), published_on=published_on, closes_on=closes_on)
    session.add(notice)
    session.flush()
    _audit(session, admin, "supervisor.notice", "recruitment_notice", notice.id, {"region": region.code})
    session.commit()
    return notice


def open_notices(session: Session, today: date) -> list[RecruitmentNotice]:
    return list(session.scalars(select(RecruitmentNotice).options(joinedload(RecruitmentNotice.region))
                                .where(RecruitmentNotice.published_on <= today, RecruitmentNotice.closes_on >= today)
                                .order_by(RecruitmentNotice.closes_on)))


# --- observations ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ObservationDraft:
    observed_on: date
    type: ObservationType
    description: str
    institution_code: str = ""
    department: str = ""
    files: list[CleanFile] = field(default_factory=list)


def serving_supervisor(session: Session, user: StaffUser, today: date) -> Supervisor:
    supervisor = session.scalar(select(Supervisor).where(Supervisor.staff_user_id == user.id))
    if not user.active or Role.SUPERVISOR not in user.roles or supervisor is None:
        raise _refuse(N_("Only social supervisors on the roster log observations."))
    if not rules.may_serve(supervisor.term, today):
        raise _refuse(N_("Your term as a social supervisor is not running; the bureau can renew it."))
    return supervisor


def log_observation(session: Session, keyring, user: StaffUser, draft: ObservationDraft, today: date) -> Observation:
    """Store an observation, sealed, in one transaction (files included)."""
    supervisor = serving_supervisor(session, user, today)
    if draft.observed_on > today or (today - draft.observed_on).days > 366:
        raise _refuse(N_("Give the date of the observation: not in the future and within the last year."))
    description = draft.description.strip()
    if not description:
        raise _refuse(N_("Describe what you observed."))
    if len(description) > rules.MAX_TEXT_LENGTH:
        raise _refuse(N_("The description may be at most %(count)d characters."), count=rules.MAX_TEXT_LENGTH)
    region = supervisor.region
    code = draft.institution_code.strip().upper() or None
    if code is not None:
        institution = session.scalar(select(Institution).where(Institution.national_code == code,
                                                               Institution.superseded_at.is_(None)))
        if institution is None:
            raise _refuse(N_("No designated institution has this national code."))
        region = institution.region
    elif not draft.department.strip():
        raise _refuse(N_("Name the institution (its national code) or the bureau department you observed."))
    written = []
    try:
        observation = Observation(supervisor=supervisor, region=region, observed_on=draft.observed_on, type=draft.type,
                                  institution_code=code, department=draft.department.strip()[:200],
                                  sealed_description=b"")
        session.add(observation)
        session.flush()
        key = envelope.new_data_key()
        observation.sealed_description = envelope.seal_json(key, observation.id, "description", description,
                                                            OBSERVATION)
        wrap_record(session, keyring, OBSERVATION, observation.id, region, KeyKind.DATA, key, also=(user,))
        written = [path for path, _sha in sealed_files.store(
            session, keyring.upload_folder, key, observation.id, draft.files,
            lambda name: ObservationAttachment(observation=observation, storage_name=name, sealed_meta=b""),
            OBSERVATION)]
        _audit(session, user, "observation.log", "observation", observation.id, {"type": draft.type.value})
        session.commit()
    except BaseException:
        session.rollback()
        sealed_files.remove(written)
        raise
    return observation


def observations_for(session: Session, user: StaffUser, limit: int = 100) -> list[Observation]:
    """A supervisor's own observations, or for a case officer those of their region; newest first."""
    statement = (select(Observation).options(joinedload(Observation.report), joinedload(Observation.supervisor))
                 .order_by(Observation.id.desc()).limit(limit))
    if Role.CASE_OFFICER in user.roles:
        return list(session.scalars(statement.join(Observation.region)
                                    .where(Region.path.startswith(user.region.path))))
    if Role.SUPERVISOR in user.roles:
        return list(session.scalars(statement.join(Observation.supervisor).where(Supervisor.staff_user_id == user.id)))
    return []


def observation_for(session: Session, user: StaffUser, observation_id: int) -> Observation | None:
    """The observation if the user wrote it, or is a case officer of its region."""
    observation = session.get(Observation, observation_id)
    if observation is None:
        return None
    if Role.CASE_OFFICER in user.roles and observation.region.path.startswith(user.region.path):
        return observation
    if Role.SUPERVISOR in user.roles and observation.supervisor.staff_user_id == user.id:
        return observation
    return None


@dataclass(frozen=True)
class ObservationView:
    observation: Observation
    description: str | None
    feedback: str | None
    attachments: list[dict]
    report_status: str | None  # an escalated clue's report
    bureau_messages: list[tuple[datetime, str]]


def view_observation(session: Session, observation: Observation, user: StaffUser,
                     private_key: bytes | None) -> ObservationView:
    key = record_key(session, OBSERVATION, observation.id, user, private_key, KeyKind.DATA)
    description = envelope.open_json(key, observation.id, "description", observation.sealed_description, OBSERVATION) \
        if key else None
    feedback = envelope.open_json(key, observation.id, "feedback", observation.sealed_feedback, OBSERVATION) \
        if key and observation.sealed_feedback else None
    attachments = [{"id": a.id, **sealed_files.meta(key, observation.id, a, OBSERVATION)}
                   for a in observation.attachments] if key else []
    status, messages = None, []
    if observation.report is not None:
        status = observation.report.status.value
        try:
            report_key = reports.open_as_staff(observation.report, user, private_key) if private_key else None
        except reports.KeyNotHeld:
            report_key = None
        if report_key is not None:
            view = reports.reporter_view(observation.report, report_key)
            messages = [(message.created_at, message.text) for message in view.messages
                        if message.author is Author.BUREAU]
    return ObservationView(observation, description, feedback, attachments, status, messages)


def read_observation_file(session, keyring, observation: Observation, user: StaffUser, private_key: bytes,
                          attachment_id: int) -> tuple[dict, bytes]:
    key = record_key(session, OBSERVATION, observation.id, user, private_key, KeyKind.DATA)
    attachment = next((a for a in observation.attachments if a.id == attachment_id), None)
    if key is None or attachment is None:
        raise LookupError(attachment_id)
    return (sealed_files.meta(key, observation.id, attachment, OBSERVATION),
            sealed_files.read(keyring.upload_folder, key, observation.id, attachment, OBSERVATION))


def give_feedback(session: Session, officer: StaffUser, private_key: bytes, observation: Observation, text: str,
                  now: datetime | None = None) -> Observation:
    """The bureau's feedback to the supervisor, sealed with the observation; replaces earlier feedback."""
    now = now or datetime.now(timezone.utc)
    if Role.CASE_OFFICER not in officer.roles:
        raise _refuse(N_("Only case officers give feedback on observations."))
    key = record_key(session, OBSERVATION, observation.id, officer, private_key, KeyKind.DATA)
    if key is None:
        raise _refuse(N_("You do not hold this observation's key."))
    text = (text or "").strip()
    if not text:
        raise _refuse(N_("Write the feedback for the supervisor."))
    observation.sealed_feedback = envelope.seal_json(key, observation.id, "feedback", text[:rules.MAX_TEXT_LENGTH],
                                                     OBSERVATION)
    observation.feedback_at = now
    _audit(session, officer, "observation.feedback", "observation", observation.id, {}, now)
    session.commit()
    return observation


def escalate(session: Session, keyring, user: StaffUser, private_key: bytes, observation: Observation,
             category: Violation, institution_name: str, today: date, now: datetime | None = None) -> Report:
    """A clue becomes a report with channel "supervisor", under the report clocks; the
    supervisor holds its key and follows its status and the bureau's replies in their account."""
    serving_supervisor(session, user, today)
    if observation.supervisor.staff_user_id != user.id:
        raise _refuse(N_("Only the supervisor who logged a clue can turn it into a report."))
    if observation.type is not ObservationType.CLUE:
        raise _refuse(N_("Only a clue of fraud can become a report."))
    if observation.report_id is not None:
        raise _refuse(N_("This clue is already a report."))
    if not institution_name.strip():
        raise _refuse(N_("Write the institution or person the clue is about."))
    key = record_key(session, OBSERVATION, observation.id, user, private_key, KeyKind.DATA)
    description = envelope.open_json(key, observation.id, "description", observation.sealed_description, OBSERVATION)
    files = []
    for attachment in observation.attachments:  # with the key opened once, above
        meta = sealed_files.meta(key, observation.id, attachment, OBSERVATION)
        files.append(CleanFile(content=sealed_files.read(keyring.upload_folder, key, observation.id, attachment,
                                                         OBSERVATION),
                               media_type=meta["type"], extension="." + meta["name"].rsplit(".", 1)[-1],
                               name=meta["name"]))
    observation_id = observation.id
    now = now or datetime.now(timezone.utc)

    def link(report: Report) -> None:
        session.get(Observation, observation_id).report_id = report.id
        _audit(session, user, "observation.escalate", "observation", observation_id, {"report": report.id}, now)

    submitted = reports.submit_report(
        session, keyring, reports.ReportDraft(region_code=observation.region.code, category=category,
                                              institution=institution_name.strip(), narrative=description),
        files, channel=Channel.SUPERVISOR, now=now, with_report=link, also_staff=(user,))
    return session.scalar(select(Report).where(Report.locator == submitted.code.locator))


# --- assessment -----------------------------------------------------------------------------

def _facts(session: Session, statement) -> list[tuple[int, ObservationFacts]]:
    rows = session.execute(statement.with_only_columns(Observation.supervisor_id, Observation.observed_on,
                                                       Observation.type, Observation.report_id, Report.outcome)
                           .outerjoin(Report, Report.id == Observation.report_id))
    return [(supervisor_id, ObservationFacts(observed_on.year, kind, report_id is not None,
                                             outcome in (Outcome.SUBSTANTIATED, Outcome.PARTLY_SUBSTANTIATED)))
            for supervisor_id, observed_on, kind, report_id, outcome in rows]


def assessments(session: Session, admin: StaffUser, year: int) -> list[tuple[Supervisor, Assessment]]:
    """Each supervisor of the admin's region with their year."""
    supervisors = roster(session, admin)
    facts = _facts(session, select(Observation).where(Observation.supervisor_id.in_([s.id for s in supervisors])))
    return [(supervisor, rules.assess(year, [fact for owner, fact in facts if owner == supervisor.id]))
            for supervisor in supervisors]


@dataclass(frozen=True)
class PublicStatistics:
    year: int
    supervisors: int  # serving at some time in the year
    observations: int
    clues: int
    escalated: int
    substantiated: int
    inspections_joined: int


def public_statistics(session: Session, years: list[int]) -> list[PublicStatistics]:
    """Totals per year, no individual data."""
    facts = [fact for _owner, fact in _facts(session, select(Observation))]
    result = []
    for year in years:
        total = rules.assess(year, facts)
        serving = session.scalar(select(func.count()).select_from(Supervisor).where(
            Supervisor.term_start <= date(year, 12, 31), Supervisor.term_end >= date(year, 1, 1))) or 0
        result.append(PublicStatistics(year, serving, total.observations, total.clues, total.escalated,
                                       total.substantiated, total.inspections_joined))
    return result
