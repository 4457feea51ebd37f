"""Reference data every install ships with: Beijing's places (区 → 街道/地区/镇/乡 → 社区/村 →
院落) and the fields of work.

The data migrations and ``manage.py load_places`` share this code, so it takes the model class
as an argument: a migration passes its historical model (which has no ``save()`` logic), hence the
full name and pinyin keys are computed here exactly as ``Place.save()`` computes them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from wushe.core.text import pinyin_full, pinyin_initials

PLACES_FILE = Path(__file__).resolve().parent / "data" / "beijing_places.json"

DISTRICT, STREET, COMMUNITY, COURTYARD = 1, 2, 3, 4
LEVELS = (DISTRICT, STREET, COMMUNITY, COURTYARD)

FIELDS_OF_WORK = (
    "垃圾分类与减量",
    "环境教育",
    "社区营造",
    "为老服务",
    "儿童青少年",
    "社区治理",
    "志愿服务",
    "能力建设",
    "公益慈善",
)


@dataclass(frozen=True)
class PlaceRow:
    """One place of the data file, named by its path from the district down."""

    path: tuple[str, ...]
    code: str = ""

    @property
    def level(self) -> int:
        return len(self.path)

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def parent_path(self) -> tuple[str, ...]:
        return self.path[:-1]


@cache
def beijing_places() -> tuple[PlaceRow, ...]:
    """Every place in the data file, parents before children."""
    data = json.loads(PLACES_FILE.read_text(encoding="utf-8"))
    rows: list[PlaceRow] = []
    for district in data["districts"]:
        d = (district["name"],)
        rows.append(PlaceRow(d, district.get("code", "")))
        for street in district.get("streets", []):
            s = (*d, street["name"])
            rows.append(PlaceRow(s, street.get("code", "")))
            for community in street.get("communities", []):
                c = (*s, community["name"])
                rows.append(PlaceRow(c, community.get("code", "")))
                rows.extend(PlaceRow((*c, courtyard)) for courtyard in community.get("courtyards", []))
    return tuple(sorted(rows, key=lambda row: row.level))


def _existing(place_model: Any, level: int) -> dict[tuple[int | None, str], tuple[int, str]]:
    """(parent id, name) → (id, full name) of the places that could match rows of ``level``."""
    if level == DISTRICT:
        qs = place_model.objects.filter(parent__isnull=True)
    else:
        qs = place_model.objects.filter(parent__level=level - 1)
    return {
        (parent_id, name): (pk, full)
        for pk, parent_id, name, full in qs.values_list("pk", "parent_id", "name", "full_name")
    }


def load_places(place_model: Any, rows: tuple[PlaceRow, ...] | None = None) -> int:
    """Create the places that are missing, matched by (parent, name), one bulk insert per level.

    Places already there are left untouched, so running it again creates nothing. Returns the
    number of places created.
    """
    rows = beijing_places() if rows is None else rows
    found: dict[tuple[str, ...], tuple[int, str]] = {(): (0, "")}  # path → (id, full name); () is the root
    created = 0
    for level in LEVELS:
        wanted = [row for row in rows if row.level == level and row.parent_path in found]
        if not wanted:
            continue
        keys = {row.path: (found[row.parent_path][0] or None, row.name) for row in wanted}
        existing = _existing(place_model, level)
        missing = [
            place_model(
                name=row.name,
                level=level,
                parent_id=keys[row.path][0],
                code=row.code,
                full_name=found[row.parent_path][1] + row.name,
                pinyin=pinyin_full(found[row.parent_path][1] + row.name),
                initials=pinyin_initials(row.name),
            )
            for row in wanted
            if keys[row.path] not in existing
        ]
        if missing:
            place_model.objects.bulk_create(missing, batch_size=500)
            created += len(missing)
            existing = _existing(place_model, level)
        found.update((row.path, existing[keys[row.path]]) for row in wanted)
    return created


def unload_places(place_model: Any, rows: tuple[PlaceRow, ...] | None = None) -> int:
    """Delete the places of the data file, deepest first. A place that an organisation or a
    place added later points to is protected, and the deletion then fails loudly."""
    rows = beijing_places() if rows is None else rows
    deleted = 0
    for level in reversed(LEVELS):
        names = {"".join(row.path) for row in rows if row.level == level}
        count, _by_model = place_model.objects.filter(level=level, full_name__in=names).delete()
        deleted += count
    return deleted


def load_fields_of_work(field_model: Any) -> int:
    """Create the fields of work that are missing, in their display order; returns how many."""
    existing = set(field_model.objects.filter(name__in=FIELDS_OF_WORK).values_list("name", flat=True))
    missing = [
        field_model(name=name, order=(index + 1) * 10)
        for index, name in enumerate(FIELDS_OF_WORK)
        if name not in existing
    ]
    field_model.objects.bulk_create(missing)
    return len(missing)


def unload_fields_of_work(field_model: Any) -> None:
    field_model.objects.filter(name__in=FIELDS_OF_WORK).delete()
