"""Navigation registry: each app adds its entries in ``AppConfig.ready``; the shell shows
those whose predicate admits the current user, in ``order``. Entries marked ``secondary``
(reference data, administration) go under a "more" menu so the bar fits one line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    order: int = 100
    secondary: bool = False
    visible: Callable[[Any], bool] = lambda user: bool(user.is_authenticated)


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.key] = item


def navigation_for(user: Any) -> list[dict[str, Any]]:
    items = sorted(_ITEMS.values(), key=lambda i: i.order)
    return [
        {"key": i.key, "label": i.label, "url": reverse(i.url_name), "secondary": i.secondary}
        for i in items
        if i.visible(user)
    ]
