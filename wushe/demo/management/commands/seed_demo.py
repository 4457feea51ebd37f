"""Load the 绿缘计划 demo: organisations, their people and one login per role."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wushe.demo.seed import seed_demo


class Command(BaseCommand):
    help = "载入“绿缘计划”演示数据(组织、成员和各角色的演示账号);可重复运行,不会重复创建。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="即使 DEBUG 关闭(生产设置)也载入演示数据。演示账号使用公开的密码,请慎用。",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                _("DEBUG 已关闭,这看起来是生产环境,未载入演示数据:演示账号的密码是公开的。确需载入请加 --force。")
            )
        summary = seed_demo()
        for line in summary.lines():
            self.stdout.write(line)
