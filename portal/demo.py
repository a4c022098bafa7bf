"""Demo data loaders. Each capability appends its own; everything they add is synthetic and
labelled as sample data on every page that shows it, except real figures named with their source."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from sqlalchemy.orm import Session

# A loader adds its sample data idempotently and returns a one-line summary for the console.
DEMO_LOADERS: list[Callable[[Session], str]] = []


def load_demo_data(session: Session) -> list[str]:
    return [loader(session) for loader in DEMO_LOADERS]


def _fund_figures(session: Session) -> str:
    from flask import current_app

    from portal.funds.services import import_published_files

    directory = Path(current_app.config["FUND_FILES_DIR"])
    summaries = import_published_files(session, directory)
    added = sum(summary.added for summary in summaries)
    return (f"Fund figures: {added} added from {len(summaries)} files in {directory} "
            "(real Ningxia 2020 figures with their source; the rest is sample data).")


DEMO_LOADERS.append(_fund_figures)


def _institution_register(session: Session) -> str:
    from flask import current_app

    from portal.institutions.services import import_published_register

    directory = Path(current_app.config["INSTITUTION_FILES_DIR"])
    summaries = import_published_register(session, directory)
    return (f"Designated institutions: {sum(summary.added for summary in summaries)} added from "
            f"{len(summaries)} files in {directory} (sample data).")


DEMO_LOADERS.append(_institution_register)


def _held_figures(session: Session, directory_key: str, import_function) -> tuple[int, int, Path]:
    """Sample files of held figures, one per year. Each is imported as if published on 31 March
    of the next year, so earlier years have passed the institutions' review period; the newest
    file is imported now and stays in review, as fresh figures would."""
    import re
    from datetime import datetime, timezone

    from flask import current_app

    from portal.versioned_import import ImportChannel, Importer

    directory = Path(current_app.config[directory_key])
    paths = sorted(directory.glob("*.csv"))
    added = 0
    for index, path in enumerate(paths):
        year = re.search(r"(\d{4})", path.stem)
        published = None
        if year and index < len(paths) - 1:
            published = datetime(int(year.group(1)) + 1, 3, 31, 2, tzinfo=timezone.utc)
        with open(path, "rb") as handle:
            added += import_function(session, handle, path.name, Importer(ImportChannel.CLI), now=published).added
    return added, len(paths), directory


def _cost_reports(session: Session) -> str:
    from portal.institutions.importing import import_cost_file

    added, files, directory = _held_figures(session, "COST_FILES_DIR", import_cost_file)
    return f"Cost reports: {added} added from {files} files in {directory} (sample data; the newest year is in review)."


DEMO_LOADERS.append(_cost_reports)


def _purchase_prices(session: Session) -> str:
    from portal.institutions.importing import import_price_file

    added, files, directory = _held_figures(session, "PRICE_FILES_DIR", import_price_file)
    return f"Purchase prices: {added} added from {files} files in {directory} (sample data; the newest year is in review)."


DEMO_LOADERS.append(_purchase_prices)


def _typical_cases(session: Session) -> str:
    from flask import current_app

    from portal.cases.inspections import import_inspection_files
    from portal.cases.services import load_sample_cases
    from portal.cases.synthetic import synthetic_cases

    added = load_sample_cases(session, synthetic_cases())
    rounds = import_inspection_files(session, Path(current_app.config["INSPECTION_FILES_DIR"]))
    session.commit()
    return (f"Typical cases: {added} sample cases added; inspection rounds: "
            f"{sum(result.added for result in rounds)} added (real Zhongning figures with their source; "
            "the rest is sample data).")


DEMO_LOADERS.append(_typical_cases)
