"""Dashboards: aggregates over the lifecycle, each a fixed number of queries however much
data there is."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Prefetch, Q, QuerySet, Sum

from wushe.access.door import can, get_for_user
from wushe.programmes.models import Programme, ProgrammeFunder
from wushe.proposals.models import CoachingRound, Proposal, ProposalStatus


def _median_round_days(proposals: QuerySet[Any]) -> float | None:
    """Median length of closed coaching rounds, found by an ordered offset (two queries)."""
    rounds = CoachingRound.objects.filter(proposal__in=proposals, closed_at__isnull=False).annotate(
        length=ExpressionWrapper(F("closed_at") - F("opened_at"), output_field=DurationField())
    )
    n = rounds.count()
    if n == 0:
        return None
    ordered = rounds.order_by("length").values_list("length", flat=True)
    middle: list[timedelta] = list(ordered[(n - 1) // 2 : n // 2 + 1])
    seconds = sum(d.total_seconds() for d in middle) / len(middle)
    return round(seconds / 86400, 1)


def call_coaching_summary(*, proposals: QuerySet[Any]) -> dict[str, Any]:
    submitted = proposals.filter(version_count__gt=0)
    agg = submitted.aggregate(avg_rounds=Avg("round_count"), n=Count("id"), avg_versions=Avg("version_count"))
    return {
        "submitted": agg["n"],
        "average_rounds": round(agg["avg_rounds"] or 0, 2),
        "average_versions": round(agg["avg_versions"] or 0, 2),
        "median_round_days": _median_round_days(proposals),
    }


def programme_dashboard(*, user: Any, pk: Any) -> dict[str, Any]:
    programme = get_for_user(
        user,
        Programme.objects.select_related("support_organisation", "guidance_organisation").prefetch_related(
            Prefetch("funders", queryset=ProgrammeFunder.objects.select_related("funder")), "themes", "phases"
        ),
        pk,
    )
    proposals = Proposal.objects.filter(call__programme=programme)
    by_status = dict(proposals.values_list("status").annotate(n=Count("id")).order_by())
    status_rows = [(value, label, by_status.get(value, 0)) for value, label in ProposalStatus.choices]
    calls = list(
        programme.calls.annotate(
            proposal_count=Count("proposals"),
            approved_amount=Sum(
                "proposals__requested_amount",
                filter=Q(proposals__status=ProposalStatus.APPROVED),
                default=Decimal("0"),
            ),
        ).order_by("-opens_at")
    )
    committed = sum((f.committed_amount for f in programme.funders.all()), Decimal("0"))
    return {
        "programme": programme,
        "status_rows": status_rows,
        "proposal_total": sum(by_status.values()),
        "calls": calls,
        "committed": committed,
        "coaching": call_coaching_summary(proposals=proposals),
        "can_change": can(user, "change", programme),
    }
