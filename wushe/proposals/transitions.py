"""The proposal state machine, in one place: from-states, to-state, who may fire it, and the
guard that must hold. Services fire transitions only through :func:`check`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wushe.proposals.models import ProposalStatus as S

APPLICANT = "applicant"  # admin or staff of the applying organisation
OFFICER = "officer"  # programme officer of the support organisation running the programme


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", _("提交"), (S.DRAFT,), S.SUBMITTED, (APPLICANT,)),
        Transition("request_revision", _("请求修改"), (S.SUBMITTED, S.RESUBMITTED), S.REVISION_REQUESTED, (OFFICER,)),
        Transition("resubmit", _("重新提交"), (S.REVISION_REQUESTED,), S.RESUBMITTED, (APPLICANT,)),
        Transition("start_review", _("进入评审"), (S.SUBMITTED, S.RESUBMITTED), S.UNDER_REVIEW, (OFFICER,)),
        Transition("approve", _("立项"), (S.UNDER_REVIEW, S.WAITLISTED), S.APPROVED, (OFFICER,)),
        Transition("reject", _("不予立项"), (S.UNDER_REVIEW, S.WAITLISTED), S.REJECTED, (OFFICER,)),
        Transition("waitlist", _("列入候补"), (S.UNDER_REVIEW,), S.WAITLISTED, (OFFICER,)),
        Transition(
            "withdraw",
            _("撤回"),
            (S.DRAFT, S.SUBMITTED, S.REVISION_REQUESTED, S.RESUBMITTED, S.UNDER_REVIEW, S.WAITLISTED),
            S.WITHDRAWN,
            (APPLICANT,),
        ),
    )
}


def available(status: str, roles: set[str]) -> list[Transition]:
    """Transitions that can be fired from ``status`` by someone holding ``roles``."""
    return [t for t in TRANSITIONS.values() if status in t.sources and roles.intersection(t.roles)]
