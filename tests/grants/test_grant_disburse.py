from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tests.grants.builders import make_grant
from wushe.grants.models import Disbursement, Grant, Tranche
from wushe.grants.services import grant_disburse, grant_transition

pytestmark = pytest.mark.django_db


def _pay(personas, grant, amount, *, tranche_number=1, reference=None, by=None, paid_on=None):
    return grant_disburse(
        grant=grant,
        tranche=grant.tranches.get(number=tranche_number),
        amount=amount,
        paid_on=paid_on or timezone.localdate(),
        reference=reference or f"HD{Disbursement.objects.count() + 1:04d}",
        by=by or personas.olivia_officer,
    )


def _state(grant):
    grant.refresh_from_db()
    return (
        grant.disbursed_total,
        [t.disbursed for t in grant.tranches.all()],
        Disbursement.objects.filter(grant=grant).count(),
    )


def test_it_records_a_payment_and_raises_both_totals(personas, grant):
    payment = _pay(personas, grant, "50000", reference="HD20210301")

    assert payment.amount == Decimal("50000.00")
    assert payment.recorded_by == personas.olivia_officer
    assert _state(grant) == (Decimal("50000.00"), [Decimal("50000.00"), 0, 0], 1)


def test_a_tranche_may_be_paid_in_parts_up_to_its_amount(personas, grant):
    _pay(personas, grant, "20000")
    _pay(personas, grant, "30000")

    tranche = grant.tranches.get(number=1)
    assert tranche.disbursed == tranche.amount == Decimal("50000.00")
    assert tranche.remaining == 0


def test_it_refuses_a_payment_beyond_the_tranche(personas, grant):
    _pay(personas, grant, "40000")
    before = _state(grant)

    with pytest.raises(ValidationError) as caught:
        _pay(personas, grant, "10000.01")

    assert caught.value.message_dict["amount"] == [
        "超出本期可拨付余额:第一期 金额 ¥50,000.00,已拨付 ¥40,000.00,剩余 ¥10,000.00。"
    ]
    assert _state(grant) == before


def test_it_refuses_a_payment_beyond_the_grant(personas, grant):
    # Tranches always sum to the grant, so only a total that drifted (say, a record paid outside
    # the platform and entered by hand) can be caught here rather than at the tranche.
    Grant.objects.filter(pk=grant.pk).update(disbursed_total=Decimal("95000"))
    before = _state(grant)

    with pytest.raises(ValidationError) as caught:
        _pay(personas, grant, "10000")

    assert caught.value.message_dict["amount"] == [
        "超出协议可拨付余额:资助金额 ¥100,000.00,已拨付 ¥95,000.00,剩余 ¥5,000.00。"
    ]
    assert _state(grant) == before


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "金额须大于 0。"),
        ("-100", "金额不能为负数。"),
        ("100.005", "金额最多保留两位小数(精确到分)。"),
        ("一万", "请输入金额,如 12000 或 12000.50。"),
        ("NaN", "请输入金额,如 12000 或 12000.50。"),
        ("1e12", "金额过大。"),
    ],
)
def test_it_refuses_an_amount_that_is_not_a_positive_sum_of_yuan(personas, grant, amount, message):
    with pytest.raises(ValidationError) as caught:
        _pay(personas, grant, amount)

    assert caught.value.message_dict["amount"] == [message]
    assert _state(grant) == (0, [0, 0, 0], 0)


@pytest.mark.parametrize(("action", "label"), [("suspend", "已暂停"), ("close", "已结项")])
def test_it_refuses_to_pay_a_grant_that_is_not_active(personas, grant, action, label):
    grant_transition(grant=grant, action=action, by=personas.olivia_officer, reason="中期报告逾期未交")

    with pytest.raises(ValidationError) as caught:
        _pay(personas, grant, "1000")

    assert caught.value.message_dict[NON_FIELD_ERRORS] == [f"协议当前状态为“{label}”,不能拨付。"]
    assert _state(grant) == (0, [0, 0, 0], 0)


