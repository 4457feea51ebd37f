"""Writes for memberships, invitations and platform roles."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wushe.access.door import require, require_create
from wushe.access.models import Invitation, MemberRole, Membership, PlatformRole, PlatformRoleKind
from wushe.access.roles import forget
from wushe.core.audit import acting_as
from wushe.core.validators import normalise_phone, validate_mobile


def _admins_left(organisation_id: int, excluding: int) -> int:
    return (
        Membership.objects.select_for_update()
        .filter(organisation_id=organisation_id, role=MemberRole.ADMIN)
        .exclude(pk=excluding)
        .count()
    )


def membership_add(*, organisation: Any, user: Any, role: str, by: Any, title: str = "") -> Membership:
    require_create(by, Membership, organisation)
    if role not in MemberRole.values:
        raise ValidationError({"role": [_("未知的角色。")]})
    with transaction.atomic(), acting_as(by):
        if Membership.objects.filter(organisation=organisation, user=user).exists():
            raise ValidationError({"user": [_("此人已经是该组织的成员。")]})
        membership = Membership.objects.create(organisation=organisation, user=user, role=role, title=title)
    forget(user)
    return membership


def membership_change_role(*, membership: Membership, role: str, by: Any) -> Membership:
    require(by, "change", membership)
    if role not in MemberRole.values:
        raise ValidationError({"role": [_("未知的角色。")]})
    with transaction.atomic(), acting_as(by):
        demoting_admin = membership.role == MemberRole.ADMIN and role != MemberRole.ADMIN
        if demoting_admin and _admins_left(membership.organisation_id, membership.pk) == 0:
            raise ValidationError({"role": [_("组织至少要有一位管理员,不能取消最后一位管理员。")]})
        membership.role = role
        membership.save(update_fields=["role"])
    forget(membership.user)
    return membership


def membership_remove(*, membership: Membership, by: Any) -> None:
    require(by, "remove", membership)
    with transaction.atomic(), acting_as(by):
        if membership.role == MemberRole.ADMIN and _admins_left(membership.organisation_id, membership.pk) == 0:
            raise ValidationError({"user": [_("组织至少要有一位管理员,不能移除最后一位管理员。")]})
        membership.delete()
    forget(membership.user)


def invitation_create(
    *, organisation: Any, by: Any, name: str, email: str = "", phone: str = "", role: str = MemberRole.MEMBER
) -> tuple[Invitation, str]:
    """An invitation and its secret (shown once, sent by e-mail)."""
    require_create(by, Invitation, organisation)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    email = (email or "").strip().lower()
    phone = normalise_phone(phone or "")
    if not name:
        errors["name"] = [_("请填写被邀请人的姓名。")]
    if not email and not phone:
        errors["email"] = [_("请填写电子邮箱或手机号,至少一项。")]
    if phone:
        try:
            validate_mobile(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if role not in MemberRole.values:
        errors["role"] = [_("未知的角色。")]
    if not errors and _is_member(organisation, email=email, phone=phone):
        errors["email" if email else "phone"] = [_("此人已经是该组织的成员。")]
    if errors:
        raise ValidationError(errors)
    secret = Invitation.new_secret()
    with transaction.atomic(), acting_as(by):
        # Inviting the same person again replaces the open invitation: one live link per person.
        same_person = Q(email=email) if email else Q(phone=phone)
        for stale in Invitation.objects.select_for_update().filter(
            same_person, organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
        ):
            stale.revoked_at = timezone.now()
            stale.save(update_fields=["revoked_at"])
        invitation = Invitation(
            organisation=organisation,
            name=name,
            email=email,
            phone=phone,
            role=role,
            invited_by=by,
            token_hash=Invitation.hash(secret),
        )
        invitation.full_clean()
        invitation.save()
    return invitation, secret


def _is_member(organisation: Any, *, email: str, phone: str) -> bool:
    person = Q(user__email__iexact=email) if email else Q(user__phone=phone)
    return Membership.objects.filter(person, organisation=organisation).exists()


def invitation_find(secret: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=Invitation.hash(secret)).first()
    return invitation if invitation and invitation.is_open else None


def invitation_accept(*, invitation: Invitation, user: Any) -> Membership:
    """The invited person joins; an invitation is used once."""
    with transaction.atomic(), acting_as(user):
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_open:
            raise ValidationError(_("该邀请已失效或已被使用。"))
        membership, _created = Membership.objects.get_or_create(
            organisation_id=locked.organisation_id, user=user, defaults={"role": locked.role}
        )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    forget(user)
    return membership


def invitation_revoke(*, invitation: Invitation, by: Any) -> Invitation:
    require(by, "revoke", invitation)
    with transaction.atomic(), acting_as(by):
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def platform_role_grant(*, user: Any, role: str, by: Any, organisation: Any = None) -> PlatformRole:
    require_create(by, PlatformRole)
    if role in (PlatformRoleKind.PROGRAMME_OFFICER, PlatformRoleKind.FUNDER_OFFICER) and organisation is None:
        raise ValidationError({"organisation": [_("项目官员和资助方项目经理须指定所属组织。")]})
    with transaction.atomic(), acting_as(by):
        try:
            grant, _created = PlatformRole.objects.get_or_create(user=user, role=role, organisation=organisation)
        except IntegrityError:
            grant = PlatformRole.objects.get(user=user, role=role, organisation=organisation)
    forget(user)
    return grant
