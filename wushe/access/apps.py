from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "wushe.access"
    label = "access"
    verbose_name = _("成员与权限")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from wushe.access import policies  # noqa: F401  (rules for memberships and roles)
        from wushe.access.models import Invitation, Membership, PlatformRole

        auditlog.register(Membership)
        auditlog.register(PlatformRole)
        auditlog.register(Invitation, exclude_fields=["token_hash"])
