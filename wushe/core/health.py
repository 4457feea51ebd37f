"""``GET /healthz``: JSON with the state of each part; 503 naming the part that fails."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means the part is down
        log.warning("health: database check failed: %s", type(exc).__name__)
        return "error"
    return "ok"


def _check_cache() -> str:
    try:
        cache.set("wushe:healthz", "1", 10)
        return "ok" if cache.get("wushe:healthz") == "1" else "error"
    except Exception as exc:
        log.warning("health: cache check failed: %s", type(exc).__name__)
        return "error"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    parts = {
        "database": _check_database(),
        "cache": _check_cache(),
    }
    ok = all(v == "ok" for v in parts.values())
    body = {
        "status": "ok" if ok else "error",
        **parts,
        "database_vendor": connection.vendor,
        "cache_backend": "redis" if settings.REDIS_URL else "local",
    }
    return JsonResponse(body, status=200 if ok else 503)
