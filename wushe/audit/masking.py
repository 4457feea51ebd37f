"""Phone numbers in the audit trail, masked as lists mask them (138****5678).

The trail keeps what was written, in full; the page that browses it shows the change details of
organisations, memberships, invitations and the rest with every phone number masked: the whole
value of a phone field, and any mobile or landline number standing on its own inside other
text. Everything else is shown as it was recorded.
"""

from __future__ import annotations

import re
from typing import Any

from wushe.core.validators import mask_phone

# Values auditlog writes for "nothing": an empty string, or None turned into text.
_EMPTY = ("", "None")
# A mobile (optionally +86) or a landline with its area code, not inside a longer run of digits.
_PHONE_IN_TEXT = re.compile(r"(?<![\d.])(?:(?:\+|00)86[-\s]?)?(?:1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?![\d.]*\d)")


def is_phone_field(name: str) -> bool:
    """``phone``, ``contact_phone``, ``guest_phone``, ``mobile`` …"""
    lowered = name.lower()
    return "phone" in lowered or "mobile" in lowered


def mask_phones_in(text: Any) -> Any:
    """``text`` with every phone number in it masked; anything that is not text as it is."""
    if not isinstance(text, str):
        return text
    return _PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)


def masked_value(field: str, value: Any) -> Any:
    if not isinstance(value, str) or value.strip() in _EMPTY:
        return value
    if is_phone_field(field):
        return mask_phone(value)
    return mask_phones_in(value)


def masked_changes(changes: dict[str, Any] | None) -> dict[str, Any]:
    """An entry's ``changes_dict`` with the phone numbers masked: ``{field: [before, after]}``,
    and many-to-many changes (``{"type": "m2m", "objects": [...]}``) object by object."""
    masked: dict[str, Any] = {}
    for field, change in (changes or {}).items():
        if isinstance(change, dict):
            masked[field] = {**change, "objects": [mask_phones_in(o) for o in change.get("objects", [])]}
        elif isinstance(change, (list, tuple)):
            masked[field] = [masked_value(field, value) for value in change]
        else:
            masked[field] = masked_value(field, change)
    return masked
