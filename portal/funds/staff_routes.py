"""Staff upload of fund figures: editors publish files for their own region."""
from __future__ import annotations

from flask import Blueprint, url_for
from flask_babel import gettext as _

from portal.funds.figures import FUND_TYPE_TEXT, FundType
from portal.funds.importing import import_fund_file
from portal.funds.routes import period_label
from portal.i18n import current_language
from portal.security import accepts_uploads
from portal.staff.models import Role
from portal.staff.routes import requires_role, signed_in
from portal.staff.uploads import UPLOAD_LIMIT_KEY, upload_page

blueprint = Blueprint("funds_staff", __name__, template_folder="templates")


def _describe(figure) -> str:
    return f"{figure.region.name(current_language())}, {_(FUND_TYPE_TEXT[FundType(figure.fund_type)])}, {period_label(figure.period)}"


@blueprint.route("/staff/<lang>/funds/import", methods=["GET", "POST"])
@accepts_uploads(UPLOAD_LIMIT_KEY)
@signed_in
@requires_role(Role.EDITOR)
def upload():
    return upload_page(title=_("Publish fund figures"), import_function=import_fund_file, describe=_describe,
                       schema_url=url_for("api.index", _anchor="fund-schema"), cli_command="portal import funds")
