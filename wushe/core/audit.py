"""Audit helpers: domain models are registered with django-auditlog, and services run their
writes inside :func:`acting_as` so each entry names who did it, from a page, the API or a
command alike. :func:`audit_event` records an explicit event such as a state transition."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from django.db.models import Model


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Entries written inside name ``user``. django-auditlog leaves its context behind when its
    ``set_actor`` ends (with the signal that reads it already disconnected), so the context is
    always set afresh here and the previous one (a request's, say) put back afterwards."""
    previous = auditlog_value.get(None)
    actor = user if getattr(user, "is_authenticated", False) else None
    where = {k: previous.get(k) for k in ("remote_addr", "remote_port")} if previous else {}
    try:
        with set_actor(actor, **where):
            yield
    finally:
        if previous is not None:
            auditlog_value.set(previous)


def audit_event(*, obj: Model, actor: Any, event: str, changes: dict[str, list[Any]] | None = None) -> LogEntry:
    """An explicit entry, e.g. ``event="proposal.submit"`` with ``{"status": [old, new]}``."""
    return LogEntry.objects.log_create(
        obj,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes=changes or {},
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        additional_data={"event": event},
    )
