"""Base form: WTForms messages in the page's language, including Tibetan, which WTForms lacks."""
from __future__ import annotations

from flask_wtf import FlaskForm

from portal.i18n import wtforms_translations


class PortalForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return wtforms_translations()
