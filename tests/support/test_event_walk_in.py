"""Walk-ins at the door: the programme's officers register someone for any organisation or for
none, check them in at once, never past the capacity, never twice; the form on the attendance
sheet and its organisation search."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from tests.access.matrix import PERSONAS, persona
from tests.access.test_matrix import FORBIDDEN, LOGIN, MOVED, NOT_FOUND, OK, answers
from tests.conftest import csrf_post
from tests.factories import OrganisationFactory
from tests.support.event_builders import make_event
from wushe.access.door import visible_to
from wushe.orgs.models import OrganisationKind
from wushe.programmes.models import ProgrammeStatus
from wushe.programmes.services import programme_create
from wushe.support.event_services import event_create
from wushe.support.models import AttendanceStatus, Event, Registration, RegistrationStatus
from wushe.support.registration_services import EventFull, registration_add, registration_walk_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("long_sessions")]


@pytest.fixture
def event(personas):
    return make_event(personas, capacity=2, title="社区议事协商工作坊")


def _walk_in(personas, event, **data):
    by = data.pop("by", personas.olivia_officer)
    values = {"guest_name": "周来宾", "guest_phone": "13911112222", **data}
    return registration_walk_in(event=event, by=by, **values)


def _writes() -> tuple[int, int]:
    return Registration.objects.count(), LogEntry.objects.count()


def _elsewhere(personas, status=ProgrammeStatus.ACTIVE) -> Event:
    """An event of a programme run by another support organisation (not olivia's)."""
    hub = OrganisationFactory(kind=OrganisationKind.SUPPORT)
    today = timezone.localdate()
    programme = programme_create(
        by=personas.alice_admin,
        support_organisation=hub,
        data={
            "name": f"{hub.name}社区计划",
            "total_budget": Decimal(500_000),
            "starts_on": today - timedelta(days=10),
            "ends_on": today + timedelta(days=200),
            "status": status,
        },
    )
    starts = (timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    return event_create(
        programme=programme,
        by=personas.alice_admin,
        data={
            "kind": "workshop",
            "title": "映绿工作坊",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "venue": "映绿会议室",
            "capacity": 5,
        },
    )


# --- the service ------------------------------------------------------------------------------


def test_an_officer_registers_a_walk_in_for_an_organisation_she_does_not_belong_to(personas, event):
    with freeze_time(event.starts_at + timedelta(minutes=3)):
        done = _walk_in(personas, event, organisation=personas.other, attended=True)
    registration = Registration.objects.get(pk=done.registration.pk)
    assert not done.existing
    assert (registration.organisation, registration.user, registration.guest_name) == (personas.other, None, "周来宾")
    assert (registration.status, registration.attendance) == (RegistrationStatus.CONFIRMED, AttendanceStatus.PRESENT)
    assert registration.walk_in
    assert (registration.registered_by, registration.checked_in_by) == (personas.olivia_officer,) * 2
    assert "已现场报名并签到" in done.message()
    entry = LogEntry.objects.get_for_object(registration).get(additional_data__event="registration.walk_in")
    assert entry.actor == personas.olivia_officer
    # oscar's organisation now sees the registration made for it
    assert registration in visible_to(personas.oscar_other, Registration)


def test_a_walk_in_after_a_quarter_of_an_hour_is_late(personas, event):
    with freeze_time(event.starts_at + timedelta(minutes=40)):
        done = _walk_in(personas, event, attended=True)
    assert done.registration.attendance == AttendanceStatus.LATE


def test_a_guest_for_no_organisation_is_seen_by_the_officers_only(personas, event):
    done = _walk_in(personas, event, guest_phone="139 1111 2222")
    registration = done.registration
    assert registration.organisation is None
    assert registration.guest_phone == "13911112222"
    assert registration.attendance == AttendanceStatus.UNKNOWN  # registered ahead of the day
    assert done.message() == "周来宾 已现场报名。"
    assert registration in visible_to(personas.olivia_officer, Registration)
    for someone in (personas.gina_grantee, personas.oscar_other, personas.vera_volunteer):
        assert registration not in visible_to(someone, Registration)


def test_a_full_event_refuses_the_seat_and_offers_the_waiting_list(personas, event):
    _walk_in(personas, event, guest_name="甲", guest_phone="13900000001")
    _walk_in(personas, event, guest_name="乙", guest_phone="13900000002")
    registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, guest_name="丙", guest_phone="13900000003"
    )  # already waiting: first in the queue
    before = _writes()

    with freeze_time(event.starts_at), pytest.raises(EventFull) as refused:
        _walk_in(personas, event, guest_name="丁", guest_phone="13900000004", attended=True)
    assert "名额已满(共 2 个名额" in refused.value.messages[0]
    assert "加入候补名单" in refused.value.messages[0]
    assert _writes() == before

    with freeze_time(event.starts_at):  # at the door, ticked "present": a waiting place is not a seat
        done = _walk_in(personas, event, guest_name="丁", guest_phone="13900000004", attended=True, waitlist=True)
    assert (done.registration.status, done.registration.waitlist_position) == (RegistrationStatus.WAITLISTED, 2)
    assert done.registration.attendance == AttendanceStatus.UNKNOWN
    assert "排第 2 位" in done.message()
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 2


def test_the_waiting_list_is_not_used_while_a_seat_is_free(personas, event):
    done = _walk_in(personas, event, waitlist=True)
    assert done.registration.status == RegistrationStatus.CONFIRMED


def test_someone_registered_already_is_checked_in_not_registered_twice(personas, event):
    registered = registration_add(
        event=event,
        organisation=personas.grantee,
        by=personas.gina_grantee,
        guest_name="周来宾",
        guest_phone="13911112222",
    )
    with freeze_time(event.starts_at - timedelta(minutes=10)):
        done = _walk_in(personas, event, organisation=personas.other, attended=True)
        again = _walk_in(personas, event, attended=True)
    assert done.existing
    assert again.existing
    assert done.registration.pk == registered.pk
    registration = Registration.objects.get(pk=registered.pk)
    assert registration.organisation == personas.grantee  # the registration as it was, checked in
    assert (registration.attendance, registration.checked_in_by) == (AttendanceStatus.PRESENT, personas.olivia_officer)
    assert "已经报名,已为其签到" in done.message()
    assert Registration.objects.count() == 1
    assert LogEntry.objects.filter(additional_data__event="registration.checkin").count() == 1


def test_a_member_registered_with_their_account_is_found_by_their_phone(personas, event):
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff)
    with freeze_time(event.starts_at):
        done = _walk_in(personas, event, guest_name="Sam 机构员工", guest_phone=personas.sam_staff.phone, attended=True)
    assert done.existing
    assert done.registration.user == personas.sam_staff
    assert Registration.objects.get(user=personas.sam_staff).attendance == AttendanceStatus.PRESENT
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "attended", "says"),
    [
        ("周来宾", False, "已经报名了这个活动,不能重复报名;如已到场,请勾选“已到场”为其签到"),
        ("吴来宾", True, "这个手机号已用于 周来宾 的报名,与所填姓名“吴来宾”不一致"),
    ],
)
def test_a_duplicate_that_is_not_a_check_in_is_refused_on_the_phone_field(personas, event, name, attended, says):
    _walk_in(personas, event)
    before = _writes()
    with freeze_time(event.starts_at), pytest.raises(ValidationError) as refused:
        _walk_in(personas, event, guest_name=name, attended=attended)
    assert says in refused.value.message_dict["guest_phone"][0]
    assert _writes() == before
    assert Registration.objects.get().attendance == AttendanceStatus.UNKNOWN


