from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgsConfig(AppConfig):
    name = "wushe.orgs"
    label = "orgs"
    verbose_name = _("组织与地点")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from wushe.core.navigation import NavItem, register
        from wushe.orgs import policies  # noqa: F401  (registers the rules with the access door)
        from wushe.orgs.models import Organisation, Place

        auditlog.register(
            Organisation,
            m2m_fields={"service_places", "fields_of_work"},
            exclude_fields=["search_pinyin", "search_initials", "updated_at", "created_at"],
        )
        auditlog.register(Place, exclude_fields=["pinyin", "initials", "full_name"])
        register(NavItem("organisations", pgettext_lazy("plural", "组织"), "organisation-list", order=20))
        register(NavItem("places", pgettext_lazy("plural", "地点"), "place-list", order=80, secondary=True))
