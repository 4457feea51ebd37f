"""JSON encoding for stored documents."""

from __future__ import annotations

import json
from typing import Any


class UnicodeJSONEncoder(json.JSONEncoder):
    """Writes text as itself rather than as ``\\uXXXX`` escapes. A JSONField of Chinese text
    then takes three bytes a character in SQLite instead of six (a proposal's sections run to
    tens of kilobytes), and PostgreSQL's bulk inserts, which quote every backslash of each
    document, have none to quote. Decoding gives the same values either way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)
