"""The rotating check-in code of an event.

The officer's screen at the door shows a QR code of ``/events/<id>/checkin/?code=…``. The code
is an HMAC-SHA256 of the event and the current time window under the event's own secret, so it
changes every :data:`WINDOW_SECONDS`; a photo of it sent to someone at home stops working within
two windows. The current and the previous window are accepted, so a code scanned just before the
screen refreshes still works.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

import segno
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from wushe.support.models import Event

WINDOW_SECONDS = 60
CODE_LENGTH = 16  # hex digits: 64 bits, short enough for a small QR code
ACCEPTED_WINDOWS = 2  # the current window and the one before it
# The kiosk screen at the door asks for a fresh code (and the count) this often: far inside a
# window, so the code on the screen is always accepted, and often enough for the count to feel live.
KIOSK_REFRESH_SECONDS = 5


def window_number(moment: datetime | None = None) -> int:
    moment = moment or timezone.now()
    return int(moment.timestamp()) // WINDOW_SECONDS


def code_for(event: Event, window: int) -> str:
    message = f"event:{event.pk}:window:{window}".encode()
    return hmac.new(event.checkin_secret.encode(), message, hashlib.sha256).hexdigest()[:CODE_LENGTH]


def current_code(event: Event, moment: datetime | None = None) -> str:
    return code_for(event, window_number(moment))


def code_is_valid(event: Event, code: str, moment: datetime | None = None) -> bool:
    """Whether ``code`` belongs to the current or the previous window (compared in constant time)."""
    code = (code or "").strip().lower()
    if len(code) != CODE_LENGTH:
        return False
    now = window_number(moment)
    return any(hmac.compare_digest(code, code_for(event, now - back)) for back in range(ACCEPTED_WINDOWS))


def checkin_path(event: Event, code: str) -> str:
    return f"{reverse('event-checkin', args=[event.pk])}?{urlencode({'code': code})}"


def qr_svg(url: str) -> str:
    """An inline ``<svg>`` of ``url``, dark on light, with a quiet zone phones can focus on."""
    return segno.make(url, error="m").svg_inline(scale=6, dark="#111", light="#fff", border=3, omitsize=True)
