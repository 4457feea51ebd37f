"""event_create / event_update / material_add: officers of the programme, with the rules checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.lifecycle import make_programme
from tests.support.event_builders import make_event
from wushe.programmes.models import ProgrammeStatus
from wushe.support.event_services import event_create, event_update, material_add, material_delete
from wushe.support.models import Event, EventMaterial

pytestmark = pytest.mark.django_db


def _data(**overrides):
    start = timezone.now() + timedelta(days=3)
    return {
        "kind": "training",
        "title": "财务管理专题培训",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "online_url": "https://meeting.example.cn/123",
        "capacity": 30,
        **overrides,
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_an_officer_creates_an_event_with_an_audit_entry(personas):
    programme = make_programme(personas)
    event = event_create(programme=programme, by=personas.olivia_officer, data=_data())
    assert (event.title, event.capacity, event.created_by) == ("财务管理专题培训", 30, personas.olivia_officer)
    assert len(event.checkin_secret) == 64
    assert [e.additional_data["event"] for e in LogEntry.objects.get_for_object(event)] == ["event.create"]


@pytest.mark.parametrize("who", ["gina_grantee", "frank_funder", "oscar_other", "vera_volunteer"])
def test_it_refuses_anyone_but_the_programmes_officers(personas, who):
    programme = make_programme(personas)
    with pytest.raises(PermissionDenied):
        event_create(programme=programme, by=getattr(personas, who), data=_data())
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": timezone.now()}, "ends_at"),
        ({"capacity": 0}, "capacity"),
        ({"online_url": ""}, "venue"),
        ({"registration_closes_at": timezone.now() + timedelta(days=30)}, "registration_closes_at"),
        ({"title": ""}, "title"),
    ],
)
def test_it_refuses_bad_input_field_by_field(personas, overrides, field):
    programme = make_programme(personas)
    with pytest.raises(ValidationError) as info:
        event_create(programme=programme, by=personas.olivia_officer, data=_data(**overrides))
    assert field in info.value.message_dict
    assert not Event.objects.exists()


def test_it_refuses_an_event_in_a_closed_programme(personas):
    programme = make_programme(personas, status=ProgrammeStatus.CLOSED)
    with pytest.raises(ValidationError, match="已结项"):
        event_create(programme=programme, by=personas.olivia_officer, data=_data())


def test_an_officer_updates_an_event(personas):
    event = make_event(personas)
    updated = event_update(event=event, by=personas.olivia_officer, data={"title": "项目设计工作坊(第二场)"})
    assert Event.objects.get(pk=event.pk).title == "项目设计工作坊(第二场)" == updated.title
    entry = LogEntry.objects.get_for_object(event).filter(additional_data__event="event.update").get()
    assert entry.changes["title"][1] == "项目设计工作坊(第二场)"
    with pytest.raises(PermissionDenied):
        event_update(event=event, by=personas.gina_grantee, data={"title": "改名"})


def test_materials_are_type_and_size_checked(personas, media):
    event = make_event(personas)
    slides = SimpleUploadedFile("课件.pptx", b"PK\x03\x04" + b"0" * 100)
    material = material_add(event=event, by=personas.olivia_officer, upload=slides, name="第一讲课件")
    assert material.name == "第一讲课件"
    for upload, message in [
        (SimpleUploadedFile("病毒.exe", b"MZ" + b"0" * 10), "只能上传"),
        (SimpleUploadedFile("假的.pdf", b"PK\x03\x04"), "文件内容与扩展名不符"),
    ]:
        with pytest.raises(ValidationError, match=message):
            material_add(event=event, by=personas.olivia_officer, upload=upload)
    with pytest.raises(PermissionDenied):
        material_add(event=event, by=personas.gina_grantee, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    assert EventMaterial.objects.count() == 1
    material_delete(material=material, by=personas.olivia_officer)
    assert not EventMaterial.objects.exists()
