"""Demo data loaders. Each capability appends its own; everything they add is synthetic and
labelled as sample data on every page that shows it, except real figures named with their source."""
from __future__ import annotations

from typing import Callable

from sqlalchemy.orm import Session

# A loader adds its sample data idempotently and returns a one-line summary for the console.
DEMO_LOADERS: list[Callable[[Session], str]] = []


def load_demo_data(session: Session) -> list[str]:
    return [loader(session) for loader in DEMO_LOADERS]
