from typing import Any

from django.http import HttpRequest

from wushe.core.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": [], "nav_more": []}
    items = navigation_for(user)
    return {
        "nav_items": [item for item in items if not item["secondary"]],
        "nav_more": [item for item in items if item["secondary"]],
    }
