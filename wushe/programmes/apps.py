from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ProgrammesConfig(AppConfig):
    name = "wushe.programmes"
    label = "programmes"
    verbose_name = pgettext_lazy("plural", "资助计划")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from wushe.programmes import policies  # noqa: F401
        from wushe.programmes.models import Call, Programme, ProgrammeFunder

        auditlog.register(Programme, m2m_fields={"themes"})
        auditlog.register(ProgrammeFunder)
        auditlog.register(Call)

        from wushe.core.navigation import NavItem, register

        register(NavItem("calls", pgettext_lazy("plural", "项目征集"), "call-list", order=10, visible=lambda u: True))
        register(NavItem("programmes", pgettext_lazy("plural", "资助计划"), "programme-list", order=12))
