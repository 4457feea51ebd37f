"""The calendar pages: month and week, for oneself, an organisation and a programme."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_post
from tests.lifecycle import make_programme
from tests.support.builders import at, make_activity, register
from tests.support.event_builders import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(personas):
    programme = make_programme(personas)
    roundtable = make_activity(personas, programme, days=1, status="planned", topic="三家机构圆桌")
    workshop = make_event(personas, programme=programme, starts_at=at(2, 9, 0), title="项目设计工作坊")
    register(workshop, personas.grantee, personas.gina_grantee, user=personas.gina_grantee)
    return programme, roundtable, workshop


def _titles(response) -> set[str]:
    return {item.title for _day, items in response.context["list_days"] for item in items}


def test_my_calendar_shows_what_i_deliver_and_what_i_registered_for(personas, client_for, scheduled):
    day = at(1).date().isoformat()

    olivia = client_for(personas.olivia_officer).get("/calendar/", {"date": day})
    gina = client_for(personas.gina_grantee).get("/calendar/", {"view": "week", "date": at(2).date().isoformat()})

    assert olivia.status_code == 200
    assert _titles(olivia) == {"三家机构圆桌"}
    assert gina.context["view"].mode == "week"
    assert len(gina.context["view"].days) == 7
    assert _titles(gina) == {"项目设计工作坊"}


def test_the_month_is_whole_weeks_from_monday(personas, client_for, scheduled):
    response = client_for(personas.olivia_officer).get("/calendar/", {"view": "month", "date": "2026-02-11"})

    days = response.context["view"].days
    assert days[0].isoformat() == "2026-01-26"
    assert days[0].weekday() == 0
    assert len(days) % 7 == 0
    assert days[-1].isoformat() == "2026-03-01"
    assert response.context["view"].previous.isoformat() == "2026-01-01"
    assert response.context["view"].following.isoformat() == "2026-03-01"


def test_on_a_phone_the_month_is_a_list_by_day(personas, client_for, scheduled):
    page = client_for(personas.olivia_officer).get("/calendar/", {"date": at(1).date().isoformat()}).content.decode()

    assert 'data-testid="calendar-list"' in page
    assert page.count("三家机构圆桌") >= 2  # once in the grid, once in the list


def test_an_organisation_calendar(personas, client_for, scheduled):
    url = f"/organisations/{personas.grantee.pk}/calendar/"
    week = {"view": "week", "date": at(1).date().isoformat()}

    response = client_for(personas.sam_staff).get(url, week)

    assert response.status_code == 200
    assert "三家机构圆桌" in _titles(response)
    assert client_for(personas.oscar_other).get(url).status_code == 404


def test_a_programme_calendar(personas, client_for, scheduled):
    programme, _roundtable, _workshop = scheduled
    url = f"/programmes/{programme.pk}/calendar/"
    month = {"date": at(1).date().isoformat()}

    officer = client_for(personas.olivia_officer).get(url, month)

    assert "三家机构圆桌" in _titles(officer)
    assert client_for(personas.frank_funder).get(url).status_code == 200
    assert client_for(personas.grace_gov).get(url).status_code == 403
    assert client_for(personas.gina_grantee).get(url).status_code == 403
    assert csrf_post(client_for(personas.olivia_officer), url).status_code == 405


def test_a_bad_date_falls_back_to_today(personas, client_for):
    response = client_for(personas.vera_volunteer).get("/calendar/", {"date": "2026-13-45", "view": "year"})

    assert response.status_code == 200
    assert response.context["view"].mode == "month"
