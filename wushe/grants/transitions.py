"""The grant state machine, in one place. A grant starts active when it is signed; an officer
may suspend it (with a reason), resume it, or close it (with a reason). Services fire
transitions only through ``grant_transition``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wushe.grants.models import GrantStatus as S

OFFICER = "officer"  # programme officer of the support organisation running the programme, or platform admin


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("suspend", _("暂停"), (S.ACTIVE,), S.SUSPENDED, (OFFICER,), needs_reason=True),
        Transition("resume", _("恢复执行"), (S.SUSPENDED,), S.ACTIVE, (OFFICER,)),
        Transition("close", _("结项"), (S.ACTIVE, S.SUSPENDED), S.CLOSED, (OFFICER,), needs_reason=True),
    )
}


def available(status: str, roles: set[str]) -> list[Transition]:
    """Transitions that can be fired from ``status`` by someone holding ``roles``."""
    return [t for t in TRANSITIONS.values() if status in t.sources and roles.intersection(t.roles)]
