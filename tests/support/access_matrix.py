"""The support app's rows of the access matrix (see ``tests/access/matrix.py``), gathered from
``tests/support/matrix_*.py``: one module per part of the app (events, support activities, …),
each with the same ``EXPECTED``, ``CREATE``, optional ``CREATE_PARENT`` and ``targets(personas)``."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

PARTS = [
    importlib.import_module(f"tests.support.{path.stem}") for path in sorted(Path(__file__).parent.glob("matrix_*.py"))
]

EXPECTED: dict[str, Any] = {}
CREATE: dict[str, Any] = {}
CREATE_PARENT: dict[str, str] = {}
for _part in PARTS:
    _clash = set(EXPECTED) & set(_part.EXPECTED) or set(CREATE) & set(_part.CREATE)
    assert not _clash, f"{_part.__name__} repeats {_clash}"
    EXPECTED.update(_part.EXPECTED)
    CREATE.update(_part.CREATE)
    CREATE_PARENT.update(getattr(_part, "CREATE_PARENT", {}))


def targets(personas: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for part in PARTS:
        found.update(part.targets(personas))
    return found
