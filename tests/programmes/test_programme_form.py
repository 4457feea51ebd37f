"""Officers create and edit programmes (with co-funders and phases) and their calls."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import csrf_post
from tests.lifecycle import make_call, make_programme
from wushe.programmes.models import Call, Programme


def _programme_data(personas, **overrides):
    data = {
        "name": "绿缘计划第二期",
        "short_name": "绿缘二期",
        "support_organisation": personas.support.pk,
        "total_budget": "1500000",
        "starts_on": "2023-01-01",
        "ends_on": "2024-06-30",
        "status": "active",
        "summary": "继续支持社区垃圾分类。",
        "funder": [str(personas.funder.pk), ""],
        "committed_amount": ["1500000", ""],
        "phase_name": ["征集", "实施"],
        "phase_starts_on": ["2023-01-01", "2023-03-01"],
        "phase_ends_on": ["2023-02-28", "2024-03-31"],
    }
    data.update(overrides)
    return data


def test_an_officer_creates_a_programme_with_funders_and_phases(personas, client_for):
    client = client_for(personas.olivia_officer)
    assert client.get("/programmes/new/").status_code == 200
    response = csrf_post(client, "/programmes/new/", _programme_data(personas))
    programme = Programme.objects.get(name="绿缘计划第二期")
    assert response.status_code == 302
    assert programme.support_organisation == personas.support
    assert list(programme.funders.values_list("funder__name", "committed_amount")) == [
        ("万科公益基金会", Decimal("1500000.00"))
    ]
    assert list(programme.phases.values_list("name", flat=True)) == ["征集", "实施"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_on": "2022-01-01"}, "结束日期不能早于开始日期"),
        ({"total_budget": "-1"}, ""),
        ({"committed_amount": ["-5", ""]}, "金额不能为负数"),
        ({"phase_ends_on": ["2022-12-01", "2024-03-31"]}, "结束日期早于开始日期"),
        ({"phase_starts_on": ["2020-01-01", "2023-03-01"]}, "超出了计划的起止日期"),
    ],
)
def test_bad_input_is_shown_and_nothing_is_written(personas, client_for, overrides, message):
    response = csrf_post(
        client_for(personas.olivia_officer), "/programmes/new/", _programme_data(personas, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Programme.objects.filter(name="绿缘计划第二期").exists()


def test_only_officers_may_create_or_edit(personas, client_for):
    programme = make_programme(personas)
    for persona in ("gina_grantee", "frank_funder", "grace_gov", "vera_volunteer"):
        client = client_for(getattr(personas, persona))
        assert client.get("/programmes/new/").status_code == 403
        assert client.get(f"/programmes/{programme.pk}/edit/").status_code == 403


def test_editing_replaces_funders_and_phases(personas, client_for):
    programme = make_programme(personas)
    data = _programme_data(
        personas, name=programme.name, starts_on=str(programme.starts_on), ends_on=str(programme.ends_on)
    )
    data.update(
        phase_name=["唯一阶段"], phase_starts_on=[str(programme.starts_on)], phase_ends_on=[str(programme.ends_on)]
    )
    response = csrf_post(client_for(personas.olivia_officer), f"/programmes/{programme.pk}/edit/", data)
    assert response.status_code == 302
    assert list(programme.phases.values_list("name", flat=True)) == ["唯一阶段"]
    assert programme.funders.get().committed_amount == Decimal("1500000.00")


def _call_data(**overrides):
    now = timezone.localtime()
    data = {
        "title": "第二期项目征集",
        "rules": "规则",
        "opens_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
        "budget": "500000",
        "max_amount": "100000",
        "is_published": "on",
    }
    data.update(overrides)
    return data


def test_an_officer_opens_a_call(personas, client_for):
    programme = make_programme(personas)
    response = csrf_post(client_for(personas.olivia_officer), f"/programmes/{programme.pk}/calls/new/", _call_data())
    call = Call.objects.get(title="第二期项目征集")
    assert response.status_code == 302
    assert call.is_open()


def test_a_call_maximum_over_its_budget_is_refused_on_the_field(personas, client_for):
    programme = make_programme(personas)
    response = csrf_post(
        client_for(personas.olivia_officer),
        f"/programmes/{programme.pk}/calls/new/",
        _call_data(max_amount="600000"),
    )
    assert "不能超过本次征集预算" in response.content.decode()
    assert not Call.objects.filter(title="第二期项目征集").exists()


def test_a_published_deadline_moves_only_by_extension(personas, client_for):
    call = make_call(make_programme(personas))
    before = call.closes_at
    data = _call_data(title=call.title, closes_at=(before + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"))
    response = csrf_post(client_for(personas.olivia_officer), f"/calls/{call.pk}/edit/", data)
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.closes_at == before  # the disabled field is ignored
    assert client_for(personas.gina_grantee).get(f"/calls/{call.pk}/edit/").status_code == 403
