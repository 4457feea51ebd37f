from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ProposalsConfig(AppConfig):
    name = "wushe.proposals"
    label = "proposals"
    verbose_name = pgettext_lazy("plural", "项目书")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from wushe.proposals import policies  # noqa: F401
        from wushe.proposals.models import BudgetLine, CoachComment, Proposal

        auditlog.register(Proposal, exclude_fields=["sections", "edit_version", "updated_at"])
        auditlog.register(BudgetLine)
        auditlog.register(CoachComment)

        from wushe.core.navigation import NavItem, register

        register(NavItem("proposals", pgettext_lazy("plural", "项目书"), "proposal-list", order=14))
