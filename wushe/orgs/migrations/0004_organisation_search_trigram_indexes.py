"""Trigram indexes for organisation search on PostgreSQL.

``Organisation.objects.search`` matches substrings (``LIKE '%…%'``): of the name and short name
for Chinese input, of the pinyin keys for Latin letters and digits. A B-tree index cannot serve a
substring match, so without these every search reads the whole table; with pg_trgm's GIN indexes
a query of three characters or more reads only the candidate rows.

SQLite has no trigram index; there the search scans, which is fast enough at its scale. If the
database user may not create the pg_trgm extension, the indexes are skipped with a warning: search
works the same, only slower.
"""

import warnings

from django.db import migrations, transaction
from django.db.utils import DatabaseError

INDEXES = {
    "org_search_name_trgm": "name gin_trgm_ops",
    "org_search_short_name_trgm": "short_name gin_trgm_ops",
    "org_search_pinyin_trgm": "search_pinyin gin_trgm_ops",
    "org_search_initials_trgm": "search_initials gin_trgm_ops",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("orgs", "Organisation")._meta.db_table)
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:
        warnings.warn(f"pg_trgm is not available ({exc}); organisation search will scan the table", stacklevel=1)
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0003_load_fields_of_work"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
