from __future__ import annotations

from tests.conftest import csrf_post
from tests.factories import MembershipFactory
from wushe.access.models import MemberRole, Membership


def membership(user, org) -> Membership:
    return Membership.objects.get(user=user, organisation=org)


def url(m: Membership) -> str:
    return f"/memberships/{m.pk}/role/"


def test_an_org_admin_changes_a_role(personas, client_for):
    client = client_for(personas.gina_grantee)
    sam = membership(personas.sam_staff, personas.grantee)
    response = csrf_post(client, url(sam), {"role": MemberRole.ADMIN})
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{personas.grantee.pk}/"
    assert membership(personas.sam_staff, personas.grantee).role == MemberRole.ADMIN
    assert "已更新Sam 机构员工的角色" in client.get(response["Location"]).content.decode()


def test_the_new_role_takes_effect_at_once(personas, client_for):
    sam = membership(personas.sam_staff, personas.grantee)
    csrf_post(client_for(personas.gina_grantee), url(sam), {"role": MemberRole.ADMIN})
    assert client_for(personas.sam_staff).get(f"/organisations/{personas.grantee.pk}/edit/").status_code == 200


def test_the_last_admin_cannot_be_demoted(personas, client_for):
    client = client_for(personas.gina_grantee)
    gina = membership(personas.gina_grantee, personas.grantee)
    response = csrf_post(client, url(gina), {"role": MemberRole.MEMBER})
    assert response.status_code == 302
    assert membership(personas.gina_grantee, personas.grantee).role == MemberRole.ADMIN
    assert "不能取消最后一位管理员" in client.get(response["Location"]).content.decode()


def test_an_unknown_role_is_refused(personas, client_for):
    client = client_for(personas.gina_grantee)
    sam = membership(personas.sam_staff, personas.grantee)
    response = csrf_post(client, url(sam), {"role": "owner"})
    assert response.status_code == 302
    assert membership(personas.sam_staff, personas.grantee).role == MemberRole.STAFF
    assert "请选择有效的角色" in client.get(response["Location"]).content.decode()


def test_setting_the_same_role_twice_is_harmless(personas, client_for):
    client = client_for(personas.gina_grantee)
    sam = membership(personas.sam_staff, personas.grantee)
    for _ in range(2):
        assert csrf_post(client, url(sam), {"role": MemberRole.MEMBER}).status_code == 302
    assert membership(personas.sam_staff, personas.grantee).role == MemberRole.MEMBER


def test_staff_cannot_change_roles(personas, client_for):
    gina = membership(personas.gina_grantee, personas.grantee)
    sam = membership(personas.sam_staff, personas.grantee)
    client = client_for(personas.sam_staff)
    assert csrf_post(client, url(sam), {"role": MemberRole.ADMIN}).status_code == 403
    assert csrf_post(client, url(gina), {"role": MemberRole.MEMBER}).status_code == 403
    assert membership(personas.sam_staff, personas.grantee).role == MemberRole.STAFF


def test_the_membership_of_another_organisation_is_not_found(personas, client_for):
    oscar = membership(personas.oscar_other, personas.other)
    assert csrf_post(client_for(personas.gina_grantee), url(oscar), {"role": MemberRole.MEMBER}).status_code == 404
    assert membership(personas.oscar_other, personas.other).role == MemberRole.ADMIN


def test_an_admin_of_two_organisations_acts_only_where_they_are_admin(personas, client_for):
    MembershipFactory(user=personas.gina_grantee, organisation=personas.other, role=MemberRole.MEMBER)
    oscar = membership(personas.oscar_other, personas.other)
    assert csrf_post(client_for(personas.gina_grantee), url(oscar), {"role": MemberRole.MEMBER}).status_code == 403


def test_it_refuses_get(personas, client_for):
    sam = membership(personas.sam_staff, personas.grantee)
    assert client_for(personas.gina_grantee).get(url(sam)).status_code == 405


def test_it_answers_404_for_a_membership_that_does_not_exist(personas, client_for):
    response = csrf_post(client_for(personas.alice_admin), "/memberships/999999/role/", {"role": "member"})
    assert response.status_code == 404
