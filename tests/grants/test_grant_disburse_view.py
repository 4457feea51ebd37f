"""The page that records a payment against a tranche."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import csrf_post
from tests.grants.web import csrf_send
from wushe.grants.models import Disbursement
from wushe.grants.services import grant_transition

pytestmark = pytest.mark.django_db


def _url(grant) -> str:
    return f"/grants/{grant.pk}/disburse/"


def _data(grant, amount="50000", reference="HD20210301", number=1) -> dict[str, str]:
    return {
        "tranche": str(grant.tranches.get(number=number).pk),
        "amount": amount,
        "paid_on": timezone.localdate().isoformat(),
        "reference": reference,
    }


def test_the_form_lists_the_tranches_with_what_is_left(personas, client_for, grant):
    response = client_for(personas.olivia_officer).get(_url(grant))

    assert response.status_code == 200
    assert "第一期 · 签约后 · 剩余 ¥50,000.00" in response.content.decode()


def test_an_officer_records_a_payment(personas, client_for, grant):
    response = csrf_post(client_for(personas.olivia_officer), _url(grant), _data(grant))

    assert response.status_code == 302
    assert response["Location"] == f"/grants/{grant.pk}/"
    grant.refresh_from_db()
    assert grant.disbursed_total == Decimal("50000.00")


def test_a_payment_beyond_the_tranche_is_refused_on_the_amount_field(personas, client_for, grant):
    response = csrf_post(client_for(personas.olivia_officer), _url(grant), _data(grant, amount="50000.01"))

    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [
        "超出本期可拨付余额:第一期 金额 ¥50,000.00,已拨付 ¥0.00,剩余 ¥50,000.00。"
    ]
    assert Disbursement.objects.count() == 0


def test_a_repeated_submission_is_refused(personas, client_for, grant):
    client = client_for(personas.olivia_officer)
    csrf_post(client, _url(grant), _data(grant, amount="10000"))

    response = csrf_post(client, _url(grant), _data(grant, amount="10000"))

    assert response.status_code == 200
    assert response.context["form"].errors["reference"] == ["凭证号 HD20210301 已登记过,请勿重复拨付。"]
    assert Disbursement.objects.count() == 1


def test_a_suspended_grant_cannot_be_paid(personas, client_for, grant):
    grant_transition(grant=grant, action="suspend", by=personas.olivia_officer, reason="核查")

    response = csrf_post(client_for(personas.olivia_officer), _url(grant), _data(grant))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["协议当前状态为“已暂停”,不能拨付。"]
    assert Disbursement.objects.count() == 0


@pytest.mark.parametrize("who", ["gina_grantee", "sam_staff", "frank_funder"])
def test_people_who_see_the_grant_but_do_not_run_it_are_forbidden(personas, client_for, grant, who):
    client = client_for(getattr(personas, who))

    assert client.get(_url(grant)).status_code == 403
    assert csrf_post(client, _url(grant), _data(grant)).status_code == 403
    assert Disbursement.objects.count() == 0


@pytest.mark.parametrize("who", ["oscar_other", "grace_gov", "rita_reviewer"])
def test_another_organisation_gets_not_found(personas, client_for, grant, who):
    assert csrf_post(client_for(getattr(personas, who)), _url(grant), _data(grant)).status_code == 404
    assert Disbursement.objects.count() == 0


def test_it_answers_only_get_and_post(personas, client_for, grant):
    assert csrf_send(client_for(personas.olivia_officer), "DELETE", _url(grant)).status_code == 405
