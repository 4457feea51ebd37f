"""The login django-axes counts failed sign-ins against, spelled one way, so that re-spelling it
(``+86 138 1234 5678`` for ``13812345678``, capitals in an e-mail address) starts no fresh count."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from wushe.core.validators import normalise_phone


def normalise_login(login: str | None) -> str:
    login = (login or "").strip()
    return login.lower() if "@" in login else normalise_phone(login)


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """``AXES_USERNAME_CALLABLE``: the sign-in form's ``username``, normalised."""
    if credentials:
        raw = credentials.get("username")
    else:
        data = getattr(request, "data", None) or request.POST
        raw = data.get("username")
    return normalise_login(raw)
