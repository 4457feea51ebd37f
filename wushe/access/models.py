"""Who belongs where: memberships in organisations, platform roles and invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MemberRole(models.TextChoices):
    ADMIN = "admin", _("管理员")
    STAFF = "staff", _("工作人员")
    MEMBER = "member", _("成员")


class PlatformRoleKind(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("平台管理员")
    PROGRAMME_OFFICER = "programme_officer", _("项目官员")
    FUNDER_OFFICER = "funder_officer", _("资助方项目经理")
    REVIEWER = "reviewer", _("评审专家")
    GOVERNMENT_VIEWER = "government_viewer", _("政府指导单位观察员")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("用户")
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("组织")
    )
    role = models.CharField(_("角色"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    title = models.CharField(_("职务"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("成员")
        verbose_name_plural = pgettext_lazy("plural", "成员")
        ordering = ["organisation_id", "role", "created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class PlatformRole(models.Model):
    """A role across the platform; officer roles are held for an organisation (the support
    organisation whose programmes one runs, the funder one works for)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="platform_roles", verbose_name=_("用户")
    )
    role = models.CharField(_("平台角色"), max_length=20, choices=PlatformRoleKind.choices)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="platform_roles",
        verbose_name=_("所属组织"),
    )
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("平台角色")
        verbose_name_plural = pgettext_lazy("plural", "平台角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organisation"], name="platform_role_unique"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(organisation__isnull=True), name="platform_role_unique_global"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


def _invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An organisation admin invites a person (by e-mail or mobile) to become a member."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("组织")
    )
    name = models.CharField(_("姓名"), max_length=50)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    role = models.CharField(_("角色"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("邀请人")
    )
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("成员邀请")
        verbose_name_plural = pgettext_lazy("plural", "成员邀请")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} → {self.organisation}"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_secret() -> str:
        return secrets.token_urlsafe(24)

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
