from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "wushe.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from wushe.access.roles import actor_for
        from wushe.audit import policies  # noqa: F401
        from wushe.core.navigation import NavItem, register

        register(
            NavItem(
                "audit",
                _("审计日志"),
                "audit-list",
                order=90,
                secondary=True,
                visible=lambda u: actor_for(u).platform_admin,
            )
        )
