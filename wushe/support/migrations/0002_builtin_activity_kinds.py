"""The five kinds of professional support every installation starts with."""

from django.db import migrations

from wushe.support.migrations._builtin_kinds import create_kinds, remove_kinds


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(create_kinds, remove_kinds)]
