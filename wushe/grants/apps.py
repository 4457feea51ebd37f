from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class GrantsConfig(AppConfig):
    name = "wushe.grants"
    label = "grants"
    verbose_name = pgettext_lazy("plural", "资助协议")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from wushe.core.navigation import NavItem, register
        from wushe.grants import policies  # noqa: F401  (registers the rules with the access door)
        from wushe.grants.models import (
            BudgetRevision,
            Disbursement,
            Expenditure,
            Grant,
            GrantBudgetLine,
            Tranche,
        )

        auditlog.register(Grant)
        auditlog.register(Tranche)
        auditlog.register(Disbursement)
        auditlog.register(GrantBudgetLine)
        auditlog.register(Expenditure)
        auditlog.register(BudgetRevision, exclude_fields=["notified_at"])
        register(NavItem("grants", pgettext_lazy("plural", "资助协议"), "grant-list", order=40, visible=_sees_grants))


def _sees_grants(user: object) -> bool:
    from wushe.access.roles import actor_for

    actor = actor_for(user)
    return actor.authenticated and bool(actor.platform_admin or actor.org_roles or actor.officer_of or actor.funder_of)
