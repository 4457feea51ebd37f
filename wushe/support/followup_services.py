"""Writes for the follow-ups of a support activity: who does what by when, and that it was done."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wushe.access.door import require
from wushe.access.models import Membership
from wushe.core.audit import acting_as, audit_event
from wushe.support.models import FollowUp, SupportActivity
from wushe.support.services import Errors, clean_text, id_list


def followup_add(*, activity: SupportActivity, by: Any, description: str, owner: Any, due_on: date | None) -> FollowUp:
    """A follow-up action of an activity, owned by someone of the support organisation or of an
    organisation served, due no earlier than the activity itself."""
    require(by, "add_follow_up", activity)
    errors: Errors = {}
    description = clean_text(description, "description", 200, errors, required=True)
    activity_day = timezone.localdate(activity.starts_at)
    if not isinstance(due_on, date):
        errors["due_on"] = [_("请填写截止日期。")]
    elif due_on < activity_day:
        errors["due_on"] = [_("截止日期不能早于活动日期(%(day)s)。") % {"day": date_format(activity_day)}]
    owner_id = id_list([owner])[0] if owner else None
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
    evidence = clean_text(evidence, "evidence", 2000, errors, required=True)
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
