from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import MembershipFactory, UserFactory
from wushe.access.models import Invitation, MemberRole, Membership, PlatformRole, PlatformRoleKind
from wushe.access.roles import actor_for
from wushe.access.services import (
    invitation_accept,
    invitation_create,
    invitation_find,
    invitation_revoke,
    membership_add,
    membership_change_role,
    membership_remove,
    platform_role_grant,
)


def membership(personas, name: str) -> Membership:
    return Membership.objects.get(user=getattr(personas, name), organisation=personas.grantee)


# --- membership_add -------------------------------------------------------------------------


def test_an_org_admin_adds_a_member_and_it_is_audited(personas):
    added = membership_add(
        organisation=personas.grantee, user=personas.vera_volunteer, role=MemberRole.MEMBER, by=personas.gina_grantee
    )
    assert added.role == MemberRole.MEMBER
    assert actor_for(personas.vera_volunteer).is_member(personas.grantee.pk)
    entry = LogEntry.objects.get_for_object(added).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == personas.gina_grantee


def test_adding_refuses_an_unknown_role(personas):
    with pytest.raises(ValidationError) as exc:
        membership_add(
            organisation=personas.grantee, user=personas.vera_volunteer, role="boss", by=personas.gina_grantee
        )
    assert exc.value.message_dict == {"role": ["未知的角色。"]}


def test_adding_refuses_someone_already_a_member(personas):
    with pytest.raises(ValidationError) as exc:
        membership_add(organisation=personas.grantee, user=personas.sam_staff, role="member", by=personas.gina_grantee)
    assert "user" in exc.value.message_dict
    assert membership(personas, "sam_staff").role == MemberRole.STAFF


@pytest.mark.parametrize("who", ["sam_staff", "oscar_other", "olivia_officer"])
def test_adding_is_for_the_organisations_admins(who, personas):
    with pytest.raises(PermissionDenied):
        membership_add(
            organisation=personas.grantee, user=personas.vera_volunteer, role="member", by=getattr(personas, who)
        )
    assert not Membership.objects.filter(user=personas.vera_volunteer).exists()


# --- membership_change_role -----------------------------------------------------------------


def test_an_org_admin_changes_a_role_and_the_roles_are_reloaded(personas):
    sam = personas.sam_staff
    assert not actor_for(sam).is_org_admin(personas.grantee.pk)
    membership_change_role(
        membership=membership(personas, "sam_staff"), role=MemberRole.ADMIN, by=personas.gina_grantee
    )
    assert membership(personas, "sam_staff").role == MemberRole.ADMIN
    entry = LogEntry.objects.get_for_object(membership(personas, "sam_staff")).latest("pk")
    assert entry.actor == personas.gina_grantee
    assert entry.changes_dict["role"] == ["staff", "admin"]


def test_the_last_admin_cannot_be_demoted(personas):
    with pytest.raises(ValidationError) as exc:
        membership_change_role(
            membership=membership(personas, "gina_grantee"), role=MemberRole.STAFF, by=personas.gina_grantee
        )
    assert exc.value.message_dict["role"] == ["组织至少要有一位管理员,不能取消最后一位管理员。"]
    assert membership(personas, "gina_grantee").role == MemberRole.ADMIN


def test_an_admin_can_step_down_when_another_admin_remains(personas):
    membership_change_role(
        membership=membership(personas, "sam_staff"), role=MemberRole.ADMIN, by=personas.gina_grantee
    )
    membership_change_role(
        membership=membership(personas, "gina_grantee"), role=MemberRole.MEMBER, by=personas.gina_grantee
    )
    assert membership(personas, "gina_grantee").role == MemberRole.MEMBER


def test_changing_refuses_an_unknown_role(personas):
    with pytest.raises(ValidationError):
        membership_change_role(membership=membership(personas, "sam_staff"), role="owner", by=personas.gina_grantee)
    assert membership(personas, "sam_staff").role == MemberRole.STAFF


