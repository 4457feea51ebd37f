"""The grant state machine, in one place. A grant starts active when it is signed; an officer
may suspend it (with a reason), resume it, or close it (with a reason). Services fire
transitions only through ``grant_transition``.

The states in which other changes to a grant are allowed are here too (:data:`GUARDS`), so a
page, the API and the service ask the same question."""

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


@dataclass(frozen=True)
class Guard:
    """A change that is not a transition but is allowed only in some states."""

    action: str
    label: str | Promise
    states: tuple[str, ...]


GUARDS: dict[str, Guard] = {
    g.action: g
    for g in (
        # A suspended grant may be revised too: an officer often suspends one until its budget is
        # put right. A closed grant's budget is what was accounted for, and stays.
        Guard("revise_budget", _("调整预算"), (S.ACTIVE, S.SUSPENDED)),
    )
}


def allowed(action: str, status: str) -> bool:
    """Whether ``action`` (a key of :data:`GUARDS`) may be done to a grant in ``status``."""
    return status in GUARDS[action].states
