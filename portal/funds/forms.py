from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from portal.forms import PortalForm


class FundUploadForm(PortalForm):
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
