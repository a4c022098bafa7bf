"""Reading public pages' query strings. Filters are choices from a list, so a value outside it
comes from an edited or stale address: the page does not exist (404)."""
from __future__ import annotations

from flask import abort, request


def enum_arg(name: str, enum_class, default=None):
    """The query argument `name` as a member of `enum_class`; `default` when absent; 404 when unknown."""
    value = request.args.get(name)
    if not value:
        return default
    try:
        return enum_class(value)
    except ValueError:
        abort(404)
