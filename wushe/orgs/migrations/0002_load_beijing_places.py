"""Every install ships with Beijing's 16 districts, their streets and towns, and the communities
and courtyards of the data file (wushe/orgs/data/beijing_places.json)."""

from django.db import migrations

from wushe.orgs.places_data import load_places, unload_places


def load(apps, schema_editor):
    load_places(apps.get_model("orgs", "Place"))


def unload(apps, schema_editor):
    unload_places(apps.get_model("orgs", "Place"))


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload),
    ]
