"""The report form. One form class serves both steps: the details, then a check page that
carries the details in hidden fields, takes the evidence files and the final confirmation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from stdnum.cn import ric
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.contact import is_phone_number
from portal.forms import PortalForm
from portal.violations import VIOLATION_TEXT, Violation

DETAIL_FIELDS = (
    "region", "category", "institution", "narrative", "place", "period", "amount",
    "identity_choice", "name", "id_number", "phone", "address", "reward_wanted",
)
IDENTITY_FIELDS = ("name", "id_number", "phone", "address")


def _required_for_real_name(form, field):
    if form.identity_choice.data == "real_name" and not (field.data or "").strip():
        raise ValidationError(_l("Required when you report with your real name."))


def _valid_id_number(form, field):
    if form.identity_choice.data == "real_name" and field.data and not ric.is_valid(field.data.strip()):
        raise ValidationError(_l("This is not a valid resident identity card number."))


def _valid_phone(form, field):
    if form.identity_choice.data != "real_name" or not field.data:
        return
    if not is_phone_number(field.data):
        raise ValidationError(_l("Enter a mobile number (11 digits) or a landline with its area code."))


class ReportForm(PortalForm):
    stage = HiddenField(default="details")
    region = SelectField(_l("Where did it happen?"), validators=[InputRequired()],
                         description=_l("The county or city whose hospital or pharmacy it concerns."))
    category = RadioField(_l("What kind of fraud is it?"), validators=[InputRequired()],
                          choices=[SelectChoice(v.value, VIOLATION_TEXT[v].title) for v in Violation])
    institution = StringField(_l("Which hospital, clinic or pharmacy (or person)?"),
                              validators=[DataRequired(), Length(max=200)])
    narrative = TextAreaField(_l("What happened?"), validators=[DataRequired(), Length(min=10, max=8000)],
                              description=_l("Who did what, how, and how you know. Names of patients "
                                             "or staff, dates and amounts help the investigation."))
    place = StringField(_l("Department or address (if known)"), validators=[Optional(), Length(max=200)])
    period = StringField(_l("When did it happen?"), validators=[Optional(), Length(max=100)],
                         description=_l("A date or a period, for example “March to May 2026”."))
    amount = DecimalField(_l("Amount involved, in yuan (if known)"), places=2,
                          validators=[Optional(), NumberRange(min=0, max=10_000_000_000)])
    identity_choice = RadioField(
        _l("Do you want to give your name?"), default="anonymous", validators=[InputRequired()],
        choices=[SelectChoice("anonymous", _l("No, report anonymously")),
                 SelectChoice("real_name", _l("Yes, report with my real name"))],
    )
    name = StringField(_l("Full name"), validators=[_required_for_real_name, Length(max=100)])
    id_number = StringField(_l("Resident identity card number"),
                            validators=[_required_for_real_name, _valid_id_number, Length(max=18)])
    phone = StringField(_l("Phone"), validators=[_required_for_real_name, _valid_phone, Length(max=30)])
    address = StringField(_l("Postal address"), validators=[Optional(), Length(max=300)])
    reward_wanted = BooleanField(_l("I would like a reward if my report is verified"))
    evidence = MultipleFileField(_l("Evidence files (optional)"))
    confirm = BooleanField(_l("I confirm that what I report is true to the best of my knowledge."))

    def validate_details(self) -> bool:
        """Validate the first step only (every field, so every error shows at once)."""
        return all([self[name].validate(self) for name in DETAIL_FIELDS])
