"""Follow-up actions of an activity: added by an officer, completed by the owner with evidence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.support.builders import make_activity
from wushe.support.followup_services import followup_add, followup_complete
from wushe.support.models import FollowUp

pytestmark = pytest.mark.django_db


def _add(personas, activity, **changes):
    data = {
        "activity": activity,
        "by": personas.olivia_officer,
        "description": "修订院落议事规则并提交",
        "owner": personas.gina_grantee,
        "due_on": activity.starts_at.date() + timedelta(days=14),
        **changes,
    }
    return followup_add(**data)


def test_an_officer_adds_a_follow_up_owned_by_the_organisation_served(personas):
    activity = make_activity(personas)

    follow_up = _add(personas, activity)

    assert (follow_up.owner, follow_up.done) == (personas.gina_grantee, False)
    assert list(activity.follow_ups.all()) == [follow_up]


def test_a_follow_up_due_before_its_activity_is_refused_on_its_field(personas):
    activity = make_activity(personas, days=-3)
    day = activity.starts_at.date()

    with pytest.raises(ValidationError) as exc:
        _add(personas, activity, due_on=day - timedelta(days=1))

    assert exc.value.message_dict == {"due_on": [f"截止日期不能早于活动日期({day.year}年{day.month}月{day.day}日)。"]}
    assert FollowUp.objects.count() == 0
    assert _add(personas, activity, due_on=day).due_on == day  # the same day is fine


def test_the_owner_must_belong_to_the_support_organisation_or_one_served(personas):
    activity = make_activity(personas)

    with pytest.raises(ValidationError) as exc:
        _add(personas, activity, owner=personas.oscar_other)

    assert "owner" in exc.value.message_dict
    assert _add(personas, activity, owner=personas.olivia_officer).owner == personas.olivia_officer


@pytest.mark.parametrize("who", ["gina_grantee", "frank_funder", "oscar_other"])
def test_only_officers_add_follow_ups(personas, who):
    activity = make_activity(personas)

    with pytest.raises(PermissionDenied):
        _add(personas, activity, by=getattr(personas, who))


def test_the_owner_completes_it_with_evidence_once(personas):
    follow_up = _add(personas, make_activity(personas))

    with pytest.raises(ValidationError) as exc:
        followup_complete(follow_up=follow_up, by=personas.gina_grantee, evidence="  ")
    assert list(exc.value.message_dict) == ["evidence"]

    done = followup_complete(follow_up=follow_up, by=personas.gina_grantee, evidence="已在居民议事会上通过。")

    assert done.done
    assert done.done_at is not None
    assert done.evidence == "已在居民议事会上通过。"
    with pytest.raises(ValidationError, match="已完成"):
        followup_complete(follow_up=follow_up, by=personas.gina_grantee, evidence="再次提交")


def test_someone_else_of_the_organisation_may_not_complete_it(personas):
    follow_up = _add(personas, make_activity(personas))

    with pytest.raises(PermissionDenied):
        followup_complete(follow_up=follow_up, by=personas.sam_staff, evidence="代为完成")
    assert followup_complete(follow_up=follow_up, by=personas.olivia_officer, evidence="官员代为确认").done
