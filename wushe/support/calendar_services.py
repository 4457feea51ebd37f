"""Writes for calendar feeds: secret .ics addresses for a person or an organisation."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from wushe.access.door import require, require_create
from wushe.core.audit import acting_as, audit_event
from wushe.orgs.models import Organisation
from wushe.support.models import CalendarFeed


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_create(*, by: Any, organisation: Organisation | None = None) -> tuple[CalendarFeed, str]:
    """A new secret feed URL for ``by`` (or for ``organisation``); the secret is returned once
    and only its SHA-256 hash is kept."""
    require_create(by, CalendarFeed, organisation)
    token = secrets.token_urlsafe(32)
    with transaction.atomic(), acting_as(by):
        feed = CalendarFeed.objects.create(
            user=None if organisation is not None else by,
            organisation=organisation,
            token_hash=feed_token_hash(token),
            created_by=by,
        )
        audit_event(obj=feed, actor=by, event="calendar_feed.create")
        return feed, token


def calendar_feed_revoke(*, feed: CalendarFeed, by: Any) -> CalendarFeed:
    """The feed's URL stops working at once; revoking twice changes nothing."""
    require(by, "revoke", feed)
    with transaction.atomic(), acting_as(by):
        if feed.revoked_at is None:
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
            audit_event(obj=feed, actor=by, event="calendar_feed.revoke")
        return feed
