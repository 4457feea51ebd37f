"""Background work for reviews: telling the applicant about a decision."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from wushe.access.models import MemberRole
from wushe.accounts.models import User
from wushe.accounts.services import notify
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
        admins = list(
            User.objects.filter(
                is_active=True,
                memberships__organisation_id=decision.proposal.organisation_id,
                memberships__role=MemberRole.ADMIN,
            ).order_by("pk")
        )
        path = reverse("decision-detail", args=[decision.pk])
        link = settings.SITE_URL.rstrip("/") + path
        mails = []
        for admin in admins:
            with translation.override(admin.language or settings.LANGUAGE_CODE):
                title, body = _message(decision)
                notify(users=[admin], title=title, body=body, url=path)
                if admin.email:
                    text = _("%(name)s,你好:\n\n%(body)s\n\n详情请登录平台查看:%(link)s\n") % {
                        "name": admin.name,
                        "body": body,
                        "link": link,
                    }
                    mails.append((title, text, None, [admin.email]))
        send_mass_mail(mails, fail_silently=False)
        decision.notified_at = timezone.now()
        decision.save(update_fields=["notified_at"])
        return len(admins)
