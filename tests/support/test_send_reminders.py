"""The daily reminders: the day before an activity or event, and when a follow-up is overdue;
sent through the task framework as a notification and an e-mail, never twice."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.support.builders import at, make_activity, register
from tests.support.event_builders import make_event
from wushe.accounts.models import Notification
from wushe.support.followup_services import followup_add
from wushe.support.models import ReminderLog
from wushe.support.services import activity_cancel
from wushe.support.tasks import send_reminder

pytestmark = pytest.mark.django_db


def _run(day=None) -> str:
    out = StringIO()
    call_command("send_reminders", *([f"--date={day.isoformat()}"] if day else []), stdout=out)
    return out.getvalue()


def test_reminders_go_out_once_however_often_the_command_runs(personas):
    activity = make_activity(personas, days=1, status="planned", topic="明天的圆桌")
    cancelled = make_activity(personas, activity.programme, days=1, status="planned", topic="取消了")
    activity_cancel(activity=cancelled, by=personas.olivia_officer)
    make_activity(personas, activity.programme, days=2, status="planned", topic="后天的")
    workshop = make_event(personas, programme=activity.programme, starts_at=at(1, 14, 0), title="明天的工作坊")
    register(workshop, personas.grantee, personas.gina_grantee, user=personas.gina_grantee)
    register(workshop, personas.grantee, personas.gina_grantee, guest="访客李")  # no account: no reminder
    old = make_activity(personas, activity.programme, days=-20)
    followup_add(
        activity=old,
        by=personas.olivia_officer,
        description="提交监测表",
        owner=personas.sam_staff,
        due_on=timezone.localdate() - timedelta(days=1),
    )

    first = _run()
    second = _run()

    assert "3" in first
    assert "0" in second
    titles = sorted(Notification.objects.values_list("user__name", "title"))
    assert titles == [
        ("Gina 机构管理员", "明天:明天的工作坊"),
        ("Olivia 项目官员", "明天:圆桌辅导会“明天的圆桌”"),
        ("Sam 机构员工", "跟进事项已逾期:提交监测表"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["gina@example.test", "olivia@example.test", "sam@example.test"]
    assert ReminderLog.objects.count() == 3


def test_a_reminder_enqueued_twice_is_sent_once(personas):
    args = {
        "key": "activity:1:20260101:1",
        "user_id": personas.gina_grantee.pk,
        "title": "明天:圆桌",
        "url": "/support/",
    }

    first = send_reminder.enqueue(**args)
    second = send_reminder.enqueue(**args)

    assert (first.return_value, second.return_value) == (True, False)
    assert Notification.objects.filter(user=personas.gina_grantee).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.endswith("/support/")


def test_a_rescheduled_activity_is_reminded_again(personas):
    activity = make_activity(personas, days=1, status="planned")
    _run()
    activity.starts_at = at(3)
    activity.save()

    _run(timezone.localdate() + timedelta(days=2))

    assert Notification.objects.filter(user=personas.olivia_officer).count() == 2


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date=2026-02-30", stdout=StringIO())