def test_someone_on_the_waiting_list_is_not_checked_in(personas):
    event = make_event(personas, capacity=1)
    _walk_in(personas, event, guest_name="甲", guest_phone="13900000001")
    _walk_in(personas, event, waitlist=True)
    before = _writes()
    with freeze_time(event.starts_at), pytest.raises(ValidationError) as refused:
        _walk_in(personas, event, attended=True)
    assert "已在候补名单上(第 1 位)" in refused.value.message_dict["guest_phone"][0]
    assert _writes() == before


def test_a_cancelled_registration_does_not_count_as_a_duplicate(personas, event):
    from wushe.support.registration_services import registration_cancel

    first = _walk_in(personas, event).registration
    registration_cancel(registration=first, by=personas.olivia_officer)
    assert not _walk_in(personas, event).existing
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        ({"guest_phone": "12345"}, "guest_phone", "请输入 11 位中国大陆手机号"),
        ({"guest_phone": "010-64000000"}, "guest_phone", "请输入 11 位中国大陆手机号"),
        ({"guest_name": "  "}, "guest_name", "请填写来宾姓名"),
        ({"guest_name": "长" * 51}, "guest_name", "请填写来宾姓名(最多 50 字)"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_written(personas, event, data, field, says):
    before = _writes()
    with pytest.raises(ValidationError) as refused:
        _walk_in(personas, event, **data)
    assert says in refused.value.message_dict[field][0]
    assert _writes() == before


def test_an_archived_organisation_is_refused(personas, event):
    with pytest.raises(ValidationError) as refused:
        _walk_in(personas, event, organisation=personas.archived)
    assert refused.value.message_dict["organisation"] == ["该组织已停用,不能报名。"]
    assert not Registration.objects.exists()


def test_checking_in_before_check_in_opens_is_a_field_error(personas, event):
    with freeze_time(event.starts_at - timedelta(hours=2)), pytest.raises(ValidationError) as refused:
        _walk_in(personas, event, attended=True)
    assert "签到将于活动开始前 1 小时" in refused.value.message_dict["attended"][0]
    assert not Registration.objects.exists()


def test_no_walk_in_after_the_event_ended(personas, event):
    with freeze_time(event.ends_at + timedelta(minutes=1)), pytest.raises(ValidationError) as refused:
        _walk_in(personas, event, attended=True)
    assert "活动已于" in refused.value.messages[0]
    assert not Registration.objects.exists()


@pytest.mark.parametrize("who", ["gina_grantee", "oscar_other", "frank_funder", "vera_volunteer"])
def test_only_the_programmes_officers_register_walk_ins(personas, event, who):
    with pytest.raises(PermissionDenied):
        _walk_in(personas, event, by=getattr(personas, who))
    assert _writes()[0] == 0


def test_officers_of_another_programme_may_not(personas):
    elsewhere = _elsewhere(personas)
    with pytest.raises(PermissionDenied):
        _walk_in(personas, elsewhere)
    assert _walk_in(personas, elsewhere, by=personas.alice_admin).registration.walk_in  # the platform admin may


# --- the pages --------------------------------------------------------------------------------


def _post(client, event, htmx=True, **data):
    values = {"guest_name": "周来宾", "guest_phone": "13911112222", **data}
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return csrf_post(client, f"/events/{event.pk}/walk-in/", values, **extra)


def test_the_sheet_carries_the_walk_in_form_open_on_the_day(personas, client_for, event):
    client = client_for(personas.olivia_officer)
    ahead = client.get(f"/events/{event.pk}/attendance/").content.decode()
    assert 'data-testid="walk-in-form"' in ahead
    assert 'class="collapse" id="walk-in"' in ahead  # folded away until check-in opens
    assert 'id="walk-in-attended" checked' not in ahead
    with freeze_time(event.starts_at):
        today = client.get(f"/events/{event.pk}/attendance/").content.decode()
    assert 'class="collapse show" id="walk-in"' in today
    assert 'id="walk-in-attended" checked' in today
    assert f'href="/events/{event.pk}/checkin/kiosk/"' in today
    assert "style=" not in today.replace("<style nonce=", "")


def test_an_htmx_walk_in_swaps_the_form_and_the_sheet(personas, client_for, event):
    client = client_for(personas.olivia_officer)
    with freeze_time(event.starts_at + timedelta(minutes=1)):
        response = _post(client, event, organisation=personas.other.pk, attended="on")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'data-testid="walk-in-done"' in body
    assert "周来宾 已现场报名并签到(出席)" in body
    assert '<div id="attendance-rows" hx-swap-oob="true">' in body
    assert "绿邻社工 · 来宾 13911112222" in body  # the new row, with the officer's full view of the phone
    assert "出席 <strong>1</strong>" in body  # the tally
    assert f'value="{personas.other.pk}" checked' in body  # the next of a group keeps the organisation
    assert 'name="guest_name" value=""' in body
    assert Registration.objects.get().organisation == personas.other


def test_a_plain_post_redirects_to_the_sheet_with_the_outcome(personas, client_for, event):
    client = client_for(personas.olivia_officer)
    response = _post(client, event, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.pk}/attendance/"
    assert "周来宾 已现场报名。" in client.get(response["Location"]).content.decode()
    assert Registration.objects.get().organisation is None


def test_a_bad_phone_comes_back_on_its_field_with_the_input_kept(personas, client_for, event):
    client = client_for(personas.olivia_officer)
    before = _writes()
    body = _post(client, event, guest_phone="1391111", organisation=personas.other.pk).content.decode()
    assert 'data-testid="walk-in-phone-error">请输入 11 位中国大陆手机号,如 13800001234。<' in body
    assert 'aria-invalid="true" aria-describedby="walk-in-phone-error"' in body
    assert 'value="周来宾"' in body
    assert f'value="{personas.other.pk}" checked' in body
    assert "hx-swap-oob" not in body
    assert _writes() == before
    plain = _post(client, event, htmx=False, guest_phone="").content.decode()  # without htmx: the sheet again
    assert "请输入 11 位中国大陆手机号" in plain
    assert 'class="collapse show" id="walk-in"' in plain
    assert _writes() == before


def test_an_unknown_organisation_is_a_field_error(personas, client_for, event):
    body = _post(client_for(personas.olivia_officer), event, organisation="999999").content.decode()
    assert "请从搜索结果中选择组织" in body
    assert not Registration.objects.exists()


def test_a_full_event_offers_the_waiting_list_button(personas, client_for):
    event = make_event(personas, capacity=1)
    client = client_for(personas.olivia_officer)
    _post(client, event, guest_name="甲", guest_phone="13900000001")
    refused = _post(client, event).content.decode()
    assert "名额已满(共 1 个名额" in refused
    assert 'data-testid="walk-in-waitlist"' in refused
    assert Registration.objects.count() == 1
    queued = _post(client, event, waitlist="on").content.decode()
    assert "周来宾 已加入候补名单,排第 1 位" in queued
    assert Registration.objects.get(guest_name="周来宾").status == RegistrationStatus.WAITLISTED


def test_a_duplicate_is_shown_on_the_phone_field(personas, client_for, event):
    client = client_for(personas.olivia_officer)
    _post(client, event)
    body = _post(client, event).content.decode()
    assert 'data-testid="walk-in-phone-error">周来宾 已经报名了这个活动' in body
    assert Registration.objects.count() == 1


def test_the_organisation_search_finds_by_chinese_pinyin_and_initials(personas, client_for, event):
    client = client_for(personas.olivia_officer)
    url = f"/events/{event.pk}/walk-in/organisations/"
    for query in ("绿邻", "lvlin", "llsg"):
        body = client.get(url, {"organisation_q": query}).content.decode()
        assert f'value="{personas.other.pk}"' in body, query
        assert f'value="{personas.grantee.pk}"' not in body, query
    archived = client.get(url, {"organisation_q": "已注销"}).content.decode()
    assert "没有名称或拼音含“已注销”的组织" in archived
    kept = client.get(url, {"organisation_q": "sanzheng", "organisation": personas.other.pk}).content.decode()
    assert kept.index(f'value="{personas.other.pk}" checked') < kept.index(f'value="{personas.grantee.pk}"')
    assert 'value="" checked' not in kept
    assert 'value="" checked' in client.get(url, {"organisation_q": ""}).content.decode()


def test_the_organisation_search_stays_flat(personas, client_for, event, django_assert_max_num_queries):
    client = client_for(personas.olivia_officer)
    url = f"/events/{event.pk}/walk-in/organisations/"
    client.get(url, {"organisation_q": "she"})
    for i in range(12):
        OrganisationFactory(name=f"社区社工服务社{i}")
    with django_assert_max_num_queries(7):
        body = client.get(url, {"organisation_q": "she", "organisation": personas.other.pk}).content.decode()
    assert body.count('name="organisation"') == 1 + 8  # "no organisation" and eight matches at most


def test_the_organisation_search_says_when_to_keep_typing(personas, client_for, event):
    client = client_for(personas.olivia_officer)
    url = f"/events/{event.pk}/walk-in/organisations/"
    for i in range(8):
        OrganisationFactory(name=f"社区社工服务社{i}")
    eight = client.get(url, {"organisation_q": "社区社工服务社"}).content.decode()
    OrganisationFactory(name="社区社工服务社8")
    nine = client.get(url, {"organisation_q": "社区社工服务社"}).content.decode()
    assert eight.count('name="organisation"') == nine.count('name="organisation"') == 1 + 8
    assert "请继续输入" not in eight
    assert "只显示前 8 个,请继续输入以缩小范围。" in nine


def test_wrong_methods_are_refused(personas, client_for, event):
    client = client_for(personas.olivia_officer)
    assert client.get(f"/events/{event.pk}/walk-in/").status_code == 405
    assert csrf_post(client, f"/events/{event.pk}/walk-in/organisations/").status_code == 405
    assert csrf_post(client, f"/events/{event.pk}/checkin/kiosk/").status_code == 405
    assert csrf_post(client, f"/events/{event.pk}/checkin/kiosk/card/").status_code == 405
    assert not Registration.objects.exists()


def test_a_forbidden_walk_in_writes_nothing(personas, client_for, event):
    before = _writes()
    assert _post(client_for(personas.gina_grantee), event).status_code == 403
    assert _post(client_for(personas.olivia_officer), _elsewhere(personas)).status_code == 403
    hidden = _elsewhere(personas, status=ProgrammeStatus.DRAFT)
    assert _post(client_for(personas.olivia_officer), hidden).status_code == 404
    assert Registration.objects.count() == before[0]


# --- who may open what: one row per page, one column per persona -------------------------------

OFFICERS_ONLY = answers(FORBIDDEN, alice_admin=OK, olivia_officer=OK)
PAGES = {
    "kiosk": ("GET", "/events/{pk}/checkin/kiosk/", None, OFFICERS_ONLY),
    "kiosk card": ("GET", "/events/{pk}/checkin/kiosk/card/", None, OFFICERS_ONLY),
    "organisation search": ("GET", "/events/{pk}/walk-in/organisations/?organisation_q=lvlin", None, OFFICERS_ONLY),
    "walk-in": (
        "POST",
        "/events/{pk}/walk-in/",
        {"guest_name": "周来宾", "guest_phone": "13911112222"},
        answers(FORBIDDEN, alice_admin=MOVED, olivia_officer=MOVED),
    ),
    "kiosk of a draft programme's event": (
        "GET",
        "/events/{draft}/checkin/kiosk/",
        None,
        answers(NOT_FOUND, alice_admin=OK, olivia_officer=OK),
    ),
    "walk-in at a draft programme's event": (
        "POST",
        "/events/{draft}/walk-in/",
        {"guest_name": "周来宾", "guest_phone": "13911112222"},
        answers(NOT_FOUND, alice_admin=MOVED, olivia_officer=MOVED),
    ),
    "kiosk of another programme's event": (
        "GET",
        "/events/{elsewhere}/checkin/kiosk/",
        None,
        answers(FORBIDDEN, alice_admin=OK),
    ),
}


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("page_name", PAGES)
def test_each_page_answers_each_persona_as_the_product_says(page_name, who, personas, client_for, event):
    method, url, data, expected = PAGES[page_name]
    draft = make_event(personas, programme=_draft_programme(personas))
    elsewhere = _elsewhere(personas) if "{elsewhere}" in url else None
    url = url.format(pk=event.pk, draft=draft.pk, elsewhere=getattr(elsewhere, "pk", 0))
    client = client_for(persona(personas, who))
    response = client.get(url) if method == "GET" else csrf_post(client, url, data)
    got = str(response.status_code)
    if response.status_code == 302:
        got = LOGIN if response["Location"].startswith("/accounts/login/") else MOVED
    assert got == expected[who]
    if method == "POST" and got != MOVED:
        assert not Registration.objects.exists()


def _draft_programme(personas):
    from tests.lifecycle import make_programme

    return make_programme(personas, status=ProgrammeStatus.DRAFT)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL row locks")
def test_a_walk_in_and_a_registration_racing_for_the_last_seat_get_one_seat(personas):
    from tests.support.test_registration_concurrency import race

    event = make_event(personas, capacity=1)
    results = race(
        lambda: (
            registration_walk_in(
                event=Event.objects.get(pk=event.pk),
                by=personas.olivia_officer,
                guest_name="现场来宾",
                guest_phone="13800138001",
                waitlist=True,
            ).registration
        ),
        lambda: registration_add(
            event=Event.objects.get(pk=event.pk),
            organisation=personas.grantee,
            by=personas.gina_grantee,
            guest_name="报名来宾",
            guest_phone="13800138002",
        ),
    )
    assert all(isinstance(r, Registration) for r in results), results
    assert sorted(r.status for r in results) == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 1


def test_a_walk_in_answer_stays_flat_as_the_sheet_grows(personas, client_for):
    event = make_event(personas, capacity=40)
    client = client_for(personas.olivia_officer)
    client.get(f"/events/{event.pk}/attendance/")  # the session's first touch is not the answer's cost

    def answer(i: int) -> int:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = _post(
                client, event, guest_name=f"来宾{i}", guest_phone=f"1390000{i:04d}", organisation=personas.other.pk
            )
        assert 'data-testid="walk-in-done"' in response.content.decode()
        return len(ctx.captured_queries)

    answer(0)  # the first write also looks up what stays cached (content types for the audit log)
    few = answer(1)
    for i in range(2, 12):
        _walk_in(personas, event, guest_name=f"先到{i}", guest_phone=f"1370000{i:04d}", organisation=personas.grantee)
    assert answer(99) == few


def test_the_api_lists_walk_ins_with_or_without_an_organisation(personas, event):
    from django.test import Client

    from wushe.accounts.services import api_token_create

    _walk_in(personas, event)
    _walk_in(personas, event, guest_name="吴来宾", guest_phone="13922223333", organisation=personas.other)
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff)
    _, secret = api_token_create(user=personas.olivia_officer, name="签到台")
    rows = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get(f"/api/v1/events/{event.pk}/registrations").json()
    seen = {r["name"]: (r["organisation"], r["walk_in"], r["phone"]) for r in rows}
    assert seen == {
        "周来宾": (None, True, "13911112222"),
        "吴来宾": ({"id": personas.other.pk, "name": "绿邻社工"}, True, "13922223333"),
        "Sam 机构员工": ({"id": personas.grantee.pk, "name": "三正社工"}, False, ""),
    }


