"""registration_add / registration_cancel: who may register whom, capacity, the waiting list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from freezegun import freeze_time

from tests.support.event_builders import make_event, make_member
from wushe.accounts.models import Notification
from wushe.support.event_services import event_update
from wushe.support.models import Registration, RegistrationStatus
from wushe.support.registration_services import registration_add, registration_cancel, registration_outcome

pytestmark = pytest.mark.django_db


def _guest(personas, event, name, phone, by=None, org=None):
    return registration_add(
        event=event,
        organisation=org or personas.grantee,
        by=by or personas.gina_grantee,
        guest_name=name,
        guest_phone=phone,
    )


def test_an_org_admin_registers_a_member_and_a_guest(personas):
    event = make_event(personas)
    member = registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff
    )
    guest = _guest(personas, event, "赵来宾", "138 0013 8000")
    assert member.status == guest.status == RegistrationStatus.CONFIRMED
    assert guest.guest_phone == "13800138000"
    assert registration_outcome(member) == "Sam 机构员工 报名成功。"
    events = [e.additional_data["event"] for e in LogEntry.objects.get_for_object(member)]
    assert events == ["registration.add"]


def test_staff_may_register_too(personas):
    event = make_event(personas)
    registration = registration_add(
        event=event, organisation=personas.grantee, by=personas.sam_staff, user=personas.gina_grantee
    )
    assert registration.registered_by == personas.sam_staff


def test_it_refuses_a_plain_member_as_registrar(personas):
    event = make_event(personas)
    member = make_member(personas.grantee, "钱成员")
    with pytest.raises(PermissionDenied):
        registration_add(event=event, organisation=personas.grantee, by=member, user=member)
    assert not Registration.objects.exists()


def test_it_refuses_registering_for_another_organisation(personas):
    event = make_event(personas)
    with pytest.raises(PermissionDenied):
        _guest(personas, event, "孙来宾", "13800138001", by=personas.oscar_other, org=personas.grantee)
    assert not Registration.objects.exists()


def test_it_refuses_someone_who_is_not_a_member_as_a_member(personas):
    event = make_event(personas)
    with pytest.raises(ValidationError) as info:
        registration_add(
            event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.oscar_other
        )
    assert "只能为本机构的成员报名" in info.value.message_dict["user"][0]
    assert not Registration.objects.exists()


def test_it_refuses_an_inactive_organisation(personas):
    event = make_event(personas)
    admin = make_member(personas.archived, "停用机构管理员", role="admin")
    with pytest.raises(ValidationError) as info:
        _guest(personas, event, "周来宾", "13800138002", by=admin, org=personas.archived)
    assert info.value.message_dict["organisation"] == ["该组织已停用,不能报名。"]


def test_a_guest_needs_a_name_and_a_valid_mobile(personas):
    event = make_event(personas)
    with pytest.raises(ValidationError) as info:
        _guest(personas, event, "", "12345")
    assert set(info.value.message_dict) == {"guest_name", "guest_phone"}
    assert not Registration.objects.exists()


def test_it_refuses_a_member_and_guest_details_at_once(personas):
    event = make_event(personas)
    with pytest.raises(ValidationError, match="二者选一"):
        registration_add(
            event=event,
            organisation=personas.grantee,
            by=personas.gina_grantee,
            user=personas.sam_staff,
            guest_name="吴来宾",
            guest_phone="13800138003",
        )


def test_it_refuses_the_same_person_twice(personas):
    event = make_event(personas)
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff)
    _guest(personas, event, "郑来宾", "13800138004")
    with pytest.raises(ValidationError, match="已经报名了这个活动"):
        registration_add(event=event, organisation=personas.grantee, by=personas.sam_staff, user=personas.sam_staff)
    with pytest.raises(ValidationError, match="已经报名了这个活动"):
        _guest(personas, event, "郑来宾", "138-0013-8004")
    assert Registration.objects.count() == 2


def test_it_refuses_after_registration_closes(personas):
    event = make_event(personas, registration_closes_at=timezone.now() + timedelta(days=1))
    with freeze_time(timezone.now() + timedelta(days=2)), pytest.raises(ValidationError, match="报名已于"):
        _guest(personas, event, "王来宾", "13800138005")
    assert not Registration.objects.exists()


def test_over_capacity_goes_to_the_waiting_list_in_order(personas):
    event = make_event(personas, capacity=2)
    first, second = (_guest(personas, event, f"来宾{i}", f"1380013810{i}") for i in range(2))
    third = _guest(personas, event, "来宾2", "13800138102")
    fourth = _guest(personas, event, "来宾3", "13800138103")
    assert [first.status, second.status] == [RegistrationStatus.CONFIRMED] * 2
    assert (third.status, third.waitlist_position) == (RegistrationStatus.WAITLISTED, 1)
    assert (fourth.status, fourth.waitlist_position) == (RegistrationStatus.WAITLISTED, 2)
    assert registration_outcome(third) == (
        "名额已满(共 2 个名额),来宾2 已加入候补名单,排第 1 位;有人取消时将按顺序递补并通知。"
    )
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 2


def test_cancelling_a_seat_promotes_the_first_waitlisted_and_tells_them(personas):
    event = make_event(personas, capacity=1)
    seated = _guest(personas, event, "先报名", "13800138200")
    waiting = registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff
    )
    behind = _guest(personas, event, "后报名", "13800138201")
    assert (waiting.waitlist_position, behind.waitlist_position) == (1, 2)

    registration_cancel(registration=seated, by=personas.gina_grantee)

    waiting.refresh_from_db()
    behind.refresh_from_db()
    assert (waiting.status, waiting.waitlist_position) == (RegistrationStatus.CONFIRMED, None)
    assert (behind.status, behind.waitlist_position) == (RegistrationStatus.WAITLISTED, 1)
    told = Notification.objects.filter(title__startswith="候补成功")
    assert sorted(n.user_id for n in told) == sorted([personas.sam_staff.pk, personas.gina_grantee.pk])


def test_cancelling_a_waitlisted_registration_closes_the_gap(personas):
    event = make_event(personas, capacity=1)
    _guest(personas, event, "甲", "13800138300")
    second = _guest(personas, event, "乙", "13800138301")
    third = _guest(personas, event, "丙", "13800138302")
    registration_cancel(registration=second, by=personas.gina_grantee)
    third.refresh_from_db()
    assert third.waitlist_position == 1
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 1


def test_a_cancelled_person_may_register_again(personas):
    event = make_event(personas)
    first = registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff
    )
    registration_cancel(registration=first, by=personas.sam_staff)
    again = registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff
    )
    assert again.status == RegistrationStatus.CONFIRMED


def test_it_refuses_cancelling_twice_or_after_the_start(personas):
    event = make_event(personas)
    registration = _guest(personas, event, "冯来宾", "13800138400")
    other = _guest(personas, event, "陈来宾", "13800138401")
    registration_cancel(registration=registration, by=personas.gina_grantee)
    with pytest.raises(ValidationError, match="已经取消"):
        registration_cancel(registration=registration, by=personas.gina_grantee)
    with freeze_time(event.starts_at + timedelta(minutes=1)), pytest.raises(ValidationError, match="活动已开始"):
        registration_cancel(registration=other, by=personas.gina_grantee)


def test_another_organisation_may_not_cancel(personas):
    event = make_event(personas)
    registration = _guest(personas, event, "褚来宾", "13800138500")
    with pytest.raises(PermissionDenied):
        registration_cancel(registration=registration, by=personas.oscar_other)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_capacity_cannot_drop_below_the_confirmed_seats(personas):
    event = make_event(personas, capacity=3)
    for i in range(3):
        _guest(personas, event, f"卫{i}", f"1380013860{i}")
    with pytest.raises(ValidationError) as info:
        event_update(event=event, by=personas.olivia_officer, data={"capacity": 2})
    assert info.value.message_dict["capacity"] == ["已有 3 人确认报名,名额不能少于 3。"]
    event.refresh_from_db()
    assert event.capacity == 3


def test_raising_the_capacity_seats_the_waiting_list(personas):
    event = make_event(personas, capacity=1)
    _guest(personas, event, "蒋", "13800138700")
    waiting = [_guest(personas, event, f"沈{i}", f"1380013871{i}") for i in range(3)]
    event_update(event=event, by=personas.olivia_officer, data={"capacity": 3})
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    assert Registration.objects.get(pk=waiting[2].pk).waitlist_position == 1
