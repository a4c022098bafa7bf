"""The operator's work-order form: every field in the order the caller is asked, usable
with the keyboard alone (Tab, arrow keys in the radio group, Enter to save)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from portal.forms import PortalForm
from portal.hotline.rules import MAX_MATTER_LENGTH


class OrderForm(PortalForm):
    order_number = StringField(_l("12345 order number"), validators=[DataRequired(_l("Give the 12345 order number.")),
                                                                     Length(max=64)],
                               description=_l("As on the 12345 system. If the order is already entered, it opens."))
    called_at = DateTimeLocalField(_l("Time of the call (Beijing time)"), format="%Y-%m-%dT%H:%M",
                                   validators=[InputRequired(_l("Give the time of the call."))])
    region = SelectField(_l("Region the call is about"), validators=[DataRequired(_l("Choose a region."))])
    request_type = RadioField(_l("Request type"), validators=[InputRequired(_l("Choose the request type."))])
    matter = TextAreaField(_l("What the caller said"), validators=[DataRequired(_l("Write what the caller said.")),
                                                                   Length(max=MAX_MATTER_LENGTH)],
                           description=_l("In the caller's words. After saving you will not be able to read "
                                          "it again."))
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    category = SelectField(_l("Kind of fraud (reports only)"), validators=[Optional()])
    institution = StringField(_l("Institution or person reported (reports only)"),
                              validators=[Optional(), Length(max=300)])
    caller_name = StringField(_l("Caller's name"), validators=[Optional(), Length(max=100)],
                              description=_l("Sealed: only the bureau's identity custodians can read it. Leave "
                                             "blank if the caller does not give it."))
    caller_phone = StringField(_l("Caller's phone"), validators=[Optional(), Length(max=30)])
    confidential = BooleanField(_l("The caller asks for confidentiality"))
    no_reply = BooleanField(_l("The caller wants no reply or call back"))
