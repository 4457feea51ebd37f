"""Who may see and act on grants, tranches, disbursements and spending.

Officers of the support organisation running the programme (and platform admins) see and manage
every grant in it; the grantee organisation's members see their own grants, and its admins and
staff record spending, and its admins (with the officers) revise the budget to the grant amount;
funders see the grants of the programmes they fund, read-only;
government viewers see aggregates elsewhere, never a grant by itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from wushe.access.door import Policy, register
from wushe.access.roles import Actor
from wushe.grants.models import (
    AgreementSequence,
    BudgetRevision,
    Disbursement,
    Expenditure,
    Grant,
    GrantBudgetLine,
    Tranche,
)
from wushe.programmes.models import ProgrammeFunder


def manages(actor: Actor, grant: Grant) -> bool:
    """Platform admin or officer of the support organisation running the grant's programme."""
    return actor.platform_admin or grant.programme.support_organisation_id in actor.officer_of


def records_spending(actor: Actor, grant: Grant) -> bool:
    return manages(actor, grant) or actor.is_org_staff(grant.organisation_id)


def revises_budget(actor: Actor, grant: Grant) -> bool:
    """The programme's officers and the grantee organisation's admins (not its staff: a budget
    is what the organisation signed up to)."""
    return manages(actor, grant) or actor.is_org_admin(grant.organisation_id)


def grant_scope(actor: Actor, prefix: str = "") -> Q:
    """Own organisation's grants, every grant in the programmes one runs, and those of the
    programmes one funds. Subqueries, not joins, so no row is repeated."""
    p = prefix
    scope = Q(**{f"{p}organisation_id__in": actor.org_ids})
    scope |= Q(**{f"{p}programme__support_organisation_id__in": actor.officer_of})
    if actor.funder_of:
        funded = ProgrammeFunder.objects.filter(funder_id__in=actor.funder_of).values("programme_id")
        scope |= Q(**{f"{p}programme_id__in": funded})
    return scope


def _visible(actor: Actor, qs: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
    if actor.platform_admin:
        return qs
    if not actor.authenticated:
        return qs.none()
    return qs.filter(grant_scope(actor, prefix))


@register
class GrantPolicy(Policy):
    model = Grant
    actions = ("view", "disburse", "transition", "record_expenditure", "revise_budget")

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        return _visible(actor, qs)

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        if action == "view":
            return True
        if action == "record_expenditure":
            return records_spending(actor, obj)
        if action == "revise_budget":
            return revises_budget(actor, obj)
        return manages(actor, obj)  # disburse, transition

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the approved proposal the grant is made from."""
        if parent is None:
            return False
        return actor.platform_admin or parent.call.programme.support_organisation_id in actor.officer_of


class _GrantChildPolicy(Policy):
    """Seen with their grant; written only through the grant services."""

    actions = ("view",)

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        return _visible(actor, qs, "grant__")

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return False


@register
class TranchePolicy(_GrantChildPolicy):
    model = Tranche


@register
class GrantBudgetLinePolicy(_GrantChildPolicy):
    model = GrantBudgetLine


@register
class DisbursementPolicy(_GrantChildPolicy):
    model = Disbursement

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the grant paid."""
        return parent is not None and manages(actor, parent)


@register
class ExpenditurePolicy(_GrantChildPolicy):
    model = Expenditure

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the grant the money was spent from."""
        return parent is not None and records_spending(actor, parent)


@register
class BudgetRevisionPolicy(_GrantChildPolicy):
    model = BudgetRevision

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        """``parent`` is the grant whose budget is revised."""
        return parent is not None and revises_budget(actor, parent)


@register
class AgreementSequencePolicy(Policy):
    """Bookkeeping for agreement numbers: platform admins may look, nobody writes by hand."""

    model = AgreementSequence

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs if actor.platform_admin else qs.none()

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return False
