from __future__ import annotations

import pytest

from tests.conftest import csrf_post
from tests.factories import MembershipFactory


def url(org) -> str:
    return f"/organisations/{org.pk}/"


def body_has(response, text: str) -> bool:
    return text in response.content.decode()


@pytest.fixture
def grantee(personas):
    org = personas.grantee
    org.contact_phone = "13812345678"
    org.contact_email = "office@sanzheng.example"
    org.save()
    personas.sam_staff.phone = "13900001111"
    personas.sam_staff.save()
    return org


def test_it_shows_members_and_full_contacts_to_members(personas, grantee, client_for):
    response = client_for(personas.sam_staff).get(url(grantee))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["show_people"] is True
    assert {m.user.name for m in response.context["members"]} == {"Gina 机构管理员", "Sam 机构员工"}
    assert "13812345678" in body
    assert "office@sanzheng.example" in body


def test_it_shows_members_to_programme_officers(personas, grantee, client_for):
    response = client_for(personas.olivia_officer).get(url(grantee))
    assert response.context["show_people"] is True
    assert body_has(response, "Sam 机构员工")


def test_it_masks_the_phones_of_members_in_the_member_list(personas, grantee, client_for):
    body = client_for(personas.gina_grantee).get(url(grantee)).content.decode()
    assert "139****1111" in body
    assert "13900001111" not in body


def test_it_hides_people_and_contacts_from_other_organisations(personas, grantee, client_for):
    response = client_for(personas.oscar_other).get(url(grantee))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["show_people"] is False
    assert response.context["members"] == []
    assert "Sam 机构员工" not in body
    assert "13812345678" not in body
    assert "office@sanzheng.example" not in body
    assert "138****5678" in body
    assert "成员名单仅对本组织成员和项目官员可见" in body


def test_it_still_counts_the_members_for_outsiders(personas, grantee, client_for):
    response = client_for(personas.grace_gov).get(url(grantee))
    assert response.context["member_count"] == 2


def test_it_offers_edit_and_invite_only_to_the_organisations_admins(personas, grantee, client_for):
    admin = client_for(personas.gina_grantee).get(url(grantee)).content.decode()
    staff = client_for(personas.sam_staff).get(url(grantee)).content.decode()
    assert f"/organisations/{grantee.pk}/edit/" in admin
    assert f"/organisations/{grantee.pk}/invite/" in admin
    assert f"/organisations/{grantee.pk}/archive/" not in admin
    assert f"/organisations/{grantee.pk}/edit/" not in staff
    assert "/memberships/" not in staff


def test_it_offers_archive_to_platform_admins(personas, grantee, client_for):
    body = client_for(personas.alice_admin).get(url(grantee)).content.decode()
    assert f"/organisations/{grantee.pk}/archive/" in body


def test_it_hides_an_archived_organisation_from_outsiders(personas, client_for):
    assert client_for(personas.gina_grantee).get(url(personas.archived)).status_code == 404


def test_it_shows_an_archived_organisation_to_its_members(personas, client_for):
    MembershipFactory(user=personas.vera_volunteer, organisation=personas.archived)
    response = client_for(personas.vera_volunteer).get(url(personas.archived))
    assert response.status_code == 200
    assert "已归档" in response.content.decode()


def test_it_shows_an_archived_organisation_to_platform_admins(personas, client_for):
    assert client_for(personas.alice_admin).get(url(personas.archived)).status_code == 200


def test_it_answers_404_for_an_organisation_that_does_not_exist(personas, client_for):
    assert client_for(personas.alice_admin).get("/organisations/999999/").status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(personas, client_for):
    response = client_for(None).get(url(personas.grantee))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_refuses_post(personas, client_for):
    assert csrf_post(client_for(personas.gina_grantee), url(personas.grantee)).status_code == 405


def test_it_escapes_the_description(personas, client_for):
    personas.grantee.description = '<img src=x onerror="alert(1)">'
    personas.grantee.save()
    body = client_for(personas.vera_volunteer).get(url(personas.grantee)).content.decode()
    assert "<img src=x" not in body
    assert "&lt;img src=x" in body