def test_setting_the_same_role_again_is_harmless(personas):
    for _ in range(2):
        membership_change_role(membership=membership(personas, "sam_staff"), role="staff", by=personas.gina_grantee)
    assert not LogEntry.objects.get_for_object(membership(personas, "sam_staff")).filter(action=1).exists()


@pytest.mark.parametrize("who", ["sam_staff", "oscar_other", "olivia_officer", "vera_volunteer"])
def test_changing_is_for_the_organisations_admins(who, personas):
    with pytest.raises(PermissionDenied):
        membership_change_role(membership=membership(personas, "sam_staff"), role="admin", by=getattr(personas, who))
    assert membership(personas, "sam_staff").role == MemberRole.STAFF


# --- membership_remove ----------------------------------------------------------------------


def test_an_org_admin_removes_a_member_and_it_is_audited(personas):
    sam_membership = membership(personas, "sam_staff")
    pk = sam_membership.pk
    membership_remove(membership=sam_membership, by=personas.gina_grantee)
    assert not Membership.objects.filter(pk=pk).exists()
    entry = LogEntry.objects.filter(content_type__model="membership", object_pk=str(pk)).latest("pk")
    assert entry.action == LogEntry.Action.DELETE
    assert entry.actor == personas.gina_grantee
    assert not actor_for(personas.sam_staff).is_member(personas.grantee.pk)


def test_a_member_may_leave(personas):
    membership_remove(membership=membership(personas, "sam_staff"), by=personas.sam_staff)
    assert not Membership.objects.filter(user=personas.sam_staff, organisation=personas.grantee).exists()


def test_the_last_admin_cannot_be_removed_not_even_by_a_platform_admin(personas):
    with pytest.raises(ValidationError) as exc:
        membership_remove(membership=membership(personas, "gina_grantee"), by=personas.alice_admin)
    assert "最后一位管理员" in exc.value.messages[0]
    assert Membership.objects.filter(user=personas.gina_grantee, organisation=personas.grantee).exists()


def test_an_admin_may_leave_when_another_admin_remains(personas):
    MembershipFactory(user=personas.vera_volunteer, organisation=personas.grantee, role=MemberRole.ADMIN)
    membership_remove(membership=membership(personas, "gina_grantee"), by=personas.gina_grantee)
    assert not Membership.objects.filter(user=personas.gina_grantee, organisation=personas.grantee).exists()


@pytest.mark.parametrize("who", ["oscar_other", "olivia_officer", "vera_volunteer"])
def test_removing_is_for_the_organisations_admins(who, personas):
    with pytest.raises(PermissionDenied):
        membership_remove(membership=membership(personas, "sam_staff"), by=getattr(personas, who))
    assert Membership.objects.filter(user=personas.sam_staff, organisation=personas.grantee).exists()


def test_staff_cannot_remove_someone_else(personas):
    with pytest.raises(PermissionDenied):
        membership_remove(membership=membership(personas, "gina_grantee"), by=personas.sam_staff)


# --- invitations ----------------------------------------------------------------------------


def invite(personas, **overrides):
    values = {"name": "新同事", "email": "New@Example.test", "role": MemberRole.STAFF}
    values.update(overrides)
    return invitation_create(organisation=personas.grantee, by=personas.gina_grantee, **values)


def test_an_invitation_stores_only_the_hash_of_its_secret(personas):
    invitation, secret = invite(personas)
    assert invitation.email == "new@example.test"
    assert invitation.token_hash == Invitation.hash(secret)
    assert secret not in invitation.token_hash
    assert invitation.is_open
    assert invitation.expires_at - timezone.now() > timedelta(days=13)
    assert invitation_find(secret) == invitation
    assert LogEntry.objects.get_for_object(invitation).get().actor == personas.gina_grantee


