"""Building typical cases for tests through the editorial services (the same path as editors)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from portal.cases.checks import LegalBasis
from portal.cases.content import CaseContent, ClueSource, ExecutionStatus, Handling
from portal.cases.editorial import EditorialAction
from portal.cases.services import Editor, create_case, take_step
from portal.institutions.kinds import InstitutionType
from portal.staff.models import Role
from portal.staff.services import create_user
from portal.violations import Violation

PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def editor(session, username: str, region_code: str = "640000", roles=frozenset({Role.EDITOR})) -> Editor:
    user = create_user(session, username=username, display_name="", password=PASSWORD, roles=set(roles),
                       region_code=region_code)
    session.flush()
    return Editor(id=user.id, label=username, is_editor=Role.EDITOR in roles, scope_path=user.region.path)


def content(**changes) -> CaseContent:
    values = dict(
        region_code="640323",
        title_zh="盐池县某医院虚构医药服务项目骗取医保基金案",
        title_bo="ཡན་ཁྲི་རྫོང་གི་སྨན་ཁང་ཞིག་གིས་སྨན་བཅོས་ཞབས་ཞུ་རྫུན་བཟོས་ནས་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གཡོ་ཟོལ་བྱས་པའི་དཔེ་མཚོན་ཉེས་དོན",
        title_en="A Yanchi hospital billed the fund for services never given",
        summary_zh="2023年，该院通过虚构诊疗项目、虚记药品等方式骗取医保基金。参保人曾某某举报后查实。",
        summary_bo="སྨན་ཁང་དེས་བཅོས་ཐབས་རྫུན་མ་བཟོས་ནས་མ་དངུལ་གཡོ་ཟོལ་བྱས།",
        summary_en="In 2023 the hospital invented treatments and drugs to claim money from the fund.",
        institution_name_zh="盐池县示例医院",
        institution_name_bo="ཡན་ཁྲི་རྫོང་དཔེ་མཚོན་སྨན་ཁང",
        institution_type=InstitutionType.HOSPITAL,
        categories=frozenset({Violation.FICTITIOUS_SERVICES}),
        clue_source=ClueSource.REPORT,
        amount_involved=Decimal("100000.00"),
        legal_basis=LegalBasis.ART_40,
        handling=Handling.BOTH,
        returned_amount=Decimal("100000.00"),
        fine_amount=Decimal("200000.00"),
        fine_multiple=Decimal("2"),
        suspension_months=6,
        execution_status=ExecutionStatus.COMPLETE,
        decision_number="盐医保罚〔2024〕1号",
    )
    values.update(changes)
    return CaseContent(**values)


def published_case(session, author: Editor, reviewer: Editor, case_content: CaseContent | None = None,
                   at: datetime = NOW):
    """A case written by `author` and approved by `reviewer` at `at`; committed."""
    case = create_case(session, author, case_content or content(), at)
    take_step(session, case, author, EditorialAction.SUBMIT, at)
    take_step(session, case, reviewer, EditorialAction.APPROVE, at + timedelta(minutes=5))
    session.commit()
    return case
