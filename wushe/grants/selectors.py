"""Reads for grants, scoped by the access door, with what each page shows fetched up front so
the number of queries does not grow with the data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from wushe.access.door import can, get_for_user, visible_to
from wushe.access.roles import actor_for
from wushe.core.money import CENT
from wushe.grants.models import BudgetRevision, Disbursement, Expenditure, Grant, GrantStatus
from wushe.grants.policies import manages
from wushe.grants.transitions import OFFICER, allowed, available

MONEY = DecimalField(max_digits=12, decimal_places=2)


def grant_list(
    *, user: Any, query: str = "", status: str = "", programme_id: int | None = None, organisation_id: int | None = None
) -> QuerySet[Grant]:
    qs = visible_to(user, Grant).select_related("organisation", "programme")
    if query:
        qs = qs.filter(Q(agreement_number__icontains=query) | Q(title__icontains=query))
    if status:
        qs = qs.filter(status=status)
    if programme_id:
        qs = qs.filter(programme_id=programme_id)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.order_by("-signed_at", "-pk")


def budget_lines_with_spending(grant: Grant) -> list[Any]:
    """Each line of the agreed budget with ``spent`` (sum of its expenditures) and ``left``."""
    spent = (
        Expenditure.objects.filter(budget_line=OuterRef("pk"))
        .order_by()
        .values("budget_line")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    lines: list[Any] = list(
        grant.budget_lines.annotate(spent=Coalesce(Subquery(spent, output_field=MONEY), Value(Decimal("0")))).order_by(
            "order", "pk"
        )
    )
    for line in lines:
        line.spent = line.spent.quantize(CENT)  # SQLite gives back the 0 of an unspent line without its places
        line.left = line.amount - line.spent
        line.spent_percent = min(100, int(line.spent * 100 / line.amount)) if line.amount else 0
        line.over = line.spent > line.amount
        line.overspent = line.spent - line.amount if line.over else Decimal("0")
    return lines


def budget_revisions(grant: Grant, limit: int = 20) -> list[BudgetRevision]:
    """The grant's budget revisions, latest first, with who made each."""
    return list(
        BudgetRevision.objects.filter(grant=grant).select_related("revised_by").order_by("-revised_at", "-pk")[:limit]
    )


def budget_gap(grant: Grant, budget_total: Decimal) -> dict[str, Any]:
    """How the budget stands against the grant amount: ``budget_gap`` is the budget total less
    the amount (positive: the budget asks for more than was granted)."""
    gap = budget_total - grant.amount
    return {"budget_total": budget_total, "budget_gap": gap, "budget_gap_abs": abs(gap)}


def can_revise_budget(user: Any, grant: Grant) -> bool:
    return allowed("revise_budget", grant.status) and can(user, "revise_budget", grant)


def grant_budget(*, user: Any, grant: Grant) -> dict[str, Any]:
    """The budget revision page: each line with what was spent on it, the totals against the
    grant amount, whether it may be revised now, and the revisions so far."""
    lines = budget_lines_with_spending(grant)
    return {
        "grant": grant,
        "budget_lines": lines,
        **budget_gap(grant, sum((line.amount for line in lines), Decimal("0"))),
        "spent_total": sum((line.spent for line in lines), Decimal("0")),
        "editable": allowed("revise_budget", grant.status),
        "revisions": budget_revisions(grant),
    }


def grant_detail(*, user: Any, pk: Any) -> dict[str, Any]:
    grant = get_for_user(user, Grant.objects.select_related("organisation", "programme", "proposal"), pk)
    lines = budget_lines_with_spending(grant)
    budget_total = sum((line.amount for line in lines), Decimal("0"))
    spent_total = sum((line.spent for line in lines), Decimal("0"))
    roles = {OFFICER} if manages(actor_for(user), grant) else set()
    return {
        **budget_gap(grant, budget_total),
        "revisions": budget_revisions(grant),
        "can_revise_budget": can_revise_budget(user, grant),
        "grant": grant,
        "tranches": list(grant.tranches.all()),
        "disbursements": list(
            Disbursement.objects.filter(grant=grant)
            .select_related("tranche", "recorded_by")
            .order_by("-paid_on", "-pk")
        ),
        "budget_lines": lines,
        "budget_total": budget_total,
        "spent_total": spent_total,
        "spent_percent": min(100, int(spent_total * 100 / budget_total)) if budget_total else 0,
        "expenditures": list(
            Expenditure.objects.filter(grant=grant)
            .select_related("budget_line", "recorded_by")
            .order_by("-spent_on", "-pk")[:20]
        ),
        "transitions": available(grant.status, roles),
        "can_disburse": can(user, "disburse", grant) and grant.status == GrantStatus.ACTIVE,
        "can_record_expenditure": can(user, "record_expenditure", grant) and grant.status != GrantStatus.CLOSED,
    }
