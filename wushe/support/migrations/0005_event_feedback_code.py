"""Each event gets its own secret for the public feedback link; existing events each get a new one."""

from django.db import migrations, models

import wushe.support.models


def give_each_event_a_code(apps, schema_editor):
    Event = apps.get_model("support", "Event")
    for event in Event.objects.filter(feedback_code__isnull=True).only("pk").iterator():
        Event.objects.filter(pk=event.pk).update(feedback_code=wushe.support.models.new_feedback_code())


class Migration(migrations.Migration):
    dependencies = [("support", "0004_registration_walk_in")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="feedback_code",
            field=models.CharField(editable=False, max_length=24, null=True),
        ),
        migrations.RunPython(give_each_event_a_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="feedback_code",
            field=models.CharField(
                default=wushe.support.models.new_feedback_code, editable=False, max_length=24, unique=True
            ),
        ),
    ]
