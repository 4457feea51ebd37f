"""Adding follow-ups on an activity's page, "my follow-ups", and completing one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import csrf_post
from tests.grants.web import csrf_send
from tests.support.builders import make_activity
from wushe.support.followup_services import followup_add
from wushe.support.models import FollowUp

pytestmark = pytest.mark.django_db


def _follow_up(personas, activity, days=7, owner=None):
    return followup_add(
        activity=activity,
        by=personas.olivia_officer,
        description="提交修订后的活动方案",
        owner=owner or personas.gina_grantee,
        due_on=activity.starts_at.date() + timedelta(days=days),
    )


def test_an_officer_adds_a_follow_up(personas, client_for):
    activity = make_activity(personas)
    url = f"/support/activities/{activity.pk}/follow-ups/new/"
    client = client_for(personas.olivia_officer)
    data = {
        "description": "提交修订后的活动方案",
        "owner": str(personas.gina_grantee.pk),
        "due_on": (activity.starts_at.date() + timedelta(days=7)).isoformat(),
    }

    assert client.get(url).status_code == 200
    response = csrf_post(client, url, data)

    assert response.status_code == 302
    assert FollowUp.objects.get().owner == personas.gina_grantee


def test_a_due_date_before_the_activity_is_refused_on_its_field(personas, client_for):
    activity = make_activity(personas, days=-3)
    day = activity.starts_at.date()

    response = csrf_post(
        client_for(personas.olivia_officer),
        f"/support/activities/{activity.pk}/follow-ups/new/",
        {
            "description": "补材料",
            "owner": str(personas.gina_grantee.pk),
            "due_on": (day - timedelta(days=2)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == [
        f"截止日期不能早于活动日期({day.year}年{day.month}月{day.day}日)。"
    ]
    assert FollowUp.objects.count() == 0


def test_adding_is_forbidden_to_the_grantee_and_unseen_by_others(personas, client_for):
    activity = make_activity(personas)
    url = f"/support/activities/{activity.pk}/follow-ups/new/"

    assert client_for(personas.gina_grantee).get(url).status_code == 403
    assert client_for(personas.oscar_other).get(url).status_code == 404
    assert csrf_send(client_for(personas.olivia_officer), "DELETE", url).status_code == 405


def test_my_follow_ups_lists_mine_with_overdue_marked(personas, client_for):
    old = make_activity(personas, days=-30)
    overdue = _follow_up(personas, old, days=3)
    _follow_up(personas, old, days=60, owner=personas.olivia_officer)

    response = client_for(personas.gina_grantee).get("/support/follow-ups/")

    assert [f.pk for f in response.context["page"].object_list] == [overdue.pk]
    assert response.context["page"].object_list[0].overdue
    assert "已逾期" in response.content.decode()


def test_the_owner_completes_a_follow_up(personas, client_for):
    follow_up = _follow_up(personas, make_activity(personas))
    url = f"/support/follow-ups/{follow_up.pk}/complete/"
    client = client_for(personas.gina_grantee)

    empty = csrf_post(client, url, {"evidence": ""})
    done = csrf_post(client, url, {"evidence": "方案已上传到项目书附件。"})
    again = csrf_post(client, url, {"evidence": "再交一次"})

    assert empty.status_code == 200
    assert empty.context["form"].errors["evidence"]
    assert done.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done
    assert follow_up.evidence == "方案已上传到项目书附件。"
    assert again.status_code == 200
    assert again.context["form"].errors["__all__"] == ["该跟进事项已完成。"]
    assert follow_up.done_at <= timezone.now()


def test_completing_someone_elses_follow_up(personas, client_for):
    follow_up = _follow_up(personas, make_activity(personas))
    url = f"/support/follow-ups/{follow_up.pk}/complete/"

    assert csrf_post(client_for(personas.sam_staff), url, {"evidence": "x"}).status_code == 403
    assert csrf_post(client_for(personas.oscar_other), url, {"evidence": "x"}).status_code == 404
    assert csrf_send(client_for(personas.gina_grantee), "PUT", url).status_code == 405
    assert not FollowUp.objects.get().done
