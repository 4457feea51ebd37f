"""Building blocks of the access matrix (``tests/access/test_matrix.py``).

Each app adds the rows for its own models in ``tests/<app>/access_matrix.py``, a module with:

``EXPECTED``       target → (model label, {column: the personas for whom it is true}); the columns
                   are "visible" (in ``visible_to``) and every action of the model's policy (``can``)
``CREATE``         model label → the personas who may create one (``can_create``)
``CREATE_PARENT``  (optional) model label → the target passed as the parent to ``can_create``
``targets(personas)``  target → the object, for every target named above

Write the expectations from the product's rules, never by reading the policy code.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

ANON = "anonymous"
PERSONAS = (
    ANON,
    "alice_admin",
    "olivia_officer",
    "frank_funder",
    "gina_grantee",
    "sam_staff",
    "oscar_other",
    "rita_reviewer",
    "grace_gov",
    "vera_volunteer",
)
SIGNED_IN = frozenset(PERSONAS) - {ANON}
NOBODY: frozenset[str] = frozenset()


def only(*names: str) -> frozenset[str]:
    unknown = set(names) - set(PERSONAS)
    if unknown:
        raise ValueError(f"not a persona: {sorted(unknown)}")
    return frozenset(names)


ADMIN = only("alice_admin")


def persona(personas: Any, name: str) -> Any:
    """The user behind a persona name; None for the anonymous visitor."""
    return None if name == ANON else getattr(personas, name)


def extensions() -> list[ModuleType]:
    """Every ``tests/<app>/access_matrix.py``."""
    tests_dir = Path(__file__).resolve().parent.parent
    return [
        importlib.import_module(f"tests.{path.parent.name}.access_matrix")
        for path in sorted(tests_dir.glob("*/access_matrix.py"))
    ]
