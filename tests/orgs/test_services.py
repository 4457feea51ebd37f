from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_uscc
from wushe.orgs.models import Organisation, OrganisationKind, Place, PlaceLevel
from wushe.orgs.services import organisation_create, organisation_set_active, organisation_update, place_create


def data(**overrides) -> dict:
    values = {"name": "北京市海淀区青苗社会工作服务中心", "kind": OrganisationKind.SERVICE, "uscc": make_uscc(7000)}
    values.update(overrides)
    return values


def last_entry(obj) -> LogEntry:
    return LogEntry.objects.get_for_object(obj).order_by("-pk").first()


# --- organisation_create --------------------------------------------------------------------


def test_create_writes_the_organisation_and_its_audit_entry(personas):
    org = organisation_create(
        by=personas.olivia_officer, data=data(short_name=" 青苗 "), service_places=[personas.street]
    )
    assert org.pk is not None
    assert org.short_name == "青苗"
    assert list(org.service_places.all()) == [personas.street]
    entry = LogEntry.objects.get_for_object(org).get(action=LogEntry.Action.CREATE)
    assert entry.actor == personas.olivia_officer
    assert entry.changes_dict["name"][1] == "北京市海淀区青苗社会工作服务中心"


def test_create_ignores_fields_it_does_not_own(personas):
    org = organisation_create(by=personas.alice_admin, data=data(is_active=False, search_pinyin="x"))
    assert org.is_active is True
    assert org.search_pinyin.startswith("beijingshihaidianqu")


@pytest.mark.parametrize("who", ["gina_grantee", "frank_funder", "vera_volunteer", "grace_gov"])
def test_create_refuses_people_who_may_not(who, personas):
    before = LogEntry.objects.count()
    with pytest.raises(PermissionDenied):
        organisation_create(by=getattr(personas, who), data=data())
    assert not Organisation.objects.filter(name=data()["name"]).exists()
    assert LogEntry.objects.count() == before


def test_create_refuses_an_anonymous_caller(personas):
    with pytest.raises(PermissionDenied):
        organisation_create(by=None, data=data())


def test_create_refuses_a_service_organisation_without_a_code(personas):
    with pytest.raises(ValidationError) as exc:
        organisation_create(by=personas.alice_admin, data=data(uscc=""))
    assert "uscc" in exc.value.message_dict
    assert not Organisation.objects.filter(name=data()["name"]).exists()


def test_create_refuses_a_wrong_code_and_writes_nothing(personas):
    good = make_uscc(7000)
    before = LogEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        organisation_create(
            by=personas.alice_admin, data=data(uscc=good[:17] + ("0" if good[17] != "0" else "1")), service_places=[]
        )
    assert exc.value.message_dict["uscc"] == ["统一社会信用代码的校验位不正确,请核对后重新输入。"]
    assert Organisation.objects.count() == 5
    assert LogEntry.objects.count() == before


def test_create_lets_partners_and_community_groups_go_without_a_code(personas):
    for n, kind in enumerate((OrganisationKind.PARTNER, OrganisationKind.COMMUNITY_GROUP)):
        org = organisation_create(by=personas.alice_admin, data=data(name=f"伙伴{n}", kind=kind, uscc=""))
        assert org.uscc is None


# --- organisation_update --------------------------------------------------------------------


def test_update_records_the_actor_and_the_changed_fields(personas):
    org = organisation_update(
        organisation=personas.grantee,
        by=personas.gina_grantee,
        data={"short_name": "三正", "contact_phone": "+86 139 0000 9999"},
    )
    assert org.contact_phone == "13900009999"
    entry = last_entry(org)
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == personas.gina_grantee
    assert set(entry.changes_dict) == {"short_name", "contact_phone"}
    assert entry.changes_dict["short_name"] == ["三正社工", "三正"]


def test_every_write_of_the_same_actor_names_them(personas):
    """Two writes in a row by the same person, outside any request: both entries name them."""
    organisation_update(organisation=personas.grantee, by=personas.gina_grantee, data={"short_name": "一"})
    organisation_update(organisation=personas.grantee, by=personas.gina_grantee, data={"short_name": "二"})
    entries = LogEntry.objects.get_for_object(personas.grantee).filter(action=LogEntry.Action.UPDATE)
    assert [e.actor for e in entries] == [personas.gina_grantee, personas.gina_grantee]


