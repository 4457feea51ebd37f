"""Writes for programmes and calls."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wushe.access.door import require, require_create
from wushe.core.audit import acting_as, audit_event
from wushe.orgs.models import Organisation, OrganisationKind
from wushe.programmes.models import Call, CallExtension, Programme, ProgrammeFunder


def programme_create(
    *,
    by: Any,
    support_organisation: Organisation,
    data: dict[str, Any],
    funders: Iterable[tuple[Organisation, Decimal]] = (),
    themes: Iterable[Any] = (),
) -> Programme:
    require_create(by, Programme, support_organisation)
    if support_organisation.kind != OrganisationKind.SUPPORT:
        raise ValidationError({"support_organisation": [_("资助计划须由支持性组织运营。")]})
    with transaction.atomic(), acting_as(by):
        programme = Programme(support_organisation=support_organisation, **data)
        programme.full_clean()
        programme.save()
        programme.themes.set(list(themes))
        for funder, amount in funders:
            if funder.kind != OrganisationKind.FUNDER:
                raise ValidationError({"funders": [_("%(name)s 不是资助方。") % {"name": funder.name}]})
            ProgrammeFunder.objects.create(programme=programme, funder=funder, committed_amount=amount)
        return programme


def call_create(*, by: Any, programme: Programme, data: dict[str, Any]) -> Call:
    require_create(by, Call, programme)
    with transaction.atomic(), acting_as(by):
        call = Call(programme=programme, **data)
        call.full_clean()
        if call.max_amount > call.budget:
            raise ValidationError({"max_amount": [_("单个项目最高资助额不能超过本次征集预算。")]})
        if call.closes_at <= call.opens_at:
            raise ValidationError({"closes_at": [_("截止时间须晚于开始时间。")]})
        call.save()
        return call


def call_extend(*, call: Call, by: Any, new_closes_at: datetime, reason: str) -> Call:
    """Move a deadline later; the change is recorded with its reason."""
    require(by, "extend", call)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请说明延长截止时间的原因。")]})
    with transaction.atomic(), acting_as(by):
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if new_closes_at <= locked.closes_at:
            raise ValidationError({"new_closes_at": [_("新的截止时间须晚于原截止时间。")]})
        if new_closes_at <= timezone.now():
            raise ValidationError({"new_closes_at": [_("新的截止时间须在将来。")]})
        CallExtension.objects.create(
            call=locked, previous_closes_at=locked.closes_at, new_closes_at=new_closes_at, reason=reason, by=by
        )
        audit_event(
            obj=locked,
            actor=by,
            event="call.extend",
            changes={"closes_at": [locked.closes_at.isoformat(), new_closes_at.isoformat()]},
        )
        locked.closes_at = new_closes_at
        locked.save(update_fields=["closes_at"])
        return locked
