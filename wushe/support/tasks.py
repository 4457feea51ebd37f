"""Reminders, sent through the task framework: an in-app notification and, when the person has
an e-mail address, an e-mail. The reminder's key is written to ``ReminderLog`` first, in the
same transaction as the notification; a key already there means the reminder went out before,
so a reminder enqueued twice (by a repeated cron run, a retried job) is still sent once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from wushe.accounts.services import notify
from wushe.support.models import (
    ActivityStatus,
    FollowUp,
    Registration,
    RegistrationStatus,
    ReminderLog,
    SupportActivity,
)
from wushe.support.selectors import day_bounds, event_url, kind_label


@task()
def send_reminder(*, key: str, user_id: int, title: str, body: str = "", url: str = "") -> bool:
    """Send one reminder unless its key was sent already; True when it was sent now."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    try:
        with transaction.atomic():
            ReminderLog.objects.create(key=key[:120], user=user)
            notify(users=[user], title=title, body=body, url=url)
            if user.email:
                # Inside the transaction: if the mail cannot be handed over, nothing is logged
                # and the next run tries again.
                link = settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url
                send_mail(title, f"{body}\n\n{link}".strip(), None, [user.email])
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class Reminder:
    key: str
    user_id: int
    title: str
    body: str
    url: str


def due_reminders(day: date) -> list[Reminder]:
    """The reminders of ``day``: activities and events tomorrow (to the activity's staff and
    the event's confirmed attendees who have an account), follow-ups past their due date (to
    their owner). Those already in the log are left out."""
    tomorrow_start, tomorrow_end = day_bounds(day + timedelta(days=1), day + timedelta(days=1))
    reminders: list[Reminder] = []
    with translation.override("zh-hans"):
        activities = (
            SupportActivity.objects.filter(
                status=ActivityStatus.PLANNED, starts_at__gte=tomorrow_start, starts_at__lt=tomorrow_end
            )
            .select_related("kind", "place")
            .prefetch_related(Prefetch("staff", queryset=get_user_model().objects.only("id")))
        )
        for activity in activities:
            when = timezone.localtime(activity.starts_at)
            where = activity.place.full_name if activity.place else ""
            body = _("时间:%(time)s,时长 %(minutes)d 分钟。") % {
                "time": f"{when:%Y-%m-%d %H:%M}",
                "minutes": activity.duration_minutes,
            }
            if where:
                body += _("地点:%(place)s。") % {"place": where}
            title = _("明天:%(kind)s“%(topic)s”") % {"kind": kind_label(activity.kind), "topic": activity.topic}
            url = reverse("activity-detail", args=[activity.pk])
            reminders += [
                Reminder(f"activity:{activity.pk}:{when:%Y%m%d}:{person.pk}", person.pk, title, body, url)
                for person in activity.staff.all()
            ]
        registrations = Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            user__isnull=False,
            event__starts_at__gte=tomorrow_start,
            event__starts_at__lt=tomorrow_end,
        ).select_related("event")
        for registration in registrations:
            event = registration.event
            when = timezone.localtime(event.starts_at)
            body = _("时间:%(time)s。") % {"time": f"{when:%Y-%m-%d %H:%M}"}
            if event.venue:
                body += _("地点:%(place)s。") % {"place": event.venue}
            reminders.append(
                Reminder(
                    f"event:{event.pk}:{when:%Y%m%d}:{registration.user_id}",
                    registration.user_id or 0,
                    _("明天:%(title)s") % {"title": event.title},
                    body,
                    event_url(event),
                )
            )
        overdue = FollowUp.objects.filter(done=False, due_on__lt=day).select_related("activity")
        for follow_up in overdue:
            reminders.append(
                Reminder(
                    f"follow_up:{follow_up.pk}:{follow_up.due_on:%Y%m%d}:{follow_up.owner_id}",
                    follow_up.owner_id,
                    _("跟进事项已逾期:%(what)s") % {"what": follow_up.description},
                    _("截止日期 %(day)s,来自活动“%(topic)s”。")
                    % {"day": date_format(follow_up.due_on), "topic": follow_up.activity.topic},
                    reverse("follow-up-list"),
                )
            )
    sent = set(ReminderLog.objects.filter(key__in=[r.key for r in reminders]).values_list("key", flat=True))
    return [r for r in reminders if r.key not in sent]


def reminders_enqueue(day: date) -> int:
    """Enqueue the day's reminders; returns how many were enqueued."""
    reminders = due_reminders(day)
    for r in reminders:
        send_reminder.enqueue(key=r.key, user_id=r.user_id, title=str(r.title), body=str(r.body), url=r.url)
    return len(reminders)
