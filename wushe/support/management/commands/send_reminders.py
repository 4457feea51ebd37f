"""Enqueue the day's reminders; run once a day from cron or a systemd timer, e.g.
``0 8 * * * manage.py send_reminders``. Running it again the same day sends nothing twice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wushe.support.tasks import reminders_enqueue


class Command(BaseCommand):
    help = "提醒:明天的专业支持活动和工作坊,以及已逾期的跟进事项(每天运行一次,不会重复发送)。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="以哪一天为“今天”(YYYY-MM-DD),默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        day = timezone.localdate()
        if options.get("date"):
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(_("日期格式应为 YYYY-MM-DD。")) from None
        count = reminders_enqueue(day)
        self.stdout.write(ngettext("已安排发送 %(n)d 条提醒。", "已安排发送 %(n)d 条提醒。", count) % {"n": count})
