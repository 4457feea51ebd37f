from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import csrf_post
from wushe.grants.services import grant_disburse, grant_record_expenditure, grant_transition

pytestmark = pytest.mark.django_db


def _url(grant) -> str:
    return f"/grants/{grant.pk}/"


def test_officers_see_tranches_payments_budget_and_the_transition_buttons(personas, client_for, grant):
    grant_disburse(
        grant=grant,
        tranche=grant.tranches.get(number=1),
        amount="50000",
        paid_on=timezone.localdate(),
        reference="HD20210301",
        by=personas.olivia_officer,
    )
    grant_record_expenditure(
        grant=grant,
        budget_line=grant.budget_lines.get(item="分类桶与宣传物资"),
        amount="12345",
        spent_on=timezone.localdate(),
        description="分类桶 20 个",
        by=personas.sam_staff,
    )

    response = client_for(personas.olivia_officer).get(_url(grant))

    assert response.status_code == 200
    content = response.content.decode()
    assert grant.agreement_number in content
    assert "¥100,000.00" in content  # the grant
    assert "¥50,000.00" in content  # the first tranche and what was paid
    assert "HD20210301" in content
    assert "¥12,345.00" in content  # spent on the line
    assert "中期报告通过后" in content
    assert 'name="action" value="suspend"' in content
    assert 'name="action" value="close"' in content
    assert f'href="/grants/{grant.pk}/disburse/"' in content


@pytest.mark.parametrize("who", ["gina_grantee", "sam_staff", "frank_funder"])
def test_the_grantee_and_funders_see_it_without_the_officer_buttons(personas, client_for, grant, who):
    response = client_for(getattr(personas, who)).get(_url(grant))

    assert response.status_code == 200
    content = response.content.decode()
    assert grant.agreement_number in content
    assert 'name="action"' not in content
    assert "/disburse/" not in content


def test_the_grantee_staff_may_record_spending_but_the_funder_may_not(personas, client_for, grant):
    link = f'href="/grants/{grant.pk}/expenditures/new/"'
    assert link in client_for(personas.sam_staff).get(_url(grant)).content.decode()
    assert link not in client_for(personas.frank_funder).get(_url(grant)).content.decode()


def test_the_status_and_its_reason_are_shown(personas, client_for, grant):
    grant_transition(grant=grant, action="suspend", by=personas.olivia_officer, reason="中期报告逾期两个月未交")

    content = client_for(personas.gina_grantee).get(_url(grant)).content.decode()

    assert "已暂停" in content
    assert "中期报告逾期两个月未交" in content


@pytest.mark.parametrize("who", ["oscar_other", "rita_reviewer", "grace_gov", "vera_volunteer"])
def test_others_get_not_found(personas, client_for, grant, who):
    assert client_for(getattr(personas, who)).get(_url(grant)).status_code == 404


def test_it_answers_only_get(personas, client_for, grant):
    assert csrf_post(client_for(personas.olivia_officer), _url(grant)).status_code == 405


def test_the_number_of_queries_does_not_grow_with_payments(personas, client_for, grant, django_assert_max_num_queries):
    client = client_for(personas.olivia_officer)
    client.get(_url(grant))
    with CaptureQueriesContext(connection) as before:
        client.get(_url(grant))
    for i in range(5):
        grant_disburse(
            grant=grant,
            tranche=grant.tranches.get(number=1 + i % 3),
            amount="1000",
            paid_on=timezone.localdate(),
            reference=f"HD{i}",
            by=personas.olivia_officer,
        )
        grant_record_expenditure(
            grant=grant,
            budget_line=grant.budget_lines.first(),
            amount="100",
            spent_on=timezone.localdate(),
            description="物资",
            by=personas.sam_staff,
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(_url(grant))
