"""Storage of Python enums as short strings with a CHECK constraint, the same on every database."""
from __future__ import annotations

import enum

import sqlalchemy as sa


def string_enum(enum_class: type[enum.Enum], name: str) -> sa.Enum:
    return sa.Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
