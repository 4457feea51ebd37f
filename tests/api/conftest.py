"""Helpers for the API tests: Bearer tokens for personas, and in-process WSGI calls that share
the test's transaction."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from wushe.accounts.services import api_token_create


@pytest.fixture
def token_for(db):
    """A real personal API token (the secret) for the given user."""

    def make(user: object, name: str = "测试") -> str:
        _, secret = api_token_create(user=user, name=name)
        return secret

    return make


@pytest.fixture
def api_client(token_for):
    """A client that sends ``Authorization: Bearer <token>`` for the given user."""

    def make(user: object) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")

    return make


@pytest.fixture
def shared_connection():
    """Requests sent straight to the WSGI application run on the test's connection, inside its
    transaction; Django would close that connection at the end of each request, as the test
    client prevents for its own requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
