"""Checks of the contact details people give (reporters, hotline callers, reward payees). No Flask."""
from __future__ import annotations

import phonenumbers


def is_phone_number(text: str) -> bool:
    """A valid Chinese mobile number, or a landline with its area code (phonenumbers, region CN)."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, "CN"))
    except phonenumbers.NumberParseException:
        return False
