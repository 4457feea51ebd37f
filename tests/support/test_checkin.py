"""The rotating QR code and attendance: check-in by code, an officer's ticks, closing attendance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from tests.support.event_builders import make_event, make_member
from wushe.support import checkin
from wushe.support.attendance_services import attendance_close, attendance_mark, checkin_by_code
from wushe.support.models import AttendanceStatus, Registration, RegistrationStatus
from wushe.support.registration_services import registration_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(personas):
    return make_event(personas, capacity=1)


@pytest.fixture
def sam_registered(personas, event):
    return registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff
    )


# --- the code ---------------------------------------------------------------------------------


def test_the_code_changes_every_window_and_differs_per_event(personas, event):
    other = make_event(personas)
    moment = event.starts_at
    now = checkin.current_code(event, moment)
    assert len(now) == checkin.CODE_LENGTH
    assert checkin.current_code(event, moment + timedelta(seconds=checkin.WINDOW_SECONDS)) != now
    assert checkin.current_code(other, moment) != now


def test_the_current_and_previous_window_are_accepted_and_older_ones_not(event):
    moment = event.starts_at
    code = checkin.current_code(event, moment)
    window = checkin.WINDOW_SECONDS
    assert checkin.code_is_valid(event, code, moment)
    assert checkin.code_is_valid(event, code.upper(), moment)
    assert checkin.code_is_valid(event, code, moment + timedelta(seconds=window))
    assert not checkin.code_is_valid(event, code, moment + timedelta(seconds=2 * window))
    assert not checkin.code_is_valid(event, "", moment)
    assert not checkin.code_is_valid(event, "0" * checkin.CODE_LENGTH, moment)


def test_the_code_depends_on_the_event_secret(event):
    code = checkin.current_code(event, event.starts_at)
    event.checkin_secret = "another-secret"
    assert not checkin.code_is_valid(event, code, event.starts_at)


def test_the_qr_code_is_inline_svg_of_the_checkin_url(event):
    path = checkin.checkin_path(event, "abc123")
    assert path == f"/events/{event.pk}/checkin/?code=abc123"
    svg = checkin.qr_svg("https://wushe.example/" + path)
    assert svg.startswith("<svg")
    assert "style=" not in svg


# --- checking in ------------------------------------------------------------------------------


def test_a_registered_attendee_checks_in_on_time(personas, event, sam_registered):
    moment = event.starts_at + timedelta(minutes=10)
    with freeze_time(moment):
        registration = checkin_by_code(event=event, code=checkin.current_code(event), user=personas.sam_staff)
    assert registration.pk == sam_registered.pk
    assert registration.attendance == AttendanceStatus.PRESENT
    assert registration.checked_in_at == moment
    assert registration.checked_in_by == personas.sam_staff


def test_more_than_a_quarter_of_an_hour_after_the_start_is_late(personas, event, sam_registered):
    with freeze_time(event.starts_at + timedelta(minutes=16)):
        registration = checkin_by_code(event=event, code=checkin.current_code(event), user=personas.sam_staff)
    assert registration.attendance == AttendanceStatus.LATE


def test_checking_in_twice_changes_nothing(personas, event, sam_registered):
    with freeze_time(event.starts_at - timedelta(minutes=5)):
        first = checkin_by_code(event=event, code=checkin.current_code(event), user=personas.sam_staff)
    with freeze_time(event.starts_at + timedelta(minutes=30)):
        again = checkin_by_code(event=event, code=checkin.current_code(event), user=personas.sam_staff)
    assert again.attendance == AttendanceStatus.PRESENT
    assert again.checked_in_at == first.checked_in_at


def test_it_refuses_an_expired_code_and_writes_nothing(personas, event, sam_registered):
    old = checkin.current_code(event, event.starts_at)
    with (
        freeze_time(event.starts_at + timedelta(seconds=3 * checkin.WINDOW_SECONDS)),
        pytest.raises(ValidationError) as info,
    ):
        checkin_by_code(event=event, code=old, user=personas.sam_staff)
    assert info.value.message_dict["code"] == ["签到二维码已过期或无效,请重新扫描现场屏幕上的最新二维码。"]
    sam_registered.refresh_from_db()
    assert (sam_registered.attendance, sam_registered.checked_in_at) == (AttendanceStatus.UNKNOWN, None)


def test_it_refuses_someone_not_registered(personas, event, sam_registered):
    with (
        freeze_time(event.starts_at),
        pytest.raises(ValidationError, match="你没有报名这个活动"),
    ):
        checkin_by_code(event=event, code=checkin.current_code(event), user=personas.oscar_other)
    assert Registration.objects.filter(event=event).count() == 1


def test_it_refuses_someone_on_the_waiting_list(personas, event, sam_registered):
    waiting = registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.gina_grantee
    )
    assert waiting.status == RegistrationStatus.WAITLISTED
    with freeze_time(event.starts_at), pytest.raises(ValidationError, match="候补名单上"):
        checkin_by_code(event=event, code=checkin.current_code(event), user=personas.gina_grantee)
    waiting.refresh_from_db()
    assert waiting.attendance == AttendanceStatus.UNKNOWN


def test_it_refuses_outside_the_checkin_hours(personas, event, sam_registered):
    for moment in (event.starts_at - timedelta(hours=2), event.ends_at + timedelta(minutes=1)):
        with freeze_time(moment), pytest.raises(ValidationError, match="不在签到时间内"):
            checkin_by_code(event=event, code=checkin.current_code(event), user=personas.sam_staff)
    sam_registered.refresh_from_db()
    assert sam_registered.attendance == AttendanceStatus.UNKNOWN


# --- officers ticking names -------------------------------------------------------------------


def test_an_officer_ticks_names(personas, event, sam_registered):
    with freeze_time(event.starts_at + timedelta(minutes=20)):
        late = attendance_mark(registration=sam_registered, status=AttendanceStatus.LATE, by=personas.olivia_officer)
    assert (late.attendance, late.checked_in_by) == (AttendanceStatus.LATE, personas.olivia_officer)
    with freeze_time(event.starts_at + timedelta(minutes=25)):
        gone = attendance_mark(registration=sam_registered, status=AttendanceStatus.NO_SHOW, by=personas.olivia_officer)
    assert (gone.attendance, gone.checked_in_at) == (AttendanceStatus.NO_SHOW, None)


def test_only_officers_tick_names(personas, event, sam_registered):
    for who in (personas.gina_grantee, personas.sam_staff, personas.oscar_other):
        with freeze_time(event.starts_at), pytest.raises(PermissionDenied):
            attendance_mark(registration=sam_registered, status=AttendanceStatus.PRESENT, by=who)
    sam_registered.refresh_from_db()
    assert sam_registered.attendance == AttendanceStatus.UNKNOWN


def test_it_refuses_an_unknown_status_or_a_waitlisted_registration(personas, event, sam_registered):
    waiting = registration_add(
        event=event,
        organisation=personas.grantee,
        by=personas.gina_grantee,
        guest_name="候补",
        guest_phone="13800139000",
    )
    with freeze_time(event.starts_at):
        with pytest.raises(ValidationError) as info:
            attendance_mark(registration=sam_registered, status="asleep", by=personas.olivia_officer)
        assert info.value.message_dict == {"status": ["请选择出勤状态。"]}
        with pytest.raises(ValidationError, match="只有已确认的报名"):
            attendance_mark(registration=waiting, status=AttendanceStatus.PRESENT, by=personas.olivia_officer)


def test_closing_attendance_marks_the_rest_no_show(personas):
    event = make_event(personas, capacity=5)
    people = [make_member(personas.grantee, f"成员{i}") for i in range(3)]
    registrations = [
        registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=p) for p in people
    ]
    with freeze_time(event.starts_at):
        checkin_by_code(event=event, code=checkin.current_code(event), user=people[0])
    with freeze_time(event.starts_at + timedelta(minutes=1)), pytest.raises(ValidationError, match="后才能结束签到"):
        attendance_close(event=event, by=personas.olivia_officer)
    with freeze_time(event.ends_at + timedelta(minutes=1)):
        with pytest.raises(PermissionDenied):
            attendance_close(event=event, by=personas.gina_grantee)
        assert attendance_close(event=event, by=personas.olivia_officer) == 2
    got = [Registration.objects.get(pk=r.pk).attendance for r in registrations]
    assert got == [AttendanceStatus.PRESENT, AttendanceStatus.NO_SHOW, AttendanceStatus.NO_SHOW]
