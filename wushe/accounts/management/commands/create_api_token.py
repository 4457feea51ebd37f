"""Create a personal API token for a user, e.g. for a server-side sync script.

The token is printed once, alone on standard output (so a script can capture it); only its hash
is stored. An unknown or deactivated user is an error (exit status 1).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from wushe.accounts.models import User
from wushe.accounts.services import api_token_create


class Command(BaseCommand):
    help = "为用户创建一个个人 API 令牌,令牌只显示这一次。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("login", help="用户的电子邮箱或手机号")
        parser.add_argument("--name", default="", help="令牌的用途,例如“数据同步”(默认:命令行创建)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.get_by_login(options["login"])
        if user is None:
            raise CommandError(_("找不到电子邮箱或手机号为“%(login)s”的用户。") % {"login": options["login"].strip()})
        if not user.is_active:
            raise CommandError(_("用户“%(name)s”已停用,不能创建令牌。") % {"name": user.name})
        try:
            token, secret = api_token_create(user=user, name=options["name"] or _("命令行创建"))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stderr.write(
            _("已为%(user)s创建令牌“%(name)s”。令牌只显示这一次,请立即保存:") % {"user": user.name, "name": token.name}
        )
        self.stdout.write(secret)
