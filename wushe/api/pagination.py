from __future__ import annotations

from typing import Any

from django.db.models import QuerySet


def page_of(qs: QuerySet[Any], page: int, page_size: int) -> dict[str, Any]:
    count = qs.count()
    start = (page - 1) * page_size
    results = list(qs[start : start + page_size]) if start < count else []
    return {"count": count, "page": page, "page_size": page_size, "results": results}
