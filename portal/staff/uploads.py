"""Staff upload of a published data file (fund figures, the institution register, cost
reports, purchase prices): one form and one page for every dataset of the versioned import.
Editors check a file, then publish it, for their own region only."""
from __future__ import annotations

from typing import Callable

from flask import current_app, g, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from portal.db import get_session
from portal.forms import PortalForm
from portal.text import ImportRejected
from portal.versioned_import import ImportChannel, Importer

# The size limit of an upload; larger files go through the CLI.
UPLOAD_LIMIT_KEY = "FUND_UPLOAD_MAX_BYTES"


class DataUploadForm(PortalForm):
    data_file = FileField(
        _l("Data file (CSV or XLSX)"),
        validators=[FileRequired(_l("Choose a file.")),
                    FileAllowed(["csv", "xlsx"], _l("Only CSV and XLSX files can be imported."))],
        description=_l("Columns as in the published schema. All rows are published or none."),
    )
    reason = TextAreaField(
        _l("Correction reason"),
        validators=[Length(max=500)],
        description=_l("Needed when the file changes figures already published, for rows that give no "
                       "reason of their own. It is shown to the public with the correction."),
    )
    check = SubmitField(_l("Check only"))
    publish = SubmitField(_l("Publish"))


def upload_page(*, title: str, import_function: Callable, describe: Callable, schema_url: str, cli_command: str):
    """Check or publish the uploaded file with `import_function` (an `import_*_file`) in the
    editor's region scope; `describe(record)` names a corrected record in the summary."""
    form = DataUploadForm()
    summary, rejected, status = None, None, 200
    if form.validate_on_submit():
        upload_file = form.data_file.data
        importer = Importer(ImportChannel.UPLOAD, actor_id=g.staff_user.id, actor_label=g.staff_user.username,
                            scope_path=g.staff_user.region.path,
                            max_rows=current_app.config["FUND_IMPORT_MAX_ROWS"])
        try:
            summary = import_function(get_session(), upload_file.stream, upload_file.filename or "upload",
                                      importer, reason=(form.reason.data or "").strip(), dry_run=not form.publish.data)
        except ImportRejected as error:
            rejected, status = error, 400
    elif form.is_submitted():
        status = 400
    return render_template("staff/upload.html", form=form, summary=summary, rejected=rejected, title=title,
                           describe=describe, schema_url=schema_url, cli_command=cli_command,
                           limit=current_app.config[UPLOAD_LIMIT_KEY]), status
