"""Beijing's places and the fields of work ship with the migrations; `load_places` tops them up."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from wushe.core.text import pinyin_full, pinyin_initials
from wushe.orgs.models import FieldOfWork, Place, PlaceLevel
from wushe.orgs.places_data import FIELDS_OF_WORK, beijing_places, load_places, unload_places

DISTRICTS = {
    "东城区", "西城区", "朝阳区", "丰台区", "石景山区", "海淀区", "门头沟区", "房山区",
    "通州区", "顺义区", "昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区",
}  # fmt: skip


def place(*path: str) -> Place:
    return Place.objects.select_related("parent").get(full_name="".join(path), level=len(path))


def test_it_ships_the_sixteen_districts(db):
    districts = Place.objects.filter(level=PlaceLevel.DISTRICT, parent=None)
    assert set(districts.values_list("name", flat=True)) == DISTRICTS
    assert districts.count() == 16
    assert place("东城区").code == "110101"


def test_it_puts_qianmen_street_under_dongcheng(db):
    street = place("东城区", "前门街道")
    assert street.level == PlaceLevel.STREET
    assert street.parent.name == "东城区"
    assert street.full_name == "东城区前门街道"
    assert street.pinyin == "dongchengquqianmenjiedao"
    assert street.initials == "qmjd"


def test_it_puts_dongfeng_area_under_chaoyang(db):
    area = place("朝阳区", "东风地区")
    assert area.parent == place("朝阳区")
    assert area.level == PlaceLevel.STREET


def test_it_ships_communities_and_courtyards(db):
    courtyard = place("东城区", "前门街道", "草厂社区", "草厂三条12号院")
    assert courtyard.level == PlaceLevel.COURTYARD
    assert courtyard.parent.full_name == "东城区前门街道草厂社区"
    assert courtyard.parent.level == PlaceLevel.COMMUNITY
    assert Place.objects.count() == len(beijing_places())


def test_it_computes_names_and_keys_as_saving_a_place_would(db):
    for p in Place.objects.select_related("parent"):
        assert p.full_name == (p.parent.full_name if p.parent else "") + p.name
        assert p.pinyin == pinyin_full(p.full_name)
        assert p.initials == pinyin_initials(p.name)
        assert p.level == (p.parent.level + 1 if p.parent else 1)


def test_a_shipped_street_is_found_by_its_initials(db):
    assert place("东城区", "前门街道") in Place.objects.search("qmjd")


def test_loading_again_creates_nothing(db):
    before = Place.objects.count()
    assert load_places(Place) == 0
    assert Place.objects.count() == before


def test_it_restores_a_missing_place_and_leaves_the_others(db):
    gone = place("东城区", "前门街道", "草厂社区", "草厂九条6号院")
    kept = place("东城区", "前门街道", "草厂社区", "草厂三条12号院")
    gone.delete()
    assert load_places(Place) == 1
    back = place("东城区", "前门街道", "草厂社区", "草厂九条6号院")
    assert back.parent == kept.parent
    assert back.initials == "ccjt6hy"
    assert place("东城区", "前门街道", "草厂社区", "草厂三条12号院").pk == kept.pk


def test_it_keeps_places_added_by_hand(db):
    street = place("东城区", "前门街道")
    added = Place.objects.create(name="新建测试社区", level=PlaceLevel.COMMUNITY, parent=street)
    assert load_places(Place) == 0
    assert Place.objects.filter(pk=added.pk).exists()


def test_it_unloads_and_loads_again_as_the_migration_does_backwards_and_forwards(db):
    total = Place.objects.count()
    assert unload_places(Place) == total
    assert not Place.objects.exists()
    assert load_places(Place) == total
    assert place("朝阳区", "东风地区").parent.name == "朝阳区"


def test_it_ships_the_fields_of_work_in_order(db):
    assert list(FieldOfWork.objects.values_list("name", flat=True)) == list(FIELDS_OF_WORK)
    assert len(FIELDS_OF_WORK) == 9


def test_the_command_reports_what_it_created(db):
    place("东城区", "前门街道", "前门东大街社区", "前门东大街3号楼").delete()
    FieldOfWork.objects.filter(name="环境教育").delete()
    out = StringIO()
    call_command("load_places", stdout=out)
    assert "新建地点 1 个、服务领域 1 个" in out.getvalue()
    out = StringIO()
    call_command("load_places", stdout=out)
    assert "新建地点 0 个、服务领域 0 个" in out.getvalue()
