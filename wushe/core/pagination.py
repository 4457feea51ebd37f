from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, qs: QuerySet[Any], per_page: int = 20) -> Page:
    """A page of ``qs``; an out-of-range or malformed page number gives the nearest page."""
    paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))
