"""Messages for users raised by Flask-free code.

Domain modules cannot call Flask-Babel; they raise errors carrying an English msgid
marked with N_ (so extraction finds it) and its parameters, and the view or CLI
translates them in the user's language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


def N_(message: str) -> str:
    return message


@dataclass(frozen=True)
class Message:
    msgid: str
    params: dict = field(default_factory=dict)

    def render(self, gettext: Callable[[str], str]) -> str:
        return gettext(self.msgid) % self.params if self.params else gettext(self.msgid)


class Refused(ValueError):
    """Something a user asked for that the rules do not allow; `message` says why, in the
    reader's language once rendered. Each capability names its own kind of refusal."""

    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


@dataclass(frozen=True)
class RowError:
    """A problem at one row (1 = first data row) and column of an input file."""

    row: int
    column: str
    message: Message


class ImportRejected(Exception):
    """An input file had errors; nothing was stored."""

    def __init__(self, errors: list[RowError], total: int | None = None):
        self.total = len(errors) if total is None else total
        super().__init__(f"{self.total} error(s)")
        self.errors = errors
