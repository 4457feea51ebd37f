from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sees_reviews(user: object) -> bool:
    from wushe.access.roles import actor_for

    actor = actor_for(user)
    return actor.reviewer


class ReviewsConfig(AppConfig):
    name = "wushe.reviews"
    label = "reviews"
    verbose_name = _("评审与立项")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from wushe.core.navigation import NavItem, register
        from wushe.reviews import policies  # noqa: F401  (registers the rules with the access door)
        from wushe.reviews.models import Decision, ReviewAssignment, Rubric

        auditlog.register(Rubric)
        auditlog.register(ReviewAssignment)
        auditlog.register(Decision, exclude_fields=["notified_at"])
        register(NavItem("reviews", _("我的评审"), "review-list", order=45, visible=_sees_reviews))
