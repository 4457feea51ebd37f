"""Background work for reviews: telling the applicant about a decision."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from wushe.access.models import MemberRole
from wushe.accounts.models import User
from wushe.accounts.services import notify_and_email
from wushe.reviews.models import Decision, DecisionOutcome


def _message(decision: Decision) -> tuple[str, str]:
    proposal = decision.proposal
    if decision.outcome == DecisionOutcome.APPROVE:
        title = _("项目书已立项:%(title)s") % {"title": proposal.title}
        body = _("恭喜!“%(title)s”已获立项,资助金额 %(amount)s 元。") % {
            "title": proposal.title,
            "amount": f"{decision.amount:,.2f}",
        }
    elif decision.outcome == DecisionOutcome.WAITLIST:
        title = _("项目书列入候补:%(title)s") % {"title": proposal.title}
        body = _("“%(title)s”已列入候补名单。") % {"title": proposal.title}
    else:
        title = _("项目书未获立项:%(title)s") % {"title": proposal.title}
        body = _("很遗憾,“%(title)s”本次未获立项。") % {"title": proposal.title}
    if decision.reasons:
        body += "\n\n" + _("理由:%(reasons)s") % {"reasons": decision.reasons}
    return title, body


@task()
def send_decision_notice(*, decision_id: int) -> int:
    """Tell the applicant organisation's admins about a decision, in the app and by e-mail, each
    in their own language. Runs once per decision: a retried or repeated task sends nothing more.
    Returns the number of people told."""
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update()
            .select_related("proposal")
            .filter(pk=decision_id, notified_at__isnull=True)
            .first()
        )
        if decision is None:
            return 0
        admins = User.objects.filter(
            is_active=True,
            memberships__organisation_id=decision.proposal.organisation_id,
            memberships__role=MemberRole.ADMIN,
        ).order_by("pk")
        told = notify_and_email(
            users=admins,
            message=lambda: _message(decision),
            path=reverse("decision-detail", args=[decision.pk]),
        )
        decision.notified_at = timezone.now()
        decision.save(update_fields=["notified_at"])
        return told
