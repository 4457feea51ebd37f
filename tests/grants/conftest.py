from __future__ import annotations

from typing import Any

import pytest

from tests.grants.builders import make_grant
from wushe.grants.models import Grant


@pytest.fixture
def grant(personas: Any) -> Grant:
    """三正社工's grant: ¥100,000.00 in tranches of 50,000 / 30,000 / 20,000, nothing paid yet."""
    return make_grant(personas)
