"""Print the demo logins that exist in the database, for `make run`."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from wushe.accounts.models import User
from wushe.demo.seed import DEMO_LOGINS


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "列出演示账号(登录邮箱、手机号、角色和密码)。"

    def handle(self, *args: Any, **options: Any) -> None:
        users = {u.email: u for u in User.objects.filter(email__in=[login.email for login in DEMO_LOGINS])}
        rows = [
            (login.email, users[login.email].phone or "", users[login.email].name, str(login.description))
            for login in DEMO_LOGINS
            if login.email in users
        ]
        if not rows:
            self.stdout.write(_("还没有演示账号。请先运行:python manage.py seed_demo"))
            return
        password = settings.WUSHE_DEMO_PASSWORD
        header = (_("登录邮箱"), _("手机号"), _("姓名"), _("角色"), _("密码"))
        table = [header] + [(*row, password) for row in rows]
        widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
        self.stdout.write(_("演示账号(用邮箱或手机号登录):"))
        for row in table:
            self.stdout.write("  " + "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
