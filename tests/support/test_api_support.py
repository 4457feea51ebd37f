"""The support endpoints: activities (filters, kind, private notes), follow-ups and ledgers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.lifecycle import make_programme
from tests.support.builders import at, make_activity
from wushe.accounts.services import api_token_create
from wushe.support.followup_services import followup_add
from wushe.support.models import FollowUp, SupportActivity

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_client():
    """A client that sends a real personal API token of the given user."""

    def make(user) -> Client:
        _token, secret = api_token_create(user=user, name="测试")
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    return make


@pytest.fixture
def activities(personas):
    programme = make_programme(personas)
    roundtable = make_activity(personas, programme, kind="roundtable", days=-10)
    visit = make_activity(personas, programme, kind="field_visit", days=-2)
    other = make_activity(personas, programme, kind="training", days=-1, organisations=[personas.other])
    return programme, roundtable, visit, other


def test_the_list_filters_and_names_each_kind(personas, api_client, activities):
    programme, roundtable, visit, other = activities
    client = api_client(personas.olivia_officer)

    everything = client.get("/api/v1/support-activities", {"programme": programme.pk}).json()
    visits = client.get("/api/v1/support-activities", {"kind": "field_visit"}).json()
    for_grantee = client.get("/api/v1/support-activities", {"organisation": personas.grantee.pk}).json()
    recent = client.get(
        "/api/v1/support-activities", {"date_from": at(-3).date().isoformat(), "date_to": at(0).date().isoformat()}
    ).json()

    assert everything["count"] == 3
    assert everything["results"][0]["kind"] == {"code": "training", "name": "专题培训"}
    assert [a["id"] for a in visits["results"]] == [visit.pk]
    assert {a["id"] for a in for_grantee["results"]} == {roundtable.pk, visit.pk}
    assert {a["id"] for a in recent["results"]} == {visit.pk, other.pk}
    assert "private_notes" not in everything["results"][0]


def test_an_organisation_sees_only_what_it_received(personas, api_client, activities):
    _programme, roundtable, visit, other = activities
    client = api_client(personas.gina_grantee)

    listed = client.get("/api/v1/support-activities").json()

    assert {a["id"] for a in listed["results"]} == {roundtable.pk, visit.pk}
    assert client.get(f"/api/v1/support-activities/{other.pk}").status_code == 404
    detail = client.get(f"/api/v1/support-activities/{roundtable.pk}").json()
    assert detail["private_notes"] is None
    assert detail["kind"] == {"code": "roundtable", "name": "圆桌辅导会"}


def test_private_notes_for_the_support_side_only(personas, api_client, activities):
    _programme, roundtable, _visit, _other = activities

    officer = api_client(personas.olivia_officer).get(f"/api/v1/support-activities/{roundtable.pk}").json()
    funder = api_client(personas.frank_funder).get(f"/api/v1/support-activities/{roundtable.pk}").json()

    assert officer["private_notes"] == "机构负责人近期压力较大,需要多关心。"
    assert funder["private_notes"] is None
    assert api_client(personas.grace_gov).get(f"/api/v1/support-activities/{roundtable.pk}").status_code == 404


def test_a_date_range_the_wrong_way_round_finds_nothing(personas, api_client, activities):
    client = api_client(personas.olivia_officer)

    inverted = client.get("/api/v1/support-activities", {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    extreme = client.get("/api/v1/support-activities", {"date_from": "0001-01-01", "date_to": "9999-12-31"})
    bad = client.get("/api/v1/support-activities", {"date_from": "2026-02-30"})

    assert inverted.json()["count"] == 0
    assert extreme.json()["count"] == 3
    assert bad.status_code == 422


def test_an_officer_records_an_activity(personas, api_client):
    programme = make_programme(personas)
    payload = {
        "programme_id": programme.pk,
        "kind": "roundtable",
        "starts_at": at(5, 14).isoformat(),
        "duration_minutes": 120,
        "topic": "三家机构圆桌",
        "organisation_ids": [personas.grantee.pk, personas.other.pk],
        "staff_ids": [personas.olivia_officer.pk],
    }

    created = api_client(personas.olivia_officer).post(
        "/api/v1/support-activities", payload, content_type="application/json"
    )
    negative = api_client(personas.olivia_officer).post(
        "/api/v1/support-activities", {**payload, "duration_minutes": -5}, content_type="application/json"
    )
    unknown_org = api_client(personas.olivia_officer).post(
        "/api/v1/support-activities", {**payload, "organisation_ids": [999_999]}, content_type="application/json"
    )
    forbidden = api_client(personas.gina_grantee).post(
        "/api/v1/support-activities", payload, content_type="application/json"
    )

    assert created.status_code == 201
    assert created.json()["kind"]["code"] == "roundtable"
    assert len(created.json()["organisations"]) == 2
    assert negative.status_code == 422
    assert negative.json()["detail"][0]["loc"][-1] == "duration_minutes"
    assert unknown_org.status_code == 422
    assert unknown_org.json()["detail"][0]["loc"][-1] == "organisation_ids"
    assert forbidden.status_code == 403
    assert SupportActivity.objects.count() == 1


def test_follow_ups_through_the_api(personas, api_client, activities):
    _programme, roundtable, _visit, _other = activities
    officer = api_client(personas.olivia_officer)
    due = roundtable.starts_at.date()

    too_early = officer.post(
        f"/api/v1/support-activities/{roundtable.pk}/follow-ups",
        {
            "description": "补材料",
            "owner_id": personas.gina_grantee.pk,
            "due_on": (due - timedelta(days=1)).isoformat(),
        },
        content_type="application/json",
    )
    added = officer.post(
        f"/api/v1/support-activities/{roundtable.pk}/follow-ups",
        {
            "description": "补材料",
            "owner_id": personas.gina_grantee.pk,
            "due_on": (due + timedelta(days=5)).isoformat(),
        },
        content_type="application/json",
    )
    follow_up_id = added.json()["id"]
    gina = api_client(personas.gina_grantee)
    mine = gina.get("/api/v1/follow-ups", {"mine": "true", "open": "true"}).json()
    done = gina.post(
        f"/api/v1/follow-ups/{follow_up_id}/complete", {"evidence": "已提交"}, content_type="application/json"
    )
    again = gina.post(
        f"/api/v1/follow-ups/{follow_up_id}/complete", {"evidence": "已提交"}, content_type="application/json"
    )

    assert too_early.status_code == 422
    assert too_early.json()["detail"][0]["loc"][-1] == "due_on"
    assert added.status_code == 201
    assert [f["id"] for f in mine["results"]] == [follow_up_id]
    assert done.status_code == 200
    assert done.json()["done"] is True
    assert again.status_code == 409
    assert FollowUp.objects.get().evidence == "已提交"
    assert api_client(personas.frank_funder).get("/api/v1/follow-ups").json()["count"] == 0
    assert (
        api_client(personas.oscar_other)
        .post(f"/api/v1/follow-ups/{follow_up_id}/complete", {"evidence": "x"}, content_type="application/json")
        .status_code
        == 404
    )


def test_the_organisation_ledger(personas, api_client, activities):
    _programme, roundtable, visit, _other = activities
    followup_add(
        activity=visit,
        by=personas.olivia_officer,
        description="补充监测表",
        owner=personas.gina_grantee,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    url = f"/api/v1/ledgers/organisations/{personas.grantee.pk}"

    ledger = api_client(personas.gina_grantee).get(url).json()

    assert ledger["activity_count"] == 2
    assert ledger["total_hours"] == 3.0
    assert [e["id"] for e in ledger["entries"]] == [visit.pk, roundtable.pk]
    assert {k["code"] for k in ledger["by_kind"]} == {"roundtable", "field_visit"}
    assert [f["description"] for f in ledger["open_follow_ups"]] == ["补充监测表"]
    assert api_client(personas.oscar_other).get(url).status_code == 404
    assert api_client(personas.frank_funder).get(url).status_code == 404


def test_the_programme_ledger(personas, api_client, activities):
    programme, *_rest = activities
    url = f"/api/v1/ledgers/programmes/{programme.pk}"

    officer = api_client(personas.olivia_officer).get(url).json()
    funder = api_client(personas.frank_funder).get(url).json()
    government = api_client(personas.grace_gov).get(url).json()

    assert officer["level"] == "full"
    assert officer["held_count"] == 3
    assert {k["code"]: k["count"] for k in officer["by_kind"]}["field_visit"] == 1
    assert sum(m["total"] for m in officer["by_month"]) == 3
    assert officer["staff_workload"][0]["name"] == "Olivia 项目官员"
    assert funder["level"] == "funder"
    assert funder["staff_workload"] is None
    assert funder["held_count"] == 3
    assert government["level"] == "aggregate"
    assert government["not_visited"] is None
    assert api_client(personas.gina_grantee).get(url).status_code == 403
    assert api_client(personas.olivia_officer).get("/api/v1/ledgers/programmes/999999").status_code == 404


def test_the_endpoints_need_credentials(client):
    assert client.get("/api/v1/support-activities").status_code == 401
    assert client.get("/api/v1/follow-ups").status_code == 401
