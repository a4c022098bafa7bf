"""Kinds of designated institutions (定点医药机构), shared by typical cases and the register."""
from __future__ import annotations

import enum

from portal.text import N_


class InstitutionType(enum.StrEnum):
    HOSPITAL = "hospital"
    CLINIC = "clinic"
    OUTPATIENT_DEPARTMENT = "outpatient_department"
    COMMUNITY_HEALTH_CENTRE = "community_health_centre"
    PHARMACY = "pharmacy"


INSTITUTION_TYPE_TEXT = {
    InstitutionType.HOSPITAL: N_("Hospital"),
    InstitutionType.CLINIC: N_("Clinic"),
    InstitutionType.OUTPATIENT_DEPARTMENT: N_("Outpatient department"),
    InstitutionType.COMMUNITY_HEALTH_CENTRE: N_("Community or township health centre"),
    InstitutionType.PHARMACY: N_("Retail pharmacy"),
}
