"""Every model, imported in one place so Alembic and the tests see the whole schema."""
from portal.audit.models import AuditEntry
from portal.calendar.models import CalendarOverride, CalendarYear
from portal.cases.models import (
                                 CaseEvent,
                                 CaseRevision,
                                 CaseRevisionAuthor,
                                 CaseRevisionCategory,
                                 CaseRevisionOutcome,
                                 InspectionRound,
                                 TypicalCase,
)
from portal.casework.disclosure import IdentityDisclosure
from portal.db import Base
from portal.funds.models import FundFigure, FundImport, FundImportRow
from portal.hotline.models import HotlineEvent, HotlineOrder
from portal.keywraps import SealedKeyWrap
from portal.rewards.models import Reward
from portal.institutions.models import (
                                 CostImport,
                                 CostImportRow,
                                 CostReport,
                                 Institution,
                                 InstitutionImport,
                                 InstitutionImportRow,
)
from portal.keysessions import KeySession
from portal.regions.models import Region
from portal.reports.models import (
                                 KeyWrap,
                                 Report,
                                 ReportAttachment,
                                 ReportEvent,
                                 ReportMessage,
                                 SealedField,
)
from portal.staff.models import RecoveryCode, StaffRoleGrant, StaffUser
from portal.supervisors.models import (
                                 Observation,
                                 ObservationAttachment,
                                 RecruitmentNotice,
                                 Supervisor,
)

metadata = Base.metadata

__all__ = [
    "AuditEntry", "Base", "CaseEvent", "CaseRevision", "CaseRevisionAuthor", "CaseRevisionCategory",
    "CaseRevisionOutcome", "InspectionRound", "TypicalCase", "FundFigure", "FundImport", "FundImportRow", "HotlineEvent", "HotlineOrder", "CostImport", "CostImportRow", "CostReport", "Institution", "InstitutionImport", "InstitutionImportRow", "CalendarOverride", "CalendarYear", "IdentityDisclosure", "KeyWrap", "Region", "Report", "ReportAttachment", "ReportEvent", "ReportMessage",
    "KeySession", "Reward", "Observation", "ObservationAttachment", "RecruitmentNotice", "SealedKeyWrap", "Supervisor",
    "RecoveryCode", "SealedField", "StaffRoleGrant", "StaffUser", "metadata",
]
