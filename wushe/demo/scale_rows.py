"""Writing generated rows fast: ``bulk_create`` in large batches, plain-value inserts for link
tables, and history that keeps its own dates."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, models

TZ = ZoneInfo("Asia/Shanghai")
BATCH = 2000


@contextmanager
def keep_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Within the block, ``auto_now``/``auto_now_add`` fields of these models keep the values given
    (generated history has its own dates), as if the fields were plain."""
    changed: list[tuple[models.Field[Any, Any], bool, bool]] = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                changed.append((f, f.auto_now, f.auto_now_add))  # type: ignore[attr-defined]
                f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in changed:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def bulk(model: type[models.Model], rows: list[Any]) -> list[Any]:
    model._default_manager.bulk_create(rows, batch_size=BATCH)
    return rows


def link(model: type[models.Model], columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> int:
    """Rows of plain values (ids, numbers) straight into ``model``'s table: many-to-many links
    and the like, hundreds of thousands at a time, without building model instances."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)  # type: ignore[union-attr,arg-type]
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608  (names from the model; values are parameters)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20000):
            cursor.executemany(sql, rows[start : start + 20000])
    return len(rows)
