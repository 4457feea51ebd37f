"""Writes for the kinds of support activity: a programme's own kinds next to the five built-in ones."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wushe.access.door import require_create
from wushe.core.audit import acting_as, audit_event
from wushe.core.text import pinyin_full
from wushe.programmes.models import Programme
from wushe.support.models import ActivityKind
from wushe.support.services import Errors, clean_text

BUILT_IN_CODES = ("plan_coaching", "training", "field_visit", "roundtable", "consultation")


def kinds_for(programme: Programme) -> list[ActivityKind]:
    """The built-in kinds followed by the programme's own, in their order."""
    return list(ActivityKind.objects.filter(Q(programme__isnull=True) | Q(programme=programme)).order_by("order", "pk"))


def _code_for(name: str) -> str:
    code = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in pinyin_full(name).lower())
    code = "_".join(part for part in code.split("_") if part)
    return (code or "kind")[:24]


def kind_add(*, programme: Programme, by: Any, name: str) -> ActivityKind:
    """A custom kind of support for one programme, next to the five built-in ones."""
    require_create(by, ActivityKind, programme)
    errors: Errors = {}
    name = clean_text(name, "name", 30, errors, required=True)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        existing = kinds_for(programme)
        if any(kind.name == name for kind in existing):
            raise ValidationError({"name": [_("已有名为“%(name)s”的支持类型。") % {"name": name}]})
        codes = {kind.code for kind in existing} | set(BUILT_IN_CODES)
        base = code = _code_for(name)
        n = 2
        while code in codes:
            code = f"{base}_{n}"
            n += 1
        order = max((kind.order for kind in existing), default=100) + 10
        kind = ActivityKind.objects.create(programme=programme, code=code, name=name, order=order)
        audit_event(obj=kind, actor=by, event="activity_kind.add", changes={"name": [None, name]})
        return kind
