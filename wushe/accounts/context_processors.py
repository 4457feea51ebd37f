"""Template context for the page shell: the unread-notification badge in the navbar."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from wushe.accounts.models import Notification


def notifications(request: HttpRequest) -> dict[str, Any]:
    """``unread_notification_count``: counted on first use in the template (one indexed COUNT
    per page), never for anonymous visitors or pages that don't show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notification_count": 0}

    @cache
    def unread_notification_count() -> int:
        return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()

    return {"unread_notification_count": unread_notification_count}
