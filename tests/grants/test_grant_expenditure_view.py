"""The page where the grantee books spending against a budget line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import csrf_post
from tests.grants.web import csrf_send
from wushe.grants.models import Expenditure

pytestmark = pytest.mark.django_db


def _url(grant) -> str:
    return f"/grants/{grant.pk}/expenditures/new/"


def _data(grant, amount="1200.50") -> dict[str, str]:
    return {
        "budget_line": str(grant.budget_lines.get(item="分类桶与宣传物资").pk),
        "amount": amount,
        "spent_on": timezone.localdate().isoformat(),
        "description": "分类桶 20 个",
    }


@pytest.mark.parametrize("who", ["sam_staff", "gina_grantee", "olivia_officer"])
def test_it_books_spending(personas, client_for, grant, who):
    response = csrf_post(client_for(getattr(personas, who)), _url(grant), _data(grant))

    assert response.status_code == 302
    assert Expenditure.objects.get().amount == Decimal("1200.50")


def test_a_bad_amount_is_shown_on_its_field(personas, client_for, grant):
    response = csrf_post(client_for(personas.sam_staff), _url(grant), _data(grant, amount="-5"))

    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == ["金额不能为负数。"]
    assert Expenditure.objects.count() == 0


def test_the_funder_is_forbidden(personas, client_for, grant):
    client = client_for(personas.frank_funder)

    assert client.get(_url(grant)).status_code == 403
    assert csrf_post(client, _url(grant), _data(grant)).status_code == 403
    assert Expenditure.objects.count() == 0


def test_another_organisation_gets_not_found(personas, client_for, grant):
    assert csrf_post(client_for(personas.oscar_other), _url(grant), _data(grant)).status_code == 404
    assert Expenditure.objects.count() == 0


def test_it_answers_only_get_and_post(personas, client_for, grant):
    assert csrf_send(client_for(personas.sam_staff), "PUT", _url(grant)).status_code == 405
