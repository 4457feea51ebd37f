"""Requests with other methods than GET and POST, carrying the CSRF token as a browser would."""

from __future__ import annotations

from django.test import Client


def csrf_send(client: Client, method: str, url: str):
    if "csrftoken" not in client.cookies:
        client.get("/")
    token = client.cookies["csrftoken"].value
    return getattr(client, method.lower())(url, HTTP_X_CSRFTOKEN=token)
