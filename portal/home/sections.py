"""What the portal offers. A section links once the capability that serves it is installed."""
from __future__ import annotations

from dataclasses import dataclass

from portal.text import N_


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    summary: str
    endpoint: str


SECTIONS = (
    Section(
        "report",
        N_("Report fraud"),
        N_("Tell the bureau about fraud against the medical-insurance fund, anonymously or with "
           "your name. Your report is encrypted and you get a tracking code."),
        "reports.start",
    ),
    Section(
        "check",
        N_("Check your report"),
        N_("See the status of your report, the bureau's replies and due dates with your "
           "tracking code."),
        "reports.check",
    ),
    Section(
        "funds",
        N_("Fund income and expenditure"),
        N_("Income, expenditure and balance of the medical-insurance funds, by region and fund "
           "type, with charts and tables."),
        "funds.index",
    ),
    Section(
        "institutions",
        N_("Designated institutions and their costs"),
        N_("The hospitals and pharmacies that may bill the fund, their medical costs and cost "
           "structure, compared with their peers."),
        "institutions.index",
    ),
    Section(
        "cases",
        N_("Typical cases"),
        N_("Fraud cases exposed by the bureau, the penalties imposed and the results of "
           "inspections."),
        "cases.index",
    ),
    Section(
        "rewards",
        N_("Rewards for reporting"),
        N_("A verified report that uncovers a fund loss is rewarded: at least 200 and at most "
           "200,000 yuan per case."),
        "rewards.index",
    ),
    Section(
        "supervisors",
        N_("Social supervisors"),
        N_("Citizens appointed to watch hospitals, pharmacies and the bureau itself."),
        "supervisors.roster",
    ),
    Section(
        "hotline",
        N_("12345 hotline"),
        N_("Cannot write? Call the 12345 government hotline: the operator records your report "
           "and reads you a tracking code."),
        "hotline.info",
    ),
    Section(
        "open_data",
        N_("Open data"),
        N_("Every published table as CSV and JSON, and a documented read-only API."),
        "api.index",
    ),
    Section(
        "regions",
        N_("Regions served"),
        N_("The regions and bureaus this portal serves, with their administrative codes."),
        "regions.index",
    ),
)
