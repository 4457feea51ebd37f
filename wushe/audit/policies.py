from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.db.models import QuerySet

from wushe.access.door import Policy, register
from wushe.access.roles import Actor


@register
class AuditEntryPolicy(Policy):
    """The audit trail is for platform admins only; nobody edits it."""

    model = LogEntry
    actions = ("view",)

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs if actor.platform_admin else qs.none()

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return False
