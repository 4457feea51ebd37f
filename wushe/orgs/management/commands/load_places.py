"""Load Beijing's places and the fields of work again: only what is missing is created."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from wushe.orgs.models import FieldOfWork, Place
from wushe.orgs.places_data import load_fields_of_work, load_places


class Command(BaseCommand):
    help = "补全北京市的区、街道(乡镇)、社区和院落,以及服务领域;已有的不重复创建。"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            places = load_places(Place)
            fields = load_fields_of_work(FieldOfWork)
        self.stdout.write(
            _("新建地点 %(places)d 个、服务领域 %(fields)d 个;现有地点共 %(total)d 个。")
            % {"places": places, "fields": fields, "total": Place.objects.count()}
        )
