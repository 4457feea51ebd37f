"""Fixtures shared by the support tests."""

from __future__ import annotations

import pytest
from django.urls import get_resolver


@pytest.fixture
def long_sessions(settings):
    """Event tests move the clock to the event, days ahead: keep their sign-ins alive that long,
    and build the URLs and API schemas before a test stops the clock."""
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
    get_resolver().url_patterns  # noqa: B018
