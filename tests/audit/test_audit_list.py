from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import csrf_post
from wushe.access.models import MemberRole, Membership
from wushe.access.services import membership_add, membership_change_role, membership_remove
from wushe.core.audit import acting_as
from wushe.orgs.models import OrganisationKind
from wushe.orgs.services import organisation_create, organisation_update

URL = "/audit/"


def rows(response) -> list[LogEntry]:
    return list(response.context["page"].object_list)


def shown_time(entry: LogEntry) -> str:
    return timezone.localtime(entry.timestamp).strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture
def history(personas):
    """Organisation and membership writes by different people, as the pages make them."""
    org = organisation_create(
        by=personas.olivia_officer, data={"name": "审计测试社区社会组织", "kind": OrganisationKind.COMMUNITY_GROUP}
    )
    organisation_update(organisation=org, by=personas.alice_admin, data={"short_name": "审计测试"})
    member = membership_add(
        organisation=org, user=personas.vera_volunteer, role=MemberRole.ADMIN, by=personas.alice_admin
    )
    membership_add(organisation=org, user=personas.rita_reviewer, role=MemberRole.ADMIN, by=personas.alice_admin)
    membership_change_role(membership=member, role=MemberRole.STAFF, by=personas.vera_volunteer)
    membership_remove(membership=Membership.objects.get(pk=member.pk), by=personas.rita_reviewer)
    return org


def test_a_platform_admin_sees_who_changed_what_and_when(personas, history, client_for):
    response = client_for(personas.alice_admin).get(URL, {"model": "organisation"})
    body = response.content.decode()
    assert response.status_code == 200
    entries = [e for e in rows(response) if e.object_pk == str(history.pk)]
    created = next(e for e in entries if e.action == LogEntry.Action.CREATE)
    updated = next(e for e in entries if e.action == LogEntry.Action.UPDATE)
    assert created.actor == personas.olivia_officer
    assert updated.actor == personas.alice_admin
    assert updated.changes_dict == {"short_name": ["", "审计测试"]}
    assert "Olivia 项目官员" in body
    assert shown_time(updated) in body
    assert "<code>short_name</code>" in body
    assert "审计测试社区社会组织" in body


def test_membership_changes_are_listed_with_their_actors(personas, history, client_for):
    response = client_for(personas.alice_admin).get(URL, {"model": "membership"})
    entries = [e for e in rows(response) if e.content_type.model == "membership"]
    vera = [e for e in entries if "Vera" in e.object_repr]
    assert [(e.action, e.actor) for e in reversed(vera)] == [
        (LogEntry.Action.CREATE, personas.alice_admin),
        (LogEntry.Action.UPDATE, personas.vera_volunteer),
        (LogEntry.Action.DELETE, personas.rita_reviewer),
    ]
    assert vera[1].changes_dict == {"role": ["admin", "staff"]}
    body = response.content.decode()
    assert "Rita 评审" in body
    assert "删除" in body


def test_deleting_an_organisation_is_recorded(personas, client_for):
    org = personas.other
    with acting_as(personas.alice_admin):
        org.delete()
    response = client_for(personas.alice_admin).get(URL, {"model": "organisation"})
    deleted = [e for e in rows(response) if e.action == LogEntry.Action.DELETE]
    assert [(e.object_repr, e.actor) for e in deleted] == [("朝阳区绿邻社会工作服务中心", personas.alice_admin)]


def test_page_edits_are_recorded_with_the_person_signed_in(personas, client_for):
    data = {
        "name": personas.grantee.name,
        "kind": personas.grantee.kind,
        "uscc": personas.grantee.uscc,
        "short_name": "三正",
    }
    csrf_post(client_for(personas.gina_grantee), f"/organisations/{personas.grantee.pk}/edit/", data)
    response = client_for(personas.alice_admin).get(URL, {"model": "organisation"})
    newest = rows(response)[0]
    assert (newest.actor, newest.object_pk) == (personas.gina_grantee, str(personas.grantee.pk))
    assert newest.changes_dict["short_name"] == ["三正社工", "三正"]


def test_it_filters_by_actor(personas, history, client_for):
    response = client_for(personas.alice_admin).get(URL, {"actor": personas.olivia_officer.pk})
    assert rows(response)
    assert {e.actor for e in rows(response)} == {personas.olivia_officer}


def test_it_lists_newest_first_thirty_to_a_page(personas, client_for):
    for n in range(35):
        organisation_update(organisation=personas.grantee, by=personas.alice_admin, data={"short_name": f"名{n}"})
    response = client_for(personas.alice_admin).get(URL, {"model": "organisation"})
    entries = rows(response)
    assert len(entries) == 30
    assert entries[0].changes_dict["short_name"][1] == "名34"
    assert [e.pk for e in entries] == sorted((e.pk for e in entries), reverse=True)


def test_its_query_count_does_not_grow_with_the_entries(personas, client_for):
    client = client_for(personas.alice_admin)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(10):
        organisation_update(organisation=personas.grantee, by=personas.gina_grantee, data={"short_name": f"名{n}"})
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "who",
    ["olivia_officer", "frank_funder", "gina_grantee", "sam_staff", "rita_reviewer", "grace_gov", "vera_volunteer"],
)
def test_only_platform_admins_may_browse_it(who, personas, history, client_for):
    response = client_for(getattr(personas, who)).get(URL)
    assert response.status_code == 404
    assert "审计测试" not in response.content.decode()


def test_it_sends_anonymous_visitors_to_sign_in(personas, client_for):
    assert client_for(None).get(URL)["Location"].startswith("/accounts/login/")


def test_it_is_in_the_navigation_of_platform_admins_only(personas, client_for):
    assert 'href="/audit/"' in client_for(personas.alice_admin).get("/").content.decode()
    assert 'href="/audit/"' not in client_for(personas.gina_grantee).get("/").content.decode()


def test_it_refuses_post(personas, client_for):
    assert csrf_post(client_for(personas.alice_admin), URL).status_code == 405


def test_changes_to_service_places_and_fields_show_what_was_added(personas, client_for):
    organisation_update(
        organisation=personas.grantee, by=personas.gina_grantee, data={}, service_places=[personas.street]
    )
    body = client_for(personas.alice_admin).get(URL, {"model": "organisation"}).content.decode()
    assert "<code>service_places</code>: 添加 东城区前门街道" in body
