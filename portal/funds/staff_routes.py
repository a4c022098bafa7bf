"""Staff upload of fund figures: editors publish files for their own region."""
from __future__ import annotations

from flask import Blueprint, current_app, g, render_template

from portal.db import get_session
from portal.funds.forms import FundUploadForm
from portal.funds.importing import Importer, import_fund_file
from portal.security import accepts_uploads
from portal.staff.models import Role
from portal.staff.routes import requires_role, signed_in
from portal.text import ImportRejected
from portal.versioned_import import ImportChannel

blueprint = Blueprint("funds_staff", __name__, template_folder="templates")


@blueprint.route("/staff/<lang>/funds/import", methods=["GET", "POST"])
@accepts_uploads("FUND_UPLOAD_MAX_BYTES")
@signed_in
@requires_role(Role.EDITOR)
def upload():
    form = FundUploadForm()
    summary, rejected, status = None, None, 200
    if form.validate_on_submit():
        upload_file = form.data_file.data
        importer = Importer(ImportChannel.UPLOAD, actor_id=g.staff_user.id, actor_label=g.staff_user.username,
                            scope_path=g.staff_user.region.path,
                            max_rows=current_app.config["FUND_IMPORT_MAX_ROWS"])
        try:
            summary = import_fund_file(get_session(), upload_file.stream, upload_file.filename or "upload",
                                       importer, reason=(form.reason.data or "").strip(), dry_run=not form.publish.data)
        except ImportRejected as error:
            rejected, status = error, 400
    elif form.is_submitted():
        status = 400
    return render_template("funds/upload.html", form=form, summary=summary, rejected=rejected,
                           limit=current_app.config["FUND_UPLOAD_MAX_BYTES"]), status
