"""``/api/v1/grants/{id}`` answers in the same number of queries however many payments, spending
records and other grants there are."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.grants.builders import make_grant
from wushe.accounts.services import api_token_create
from wushe.grants.services import grant_disburse, grant_record_expenditure


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_grant_endpoint_stays_flat(personas, grant):
    _, secret = api_token_create(user=personas.olivia_officer, name="测试")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = f"/api/v1/grants/{grant.pk}"
    client.get(url)  # a token's first use is recorded once
    few = _count(client, url)
    for i in range(4):
        grant_disburse(
            grant=grant,
            tranche=grant.tranches.get(number=1 + i % 3),
            amount="1000",
            paid_on=timezone.localdate(),
            reference=f"QC{i}",
            by=personas.olivia_officer,
        )
        grant_record_expenditure(
            grant=grant,
            budget_line=grant.budget_lines.order_by("pk")[i % grant.budget_lines.count()],
            amount="100",
            spent_on=timezone.localdate(),
            description="物资",
            by=personas.sam_staff,
        )
    make_grant(personas, title="另一份协议")
    assert _count(client, url) == few