def test_an_invitation_may_be_by_phone(personas):
    invitation, _secret = invite(personas, email="", phone="+86 139 1234 5678")
    assert invitation.phone == "13912345678"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": " "}, "name", "请填写被邀请人的姓名。"),
        ({"email": "", "phone": ""}, "email", "请填写电子邮箱或手机号,至少一项。"),
        ({"phone": "12345"}, "phone", "请输入 11 位中国大陆手机号,如 13800001234。"),
        ({"role": "owner"}, "role", "未知的角色。"),
        ({"email": "not-an-email"}, "email", "输入一个有效的 Email 地址。"),
    ],
)
def test_an_invitation_refuses_bad_input(overrides, field, message, personas):
    with pytest.raises(ValidationError) as exc:
        invite(personas, **overrides)
    assert exc.value.message_dict[field] == [message]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["sam_staff", "oscar_other", "olivia_officer"])
def test_inviting_is_for_the_organisations_admins(who, personas):
    with pytest.raises(PermissionDenied):
        invitation_create(organisation=personas.grantee, by=getattr(personas, who), name="某人", email="a@example.test")


def test_accepting_makes_a_member_with_the_invited_role_once(personas):
    invitation, secret = invite(personas)
    joined = invitation_accept(invitation=invitation, user=personas.vera_volunteer)
    assert (joined.organisation, joined.role) == (personas.grantee, MemberRole.STAFF)
    assert actor_for(personas.vera_volunteer).is_member(personas.grantee.pk)
    assert invitation_find(secret) is None
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=UserFactory())
    assert Membership.objects.filter(organisation=personas.grantee).count() == 3


def test_accepting_keeps_the_role_of_someone_already_a_member(personas):
    invitation, _secret = invite(personas, role=MemberRole.ADMIN)
    invitation_accept(invitation=invitation, user=personas.sam_staff)
    assert membership(personas, "sam_staff").role == MemberRole.STAFF


def test_an_expired_invitation_is_not_found_nor_accepted(personas):
    invitation, secret = invite(personas)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert invitation_find(secret) is None
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=personas.vera_volunteer)


def test_an_unknown_secret_is_not_found(personas):
    invite(personas)
    assert invitation_find("not-the-secret") is None


def test_a_revoked_invitation_is_not_found_nor_accepted(personas):
    invitation, secret = invite(personas)
    invitation_revoke(invitation=invitation, by=personas.gina_grantee)
    assert invitation_find(secret) is None
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=personas.vera_volunteer)
    assert not Membership.objects.filter(user=personas.vera_volunteer).exists()


@pytest.mark.parametrize("who", ["sam_staff", "oscar_other", "olivia_officer", "vera_volunteer"])
def test_revoking_is_for_the_organisations_admins(who, personas):
    invitation, secret = invite(personas)
    with pytest.raises(PermissionDenied):
        invitation_revoke(invitation=invitation, by=getattr(personas, who))
    assert invitation_find(secret) == invitation


# --- platform roles -------------------------------------------------------------------------


def test_a_platform_admin_grants_a_role_once(personas):
    first = platform_role_grant(user=personas.vera_volunteer, role=PlatformRoleKind.REVIEWER, by=personas.alice_admin)
    again = platform_role_grant(user=personas.vera_volunteer, role=PlatformRoleKind.REVIEWER, by=personas.alice_admin)
    assert first == again
    assert actor_for(personas.vera_volunteer).reviewer
    assert LogEntry.objects.get_for_object(first).get().actor == personas.alice_admin


def test_an_officer_role_needs_an_organisation(personas):
    with pytest.raises(ValidationError) as exc:
        platform_role_grant(
            user=personas.vera_volunteer, role=PlatformRoleKind.PROGRAMME_OFFICER, by=personas.alice_admin
        )
    assert "organisation" in exc.value.message_dict
    assert not PlatformRole.objects.filter(user=personas.vera_volunteer).exists()


@pytest.mark.parametrize("who", ["gina_grantee", "olivia_officer", "vera_volunteer"])
def test_granting_is_for_platform_admins(who, personas):
    with pytest.raises(PermissionDenied):
        platform_role_grant(user=personas.vera_volunteer, role=PlatformRoleKind.REVIEWER, by=getattr(personas, who))
