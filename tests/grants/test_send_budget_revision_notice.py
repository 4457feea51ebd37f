"""send_budget_revision_notice: once a budget revision is committed, the programme's officers
and the grantee's admins (not its author) are told in the app and by e-mail, each in their own
language, once; a refused revision tells nobody."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tests.factories import MembershipFactory, UserFactory
from tests.grants.builders import make_grant
from wushe.access.models import MemberRole
from wushe.accounts.models import Notification
from wushe.grants.budget_services import grant_budget_revise
from wushe.grants.models import BudgetRevision, Grant, GrantBudgetLine
from wushe.grants.tasks import send_budget_revision_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def trimmed(personas) -> Grant:
    """Requested ¥100,000 (bins 40,000 + outreach 60,000), approved for ¥80,000."""
    return make_grant(personas, requested=100_000, approved=80_000)


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://wushe.example.org/"
    return settings


def _revise(grant: Grant, by, amounts=("32000", "48000"), reason="按立项金额等比例调整") -> BudgetRevision:
    bins, outreach = GrantBudgetLine.objects.filter(grant=grant).order_by("order")
    return grant_budget_revise(
        grant=grant,
        by=by,
        lines=[{"id": bins.pk, "amount": amounts[0]}, {"id": outreach.pk, "amount": amounts[1]}],
        reason=reason,
    )


def _told(grant: Grant) -> list[str]:
    return sorted(Notification.objects.filter(url=f"/grants/{grant.pk}/").values_list("user__email", flat=True))


def test_a_revision_by_the_grantee_is_told_to_the_officers_and_other_admins_in_their_language(
    personas, trimmed, site, django_capture_on_commit_callbacks
):
    english = UserFactory(name="Emma Admin", email="emma@example.test", language="en")
    MembershipFactory(user=english, organisation=personas.grantee, role=MemberRole.ADMIN)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        revision = _revise(trimmed, personas.gina_grantee)
    assert len(callbacks) == 1

    assert _told(trimmed) == ["emma@example.test", "olivia@example.test"]
    assert sorted(m.to[0] for m in mail.outbox) == ["emma@example.test", "olivia@example.test"]
    link = f"https://wushe.example.org/grants/{trimmed.pk}/"

    officer = Notification.objects.get(user=personas.olivia_officer)
    assert officer.title == f"预算已调整:{trimmed.agreement_number}"
    assert officer.body == "Gina 机构管理员 把预算合计从 ¥100,000.00 调整为 ¥80,000.00。理由:按立项金额等比例调整"
    message = next(m for m in mail.outbox if m.to == ["olivia@example.test"])
    assert message.subject == officer.title
    assert message.body == f"Olivia 项目官员,你好:\n\n{officer.body}\n\n详情请登录平台查看:{link}\n"

    note = Notification.objects.get(user=english)
    assert note.title == f"Budget revised: {trimmed.agreement_number}"
    assert note.body == (
        "Gina 机构管理员 revised the budget total from ¥100,000.00 to ¥80,000.00. Reason: 按立项金额等比例调整"
    )
    message = next(m for m in mail.outbox if m.to == ["emma@example.test"])
    assert message.subject == note.title
    assert message.body.startswith("Hello Emma Admin,\n\n")
    assert link in message.body

    for who in ("gina_grantee", "sam_staff", "oscar_other", "frank_funder", "alice_admin"):
        assert not Notification.objects.filter(user=getattr(personas, who), url=officer.url).exists(), who
    revision.refresh_from_db()
    assert revision.notified_at is not None


def test_a_revision_by_the_officer_is_told_to_the_grantee_admin_only(
    personas, trimmed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _revise(trimmed, personas.olivia_officer, ("30000", "50000"), "与机构沟通后调整")

    assert _told(trimmed) == ["gina@example.test"]  # not the officer who revised, not staff
    assert [m.to for m in mail.outbox] == [["gina@example.test"]]
    assert "与机构沟通后调整" in mail.outbox[0].body


def test_running_the_task_again_sends_nothing_more(personas, trimmed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revision = _revise(trimmed, personas.gina_grantee)
    assert len(mail.outbox) == 1

    assert send_budget_revision_notice.call(revision_id=revision.pk) == 0
    assert send_budget_revision_notice.call(revision_id=revision.pk) == 0

    assert len(mail.outbox) == 1
    assert _told(trimmed) == ["olivia@example.test"]


def test_the_task_tells_each_reader_once_and_says_how_many(personas, trimmed):
    revision = _revise(trimmed, personas.olivia_officer)  # not committed: nobody told yet
    second = UserFactory(name="第二位管理员", email="admin2@example.test")
    MembershipFactory(user=second, organisation=personas.grantee, role=MemberRole.ADMIN)
    gone = UserFactory(name="已停用的管理员", email="gone@example.test", is_active=False)
    MembershipFactory(user=gone, organisation=personas.grantee, role=MemberRole.ADMIN)

    assert send_budget_revision_notice.call(revision_id=revision.pk) == 2

    assert _told(trimmed) == ["admin2@example.test", "gina@example.test"]
    assert sorted(m.to[0] for m in mail.outbox) == ["admin2@example.test", "gina@example.test"]


def test_a_reader_without_an_email_address_is_told_in_the_app(personas, trimmed, django_capture_on_commit_callbacks):
    by_phone = UserFactory(name="手机登录的管理员", email=None, phone="13800138000")
    MembershipFactory(user=by_phone, organisation=personas.grantee, role=MemberRole.ADMIN)

    with django_capture_on_commit_callbacks(execute=True):
        _revise(trimmed, personas.olivia_officer)

    assert Notification.objects.filter(user=by_phone, url=f"/grants/{trimmed.pk}/").count() == 1
    assert [m.to for m in mail.outbox] == [["gina@example.test"]]


def test_nobody_is_told_until_the_revision_is_committed(personas, trimmed):
    revision = _revise(trimmed, personas.gina_grantee)  # the test's transaction never commits

    assert mail.outbox == []
    assert _told(trimmed) == []
    revision.refresh_from_db()
    assert revision.notified_at is None


def test_a_refused_revision_tells_nobody(personas, trimmed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        _revise(trimmed, personas.gina_grantee, ("40000", "30000"))  # adds up to 70,000, not 80,000

    assert callbacks == []
    assert mail.outbox == []
    assert _told(trimmed) == []
    assert not BudgetRevision.objects.exists()
