from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.lifecycle import make_call, make_draft_proposal, make_programme
from wushe.proposals.models import BudgetLine, Proposal
from wushe.proposals.services import StaleEdit, proposal_save_draft, proposal_set_budget


@pytest.fixture
def draft(personas):
    return make_draft_proposal(personas, make_call(make_programme(personas), max_amount=100_000))


def test_autosave_refuses_to_overwrite_newer_work_from_another_tab(personas, draft):
    opened_at = draft.edit_version
    proposal_save_draft(proposal=draft, by=personas.gina_grantee, edit_version=opened_at, sections={"need": "标签页一"})
    with pytest.raises(StaleEdit):
        proposal_save_draft(
            proposal=draft, by=personas.sam_staff, edit_version=opened_at, sections={"need": "标签页二"}
        )
    assert Proposal.objects.get(pk=draft.pk).sections["need"] == "标签页一"


def test_it_computes_the_total_from_the_lines(personas, draft):
    proposal = proposal_set_budget(
        proposal=draft,
        by=personas.gina_grantee,
        lines=[
            {"category": "materials", "item": "分类桶", "amount": "12,000.50"},
            {"category": "personnel", "item": "社工补贴", "amount": "30000"},
        ],
    )
    assert proposal.requested_amount == Decimal("42000.50")


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"category": "materials", "item": "分类桶", "amount": "-1"}, "lines.0.amount"),
        ({"category": "materials", "item": "分类桶", "amount": "abc"}, "lines.0.amount"),
        ({"category": "materials", "item": "分类桶", "amount": "NaN"}, "lines.0.amount"),
        ({"category": "nope", "item": "分类桶", "amount": "1"}, "lines.0.category"),
        ({"category": "materials", "item": "", "amount": "1"}, "lines.0.item"),
        ({"category": "materials", "item": "超出上限", "amount": "100000.01"}, "total"),
    ],
)
def test_it_refuses_a_budget_that_does_not_add_up_and_writes_nothing(personas, draft, line, field):
    before = list(BudgetLine.objects.filter(proposal=draft).values_list("item", "amount"))
    with pytest.raises(ValidationError) as excinfo:
        proposal_set_budget(proposal=draft, by=personas.gina_grantee, lines=[line])
    assert field in excinfo.value.message_dict
    assert list(BudgetLine.objects.filter(proposal=draft).values_list("item", "amount")) == before


def test_only_the_applicant_may_edit(personas, draft):
    from django.core.exceptions import PermissionDenied

    for user in (personas.oscar_other, personas.olivia_officer, personas.frank_funder):
        with pytest.raises(PermissionDenied):
            proposal_save_draft(proposal=draft, by=user, edit_version=draft.edit_version, sections={"need": "x"})
