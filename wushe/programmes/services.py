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
from wushe.programmes.models import Call, CallExtension, Programme, ProgrammeFunder, ProgrammePhase

PROGRAMME_FIELDS = (
    "name",
    "short_name",
    "guidance_organisation",
    "summary",
    "eligibility",
    "total_budget",
    "starts_on",
    "ends_on",
    "status",
)


def _set_funders(programme: Programme, funders: Iterable[tuple[Organisation, Decimal]]) -> None:
    rows = list(funders)
    errors = []
    seen = set()
    for funder, amount in rows:
        if funder.kind != OrganisationKind.FUNDER:
            errors.append(_("%(name)s 不是资助方。") % {"name": funder.name})
        if funder.pk in seen:
            errors.append(_("%(name)s 重复出现。") % {"name": funder.name})
        if amount < 0:
            errors.append(_("承诺资助额不能为负数。"))
        seen.add(funder.pk)
    if errors:
        raise ValidationError({"funders": errors})
    programme.funders.exclude(funder_id__in=seen).delete()
    for funder, amount in rows:
        ProgrammeFunder.objects.update_or_create(
            programme=programme, funder=funder, defaults={"committed_amount": amount}
        )


def _set_phases(programme: Programme, phases: Iterable[dict[str, Any]]) -> None:
    rows = list(phases)
    errors = []
    for i, row in enumerate(rows):
        if not str(row.get("name", "")).strip():
            errors.append(_("第 %(n)s 个阶段缺少名称。") % {"n": i + 1})
        elif row["ends_on"] < row["starts_on"]:
            errors.append(_("阶段“%(name)s”的结束日期早于开始日期。") % {"name": row["name"]})
        elif row["starts_on"] < programme.starts_on or row["ends_on"] > programme.ends_on:
            errors.append(_("阶段“%(name)s”超出了计划的起止日期。") % {"name": row["name"]})
    if errors:
        raise ValidationError({"phases": errors})
    programme.phases.all().delete()
    ProgrammePhase.objects.bulk_create(
        ProgrammePhase(programme=programme, order=i, **{k: row[k] for k in ("name", "starts_on", "ends_on")})
        for i, row in enumerate(rows)
    )


def _check_guidance(programme: Programme) -> None:
    guidance = programme.guidance_organisation
    if guidance is not None and guidance.kind != OrganisationKind.GOVERNMENT:
        raise ValidationError({"guidance_organisation": [_("指导单位须是政府指导单位。")]})


def programme_create(
    *,
    by: Any,
    support_organisation: Organisation,
    data: dict[str, Any],
    funders: Iterable[tuple[Organisation, Decimal]] = (),
    themes: Iterable[Any] = (),
    phases: Iterable[dict[str, Any]] = (),
) -> Programme:
    require_create(by, Programme, support_organisation)
    if support_organisation.kind != OrganisationKind.SUPPORT:
        raise ValidationError({"support_organisation": [_("资助计划须由支持性组织运营。")]})
    with transaction.atomic(), acting_as(by):
        programme = Programme(
            support_organisation=support_organisation, **{k: v for k, v in data.items() if k in PROGRAMME_FIELDS}
        )
        programme.full_clean()
        _check_guidance(programme)
        programme.save()
        programme.themes.set(list(themes))
        _set_funders(programme, funders)
        _set_phases(programme, phases)
        return programme


def programme_update(
    *,
    programme: Programme,
    by: Any,
    data: dict[str, Any],
    funders: Iterable[tuple[Organisation, Decimal]] | None = None,
    themes: Iterable[Any] | None = None,
    phases: Iterable[dict[str, Any]] | None = None,
) -> Programme:
    require(by, "change", programme)
    with transaction.atomic(), acting_as(by):
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        for key, value in data.items():
            if key in PROGRAMME_FIELDS:
                setattr(locked, key, value)
        locked.full_clean()
        _check_guidance(locked)
        locked.save()
        if themes is not None:
            locked.themes.set(list(themes))
        if funders is not None:
            _set_funders(locked, funders)
        if phases is not None:
            _set_phases(locked, phases)
        return locked


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


CALL_FIELDS = ("title", "rules", "opens_at", "closes_at", "budget", "max_amount", "is_published")


def call_update(*, call: Call, by: Any, data: dict[str, Any]) -> Call:
    """Edit a call. Once published, its deadline moves only through :func:`call_extend`, which
    keeps the record."""
    require(by, "change", call)
    with transaction.atomic(), acting_as(by):
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if locked.is_published and "closes_at" in data and data["closes_at"] != locked.closes_at:
            raise ValidationError({"closes_at": [_("已发布的征集请用“延长截止时间”调整截止时间,以便留下记录。")]})
        for key, value in data.items():
            if key in CALL_FIELDS:
                setattr(locked, key, value)
        locked.full_clean()
        if locked.max_amount > locked.budget:
            raise ValidationError({"max_amount": [_("单个项目最高资助额不能超过本次征集预算。")]})
        locked.save()
        return locked
