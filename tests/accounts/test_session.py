from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from tests.conftest import PASSWORD, csrf_post


def test_a_session_lasts_twelve_hours_at_most():
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_a_session_ends_when_the_browser_closes():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_the_session_cookie_is_a_browser_session_cookie(personas, client_for):
    client = client_for(None)
    response = csrf_post(client, "/accounts/login/", {"username": "vera@example.test", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert client.session.get_expire_at_browser_close() is True
    expiry = client.session.get_expiry_date()
    assert timedelta(hours=11, minutes=59) < expiry - timezone.now() <= timedelta(hours=12)
