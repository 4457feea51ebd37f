"""Writes for support activities: recording one (planned or held), changing it, marking it held
or cancelled. (Kinds, files, follow-ups and calendar feeds have their own ``*_services`` modules.)

Each function is keyword-only, runs in one transaction, asks the access door first, checks its
rules field by field (a refused write leaves nothing behind) and leaves an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wushe.access.door import require, require_create
from wushe.access.models import Membership
from wushe.core.audit import acting_as, audit_event
from wushe.core.forms import Errors, clean_text
from wushe.grants.models import Grant
from wushe.orgs.models import Organisation, Place
from wushe.programmes.models import Programme
from wushe.proposals.models import CoachingRound, Proposal
from wushe.support.models import ActivityKind, ActivityStatus, SupportActivity
from wushe.support.selectors import servable_organisations

MAX_DURATION_MINUTES = 60 * 24 * 7
FIELD_VISIT = "field_visit"
CONSULTATION = "consultation"


# --- checks, shared with the kind and follow-up services --------------------------------------


def id_list(values: Iterable[Any] | None) -> list[int]:
    """Primary keys of model instances or of anything that reads as a whole number; a value
    that does not is kept as -1 so it is reported as missing rather than silently dropped."""
    ids: list[int] = []
    for value in values or ():
        raw = getattr(value, "pk", value)
        try:
            ids.append(int(raw))
        except (TypeError, ValueError):
            ids.append(-1)
    return list(dict.fromkeys(ids))


def _duration(value: Any, errors: Errors) -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        errors["duration_minutes"] = [_("请填写时长(分钟)。")]
        return 0
    if minutes <= 0:
        errors["duration_minutes"] = [_("时长须大于 0 分钟。")]
    elif minutes > MAX_DURATION_MINUTES:
        errors["duration_minutes"] = [_("时长不能超过 7 天。")]
    return minutes


def _moment(value: Any, errors: Errors) -> datetime | None:
    if not isinstance(value, datetime):
        errors["starts_at"] = [_("请填写活动时间。")]
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _kind(value: Any, programme: Programme, errors: Errors) -> ActivityKind | None:
    """A kind given as an instance, a primary key or a code, if the programme may use it."""
    usable = ActivityKind.objects.filter(Q(programme__isnull=True) | Q(programme=programme))
    kind: ActivityKind | None = None
    if isinstance(value, ActivityKind):
        kind = value if value.programme_id in (None, programme.pk) else None
    elif isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        kind = usable.filter(pk=int(value)).first()
    elif isinstance(value, str) and value:
        kind = usable.filter(code=value).first()
    if kind is None:
        errors["kind"] = [_("请选择本资助计划可用的支持类型。")]
    return kind


def _place(value: Any, errors: Errors) -> Place | None:
    if value in (None, ""):
        return None
    if isinstance(value, Place):
        return value
    place = Place.objects.filter(pk=id_list([value])[0]).first()
    if place is None:
        errors["place"] = [_("所选地点不存在。")]
    return place


def _organisations(values: Any, errors: Errors) -> list[Organisation]:
    ids = id_list(values)
    if not ids:
        errors["organisations"] = [_("请至少选择一个服务对象组织。")]
        return []
    found = list(servable_organisations().filter(pk__in=ids))
    if len(found) != len(ids):
        errors["organisations"] = [_("有的服务对象组织不存在或已注销。")]
    return found


def _staff(values: Any, programme: Programme, errors: Errors) -> list[int]:
    ids = id_list(values)
    if not ids:
        errors["staff"] = [_("请至少选择一名执行人员。")]
        return []
    members = set(
        Membership.objects.filter(
            organisation_id=programme.support_organisation_id, user_id__in=ids, user__is_active=True
        ).values_list("user_id", flat=True)
    )
    if members != set(ids):
        errors["staff"] = [_("执行人员须是%(org)s的成员。") % {"org": programme.support_organisation.display_name}]
    return ids


def _linked(
    values: Any,
    qs: Any,
    org_field: str,
    field: str,
    served: set[int],
    errors: Errors,
    *,
    not_found: str,
    not_served: str,
) -> list[Any]:
    ids = id_list(values)
    if not ids:
        return []
    found = list(qs.filter(pk__in=ids))
    if len(found) != len(ids):
        errors[field] = [not_found]
    elif any(_org_of(obj, org_field) not in served for obj in found):
        errors[field] = [not_served]
    return found


def _org_of(obj: Any, path: str) -> int:
    for part in path.split("__")[:-1]:
        obj = getattr(obj, part)
    return getattr(obj, path.split("__")[-1])


def _check_activity(programme: Programme, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """Checked values of an activity and its links, or a ValidationError naming each bad field."""
    errors: Errors = {}
    values: dict[str, Any] = {
        "kind": _kind(data.get("kind"), programme, errors),
        "starts_at": _moment(data.get("starts_at"), errors),
        "duration_minutes": _duration(data.get("duration_minutes"), errors),
        "topic": clean_text(data.get("topic"), "topic", 100, errors, required=True),
        "summary": clean_text(data.get("summary"), "summary", 4000, errors),
        "outcome": clean_text(data.get("outcome"), "outcome", 4000, errors),
        "private_notes": clean_text(data.get("private_notes"), "private_notes", 4000, errors),
    }
    values["place"] = _place(data.get("place"), errors)
    organisations = _organisations(data.get("organisations"), errors)
    served = {org.pk for org in organisations}
    links: dict[str, list[Any]] = {
        "organisations": organisations,
        "staff": _staff(data.get("staff"), programme, errors),
        "proposals": _linked(
            data.get("proposals"),
            Proposal.objects.filter(call__programme=programme),
            "organisation_id",
            "proposals",
            served,
            errors,
            not_found=_("有的项目书不属于本资助计划。"),
            not_served=_("关联项目书的申请机构须在服务对象中。"),
        ),
        "grants": _linked(
            data.get("grants"),
            Grant.objects.filter(programme=programme),
            "organisation_id",
            "grants",
            served,
            errors,
            not_found=_("有的资助协议不属于本资助计划。"),
            not_served=_("所监测资助协议的受资助机构须在服务对象中。"),
        ),
        "coaching_rounds": _linked(
            data.get("coaching_rounds"),
            CoachingRound.objects.filter(proposal__call__programme=programme).select_related("proposal"),
            "proposal__organisation_id",
            "coaching_rounds",
            served,
            errors,
            not_found=_("有的辅导轮次不属于本资助计划。"),
            not_served=_("辅导轮次所属机构须在服务对象中。"),
        ),
    }
    kind = values["kind"]
    if kind is not None and links["coaching_rounds"] and kind.code != CONSULTATION:
        errors["coaching_rounds"] = [_("只有一对一咨询可以关联它产生的辅导轮次。")]
    if errors:
        raise ValidationError(errors)
    return values, links


def _set_links(activity: SupportActivity, links: dict[str, list[Any]]) -> None:
    for name, objects in links.items():
        getattr(activity, name).set(objects)


def _snapshot(activity: SupportActivity) -> dict[str, Any]:
    return {
        "status": activity.status,
        "starts_at": activity.starts_at.isoformat() if activity.starts_at else None,
        "duration_minutes": activity.duration_minutes,
        "kind": activity.kind_id,
    }


# --- activities -----------------------------------------------------------------------------


def activity_create(
    *,
    by: Any,
    programme: Programme,
    kind: Any,
    starts_at: datetime,
    duration_minutes: int,
    topic: str,
    organisations: Iterable[Any],
    staff: Iterable[Any],
    summary: str = "",
    outcome: str = "",
    private_notes: str = "",
    place: Any = None,
    proposals: Iterable[Any] = (),
    grants: Iterable[Any] = (),
    coaching_rounds: Iterable[Any] = (),
    status: str = ActivityStatus.PLANNED,
) -> SupportActivity:
    """Record a support activity of ``programme``, planned or already held."""
    require_create(by, SupportActivity, programme)
    if status not in (ActivityStatus.PLANNED, ActivityStatus.HELD):
        raise ValidationError({"status": [_("新活动只能是计划中或已开展。")]})
    values, links = _check_activity(
        programme,
        {
            "kind": kind,
            "starts_at": starts_at,
            "duration_minutes": duration_minutes,
            "topic": topic,
            "summary": summary,
            "outcome": outcome,
            "private_notes": private_notes,
            "place": place,
            "organisations": organisations,
            "staff": staff,
            "proposals": proposals,
            "grants": grants,
            "coaching_rounds": coaching_rounds,
        },
    )
    with transaction.atomic(), acting_as(by):
        activity = SupportActivity.objects.create(programme=programme, status=status, created_by=by, **values)
        _set_links(activity, links)
        audit_event(obj=activity, actor=by, event="support_activity.create", changes={"status": [None, status]})
        return activity


ACTIVITY_FIELDS = (
    "kind",
    "starts_at",
    "duration_minutes",
    "topic",
    "summary",
    "outcome",
    "private_notes",
    "place",
    "organisations",
    "staff",
    "proposals",
    "grants",
    "coaching_rounds",
)


def activity_update(*, activity: SupportActivity, by: Any, **changes: Any) -> SupportActivity:
    """Change any of :data:`ACTIVITY_FIELDS`; the rest is kept as it was."""
    require(by, "change", activity)
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError({name: [_("不能修改此项。")] for name in sorted(unknown)})
    current: dict[str, Any] = {
        "kind": activity.kind,
        "starts_at": activity.starts_at,
        "duration_minutes": activity.duration_minutes,
        "topic": activity.topic,
        "summary": activity.summary,
        "outcome": activity.outcome,
        "private_notes": activity.private_notes,
        "place": activity.place,
        "organisations": list(activity.organisations.all()),
        "staff": list(activity.staff.values_list("pk", flat=True)),
        "proposals": list(activity.proposals.all()),
        "grants": list(activity.grants.all()),
        "coaching_rounds": list(activity.coaching_rounds.all()),
    }
    values, links = _check_activity(activity.programme, {**current, **changes})
    with transaction.atomic(), acting_as(by):
        locked = SupportActivity.objects.select_for_update().get(pk=activity.pk)
        before = _snapshot(locked)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        _set_links(locked, links)
        after = _snapshot(locked)
        changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        audit_event(obj=locked, actor=by, event="support_activity.update", changes=changed)
        return locked


def activity_mark_held(
    *, activity: SupportActivity, by: Any, summary: str | None = None, outcome: str | None = None
) -> SupportActivity:
    """A planned activity took place; its summary and outcome may be written now."""
    require(by, "change", activity)
    errors: Errors = {}
    summary_text = clean_text(summary, "summary", 4000, errors) if summary is not None else None
    outcome_text = clean_text(outcome, "outcome", 4000, errors) if outcome is not None else None
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        locked = SupportActivity.objects.select_for_update().get(pk=activity.pk)
        if locked.status == ActivityStatus.HELD:
            raise ValidationError(_("该活动已标记为已开展。"))
        if locked.status == ActivityStatus.CANCELLED:
            raise ValidationError(_("已取消的活动不能标记为已开展。"))
        if locked.starts_at > timezone.now():
            raise ValidationError(_("活动尚未开始,不能标记为已开展。"))
        locked.status = ActivityStatus.HELD
        if summary_text is not None:
            locked.summary = summary_text
        if outcome_text is not None:
            locked.outcome = outcome_text
        locked.save(update_fields=["status", "summary", "outcome"])
        audit_event(
            obj=locked, actor=by, event="support_activity.held", changes={"status": [ActivityStatus.PLANNED, "held"]}
        )
        return locked


def activity_cancel(*, activity: SupportActivity, by: Any) -> SupportActivity:
    """A planned activity will not take place."""
    require(by, "change", activity)
    with transaction.atomic(), acting_as(by):
        locked = SupportActivity.objects.select_for_update().get(pk=activity.pk)
        if locked.status != ActivityStatus.PLANNED:
            raise ValidationError(_("只有计划中的活动可以取消。"))
        locked.status = ActivityStatus.CANCELLED
        locked.save(update_fields=["status"])
        audit_event(
            obj=locked,
            actor=by,
            event="support_activity.cancel",
            changes={"status": [ActivityStatus.PLANNED, "cancelled"]},
        )
        return locked