def _api(personas, user=None):
    from django.test import Client

    from wushe.accounts.services import api_token_create

    _, secret = api_token_create(user=user or personas.olivia_officer, name="签到台")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_api_registers_a_walk_in_and_checks_them_in(personas, event):
    with freeze_time(event.starts_at + timedelta(minutes=5)):
        response = _api(personas).post(
            f"/api/v1/events/{event.pk}/walk-ins",
            {"guest_name": "周来宾", "guest_phone": "13911112222", "attended": True},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["name"], body["organisation"], body["walk_in"], body["existing"]) == ("周来宾", None, True, False)
        assert body["attendance"] == AttendanceStatus.PRESENT
        again = _api(personas).post(
            f"/api/v1/events/{event.pk}/walk-ins",
            {"guest_name": "周来宾", "guest_phone": "13911112222", "attended": True},
            content_type="application/json",
        )
    assert again.status_code == 200
    assert again.json()["existing"] is True
    assert Registration.objects.filter(event=event).count() == 1


def test_the_api_refuses_walk_ins_field_by_field_and_by_role(personas, event):
    officer, grantee = _api(personas), _api(personas, personas.gina_grantee)
    hidden = _elsewhere(personas, status=ProgrammeStatus.DRAFT)
    person = {"guest_name": "周来宾", "guest_phone": "13911112222"}
    before = _writes()
    bad = officer.post(
        f"/api/v1/events/{event.pk}/walk-ins", {**person, "guest_phone": "12345"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert any(error["loc"][-1] == "guest_phone" for error in bad.json()["detail"])
    refused = grantee.post(f"/api/v1/events/{event.pk}/walk-ins", person, content_type="application/json")
    assert refused.status_code == 403
    unseen = officer.post(f"/api/v1/events/{hidden.pk}/walk-ins", person, content_type="application/json")
    assert unseen.status_code == 404
    assert _writes() == before


def test_the_api_offers_the_waiting_list_when_the_event_is_full(personas, event):
    for i in range(2):
        _walk_in(personas, event, guest_name=f"先到{i}", guest_phone=f"1370000000{i}")
    full = _api(personas).post(
        f"/api/v1/events/{event.pk}/walk-ins",
        {"guest_name": "后到", "guest_phone": "13700009999"},
        content_type="application/json",
    )
    assert full.status_code == 422
    waiting = _api(personas).post(
        f"/api/v1/events/{event.pk}/walk-ins",
        {"guest_name": "后到", "guest_phone": "13700009999", "waitlist": True},
        content_type="application/json",
    )
    assert waiting.status_code == 201
    assert waiting.json()["status"] == RegistrationStatus.WAITLISTED
