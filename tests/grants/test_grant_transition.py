"""Every transition of the grant state machine, allowed and refused, by state and by role."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from wushe.grants.models import Grant, GrantStatus
from wushe.grants.services import grant_transition
from wushe.grants.transitions import TRANSITIONS, available

pytestmark = pytest.mark.django_db

ACTIVE, SUSPENDED, CLOSED = GrantStatus.ACTIVE, GrantStatus.SUSPENDED, GrantStatus.CLOSED

# (action, from-state) → the state after it, or None where the table refuses it.
TABLE = {
    ("suspend", ACTIVE): SUSPENDED,
    ("suspend", SUSPENDED): None,
    ("suspend", CLOSED): None,
    ("resume", ACTIVE): None,
    ("resume", SUSPENDED): ACTIVE,
    ("resume", CLOSED): None,
    ("close", ACTIVE): CLOSED,
    ("close", SUSPENDED): CLOSED,
    ("close", CLOSED): None,
}
STATUS_LABEL = {ACTIVE: "执行中", SUSPENDED: "已暂停", CLOSED: "已结项"}
ACTION_LABEL = {"suspend": "暂停", "resume": "恢复执行", "close": "结项"}
MANAGERS = ("alice_admin", "olivia_officer")
OTHERS = ("frank_funder", "gina_grantee", "sam_staff", "oscar_other", "rita_reviewer", "grace_gov", "vera_volunteer")


def _put_in(grant: Grant, status: str) -> Grant:
    Grant.objects.filter(pk=grant.pk).update(status=status)
    grant.refresh_from_db()
    return grant


def _events(grant: Grant) -> list[str]:
    return [
        e.additional_data["event"]
        for e in LogEntry.objects.get_for_object(grant).order_by("pk")
        if (e.additional_data or {}).get("event", "").startswith("grant.")
    ]


def test_the_table_is_the_one_the_product_describes():
    got = {
        (action, source): (t.target if source in t.sources else None)
        for action, t in TRANSITIONS.items()
        for source in (ACTIVE, SUSPENDED, CLOSED)
    }
    assert got == TABLE
    assert {a for a, t in TRANSITIONS.items() if t.needs_reason} == {"suspend", "close"}


@pytest.mark.parametrize(("action", "source"), list(TABLE))
def test_each_transition_from_each_state(personas, grant, action, source):
    grant = _put_in(grant, source)
    target = TABLE[(action, source)]

    if target is None:
        with pytest.raises(ValidationError) as caught:
            grant_transition(grant=grant, action=action, by=personas.olivia_officer, reason="理由")
        assert caught.value.message_dict["action"] == [
            f"协议当前状态为“{STATUS_LABEL[source]}”,不能“{ACTION_LABEL[action]}”。"
        ]
        grant.refresh_from_db()
        assert grant.status == source
        assert grant.status_reason == ""
        assert _events(grant) == ["grant.create"]
    else:
        changed = grant_transition(grant=grant, action=action, by=personas.olivia_officer, reason="理由")
        assert changed.status == target
        assert Grant.objects.get(pk=grant.pk).status == target
        assert _events(grant) == ["grant.create", f"grant.{action}"]


@pytest.mark.parametrize("who", MANAGERS + OTHERS)
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_only_those_running_the_programme_may_fire_a_transition(personas, grant, who, action):
    source = SUSPENDED if action == "resume" else ACTIVE
    grant = _put_in(grant, source)

    if who in MANAGERS:
        assert (
            grant_transition(grant=grant, action=action, by=getattr(personas, who), reason="理由").status
            == (TABLE[(action, source)])
        )
    else:
        with pytest.raises(PermissionDenied) as caught:
            grant_transition(grant=grant, action=action, by=getattr(personas, who), reason="理由")
        assert str(caught.value) == f"你的角色不能执行“{ACTION_LABEL[action]}”。"
        assert Grant.objects.get(pk=grant.pk).status == source
        assert _events(grant) == ["grant.create"]


@pytest.mark.parametrize("action", ["suspend", "close"])
def test_suspending_or_closing_needs_a_reason(personas, grant, action):
    with pytest.raises(ValidationError) as caught:
        grant_transition(grant=grant, action=action, by=personas.olivia_officer, reason="  ")

    assert caught.value.message_dict["reason"] == [f"请写明“{ACTION_LABEL[action]}”的理由,受资助机构会看到。"]
    assert Grant.objects.get(pk=grant.pk).status == ACTIVE
    assert _events(grant) == ["grant.create"]


def test_an_unknown_action_is_refused(personas, grant):
    with pytest.raises(ValidationError) as caught:
        grant_transition(grant=grant, action="activate", by=personas.olivia_officer)

    assert caught.value.message_dict["action"] == ["未知的操作。"]


def test_the_reason_is_kept_and_audited(personas, grant):
    grant_transition(grant=grant, action="suspend", by=personas.olivia_officer, reason="中期报告逾期两个月未交")

    grant.refresh_from_db()
    assert grant.status_reason == "中期报告逾期两个月未交"
    assert grant.status_changed_at is not None
    entry = LogEntry.objects.get_for_object(grant).filter(additional_data__event="grant.suspend").get()
    assert entry.actor == personas.olivia_officer
    assert entry.changes_dict == {"status": ["active", "suspended"], "reason": ["", "中期报告逾期两个月未交"]}


def test_resuming_clears_the_reason(personas, grant):
    grant_transition(grant=grant, action="suspend", by=personas.olivia_officer, reason="中期报告逾期")
    grant_transition(grant=grant, action="resume", by=personas.olivia_officer)

    grant.refresh_from_db()
    assert (grant.status, grant.status_reason) == (ACTIVE, "")
    assert _events(grant) == ["grant.create", "grant.suspend", "grant.resume"]


def test_available_lists_what_an_officer_can_do_from_each_state():
    officer = {"officer"}
    assert [t.action for t in available(ACTIVE, officer)] == ["suspend", "close"]
    assert [t.action for t in available(SUSPENDED, officer)] == ["resume", "close"]
    assert available(CLOSED, officer) == []
    assert available(ACTIVE, set()) == []
