"""Background work for grants: telling the other side about a budget revision."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from wushe.access.models import MemberRole, PlatformRoleKind
from wushe.accounts.models import User
from wushe.accounts.services import notify_and_email
from wushe.core.money import yuan
from wushe.grants.models import BudgetRevision


def _readers(revision: BudgetRevision) -> QuerySet[User]:
    """The programme's officers and the grantee organisation's admins, except the author."""
    grant = revision.grant
    return (
        User.objects.filter(
            Q(
                platform_roles__role=PlatformRoleKind.PROGRAMME_OFFICER,
                platform_roles__organisation_id=grant.programme.support_organisation_id,
            )
            | Q(memberships__organisation_id=grant.organisation_id, memberships__role=MemberRole.ADMIN),
            is_active=True,
        )
        .exclude(pk=revision.revised_by_id)
        .distinct()
        .order_by("pk")
    )


def _message(revision: BudgetRevision) -> tuple[str, str]:
    title = _("预算已调整:%(number)s") % {"number": revision.grant.agreement_number}
    body = _("%(name)s 把预算合计从 %(before)s 调整为 %(after)s。理由:%(reason)s") % {
        "name": revision.revised_by.name,
        "before": yuan(revision.total_before),
        "after": yuan(revision.total_after),
        "reason": revision.reason,
    }
    return title, body


@task()
def send_budget_revision_notice(*, revision_id: int) -> int:
    """Tell the other side about a budget revision (the programme's officers and the grantee's
    admins, not its author), in the app and by e-mail, each in their own language. Runs once per
    revision: a retried or repeated task sends nothing more. Returns the number of people told."""
    with transaction.atomic():
        revision = (
            BudgetRevision.objects.select_for_update(of=("self",))
            .select_related("grant__programme", "revised_by")
            .filter(pk=revision_id, notified_at__isnull=True)
            .first()
        )
        if revision is None:
            return 0
        told = notify_and_email(
            users=_readers(revision),
            message=lambda: _message(revision),
            path=reverse("grant-detail", args=[revision.grant_id]),
        )
        revision.notified_at = timezone.now()
        revision.save(update_fields=["notified_at"])
        return told
