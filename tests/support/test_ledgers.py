"""The support ledgers: an organisation's history and a programme's counts, flat in query count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.grants.builders import make_grant
from tests.lifecycle import make_programme
from tests.support.builders import at, attend, make_activity, register
from tests.support.event_builders import make_event
from wushe.support.followup_services import followup_add
from wushe.support.ledger_selectors import organisation_ledger, programme_ledger
from wushe.support.services import activity_cancel

pytestmark = pytest.mark.django_db


def test_an_organisations_history_mixes_activities_received_and_events_attended(personas):
    programme = make_programme(personas)
    roundtable = make_activity(personas, programme, kind="roundtable", days=-20, minutes=120)
    visit = make_activity(personas, programme, kind="field_visit", days=-5, minutes=60)
    planned = make_activity(personas, programme, kind="consultation", days=6, minutes=30, status="planned")
    cancelled = make_activity(personas, programme, days=8, status="planned")
    activity_cancel(activity=cancelled, by=personas.olivia_officer)
    make_activity(personas, programme, organisations=[personas.other], topic="别的机构的咨询")
    workshop = make_event(personas, programme=programme, starts_at=at(-30, 9, 0), hours=3)
    attend(workshop, personas.grantee, personas.gina_grantee, user=personas.gina_grantee)
    attend(workshop, personas.grantee, personas.gina_grantee, guest="张社工", late=True)
    missed = make_event(personas, programme=programme, starts_at=at(-2, 9, 0))
    register(missed, personas.grantee, personas.gina_grantee, user=personas.sam_staff)  # never came
    followup_add(
        activity=visit,
        by=personas.olivia_officer,
        description="补充监测表",
        owner=personas.gina_grantee,
        due_on=timezone.localdate() + timedelta(days=3),
    )

    ledger = organisation_ledger(user=personas.gina_grantee, organisation=personas.grantee)

    assert [(e.source, e.topic) for e in ledger["entries"]] == [
        ("activity", planned.topic),
        ("activity", visit.topic),
        ("activity", roundtable.topic),
        ("event", workshop.title),
    ]
    assert ledger["entries"][-1].attendees == 2
    assert [(r["code"], r["count"], r["hours"]) for r in ledger["kind_rows"]] == [
        ("field_visit", 1, 1.0),
        ("roundtable", 1, 2.0),
    ]
    assert [(r["kind"], r["count"], r["attendees"]) for r in ledger["event_rows"]] == [("赋能工作坊", 1, 2)]
    assert (ledger["activity_hours"], ledger["event_hours"], ledger["total_hours"]) == (3.0, 3.0, 6.0)
    assert [f.description for f in ledger["open_follow_ups"]] == ["补充监测表"]


def test_an_officer_sees_only_what_their_programmes_gave_the_organisation(personas):
    from tests.factories import MembershipFactory, OrganisationFactory, PlatformRoleFactory, UserFactory
    from wushe.access.models import MemberRole, PlatformRoleKind
    from wushe.orgs.models import OrganisationKind

    mine = make_activity(personas)
    elsewhere = OrganisationFactory(kind=OrganisationKind.SUPPORT)
    officer = UserFactory()
    MembershipFactory(user=officer, organisation=elsewhere, role=MemberRole.STAFF)
    PlatformRoleFactory(user=officer, role=PlatformRoleKind.PROGRAMME_OFFICER, organisation=elsewhere)

    assert [
        e.pk for e in organisation_ledger(user=personas.olivia_officer, organisation=personas.grantee)["entries"]
    ] == [mine.pk]
    assert organisation_ledger(user=officer, organisation=personas.grantee)["entries"] == []


def test_a_programme_ledger_counts_by_kind_and_month(personas):
    programme = make_programme(personas)
    for kind, days in (("roundtable", -40), ("roundtable", -1), ("training", -1), ("field_visit", -70)):
        make_activity(personas, programme, kind=kind, days=days)
    make_activity(personas, programme, kind="consultation", days=3, status="planned")

    ledger = programme_ledger(programme=programme, level="full")

    counts = {r["code"]: r["count"] for r in ledger["kind_rows"]}
    assert counts == {"plan_coaching": 0, "training": 1, "field_visit": 1, "roundtable": 2, "consultation": 0}
    assert ledger["held_count"] == 4
    assert ledger["planned_count"] == 1
    months = {r["month"]: r["total"] for r in ledger["month_rows"]}
    assert sum(months.values()) == 4
    assert list(months) == sorted(months)
    yesterday = timezone.localdate() - timedelta(days=1)
    assert months[yesterday.replace(day=1)] >= 2  # the roundtable and the training of yesterday
    assert ledger["workload"] == [
        {"user_id": personas.olivia_officer.pk, "name": "Olivia 项目官员", "count": 4, "hours": 6.0}
    ]


def test_grantees_not_yet_visited_drop_off_once_a_field_visit_is_held(personas):
    grant = make_grant(personas)
    programme = grant.programme
    make_activity(personas, programme, kind="roundtable")
    planned_visit = make_activity(personas, programme, kind="field_visit", days=2, status="planned")

    before = programme_ledger(programme=programme, level="full")
    make_activity(personas, programme, kind="field_visit", grants=[grant])
    after = programme_ledger(programme=programme, level="full")

    assert [o.pk for o in before["not_visited"]] == [personas.grantee.pk]
    assert (before["grantee_count"], before["not_visited_count"]) == (1, 1)
    assert after["not_visited"] == []
    assert after["not_visited_count"] == 0
    assert planned_visit.status == "planned"


def test_funders_and_government_get_no_names(personas):
    programme = make_programme(personas)
    make_activity(personas, programme)

    for level in ("funder", "aggregate"):
        ledger = programme_ledger(programme=programme, level=level)
        assert ledger["held_count"] == 1
        assert ledger["workload"] == []
        assert ledger["not_visited"] == []


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _grow(personas, programme, n):
    for i in range(n):
        kind = ("roundtable", "training", "field_visit", "consultation", "plan_coaching")[i % 5]
        make_activity(personas, programme, kind=kind, days=-(i * 11) - 1)


def test_ledger_queries_stay_flat_as_activities_grow(personas):
    programme = make_programme(personas)
    _grow(personas, programme, 3)
    organisation_ledger(user=personas.gina_grantee, organisation=personas.grantee)  # roles are loaded once
    small_programme = _queries(lambda: programme_ledger(programme=programme, level="full"))
    small_org = _queries(lambda: organisation_ledger(user=personas.gina_grantee, organisation=personas.grantee))

    _grow(personas, programme, 12)
    big_programme = _queries(lambda: programme_ledger(programme=programme, level="full"))
    big_org = _queries(lambda: organisation_ledger(user=personas.gina_grantee, organisation=personas.grantee))

    assert big_programme == small_programme
    assert big_org == small_org
