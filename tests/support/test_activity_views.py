"""The activity pages: list, create, detail, edit, held, cancel, and the programme's own kinds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import csrf_post
from tests.factories import OrganisationFactory
from tests.grants.builders import make_grant
from tests.grants.web import csrf_send
from tests.lifecycle import make_programme
from tests.support.builders import at, make_activity
from wushe.programmes.models import ProgrammeStatus
from wushe.support.models import ActivityKind, ActivityStatus, SupportActivity

pytestmark = pytest.mark.django_db


def _form(personas, **changes):
    return {
        "kind": str(ActivityKind.objects.get(code="roundtable", programme=None).pk),
        "status": "planned",
        "starts_at": at(7, 14, 0).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "120",
        "topic": "院落议事规则圆桌",
        "organisations": [str(personas.grantee.pk)],
        "staff": [str(personas.olivia_officer.pk)],
        "summary": "",
        **changes,
    }


@pytest.fixture
def programme(personas):
    programme = make_programme(personas)
    make_activity(personas, programme, days=-30)  # makes 三正社工 one of the programme's organisations
    return programme


def test_the_list_shows_what_the_user_may_see(personas, client_for, programme):
    make_activity(personas, programme, organisations=[personas.other], topic="绿邻的咨询")

    gina = client_for(personas.gina_grantee).get("/support/")
    olivia = client_for(personas.olivia_officer).get("/support/")

    assert gina.status_code == 200
    assert [a.topic for a in gina.context["page"].object_list] == ["社区垃圾分类项目设计圆桌"]
    assert len(olivia.context["page"].object_list) == 2
    assert "登记支持活动" in olivia.content.decode()


def test_the_list_filters_by_kind_and_dates(personas, client_for, programme):
    make_activity(personas, programme, kind="training", days=-2, topic="财务培训")
    client = client_for(personas.olivia_officer)

    by_kind = client.get("/support/", {"kind": "training"})
    by_date = client.get("/support/", {"date_from": at(-5).date().isoformat()})

    assert [a.topic for a in by_kind.context["page"].object_list] == ["财务培训"]
    assert [a.topic for a in by_date.context["page"].object_list] == ["财务培训"]


def test_an_officer_creates_an_activity_for_several_organisations(personas, client_for, programme):
    from tests.lifecycle import make_call, make_submitted_proposal

    make_submitted_proposal(personas, make_call(programme), by=personas.oscar_other, organisation=personas.other)
    client = client_for(personas.olivia_officer)

    page = client.get(f"/programmes/{programme.pk}/support/new/")
    response = csrf_post(
        client,
        f"/programmes/{programme.pk}/support/new/",
        _form(personas, organisations=[str(personas.grantee.pk), str(personas.other.pk)]),
    )

    assert page.status_code == 200
    assert "data-org-picker" in page.content.decode()
    assert "绿邻社工" not in page.content.decode()  # organisations are found by typing, not listed
    activity = SupportActivity.objects.get(topic="院落议事规则圆桌")
    assert response.status_code == 302
    assert response["Location"] == f"/support/activities/{activity.pk}/"
    assert set(activity.organisations.all()) == {personas.grantee, personas.other}


def test_an_organisation_that_has_not_applied_yet_may_be_served(personas, client_for, programme):
    newcomer = OrganisationFactory(name="北京协作者社区互助中心", short_name="协作者互助")

    response = csrf_post(
        client_for(personas.olivia_officer),
        f"/programmes/{programme.pk}/support/new/",
        _form(personas, organisations=[str(newcomer.pk)]),
    )

    assert response.status_code == 302
    assert list(SupportActivity.objects.get(topic="院落议事规则圆桌").organisations.all()) == [newcomer]


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        (["unknown"], "有的服务对象组织不存在或已注销。"),
        (["999999"], "有的服务对象组织不存在或已注销。"),
        (["archived"], "有的服务对象组织不存在或已注销。"),
        (["grantee", "999999"], "有的服务对象组织不存在或已注销。"),
        ([], "请至少选择一个服务对象组织。"),
    ],
)
def test_organisations_that_may_not_be_served_are_refused_on_their_field(
    personas, client_for, programme, chosen, message
):
    ids = [str(getattr(personas, c).pk) if hasattr(personas, c) else c for c in chosen]

    response = csrf_post(
        client_for(personas.olivia_officer),
        f"/programmes/{programme.pk}/support/new/",
        _form(personas, organisations=ids),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["organisations"] == [message]
    assert 'aria-invalid="true"' in response.content.decode()
    assert SupportActivity.objects.filter(topic="院落议事规则圆桌").count() == 0


def test_a_refused_form_keeps_the_organisations_chosen(personas, client_for, programme):
    response = csrf_post(
        client_for(personas.olivia_officer),
        f"/programmes/{programme.pk}/support/new/",
        _form(personas, duration_minutes="0", organisations=[str(personas.other.pk)]),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<input type="hidden" name="organisations" value="{personas.other.pk}">' in html
    assert "绿邻社工" in html


def test_a_grant_of_an_organisation_not_served_is_refused_on_its_field(personas, client_for):
    grant = make_grant(personas)
    url = f"/programmes/{grant.programme_id}/support/new/"
    client = client_for(personas.olivia_officer)

    page = client.get(url)
    refused = csrf_post(client, url, _form(personas, organisations=[str(personas.other.pk)], grants=[str(grant.pk)]))
    accepted = csrf_post(client, url, _form(personas, topic="走访", grants=[str(grant.pk)]))

    assert grant.agreement_number not in page.content.decode()  # offered once 三正社工 is chosen
    assert refused.status_code == 200
    assert refused.context["form"].errors["grants"] == ["所监测资助协议的受资助机构须在服务对象中。"]
    assert grant.agreement_number in refused.content.decode()  # still shown, so it can be unticked
    assert accepted.status_code == 302
    assert list(SupportActivity.objects.get(topic="走访").grants.all()) == [grant]


def test_the_create_page_stays_flat_however_many_organisations_take_part(personas, client_for, programme):
    client = client_for(personas.olivia_officer)
    url = f"/programmes/{programme.pk}/support/new/"
    client.get(url)

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for org in OrganisationFactory.create_batch(30):
        make_activity(personas, programme, organisations=[org])
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("minutes", ["0", "-15"])
def test_a_duration_that_is_not_positive_is_shown_on_its_field(personas, client_for, programme, minutes):
    response = csrf_post(
        client_for(personas.olivia_officer),
        f"/programmes/{programme.pk}/support/new/",
        _form(personas, duration_minutes=minutes),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["duration_minutes"] == ["时长须大于 0 分钟。"]
    assert SupportActivity.objects.filter(topic="院落议事规则圆桌").count() == 0


def test_creating_is_forbidden_to_other_roles(personas, client_for, programme):
    for who in ("gina_grantee", "frank_funder", "oscar_other"):
        client = client_for(getattr(personas, who))
        assert client.get(f"/programmes/{programme.pk}/support/new/").status_code == 403
        assert csrf_post(client, f"/programmes/{programme.pk}/support/new/", _form(personas)).status_code == 403
    assert SupportActivity.objects.filter(topic="院落议事规则圆桌").count() == 0


def test_a_draft_programme_of_another_organisation_is_not_found(personas, client_for):
    draft = make_programme(personas, status=ProgrammeStatus.DRAFT)

    assert client_for(personas.oscar_other).get(f"/programmes/{draft.pk}/support/new/").status_code == 404


def test_the_create_page_answers_only_get_and_post(personas, client_for, programme):
    assert (
        csrf_send(client_for(personas.olivia_officer), "PUT", f"/programmes/{programme.pk}/support/new/").status_code
        == 405
    )


def test_the_detail_shows_private_notes_only_to_the_support_side(personas, client_for, programme):
    activity = make_activity(personas, programme)
    url = f"/support/activities/{activity.pk}/"

    officer = client_for(personas.olivia_officer).get(url)
    grantee = client_for(personas.gina_grantee).get(url)
    funder = client_for(personas.frank_funder).get(url)

    assert "机构负责人近期压力较大" in officer.content.decode()
    for response in (grantee, funder):
        assert response.status_code == 200
        assert "机构负责人近期压力较大" not in response.content.decode()
    assert client_for(personas.oscar_other).get(url).status_code == 404
    assert client_for(personas.grace_gov).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_an_officer_edits_an_activity(personas, client_for, programme):
    activity = make_activity(personas, programme, status="planned", days=4)
    url = f"/support/activities/{activity.pk}/edit/"
    client = client_for(personas.olivia_officer)

    page = client.get(url)
    data = _form(personas, topic="改期的圆桌", duration_minutes="90")
    data.pop("status")
    response = csrf_post(client, url, data)

    assert page.status_code == 200
    assert "status" not in page.context["form"].fields
    assert f'<input type="hidden" name="organisations" value="{personas.grantee.pk}">' in page.content.decode()
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.topic, activity.duration_minutes) == ("改期的圆桌", 90)
    assert client_for(personas.gina_grantee).get(url).status_code == 403
    assert csrf_post(client_for(personas.oscar_other), url, data).status_code == 404


def test_marking_held_and_cancelling(personas, client_for, programme):
    past = make_activity(personas, programme, status="planned", days=-1)
    future = make_activity(personas, programme, status="planned", days=5)
    client = client_for(personas.olivia_officer)

    assert client.get(f"/support/activities/{past.pk}/held/").status_code == 405
    assert csrf_post(client_for(personas.gina_grantee), f"/support/activities/{past.pk}/held/").status_code == 403
    response = csrf_post(client, f"/support/activities/{past.pk}/held/", {"summary": "", "outcome": "修订了规则"})
    again = csrf_post(client, f"/support/activities/{past.pk}/held/", {"outcome": ""})
    cancelled = csrf_post(client, f"/support/activities/{future.pk}/cancel/")

    assert response.status_code == 302
    assert again.status_code == 302
    past.refresh_from_db()
    future.refresh_from_db()
    assert (past.status, past.outcome) == (ActivityStatus.HELD, "修订了规则")
    assert future.status == ActivityStatus.CANCELLED
    assert cancelled.status_code == 302
    assert "已标记为已开展" in client.get(f"/support/activities/{past.pk}/").content.decode()


def test_an_officer_adds_a_kind_to_the_programme(personas, client_for, programme):
    url = f"/programmes/{programme.pk}/support/kinds/"
    client = client_for(personas.olivia_officer)

    response = csrf_post(client, url, {"name": "财务规范辅导"})
    repeat = csrf_post(client, url, {"name": "财务规范辅导"})

    assert response.status_code == 302
    assert repeat.status_code == 200
    assert repeat.context["form"].errors["name"]
    assert ActivityKind.objects.filter(programme=programme).count() == 1
    assert csrf_post(client_for(personas.frank_funder), url, {"name": "其他"}).status_code == 403
    assert "财务规范辅导" in client.get(f"/programmes/{programme.pk}/support/new/").content.decode()
