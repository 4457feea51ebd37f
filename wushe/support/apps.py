from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "wushe.support"
    label = "support"
    verbose_name = _("能力建设与专业支持")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from wushe.core.navigation import NavItem, register
        from wushe.support import event_policies, policies  # noqa: F401
        from wushe.support.models import ActivityKind, FollowUp, SupportActivity

        auditlog.register(
            SupportActivity, m2m_fields={"staff", "organisations", "proposals", "grants", "coaching_rounds"}
        )
        auditlog.register(FollowUp)
        auditlog.register(ActivityKind)
        register(NavItem("support", _("专业支持"), "activity-list", order=45, visible=_sees_support))
        register(NavItem("calendar", _("日历"), "calendar", order=47))


def _sees_support(user: object) -> bool:
    from wushe.access.roles import actor_for

    actor = actor_for(user)
    return actor.authenticated and bool(actor.platform_admin or actor.org_roles or actor.officer_of or actor.funder_of)
