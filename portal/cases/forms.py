from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.cases.checks import LegalBasis
from portal.cases.content import (
    CLUE_SOURCE_TEXT,
    EXECUTION_STATUS_TEXT,
    HANDLING_TEXT,
    INSTITUTION_CODE_MAX,
    INSTITUTION_NAME_MAX,
    LEGAL_BASIS_TEXT,
    SUMMARY_MAX,
    TITLE_MAX,
    CaseContent,
    ClueSource,
    ExecutionStatus,
    Handling,
    content_problems,
)
from portal.forms import PortalForm
from portal.i18n import render_message
from portal.institutions.kinds import INSTITUTION_TYPE_TEXT, InstitutionType
from portal.violations import VIOLATION_TEXT, Violation


class CheckboxList(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _amount(label, description=None):
    return DecimalField(label, places=2, validators=[Optional(), NumberRange(min=0)], description=description)


def _days(label, high):
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=high)])


class CaseForm(PortalForm):
    region_code = SelectField(_l("Region"), validators=[InputRequired()])
    title_zh = StringField(_l("Title (Chinese)"), validators=[Length(max=TITLE_MAX)],
                           description=_l("As published: region, institution, what it did, e.g. "
                                          "“某县某医院虚构医药服务项目骗取医保基金案”."))
    title_bo = StringField(_l("Title (Tibetan)"), validators=[Length(max=TITLE_MAX)])
    title_en = StringField(_l("Title (English, optional)"), validators=[Length(max=TITLE_MAX)])
    institution_name_zh = StringField(_l("Institution (Chinese)"), validators=[Length(max=INSTITUTION_NAME_MAX)],
                                      description=_l("Leave empty when the case concerns individuals."))
    institution_name_bo = StringField(_l("Institution (Tibetan)"), validators=[Length(max=INSTITUTION_NAME_MAX)])
    institution_name_en = StringField(_l("Institution (English, optional)"),
                                      validators=[Length(max=INSTITUTION_NAME_MAX)])
    institution_code = StringField(_l("Institution code"), validators=[Length(max=INSTITUTION_CODE_MAX)],
                                   description=_l("The national code of the designated institution, if known."))
    institution_type = SelectField(_l("Institution type"))
    categories = CheckboxList(_l("Violations"))
    clue_source = SelectField(_l("Clue source"))
    violation_start = DateField(_l("Violation period from"), validators=[Optional()])
    violation_end = DateField(_l("Violation period to"), validators=[Optional()])
    amount_involved = _amount(_l("Amount involved (yuan)"))
    legal_basis = SelectField(_l("Legal basis"))
    handling = SelectField(_l("Handled by"))
    returned_amount = _amount(_l("Returned to the fund (yuan)"))
    fine_amount = _amount(_l("Fine (yuan)"))
    fine_multiple = DecimalField(_l("Fine as a multiple of the amount involved"), places=2,
                                 validators=[Optional(), NumberRange(min=0, max=100)])
    suspension_months = _days(_l("Suspension (months)"), 120)
    agreement_suspension_days = _days(_l("Service agreement suspended (days)"), 3650)
    agreement_terminated = BooleanField(_l("Service agreement terminated"))
    rectification_ordered = BooleanField(_l("Ordered to rectify"))
    interview_held = BooleanField(_l("Interview of those responsible"))
    referred_to_police = BooleanField(_l("Referred to the police or judiciary"))
    notified_health_commission = BooleanField(_l("Health commission notified"))
    discipline_referral = BooleanField(_l("Referred to discipline inspection"))
    execution_status = SelectField(_l("Execution"))
    decision_number = StringField(_l("Decision document number"), validators=[Length(max=100)])
    summary_zh = TextAreaField(_l("Facts and handling (Chinese)"), validators=[Length(max=SUMMARY_MAX)],
                               description=_l("Name institutions, never people: write 参保人曾某某, not a name, "
                                              "and no ID, card or phone numbers."))
    summary_bo = TextAreaField(_l("Facts and handling (Tibetan)"), validators=[Length(max=SUMMARY_MAX)])
    summary_en = TextAreaField(_l("Facts and handling (English, optional)"), validators=[Length(max=SUMMARY_MAX)])
    save = SubmitField(_l("Save"))

    def fill_choices(self, regions, language: str) -> None:
        self.region_code.choices = [(region.code, region.name(language)) for region in regions]
        none = [("", _("— not stated —"))]
        self.institution_type.choices = [("", _("Individual (not an institution)"))] + [
            (item.value, _(INSTITUTION_TYPE_TEXT[item])) for item in InstitutionType]
        self.categories.choices = [(item.value, _(VIOLATION_TEXT[item].title)) for item in Violation]
        self.clue_source.choices = [(item.value, _(CLUE_SOURCE_TEXT[item])) for item in ClueSource]
        self.legal_basis.choices = none + [(item.value, _(LEGAL_BASIS_TEXT[item])) for item in LegalBasis]
        self.handling.choices = none + [(item.value, _(HANDLING_TEXT[item])) for item in Handling]
        self.execution_status.choices = none + [(item.value, _(EXECUTION_STATUS_TEXT[item]))
                                                for item in ExecutionStatus]

    def fill_from(self, content: CaseContent) -> None:
        for name, value in content.as_dict().items():
            if name == "categories":
                self.categories.data = [item.value for item in value]
            elif hasattr(value, "value"):
                getattr(self, name).data = value.value
            else:
                getattr(self, name).data = "" if value is None and name in _OPTIONAL_CHOICES else value

    def content(self) -> CaseContent:
        def choice(name, enum_class):
            value = getattr(self, name).data
            return enum_class(value) if value else None

        text = {name: (getattr(self, name).data or "").strip() for name in (
            "title_zh", "title_bo", "title_en", "institution_name_zh", "institution_name_bo", "institution_name_en",
            "institution_code", "decision_number")}
        # Summaries keep their paragraphs; only the ends are trimmed.
        text.update({name: (getattr(self, name).data or "").strip().replace("\r\n", "\n")
                     for name in ("summary_zh", "summary_bo", "summary_en")})
        return CaseContent(
            region_code=self.region_code.data, categories=frozenset(Violation(item) for item in self.categories.data
                                                                    or ()),
            clue_source=ClueSource(self.clue_source.data), institution_type=choice("institution_type", InstitutionType),
            legal_basis=choice("legal_basis", LegalBasis), handling=choice("handling", Handling),
            execution_status=choice("execution_status", ExecutionStatus),
            violation_start=self.violation_start.data, violation_end=self.violation_end.data,
            **{name: getattr(self, name).data for name in ("amount_involved", "returned_amount", "fine_amount",
                                                            "fine_multiple", "suspension_months",
                                                            "agreement_suspension_days")},
            **{name: bool(getattr(self, name).data) for name in (
                "agreement_terminated", "rectification_ordered", "interview_held", "referred_to_police",
                "notified_health_commission", "discipline_referral")},
            **text,
        )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        problems = content_problems(self.content())
        for name, message in problems:
            getattr(self, name).errors = [*getattr(self, name).errors, render_message(message)]
        return not problems


_OPTIONAL_CHOICES = ("institution_type", "legal_basis", "handling", "execution_status")


class StepForm(PortalForm):
    """One editorial step; the text field is the comment, the correction note or the reason."""

    action = SelectField(choices=[], validate_choice=False)
    text = TextAreaField(_l("Comment, correction note or reason"), validators=[Length(max=2000)])
