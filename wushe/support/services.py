"""Writes for professional support: activities and their kinds, files, follow-ups, calendar feeds.

Each function is keyword-only, runs in one transaction, asks the access door first, checks its
rules field by field (a refused write leaves nothing behind) and leaves an audit entry.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wushe.access.door import require, require_create
from wushe.access.models import Membership
from wushe.core.audit import acting_as, audit_event
from wushe.core.text import pinyin_full
from wushe.core.uploads import MATERIALS, check_upload
from wushe.grants.models import Grant
from wushe.orgs.models import Organisation, Place
from wushe.programmes.models import Programme
from wushe.proposals.models import CoachingRound, Proposal
from wushe.support.models import (
    ActivityAttachment,
    ActivityKind,
    ActivityStatus,
    CalendarFeed,
    FollowUp,
    SupportActivity,
)

MAX_DURATION_MINUTES = 60 * 24 * 7
FIELD_VISIT = "field_visit"
CONSULTATION = "consultation"
BUILT_IN_CODES = ("plan_coaching", "training", "field_visit", "roundtable", "consultation")

Errors = dict[str, list[str]]


# --- helpers --------------------------------------------------------------------------------


def _ids(values: Iterable[Any] | None) -> list[int]:
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


def _text(value: Any, field: str, max_length: int, errors: Errors, *, required: bool = False) -> str:
    text = str(value or "").replace("\r\n", "\n").strip()
    if required and not text:
        errors[field] = [_("此项必填。")]
    elif len(text) > max_length:
        errors[field] = [ngettext("最多 %(n)d 个字。", "最多 %(n)d 个字。", max_length) % {"n": max_length}]
    return text


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


def kinds_for(programme: Programme) -> list[ActivityKind]:
    """The built-in kinds followed by the programme's own, in their order."""
    return list(ActivityKind.objects.filter(Q(programme__isnull=True) | Q(programme=programme)).order_by("order", "pk"))


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
    place = Place.objects.filter(pk=_ids([value])[0]).first()
    if place is None:
        errors["place"] = [_("所选地点不存在。")]
    return place


def _organisations(values: Any, errors: Errors) -> list[Organisation]:
    ids = _ids(values)
    if not ids:
        errors["organisations"] = [_("请至少选择一个服务对象组织。")]
        return []
    found = list(Organisation.objects.filter(pk__in=ids, is_active=True))
    if len(found) != len(ids):
        errors["organisations"] = [_("有的服务对象组织不存在或已注销。")]
    return found


def _staff(values: Any, programme: Programme, errors: Errors) -> list[int]:
    ids = _ids(values)
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
    ids = _ids(values)
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
        "topic": _text(data.get("topic"), "topic", 100, errors, required=True),
        "summary": _text(data.get("summary"), "summary", 4000, errors),
        "outcome": _text(data.get("outcome"), "outcome", 4000, errors),
        "private_notes": _text(data.get("private_notes"), "private_notes", 4000, errors),
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
    summary_text = _text(summary, "summary", 4000, errors) if summary is not None else None
    outcome_text = _text(outcome, "outcome", 4000, errors) if outcome is not None else None
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


# --- attachments ----------------------------------------------------------------------------


def activity_attachment_add(*, activity: SupportActivity, by: Any, upload: Any) -> ActivityAttachment:
    """A file of the activity (sign-in sheet, slides, photos, minutes), checked by extension,
    size and its first bytes."""
    require_create(by, ActivityAttachment, activity)
    kind = check_upload(upload, allowed=MATERIALS, max_megabytes=20)
    name = str(getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:120]
    with transaction.atomic(), acting_as(by):
        attachment = ActivityAttachment.objects.create(
            activity=activity,
            file=upload,
            name=name,
            content_type=kind.content_type,
            size=upload.size,
            uploaded_by=by,
        )
        audit_event(obj=activity, actor=by, event="support_activity.attachment_add", changes={"file": ["", name]})
        return attachment


def activity_attachment_delete(*, attachment: ActivityAttachment, by: Any) -> None:
    """The record and its file go; the audit entry on the activity remembers the name."""
    require(by, "delete", attachment)
    with transaction.atomic(), acting_as(by):
        audit_event(
            obj=attachment.activity,
            actor=by,
            event="support_activity.attachment_delete",
            changes={"file": [attachment.name, ""]},
        )
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.delete(save=False))


# --- kinds ----------------------------------------------------------------------------------


def _code_for(name: str) -> str:
    code = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in pinyin_full(name).lower())
    code = "_".join(part for part in code.split("_") if part)
    return (code or "kind")[:24]


def kind_add(*, programme: Programme, by: Any, name: str) -> ActivityKind:
    """A custom kind of support for one programme, next to the five built-in ones."""
    require_create(by, ActivityKind, programme)
    errors: Errors = {}
    name = _text(name, "name", 30, errors, required=True)
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


# --- follow-ups -----------------------------------------------------------------------------


def followup_add(*, activity: SupportActivity, by: Any, description: str, owner: Any, due_on: date | None) -> FollowUp:
    """A follow-up action of an activity, owned by someone of the support organisation or of an
    organisation served, due no earlier than the activity itself."""
    require(by, "add_follow_up", activity)
    errors: Errors = {}
    description = _text(description, "description", 200, errors, required=True)
    activity_day = timezone.localdate(activity.starts_at)
    if not isinstance(due_on, date):
        errors["due_on"] = [_("请填写截止日期。")]
    elif due_on < activity_day:
        errors["due_on"] = [_("截止日期不能早于活动日期(%(day)s)。") % {"day": date_format(activity_day)}]
    owner_id = _ids([owner])[0] if owner else None
    allowed_orgs = [activity.programme.support_organisation_id, *activity.organisations.values_list("pk", flat=True)]
    if owner_id is None:
        errors["owner"] = [_("请选择负责人。")]
    elif not Membership.objects.filter(
        user_id=owner_id, organisation_id__in=allowed_orgs, user__is_active=True
    ).exists():
        errors["owner"] = [_("负责人须是支持性组织或服务对象组织的成员。")]
    if errors or owner_id is None or not isinstance(due_on, date):
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        follow_up = FollowUp.objects.create(
            activity=activity, description=description, owner_id=owner_id, due_on=due_on
        )
        audit_event(obj=follow_up, actor=by, event="follow_up.add", changes={"due_on": [None, due_on.isoformat()]})
        return follow_up


def followup_complete(*, follow_up: FollowUp, by: Any, evidence: str) -> FollowUp:
    """Done, with what shows it was done."""
    require(by, "complete", follow_up)
    errors: Errors = {}
    evidence = _text(evidence, "evidence", 2000, errors, required=True)
    if errors:
        errors["evidence"] = [_("请说明完成情况。")] if not evidence else errors["evidence"]
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.done:
            raise ValidationError(_("该跟进事项已完成。"))
        locked.done = True
        locked.done_at = timezone.now()
        locked.evidence = evidence
        locked.save(update_fields=["done", "done_at", "evidence"])
        audit_event(obj=locked, actor=by, event="follow_up.complete", changes={"done": [False, True]})
        return locked


# --- calendar feeds -------------------------------------------------------------------------


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
