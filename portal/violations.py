"""Violation categories (Regulation Arts. 15, 19, 20, 38, 40, 41), shared by reports and
typical cases. The Chinese catalog carries the official terms; each has a plain explanation
for citizens who do not know the legal wording."""
from __future__ import annotations

import enum
from dataclasses import dataclass

from portal.text import N_


class Violation(enum.StrEnum):
    FICTITIOUS_SERVICES = "fictitious_services"
    FORGED_RECORDS = "forged_records"
    FALSE_INVOICES = "false_invoices"
    INDUCED_IMPERSONATION = "induced_impersonation"
    LENT_INSURANCE_CARD = "lent_insurance_card"
    SPLIT_ADMISSION = "split_admission"
    PHANTOM_BED = "phantom_bed"
    INDUCED_FALSE_ADMISSION = "induced_false_admission"
    OVERTREATMENT = "overtreatment"
    DUPLICATE_CHARGING = "duplicate_charging"
    OVERCHARGING = "overcharging"
    SPLIT_ITEM_CHARGING = "split_item_charging"
    ITEM_SUBSTITUTION = "item_substitution"
    NON_COVERED_SETTLED = "non_covered_settled"
    DRUG_RESALE_KICKBACKS = "drug_resale_kickbacks"
    DUPLICATE_BENEFITS = "duplicate_benefits"
    BRIBERY = "bribery"
    EMBEZZLEMENT = "embezzlement"
    MANAGEMENT = "management"
    OTHER = "other"


@dataclass(frozen=True)
class ViolationText:
    title: str
    explanation: str


VIOLATION_TEXT = {
    Violation.FICTITIOUS_SERVICES: ViolationText(
        N_("Fictitious medical services"),
        N_("Billing the fund for treatment, tests or medicines that were never given."),
    ),
    Violation.FORGED_RECORDS: ViolationText(
        N_("Forged or altered medical records, accounts or electronic data"),
        N_("Changing case notes, prescriptions, accounts or system data to get paid."),
    ),
    Violation.FALSE_INVOICES: ViolationText(
        N_("False invoices or receipts"),
        N_("Issuing or handing over invoices that do not match what was really paid or done."),
    ),
    Violation.INDUCED_IMPERSONATION: ViolationText(
        N_("Inducing or helping others to use someone's identity or to fake visits"),
        N_("Getting people to see a doctor or buy medicine in another person's name, or for "
           "visits that did not happen."),
    ),
    Violation.LENT_INSURANCE_CARD: ViolationText(
        N_("Lending one's own insurance card or code to others"),
        N_("Letting another person use your medical-insurance card or electronic code."),
    ),
    Violation.SPLIT_ADMISSION: ViolationText(
        N_("Splitting one hospital stay into several"),
        N_("Discharging and re-admitting a patient to bill one illness as several stays."),
    ),
    Violation.PHANTOM_BED: ViolationText(
        N_("Phantom inpatients (beds held without treatment)"),
        N_("A patient is registered as admitted but is not really staying or being treated."),
    ),
    Violation.INDUCED_FALSE_ADMISSION: ViolationText(
        N_("Induced or false admission"),
        N_("Offering free stays, gifts or cash to get people admitted who do not need it, or "
           "admitting people on paper only."),
    ),
    Violation.OVERTREATMENT: ViolationText(
        N_("Excessive treatment, tests or prescriptions"),
        N_("Tests or treatment that are not needed, prescriptions split up, or far more "
           "medicine than needed, or the same medicine again and again."),
    ),
    Violation.DUPLICATE_CHARGING: ViolationText(
        N_("Charging twice"),
        N_("The same item or service is charged more than once."),
    ),
    Violation.OVERCHARGING: ViolationText(
        N_("Charging above the set price"),
        N_("Charging more than the published price or standard for an item."),
    ),
    Violation.SPLIT_ITEM_CHARGING: ViolationText(
        N_("Splitting one item into several charges"),
        N_("One procedure or service is broken into parts that are each charged."),
    ),
    Violation.ITEM_SUBSTITUTION: ViolationText(
        N_("Substituting drugs, consumables, procedures or facilities"),
        N_("Billing for one drug, material or service while giving another, usually to get "
           "something the fund does not pay for paid."),
    ),
    Violation.NON_COVERED_SETTLED: ViolationText(
        N_("Settling costs the fund does not cover"),
        N_("Putting costs outside the fund's coverage (cosmetics, health products, daily "
           "goods) on the insurance bill."),
    ),
    Violation.DRUG_RESALE_KICKBACKS: ViolationText(
        N_("Reselling medicines, or taking cash or goods back"),
        N_("Buying insured medicines to resell them, or receiving cash, gifts or goods in "
           "return for using the insurance."),
    ),
    Violation.DUPLICATE_BENEFITS: ViolationText(
        N_("Claiming benefits twice"),
        N_("Receiving insurance benefits twice for the same thing, for example in two places."),
    ),
    Violation.BRIBERY: ViolationText(
        N_("Bribery"),
        N_("Staff of a bureau, agency or institution taking money or gifts in connection with "
           "the fund."),
    ),
    Violation.EMBEZZLEMENT: ViolationText(
        N_("Embezzling or misusing the fund"),
        N_("Taking fund money for oneself or using it for other purposes."),
    ),
    Violation.MANAGEMENT: ViolationText(
        N_("Management violations, including not publishing costs"),
        N_("An institution breaks management rules, for example it does not publish its "
           "medical costs and cost structure."),
    ),
    Violation.OTHER: ViolationText(
        N_("Other fraud against the medical-insurance fund"),
        N_("Anything else that obtains fund money improperly."),
    ),
}
