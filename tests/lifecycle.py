"""Builders for the programme lifecycle, shared by the programme, proposal, review and grant tests.

Plain functions over the real services (no factories that skip the rules), so a test starts from
a state the product can actually reach: an active programme run by ``personas.support`` and
co-funded by ``personas.funder``, an open published call, and a proposal by ``personas.grantee``
with every section written and a budget, submitted by gina.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from django.utils import timezone

from wushe.access.models import PlatformRole, PlatformRoleKind
from wushe.programmes.models import Call, Programme, ProgrammeStatus
from wushe.programmes.services import call_create, programme_create
from wushe.proposals.models import Proposal, Section
from wushe.proposals.services import proposal_create, proposal_save_draft, proposal_set_budget, proposal_transition

_serial = count(1)

SECTION_TEXT = {
    Section.NEED: "前门街道老旧院落多,垃圾混投现象普遍,居民分类意识有待提高。",
    Section.GOALS: "一年内在三个院落实现垃圾分类准确率达到八成。",
    Section.ACTIVITIES: "入户宣传、桶前值守、志愿者培训和月度评比。",
    Section.BUDGET_NOTES: "经费主要用于活动物资和志愿者培训。",
    Section.MONITORING: "每月记录分类准确率与参与户数。",
    Section.SUSTAINABILITY: "培育居民自治小组,项目结束后继续运行。",
    Section.LINKAGE: "联动社区、社会组织、社工、志愿者和社会慈善资源。",
}


def make_programme(
    personas: Any, *, name: str | None = None, budget: Decimal | int = 1_000_000, **data: Any
) -> Programme:
    """An active programme run by the support organisation, co-funded by the funder."""
    today = timezone.localdate()
    values = {
        "name": name or f"绿缘计划{next(_serial)}",
        "total_budget": Decimal(budget),
        "starts_on": today - timedelta(days=30),
        "ends_on": today + timedelta(days=365),
        "status": ProgrammeStatus.ACTIVE,
        **data,
    }
    return programme_create(
        by=personas.olivia_officer,
        support_organisation=personas.support,
        data=values,
        funders=[(personas.funder, Decimal(budget))],
    )


def make_call(
    programme: Programme,
    *,
    by: Any = None,
    budget: Decimal | int = 300_000,
    max_amount: Decimal | int = 100_000,
    title: str | None = None,
    **data: Any,
) -> Call:
    """A published call, open from yesterday for thirty days. ``by`` defaults to an officer of the
    programme's support organisation (any user holding that role)."""
    now = timezone.now()
    values = {
        "title": title or f"第{next(_serial)}期项目征集",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "budget": Decimal(budget),
        "max_amount": Decimal(max_amount),
        "is_published": True,
        **data,
    }
    return call_create(by=by or _officer_of(programme), programme=programme, data=values)


def make_draft_proposal(
    personas: Any,
    call: Call,
    *,
    by: Any = None,
    organisation: Any = None,
    title: str = "零废弃院落试点",
    amount: Decimal | int = 80_000,
) -> Proposal:
    """A complete draft (every section, a two-line budget totalling ``amount``), not submitted."""
    by = by or personas.gina_grantee
    proposal = proposal_create(by=by, call=call, organisation=organisation or personas.grantee, title=title)
    proposal = proposal_save_draft(
        proposal=proposal,
        by=by,
        edit_version=proposal.edit_version,
        sections={k.value: v for k, v in SECTION_TEXT.items()},
    )
    amount = Decimal(amount)
    materials = (amount * Decimal("0.4")).quantize(Decimal("0.01"))
    return proposal_set_budget(
        proposal=proposal,
        by=by,
        lines=[
            {"category": "materials", "item": "分类桶与宣传物资", "amount": str(materials)},
            {"category": "activity", "item": "入户宣传与桶前值守", "amount": str(amount - materials)},
        ],
    )


def make_submitted_proposal(personas: Any, call: Call, **kwargs: Any) -> Proposal:
    """A proposal submitted once (version 1); keyword arguments as :func:`make_draft_proposal`."""
    proposal = make_draft_proposal(personas, call, **kwargs)
    return proposal_transition(proposal=proposal, action="submit", by=kwargs.get("by") or personas.gina_grantee)


def make_proposal_under_review(personas: Any, call: Call, **kwargs: Any) -> Proposal:
    """A submitted proposal the officer has sent to review."""
    proposal = make_submitted_proposal(personas, call, **kwargs)
    return proposal_transition(proposal=proposal, action="start_review", by=personas.olivia_officer)


def _officer_of(programme: Programme) -> Any:
    role = (
        PlatformRole.objects.select_related("user")
        .filter(role=PlatformRoleKind.PROGRAMME_OFFICER, organisation_id=programme.support_organisation_id)
        .first()
    )
    if role is None:
        raise LookupError("the programme's support organisation has no programme officer")
    return role.user