def test_it_refuses_a_tranche_of_another_grant(personas, grant):
    other = make_grant(personas)

    with pytest.raises(ValidationError) as caught:
        grant_disburse(
            grant=grant,
            tranche=other.tranches.get(number=1),
            amount="1000",
            paid_on=timezone.localdate(),
            reference="HD1",
            by=personas.olivia_officer,
        )

    assert caught.value.message_dict["tranche"] == ["该批次不属于此资助协议。"]
    assert _state(grant) == (0, [0, 0, 0], 0)
    assert _state(other) == (0, [0, 0, 0], 0)


def test_it_refuses_the_same_reference_twice(personas, grant):
    _pay(personas, grant, "10000", reference="HD-0301")

    with pytest.raises(ValidationError) as caught:
        _pay(personas, grant, "10000", reference="HD-0301")

    assert caught.value.message_dict["reference"] == ["凭证号 HD-0301 已登记过,请勿重复拨付。"]
    assert _state(grant) == (Decimal("10000.00"), [Decimal("10000.00"), 0, 0], 1)


def test_it_refuses_a_payment_dated_in_the_future_or_without_a_reference(personas, grant):
    with pytest.raises(ValidationError) as caught:
        grant_disburse(
            grant=grant,
            tranche=grant.tranches.get(number=1),
            amount="1000",
            paid_on=timezone.localdate() + timedelta(days=1),
            reference="  ",
            by=personas.olivia_officer,
        )

    assert caught.value.message_dict == {"paid_on": ["拨付日期不能晚于今天。"], "reference": ["此项必填。"]}
    assert _state(grant) == (0, [0, 0, 0], 0)


@pytest.mark.parametrize(
    "who", ["gina_grantee", "sam_staff", "frank_funder", "oscar_other", "rita_reviewer", "grace_gov", "vera_volunteer"]
)
def test_only_those_running_the_programme_may_pay(personas, grant, who):
    with pytest.raises(PermissionDenied):
        _pay(personas, grant, "1000", by=getattr(personas, who))

    assert _state(grant) == (0, [0, 0, 0], 0)


def test_a_platform_admin_may_pay(personas, grant):
    _pay(personas, grant, "1000", by=personas.alice_admin)

    assert _state(grant)[0] == Decimal("1000.00")


def test_a_payment_is_audited(personas, grant):
    _pay(personas, grant, "50000", reference="HD20210301")

    entry = LogEntry.objects.get_for_object(grant).filter(additional_data__event="grant.disburse").get()
    assert entry.actor == personas.olivia_officer
    assert entry.changes_dict["disbursed_total"] == ["0.00", "50000.00"]
    assert entry.changes_dict["reference"] == ["", "HD20210301"]


# --- the database keeps the limits by itself ---------------------------------------------------


def test_the_database_alone_refuses_to_pay_a_tranche_beyond_its_amount(grant):
    tranche = grant.tranches.get(number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Tranche.objects.filter(pk=tranche.pk).update(disbursed=F("disbursed") + Decimal("50000.01"))

    tranche.refresh_from_db()
    assert tranche.disbursed == 0


def test_the_database_alone_refuses_to_pay_a_grant_beyond_its_amount(grant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(disbursed_total=F("disbursed_total") + Decimal("100000.01"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(disbursed_total=Decimal("-0.01"))

    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.create(
            grant=grant,
            tranche=grant.tranches.first(),
            amount=Decimal("0"),
            paid_on=timezone.localdate(),
            recorded_by=grant.created_by,
        )


def test_a_payment_that_slips_past_the_check_still_hits_the_constraint(personas, grant, monkeypatch):
    """As if another request had paid between the check and the write: the service believes
    there is room, the database knows there is not, and the person sees a field error."""
    _pay(personas, grant, "30000")
    monkeypatch.setattr(Tranche, "remaining", property(lambda self: Decimal("1e9")))
    monkeypatch.setattr(Grant, "remaining", property(lambda self: Decimal("1e9")))

    with pytest.raises(ValidationError) as caught:
        _pay(personas, grant, "30000")

    assert caught.value.message_dict["amount"][0].startswith("超出本期可拨付余额:第一期")
    assert _state(grant) == (Decimal("30000.00"), [Decimal("30000.00"), 0, 0], 1)
