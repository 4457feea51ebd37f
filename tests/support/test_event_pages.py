"""The event pages: list, create/edit, detail with registration, cancel, materials, attendance
sheet, check-in screen and landing, feedback and its summary."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from tests.conftest import csrf_post
from tests.lifecycle import make_programme
from tests.support.event_builders import make_event, make_member
from wushe.programmes.models import ProgrammeStatus
from wushe.support import checkin
from wushe.support.attendance_services import checkin_by_code, feedback_submit
from wushe.support.models import AttendanceStatus, Event, EventMaterial, Feedback, Registration, RegistrationStatus
from wushe.support.registration_services import registration_add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("long_sessions")]


@pytest.fixture
def event(personas):
    return make_event(personas, capacity=2, title="项目设计赋能工作坊")


def _guest(personas, event, name="赵来宾", phone="13812345678"):
    return registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, guest_name=name, guest_phone=phone
    )


# --- list and detail --------------------------------------------------------------------------


def test_signed_in_users_see_upcoming_events(personas, client_for, event):
    body = client_for(personas.vera_volunteer).get("/events/").content.decode()
    assert "项目设计赋能工作坊" in body
    assert "已报名 0 / 2" in body
    programme_page = client_for(personas.gina_grantee).get(f"/programmes/{event.programme_id}/events/")
    assert "项目设计赋能工作坊" in programme_page.content.decode()
    assert client_for(None).get("/events/").status_code == 302


def test_past_events_have_their_own_tab(personas, client_for):
    past = make_event(personas, title="去年的工作坊")
    Event.objects.filter(pk=past.pk).update(
        starts_at=past.starts_at - timedelta(days=400), ends_at=past.ends_at - timedelta(days=400)
    )
    client = client_for(personas.gina_grantee)
    assert "去年的工作坊" not in client.get("/events/").content.decode()
    assert "去年的工作坊" in client.get("/events/?when=past").content.decode()


def test_events_of_a_draft_programme_are_hidden_from_others(personas, client_for):
    draft = make_event(personas, programme=make_programme(personas, status=ProgrammeStatus.DRAFT))
    assert client_for(personas.gina_grantee).get(f"/events/{draft.pk}/").status_code == 404
    assert client_for(personas.olivia_officer).get(f"/events/{draft.pk}/").status_code == 200


def test_the_detail_shows_the_form_to_registrars_only(personas, client_for, event):
    gina = client_for(personas.gina_grantee).get(f"/events/{event.pk}/").content.decode()
    assert 'data-testid="register-section"' in gina
    assert "Sam 机构员工" in gina  # in the member picker
    frank = client_for(personas.frank_funder).get(f"/events/{event.pk}/").content.decode()
    assert 'data-testid="register-section"' in frank  # a funder's staff may register too
    vera = client_for(personas.vera_volunteer).get(f"/events/{event.pk}/").content.decode()
    assert 'data-testid="register-section"' not in vera


def test_phones_are_masked_for_all_but_officers_and_others_see_no_registrations(personas, client_for, event):
    _guest(personas, event)
    assert "138****5678" in client_for(personas.gina_grantee).get(f"/events/{event.pk}/").content.decode()
    officer = client_for(personas.olivia_officer).get(f"/events/{event.pk}/").content.decode()
    assert "13812345678" in officer
    other = client_for(personas.oscar_other).get(f"/events/{event.pk}/").content.decode()
    assert "赵来宾" not in other


def test_the_detail_answers_405_to_a_post(personas, client_for, event):
    assert csrf_post(client_for(personas.gina_grantee), f"/events/{event.pk}/").status_code == 405


# --- create and edit --------------------------------------------------------------------------


def _form(**overrides):
    data = {
        "kind": "training",
        "title": "财务规范培训",
        "starts_at": "2031-03-01T09:00",
        "ends_at": "2031-03-01T12:00",
        "venue": "协作者会议室",
        "capacity": "40",
    }
    data.update(overrides)
    return data


def test_an_officer_creates_an_event(personas, client_for):
    programme = make_programme(personas)
    client = client_for(personas.olivia_officer)
    assert client.get(f"/programmes/{programme.pk}/events/new/").status_code == 200
    response = csrf_post(client, f"/programmes/{programme.pk}/events/new/", _form())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.pk}/"
    assert (event.title, event.capacity) == ("财务规范培训", 40)


def test_the_create_form_shows_errors_field_by_field(personas, client_for):
    programme = make_programme(personas)
    response = csrf_post(
        client_for(personas.olivia_officer),
        f"/programmes/{programme.pk}/events/new/",
        _form(ends_at="2031-03-01T08:00", venue=""),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "结束时间须晚于开始时间" in body
    assert "请填写活动地点或线上会议链接" in body
    assert not Event.objects.exists()


def test_others_may_not_create_or_edit(personas, client_for, event):
    gina = client_for(personas.gina_grantee)
    assert csrf_post(gina, f"/programmes/{event.programme_id}/events/new/", _form()).status_code == 403
    assert gina.get(f"/events/{event.pk}/edit/").status_code == 403
    assert Event.objects.count() == 1


def test_an_officer_edits_an_event(personas, client_for, event):
    response = csrf_post(client_for(personas.olivia_officer), f"/events/{event.pk}/edit/", _form(capacity="3"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("财务规范培训", 3)


# --- registering and cancelling ---------------------------------------------------------------


def test_an_org_admin_registers_members_and_guests_and_the_overflow_waits(personas, client_for, event):
    client = client_for(personas.gina_grantee)
    response = csrf_post(
        client,
        f"/events/{event.pk}/register/",
        {
            "organisation": personas.grantee.pk,
            "members": [personas.sam_staff.pk, personas.gina_grantee.pk],
            "guest_name": ["钱来宾", ""],
            "guest_phone": ["13900001111", ""],
        },
        follow=True,
    )
    body = response.content.decode()
    assert "Sam 机构员工 报名成功" in body
    assert "钱来宾 已加入候补名单,排第 1 位" in body
    statuses = dict(Registration.objects.values_list("guest_name", "status").filter(user__isnull=True))
    assert statuses == {"钱来宾": RegistrationStatus.WAITLISTED}
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 2


def test_a_bad_guest_row_is_refused_with_its_name_and_the_rest_registered(personas, client_for, event):
    response = csrf_post(
        client_for(personas.gina_grantee),
        f"/events/{event.pk}/register/",
        {
            "organisation": personas.grantee.pk,
            "guest_name": ["孙来宾", "李来宾"],
            "guest_phone": ["123", "13900002222"],
        },
        follow=True,
    )
    body = response.content.decode()
    assert "孙来宾:请输入 11 位中国大陆手机号" in body
    assert list(Registration.objects.values_list("guest_name", flat=True)) == ["李来宾"]


def test_registering_for_another_organisation_is_refused(personas, client_for, event):
    response = csrf_post(
        client_for(personas.oscar_other),
        f"/events/{event.pk}/register/",
        {"organisation": personas.grantee.pk, "guest_name": ["周来宾"], "guest_phone": ["13900003333"]},
        follow=True,
    )
    assert "请选择报名机构" in response.content.decode()
    assert not Registration.objects.exists()


def test_someone_who_registers_nobody_may_not_post(personas, client_for, event):
    assert csrf_post(client_for(personas.vera_volunteer), f"/events/{event.pk}/register/", {}).status_code == 403
    assert client_for(personas.gina_grantee).get(f"/events/{event.pk}/register/").status_code == 405


def test_cancelling_answers_by_role(personas, client_for, event):
    registration = _guest(personas, event)
    assert client_for(personas.gina_grantee).get(f"/registrations/{registration.pk}/cancel/").status_code == 405
    assert csrf_post(client_for(personas.oscar_other), f"/registrations/{registration.pk}/cancel/").status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED
    response = csrf_post(client_for(personas.sam_staff), f"/registrations/{registration.pk}/cancel/")
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED
    again = csrf_post(client_for(personas.sam_staff), f"/registrations/{registration.pk}/cancel/", follow=True)
    assert "这条报名已经取消" in again.content.decode()


# --- materials --------------------------------------------------------------------------------


def test_materials_upload_download_and_delete(personas, client_for, event, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    officer = client_for(personas.olivia_officer)
    upload = SimpleUploadedFile("讲义.pdf", b"%PDF-1.4 handout", content_type="application/pdf")
    assert csrf_post(officer, f"/events/{event.pk}/materials/", {"file": upload, "name": "讲义"}).status_code == 302
    material = EventMaterial.objects.get()
    download = client_for(personas.oscar_other).get(f"/event-materials/{material.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert csrf_post(client_for(personas.gina_grantee), f"/event-materials/{material.pk}/delete/").status_code == 403
    assert csrf_post(officer, f"/event-materials/{material.pk}/delete/").status_code == 302
    assert not EventMaterial.objects.exists()


def test_a_wrong_material_type_is_refused_with_a_message(personas, client_for, event, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("脚本.js", b"alert(1)")
    response = csrf_post(
        client_for(personas.olivia_officer), f"/events/{event.pk}/materials/", {"file": upload}, follow=True
    )
    assert "只能上传" in response.content.decode()
    assert not EventMaterial.objects.exists()


# --- attendance sheet -------------------------------------------------------------------------


def test_the_attendance_sheet_is_for_officers(personas, client_for, event):
    _guest(personas, event)
    sheet = client_for(personas.olivia_officer).get(f"/events/{event.pk}/attendance/")
    assert sheet.status_code == 200
    assert "赵来宾" in sheet.content.decode()
    assert client_for(personas.gina_grantee).get(f"/events/{event.pk}/attendance/").status_code == 403
    draft = make_event(personas, programme=make_programme(personas, status=ProgrammeStatus.DRAFT))
    assert client_for(personas.gina_grantee).get(f"/events/{draft.pk}/attendance/").status_code == 404


def test_an_officer_ticks_a_name_with_htmx(personas, client_for, event):
    registration = _guest(personas, event)
    client = client_for(personas.olivia_officer)
    url = f"/registrations/{registration.pk}/attendance/"
    assert client.get(url).status_code == 405
    with freeze_time(event.starts_at + timedelta(minutes=2)):
        response = csrf_post(client, url, {"status": "present"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="attendance-{registration.pk}"' in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).attendance == AttendanceStatus.PRESENT
    assert csrf_post(client_for(personas.gina_grantee), url, {"status": "no_show"}).status_code == 403
    assert csrf_post(client_for(personas.oscar_other), url, {"status": "no_show"}).status_code == 404
    assert Registration.objects.get(pk=registration.pk).attendance == AttendanceStatus.PRESENT


def test_closing_attendance_from_the_sheet(personas, client_for, event):
    registration = _guest(personas, event)
    client = client_for(personas.olivia_officer)
    with freeze_time(event.ends_at + timedelta(minutes=5)):
        assert "结束签到" in client.get(f"/events/{event.pk}/attendance/").content.decode()
        response = csrf_post(client, f"/events/{event.pk}/attendance/close/", follow=True)
    assert "1 人记为缺席" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).attendance == AttendanceStatus.NO_SHOW


# --- check-in screen and landing --------------------------------------------------------------


def test_the_checkin_screen_shows_a_refreshing_qr_code_to_officers(personas, client_for, event):
    client = client_for(personas.olivia_officer)
    with freeze_time(event.starts_at):
        body = client.get(f"/events/{event.pk}/checkin/display/").content.decode()
        code = checkin.current_code(event)
    assert "<svg" in body
    assert 'hx-trigger="every 30s"' in body
    assert f"/events/{event.pk}/checkin/?code={code}" in body
    fragment = client.get(f"/events/{event.pk}/checkin/qr/")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert client_for(personas.gina_grantee).get(f"/events/{event.pk}/checkin/display/").status_code == 403
    assert client_for(personas.gina_grantee).get(f"/events/{event.pk}/checkin/qr/").status_code == 403


def test_an_attendee_scans_and_confirms_on_their_phone(personas, client_for, event):
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff)
    client = client_for(personas.sam_staff)
    with freeze_time(event.starts_at + timedelta(minutes=1)):
        code = checkin.current_code(event)
        landing = client.get(f"/events/{event.pk}/checkin/?code={code}")
        assert 'data-testid="checkin-confirm"' in landing.content.decode()
        assert (
            Registration.objects.get(user=personas.sam_staff).attendance == AttendanceStatus.UNKNOWN
        )  # GET writes nothing
        done = csrf_post(client, f"/events/{event.pk}/checkin/", {"code": code})
    assert "签到成功" in done.content.decode()
    assert Registration.objects.get(user=personas.sam_staff).attendance == AttendanceStatus.PRESENT


def test_an_expired_code_is_refused_on_the_phone(personas, client_for, event):
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff)
    client = client_for(personas.sam_staff)
    old = checkin.current_code(event, event.starts_at)
    with freeze_time(event.starts_at + timedelta(minutes=5)):
        landing = client.get(f"/events/{event.pk}/checkin/?code={old}").content.decode()
        posted = csrf_post(client, f"/events/{event.pk}/checkin/", {"code": old}).content.decode()
    assert "签到二维码已过期" in landing
    assert "签到二维码已过期" in posted
    assert Registration.objects.get(user=personas.sam_staff).attendance == AttendanceStatus.UNKNOWN


def test_someone_not_registered_is_told_so(personas, client_for, event):
    with freeze_time(event.starts_at):
        code = checkin.current_code(event)
        body = csrf_post(
            client_for(personas.oscar_other), f"/events/{event.pk}/checkin/", {"code": code}
        ).content.decode()
    assert "你没有报名这个活动" in body
    assert not Registration.objects.exists()


def test_scanning_signed_out_leads_to_sign_in_and_back(personas, client_for, event):
    response = client_for(None).get(f"/events/{event.pk}/checkin/?code=abc")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "code%3Dabc" in response["Location"]


# --- feedback ---------------------------------------------------------------------------------


def _attended(personas, event, user):
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=user)
    with freeze_time(event.starts_at):
        return checkin_by_code(event=event, code=checkin.current_code(event), user=user)


def test_an_attendee_gives_feedback_on_the_page_once(personas, client_for, event):
    _attended(personas, event, personas.sam_staff)
    client = client_for(personas.sam_staff)
    assert 'name="satisfaction"' in client.get(f"/events/{event.pk}/feedback/").content.decode()
    response = csrf_post(
        client, f"/events/{event.pk}/feedback/", {"satisfaction": "5", "usefulness": "4", "comments": "收获很大"}
    )
    assert response.status_code == 302
    assert Feedback.objects.get().comments == "收获很大"
    again = csrf_post(client, f"/events/{event.pk}/feedback/", {"satisfaction": "1", "usefulness": "1"})
    assert "已经提交过" in again.content.decode()
    assert Feedback.objects.count() == 1


def test_feedback_out_of_range_is_a_field_error(personas, client_for, event):
    _attended(personas, event, personas.sam_staff)
    response = csrf_post(
        client_for(personas.sam_staff), f"/events/{event.pk}/feedback/", {"satisfaction": "7", "usefulness": "0"}
    )
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not Feedback.objects.exists()


def test_someone_who_did_not_attend_gets_no_form(personas, client_for, event):
    body = client_for(personas.oscar_other).get(f"/events/{event.pk}/feedback/").content.decode()
    assert "你没有报名这个活动" in body
    assert 'name="satisfaction"' not in body
    response = csrf_post(
        client_for(personas.oscar_other), f"/events/{event.pk}/feedback/", {"satisfaction": "5", "usefulness": "5"}
    )
    assert "你没有报名这个活动" in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_feedback_summary_is_for_officers_and_loads_its_chart_from_a_file(personas, client_for, event):
    for i, (sat, use) in enumerate([(5, 4), (4, 3)]):
        person = make_member(personas.grantee, f"学员{i}")
        registration = _attended(personas, event, person)
        feedback_submit(registration=registration, by=person, satisfaction=sat, usefulness=use, comments=f"意见{i}")
    response = client_for(personas.olivia_officer).get(f"/events/{event.pk}/feedback/summary/")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="feedback-satisfaction">4.5<' in body
    assert 'data-testid="feedback-usefulness">3.5<' in body
    assert "意见0" in body
    assert "js/event_feedback_chart.js" in body
    assert 'id="feedback-chart-data" type="application/json"' in body
    assert client_for(personas.gina_grantee).get(f"/events/{event.pk}/feedback/summary/").status_code == 403
    assert csrf_post(client_for(personas.olivia_officer), f"/events/{event.pk}/feedback/summary/").status_code == 405


def test_the_phone_pages_fit_a_phone(personas, client_for, event):
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff)
    with freeze_time(event.starts_at):
        code = checkin.current_code(event)
        body = client_for(personas.sam_staff).get(f"/events/{event.pk}/checkin/?code={code}").content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in body
    assert 'class="phone-width"' in body
    assert "style=" not in body.replace("<style nonce=", "")


def test_officers_find_the_check_in_kiosk_from_the_event(personas, client_for, event):
    officer = client_for(personas.olivia_officer).get(f"/events/{event.pk}/").content.decode()
    assert f'href="/events/{event.pk}/checkin/kiosk/"' in officer
    grantee = client_for(personas.gina_grantee).get(f"/events/{event.pk}/").content.decode()
    assert 'data-testid="checkin-kiosk-link"' not in grantee
