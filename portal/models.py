"""Every model, imported in one place so Alembic and the tests see the whole schema."""
from portal.db import Base
from portal.regions.models import Region
from portal.staff.models import StaffRoleGrant, StaffUser

metadata = Base.metadata

__all__ = ["Base", "Region", "StaffRoleGrant", "StaffUser", "metadata"]
