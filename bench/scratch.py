"""A scratch PostgreSQL schema for one benchmark run, as tests/conftest.py makes them for tests:
created empty, reached through a URL whose search_path points at it, dropped at the end."""
from __future__ import annotations

import secrets

from sqlalchemy import create_engine, text


class PostgresSchema:
    def __init__(self, base_url: str, prefix: str = "bench"):
        self.base_url, self.name = base_url, f"{prefix}_{secrets.token_hex(4)}"
        self._execute(f'CREATE SCHEMA "{self.name}"')
        separator = "&" if "?" in base_url else "?"
        self.url = f"{base_url}{separator}options=-csearch_path%3D{self.name}"

    def drop(self) -> None:
        self._execute(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE')

    def _execute(self, statement: str) -> None:
        engine = create_engine(self.base_url)
        try:
            with engine.begin() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()
