"""The fields of work organisations choose from (垃圾分类与减量, 环境教育, …), in display order."""

from django.db import migrations

from wushe.orgs.places_data import load_fields_of_work, unload_fields_of_work


def load(apps, schema_editor):
    load_fields_of_work(apps.get_model("orgs", "FieldOfWork"))


def unload(apps, schema_editor):
    unload_fields_of_work(apps.get_model("orgs", "FieldOfWork"))


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_load_beijing_places"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