def test_update_names_each_actor_when_actors_alternate(personas):
    organisation_update(organisation=personas.grantee, by=personas.gina_grantee, data={"short_name": "一"})
    organisation_update(organisation=personas.grantee, by=personas.alice_admin, data={"short_name": "二"})
    organisation_update(organisation=personas.grantee, by=personas.gina_grantee, data={"short_name": "三"})
    entries = LogEntry.objects.get_for_object(personas.grantee).filter(action=LogEntry.Action.UPDATE).order_by("pk")
    assert [e.actor for e in entries] == [personas.gina_grantee, personas.alice_admin, personas.gina_grantee]


@pytest.mark.parametrize("who", ["sam_staff", "oscar_other", "olivia_officer", "vera_volunteer"])
def test_update_refuses_people_who_may_not(who, personas):
    with pytest.raises(PermissionDenied):
        organisation_update(organisation=personas.grantee, by=getattr(personas, who), data={"short_name": "改"})
    personas.grantee.refresh_from_db()
    assert personas.grantee.short_name == "三正社工"


def test_update_refuses_an_archived_organisation_the_caller_cannot_see(personas):
    with pytest.raises(PermissionDenied):
        organisation_update(organisation=personas.archived, by=personas.gina_grantee, data={"short_name": "改"})


def test_update_refuses_bad_input_and_keeps_the_old_values(personas):
    with pytest.raises(ValidationError) as exc:
        organisation_update(
            organisation=personas.grantee,
            by=personas.gina_grantee,
            data={"short_name": "改", "contact_phone": "123", "name": ""},
        )
    assert {"contact_phone", "name"} <= set(exc.value.message_dict)
    personas.grantee.refresh_from_db()
    assert personas.grantee.short_name == "三正社工"


def test_update_refuses_a_name_another_organisation_has(personas):
    with pytest.raises(ValidationError) as exc:
        organisation_update(organisation=personas.grantee, by=personas.gina_grantee, data={"name": personas.other.name})
    assert "name" in exc.value.message_dict


# --- organisation_set_active ----------------------------------------------------------------


def test_archive_and_restore_are_audited(personas):
    organisation_set_active(organisation=personas.grantee, by=personas.alice_admin, active=False)
    personas.grantee.refresh_from_db()
    assert personas.grantee.is_active is False
    entry = last_entry(personas.grantee)
    assert entry.actor == personas.alice_admin
    assert entry.changes_dict == {"is_active": ["True", "False"]}
    organisation_set_active(organisation=personas.grantee, by=personas.alice_admin, active=True)
    personas.grantee.refresh_from_db()
    assert personas.grantee.is_active is True


def test_archiving_twice_changes_nothing_more(personas):
    organisation_set_active(organisation=personas.grantee, by=personas.alice_admin, active=False)
    entries = LogEntry.objects.count()
    organisation_set_active(organisation=personas.grantee, by=personas.alice_admin, active=False)
    assert LogEntry.objects.count() == entries


@pytest.mark.parametrize("who", ["gina_grantee", "olivia_officer", "sam_staff"])
def test_archive_is_for_platform_admins_only(who, personas):
    with pytest.raises(PermissionDenied):
        organisation_set_active(organisation=personas.grantee, by=getattr(personas, who), active=False)
    personas.grantee.refresh_from_db()
    assert personas.grantee.is_active is True


# --- place_create ---------------------------------------------------------------------------


def test_place_create_builds_the_full_name_and_search_keys(personas):
    place = place_create(
        by=personas.alice_admin, name=" 大栅栏社区 ", level=PlaceLevel.COMMUNITY, parent=personas.street
    )
    assert place.full_name == "东城区前门街道大栅栏社区"
    assert place.initials == "dzlsq"
    assert last_entry(place).actor == personas.alice_admin


def test_place_create_refuses_a_parent_of_the_wrong_level(personas):
    with pytest.raises(ValidationError) as exc:
        place_create(by=personas.alice_admin, name="某院", level=PlaceLevel.COURTYARD, parent=personas.street)
    assert "parent" in exc.value.message_dict
    assert not Place.objects.filter(name="某院").exists()


def test_place_create_refuses_a_street_without_a_district(personas):
    with pytest.raises(ValidationError):
        place_create(by=personas.alice_admin, name="孤街道", level=PlaceLevel.STREET, parent=None)


def test_place_create_refuses_a_duplicate_under_the_same_parent(personas):
    with pytest.raises(ValidationError):
        place_create(by=personas.alice_admin, name="前门街道", level=PlaceLevel.STREET, parent=personas.district)


def test_place_create_is_for_platform_admins(personas):
    with pytest.raises(PermissionDenied):
        place_create(by=personas.olivia_officer, name="新社区", level=PlaceLevel.COMMUNITY, parent=personas.street)
