"""Builders for the grant tests, over the real services: an approved proposal (with a decision)
and a grant made from it with the usual three tranches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.lifecycle import make_call, make_programme, make_proposal_under_review
from wushe.grants.models import Grant
from wushe.grants.services import grant_create_from_proposal
from wushe.programmes.models import Call
from wushe.proposals.models import Proposal
from wushe.reviews.services import decision_make

THREE_TRANCHES = (
    {"label": "第一期", "condition": "签约后", "percent": 50},
    {"label": "第二期", "condition": "中期报告通过后", "percent": 30},
    {"label": "第三期", "condition": "结项报告通过后", "percent": 20},
)


def make_grant_call(personas: Any, **programme_data: Any) -> Call:
    """An open call of a programme whose short name gives agreement numbers starting LY."""
    programme = make_programme(personas, short_name="绿缘计划", **programme_data)
    return make_call(programme, budget=500_000, max_amount=200_000)


def make_approved_proposal(
    personas: Any,
    call: Call | None = None,
    *,
    requested: Decimal | int = 100_000,
    approved: Decimal | int | str | None = None,
    **kwargs: Any,
) -> Proposal:
    """A proposal approved (立项) by the officer for ``approved`` yuan (default: as requested)."""
    call = call or make_grant_call(personas)
    proposal = make_proposal_under_review(personas, call, amount=requested, **kwargs)
    decision_make(
        proposal=proposal,
        by=personas.olivia_officer,
        outcome="approve",
        amount=str(approved if approved is not None else requested),
        reasons="方案扎实,社区基础好。",
    )
    proposal.refresh_from_db()
    return proposal


def make_grant(
    personas: Any,
    proposal: Proposal | None = None,
    *,
    tranches: Iterable[Mapping[str, Any]] = THREE_TRANCHES,
    by: Any = None,
    **kwargs: Any,
) -> Grant:
    """A grant over the last ten days and the next year, paid in 50/30/20 tranches."""
    proposal = proposal or make_approved_proposal(personas, **kwargs)
    today = timezone.localdate()
    return grant_create_from_proposal(
        proposal=proposal,
        by=by or personas.olivia_officer,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=355),
        tranches=[dict(t) for t in tranches],
    )
