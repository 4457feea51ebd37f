from __future__ import annotations

from tests.conftest import csrf_post
from tests.factories import MembershipFactory
from wushe.access.models import MemberRole, Membership


def membership(user, org) -> Membership:
    return Membership.objects.get(user=user, organisation=org)


def url(m: Membership) -> str:
    return f"/memberships/{m.pk}/remove/"


def is_member(user, org) -> bool:
    return Membership.objects.filter(user=user, organisation=org).exists()


def test_an_org_admin_removes_a_member(personas, client_for):
    client = client_for(personas.gina_grantee)
    response = csrf_post(client, url(membership(personas.sam_staff, personas.grantee)))
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{personas.grantee.pk}/"
    assert not is_member(personas.sam_staff, personas.grantee)
    assert "已移除Sam 机构员工" in client.get(response["Location"]).content.decode()


def test_a_removed_member_loses_access_at_once(personas, client_for):
    sam_client = client_for(personas.sam_staff)
    csrf_post(client_for(personas.gina_grantee), url(membership(personas.sam_staff, personas.grantee)))
    response = sam_client.get(f"/organisations/{personas.grantee.pk}/")
    assert response.context["show_people"] is False


def test_a_member_may_leave(personas, client_for):
    response = csrf_post(client_for(personas.sam_staff), url(membership(personas.sam_staff, personas.grantee)))
    assert response.status_code == 302
    assert not is_member(personas.sam_staff, personas.grantee)


def test_the_last_admin_cannot_be_removed(personas, client_for):
    client = client_for(personas.alice_admin)
    response = csrf_post(client, url(membership(personas.gina_grantee, personas.grantee)))
    assert response.status_code == 302
    assert is_member(personas.gina_grantee, personas.grantee)
    assert "不能移除最后一位管理员" in client.get(response["Location"]).content.decode()


def test_an_admin_may_go_when_another_admin_remains(personas, client_for):
    MembershipFactory(user=personas.vera_volunteer, organisation=personas.grantee, role=MemberRole.ADMIN)
    csrf_post(client_for(personas.vera_volunteer), url(membership(personas.gina_grantee, personas.grantee)))
    assert not is_member(personas.gina_grantee, personas.grantee)


def test_removing_twice_answers_404_the_second_time(personas, client_for):
    client = client_for(personas.gina_grantee)
    target = url(membership(personas.sam_staff, personas.grantee))
    assert csrf_post(client, target).status_code == 302
    assert csrf_post(client, target).status_code == 404


def test_staff_cannot_remove_someone_else(personas, client_for):
    response = csrf_post(client_for(personas.sam_staff), url(membership(personas.gina_grantee, personas.grantee)))
    assert response.status_code == 403
    assert is_member(personas.gina_grantee, personas.grantee)


def test_the_membership_of_another_organisation_is_not_found(personas, client_for):
    response = csrf_post(client_for(personas.gina_grantee), url(membership(personas.oscar_other, personas.other)))
    assert response.status_code == 404
    assert is_member(personas.oscar_other, personas.other)


def test_it_refuses_get(personas, client_for):
    target = url(membership(personas.sam_staff, personas.grantee))
    assert client_for(personas.gina_grantee).get(target).status_code == 405
    assert is_member(personas.sam_staff, personas.grantee)


def test_it_needs_the_csrf_token(personas, client_for):
    response = client_for(personas.gina_grantee).post(url(membership(personas.sam_staff, personas.grantee)))
    assert response.status_code == 403
    assert is_member(personas.sam_staff, personas.grantee)
