"""Requests racing each other on PostgreSQL, each thread on its own connection and transaction.

SQLite lets one writer in at a time (IMMEDIATE transactions), so there is no race to lose there;
these tests need PostgreSQL's row locks and run with ``DATABASE_URL=postgres://…``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from tests.concurrency import race
from tests.grants.builders import make_approved_proposal, make_grant, make_grant_call
from wushe.grants.models import Disbursement, Grant, GrantStatus, Tranche
from wushe.grants.services import grant_disburse, grant_transition

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need PostgreSQL row locks; SQLite serialises writers (set DATABASE_URL to run these)",
    ),
]


def _payer(personas: Any, grant: Grant, amount: str, reference: str) -> Callable[[], Disbursement]:
    def pay() -> Disbursement:
        return grant_disburse(
            grant=Grant.objects.get(pk=grant.pk),
            tranche=Tranche.objects.get(grant=grant, number=1),
            amount=amount,
            paid_on=timezone.localdate(),
            reference=reference,
            by=personas.olivia_officer,
        )

    return pay


def test_two_payments_that_together_exceed_a_tranche_exactly_one_succeeds(personas):
    grant = make_grant(personas)  # first tranche ¥50,000.00

    results = race(_payer(personas, grant, "30000", "HD-A"), _payer(personas, grant, "30000", "HD-B"))

    paid = [r for r in results if isinstance(r, Disbursement)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(paid), len(refused)) == (1, 1), results
    assert refused[0].message_dict["amount"] == [
        "超出本期可拨付余额:第一期 金额 ¥50,000.00,已拨付 ¥30,000.00,剩余 ¥20,000.00。"
    ]
    tranche = Tranche.objects.get(grant=grant, number=1)
    assert tranche.disbursed == Decimal("30000.00") <= tranche.amount
    assert Grant.objects.get(pk=grant.pk).disbursed_total == Decimal("30000.00")
    assert Disbursement.objects.filter(grant=grant).count() == 1


def test_many_payments_at_once_never_pay_a_tranche_beyond_its_amount(personas):
    grant = make_grant(personas)

    results = race(*(_payer(personas, grant, "20000", f"HD-{i}") for i in range(6)))

    assert sum(isinstance(r, Disbursement) for r in results) == 2, results
    assert sum(isinstance(r, ValidationError) for r in results) == 4, results
    tranche = Tranche.objects.get(grant=grant, number=1)
    assert tranche.disbursed == Decimal("40000.00")
    assert Grant.objects.get(pk=grant.pk).disbursed_total == Decimal("40000.00")
    assert sum(d.amount for d in Disbursement.objects.filter(grant=grant)) == Decimal("40000.00")


def test_writes_that_skip_the_service_still_cannot_overpay(personas):
    """Two raw ``F()`` updates racing without the service's locks or checks: the database's
    CHECK constraint refuses the one that would take the tranche beyond its amount."""
    grant = make_grant(personas)
    tranche = Tranche.objects.get(grant=grant, number=1)

    def add() -> int:
        with transaction.atomic():
            return Tranche.objects.filter(pk=tranche.pk).update(disbursed=F("disbursed") + Decimal("30000"))

    results = race(add, add)

    assert sorted(type(r).__name__ for r in results) == ["IntegrityError", "int"], results
    assert any(isinstance(r, IntegrityError) for r in results)
    tranche.refresh_from_db()
    assert tranche.disbursed == Decimal("30000.00")


def test_two_officers_suspending_at_once_suspend_it_once(personas):
    grant = make_grant(personas)

    def suspend(reason: str) -> Callable[[], Grant]:
        return lambda: grant_transition(grant=grant, action="suspend", by=personas.olivia_officer, reason=reason)

    results = race(suspend("中期报告逾期"), suspend("财务核查"))

    assert sum(isinstance(r, Grant) for r in results) == 1, results
    (refused,) = [r for r in results if isinstance(r, ValidationError)]
    assert refused.message_dict["action"] == ["协议当前状态为“已暂停”,不能“暂停”。"]
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.SUSPENDED
    events = [(e.additional_data or {}).get("event") for e in LogEntry.objects.get_for_object(grant)]
    assert events.count("grant.suspend") == 1


def test_grants_signed_at_once_get_different_agreement_numbers(personas):
    call = make_grant_call(personas)
    proposals = [make_approved_proposal(personas, call, title=f"院落试点{i}") for i in range(4)]

    results = race(*(lambda p=p: make_grant(personas, p) for p in proposals))

    assert all(isinstance(r, Grant) for r in results), results
    year = results[0].starts_on.year
    assert sorted(r.agreement_number for r in results) == [f"LY-{year}-{n:04d}" for n in range(1, 5)]
