"""Proposal lists are a scope (call or organisation), maybe a status, latest first: index all three
so that counting and ordering them reads the index, not the rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0002_proposal_attachment"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="proposal", name="proposal_call_status"),
        migrations.RemoveIndex(model_name="proposal", name="proposal_org_status"),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["call", "status", "updated_at"], name="proposal_call_status_updated"),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["organisation", "status", "updated_at"], name="proposal_org_status_updated"),
        ),
    ]
