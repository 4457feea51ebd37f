from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import timezone

from tests.grants.builders import make_grant
from wushe.grants.models import Expenditure
from wushe.grants.selectors import budget_lines_with_spending
from wushe.grants.services import grant_record_expenditure, grant_transition

pytestmark = pytest.mark.django_db


def _spend(personas, grant, amount, *, line=None, by=None, spent_on=None, description="购买分类桶 20 个"):
    return grant_record_expenditure(
        grant=grant,
        budget_line=line or grant.budget_lines.first(),
        amount=amount,
        spent_on=spent_on or timezone.localdate(),
        description=description,
        by=by or personas.sam_staff,
    )


def test_spending_is_booked_against_a_budget_line(personas, grant):
    line = grant.budget_lines.get(item="分类桶与宣传物资")
    _spend(personas, grant, "12000", line=line)
    _spend(personas, grant, "3000.50", line=line)

    spent = {line.item: (line.amount, line.spent, line.left) for line in budget_lines_with_spending(grant)}
    assert spent == {
        "分类桶与宣传物资": (Decimal("40000.00"), Decimal("15000.50"), Decimal("24999.50")),
        "入户宣传与桶前值守": (Decimal("60000.00"), Decimal("0"), Decimal("60000.00")),
    }


def test_overspending_a_line_is_recorded_and_shown_as_over(personas, grant):
    line = grant.budget_lines.get(item="分类桶与宣传物资")
    _spend(personas, grant, "40000.01", line=line)

    (shown,) = [x for x in budget_lines_with_spending(grant) if x.pk == line.pk]
    assert shown.over
    assert shown.left == Decimal("-0.01")


@pytest.mark.parametrize("who", ["gina_grantee", "sam_staff", "olivia_officer", "alice_admin"])
def test_the_grantee_staff_and_officers_may_record_spending(personas, grant, who):
    spending = _spend(personas, grant, "100", by=getattr(personas, who))

    assert spending.recorded_by == getattr(personas, who)


@pytest.mark.parametrize("who", ["frank_funder", "oscar_other", "rita_reviewer", "grace_gov", "vera_volunteer"])
def test_others_may_not_record_spending(personas, grant, who):
    with pytest.raises(PermissionDenied):
        _spend(personas, grant, "100", by=getattr(personas, who))

    assert Expenditure.objects.count() == 0


def test_it_refuses_a_line_of_another_grant_and_a_bad_amount_and_date(personas, grant):
    other = make_grant(personas)

    with pytest.raises(ValidationError) as caught:
        _spend(
            personas,
            grant,
            "0",
            line=other.budget_lines.first(),
            spent_on=grant.starts_on - timedelta(days=1),
            description="",
        )

    assert caught.value.message_dict == {
        "amount": ["金额须大于 0。"],
        "budget_line": ["请选择本协议的预算行。"],
        "spent_on": [f"支出日期须在协议期内({grant.starts_on} 至 {grant.ends_on})。"],
        "description": ["此项必填。"],
    }
    assert Expenditure.objects.count() == 0


def test_a_suspended_grant_still_books_spending_but_a_closed_one_does_not(personas, grant):
    grant_transition(grant=grant, action="suspend", by=personas.olivia_officer, reason="财务核查")
    _spend(personas, grant, "100")
    grant_transition(grant=grant, action="close", by=personas.olivia_officer, reason="项目终止")

    with pytest.raises(ValidationError) as caught:
        _spend(personas, grant, "100")

    assert caught.value.message_dict[NON_FIELD_ERRORS] == ["协议已结项,不能再登记支出。"]
    assert Expenditure.objects.count() == 1
