"""Recording support activities: who may, what is checked, what is linked."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.grants.builders import make_grant
from tests.lifecycle import make_call, make_programme, make_submitted_proposal
from tests.support.builders import at, make_activity
from wushe.access.models import MemberRole
from wushe.proposals.services import proposal_transition
from wushe.support.kind_services import kind_add
from wushe.support.models import ActivityKind, ActivityStatus, SupportActivity
from wushe.support.services import activity_cancel, activity_create, activity_mark_held, activity_update

pytestmark = pytest.mark.django_db


def _data(personas, programme, **changes):
    return {
        "by": personas.olivia_officer,
        "programme": programme,
        "kind": "roundtable",
        "starts_at": at(5, 14),
        "duration_minutes": 120,
        "topic": "院落议事规则圆桌",
        "organisations": [personas.grantee, personas.other],
        "staff": [personas.olivia_officer],
        **changes,
    }


def test_the_five_kinds_exist_in_every_installation():
    kinds = dict(ActivityKind.objects.filter(programme__isnull=True).values_list("code", "name"))

    assert kinds == {
        "plan_coaching": "项目实施方案辅导",
        "training": "专题培训",
        "field_visit": "实地走访监测",
        "roundtable": "圆桌辅导会",
        "consultation": "一对一咨询",
    }


def test_an_officer_records_a_roundtable_for_several_organisations(personas):
    programme = make_programme(personas)

    activity = activity_create(**_data(personas, programme))

    assert activity.status == ActivityStatus.PLANNED
    assert activity.kind.code == "roundtable"
    assert set(activity.organisations.all()) == {personas.grantee, personas.other}
    assert list(activity.staff.all()) == [personas.olivia_officer]
    assert LogEntry.objects.filter(additional_data__event="support_activity.create").count() == 1


@pytest.mark.parametrize("minutes", [0, -30, "abc", 60 * 24 * 8])
def test_it_refuses_a_duration_that_is_not_positive_or_too_long(personas, minutes):
    programme = make_programme(personas)

    with pytest.raises(ValidationError) as exc:
        activity_create(**_data(personas, programme, duration_minutes=minutes))

    assert list(exc.value.message_dict) == ["duration_minutes"]
    assert SupportActivity.objects.count() == 0


def test_it_refuses_organisations_that_do_not_exist_or_are_archived(personas):
    programme = make_programme(personas)

    for organisations in ([personas.grantee.pk, 999_999], [personas.archived], []):
        with pytest.raises(ValidationError) as exc:
            activity_create(**_data(personas, programme, organisations=organisations))
        assert "organisations" in exc.value.message_dict
    assert SupportActivity.objects.count() == 0


def test_staff_must_be_members_of_the_support_organisation(personas):
    programme = make_programme(personas)

    with pytest.raises(ValidationError) as exc:
        activity_create(**_data(personas, programme, staff=[personas.olivia_officer, personas.sam_staff]))

    assert exc.value.message_dict["staff"] == ["执行人员须是北京协作者的成员。"]


def test_a_colleague_of_the_support_organisation_may_deliver_it(personas):
    colleague = UserFactory(name="王督导")
    MembershipFactory(user=colleague, organisation=personas.support, role=MemberRole.MEMBER)
    programme = make_programme(personas)

    activity = activity_create(**_data(personas, programme, staff=[personas.olivia_officer, colleague]))

    assert activity.staff.count() == 2


@pytest.mark.parametrize("who", ["frank_funder", "gina_grantee", "oscar_other", "grace_gov", "vera_volunteer"])
def test_only_officers_of_the_programme_record_activities(personas, who):
    programme = make_programme(personas)

    with pytest.raises(PermissionDenied):
        activity_create(**_data(personas, programme, by=getattr(personas, who)))
    assert SupportActivity.objects.count() == 0


def test_an_officer_of_another_support_organisation_may_not(personas):
    from tests.factories import PlatformRoleFactory
    from wushe.access.models import PlatformRoleKind
    from wushe.orgs.models import OrganisationKind

    elsewhere = OrganisationFactory(kind=OrganisationKind.SUPPORT)
    officer = UserFactory()
    MembershipFactory(user=officer, organisation=elsewhere, role=MemberRole.STAFF)
    PlatformRoleFactory(user=officer, role=PlatformRoleKind.PROGRAMME_OFFICER, organisation=elsewhere)
    programme = make_programme(personas)

    with pytest.raises(PermissionDenied):
        activity_create(**_data(personas, programme, by=officer, staff=[officer]))


def test_a_field_visit_points_to_the_grant_it_monitored(personas):
    grant = make_grant(personas)

    visit = make_activity(personas, grant.programme, kind="field_visit", grants=[grant])

    assert list(visit.grants.all()) == [grant]
    assert list(grant.support_activities.all()) == [visit]


def test_a_grant_of_another_programme_or_organisation_is_refused(personas):
    grant = make_grant(personas)
    other_programme = make_programme(personas)

    with pytest.raises(ValidationError) as exc:
        make_activity(personas, other_programme, kind="field_visit", grants=[grant])
    assert exc.value.message_dict["grants"] == ["有的资助协议不属于本资助计划。"]

    with pytest.raises(ValidationError) as exc:
        make_activity(personas, grant.programme, kind="field_visit", grants=[grant], organisations=[personas.other])
    assert exc.value.message_dict["grants"] == ["所监测资助协议的受资助机构须在服务对象中。"]


def _coaching_round(personas, programme):
    proposal = make_submitted_proposal(personas, make_call(programme))
    proposal = proposal_transition(
        proposal=proposal,
        action="request_revision",
        by=personas.olivia_officer,
        comments=[("activities", "请把一对一咨询中谈到的排班写具体。")],
    )
    return proposal.rounds.get()


def test_a_consultation_points_to_the_coaching_rounds_it_produced(personas):
    programme = make_programme(personas)
    coaching_round = _coaching_round(personas, programme)

    consultation = make_activity(personas, programme, kind="consultation", coaching_rounds=[coaching_round])

    assert list(coaching_round.support_activities.all()) == [consultation]


def test_only_a_consultation_produces_coaching_rounds(personas):
    programme = make_programme(personas)
    coaching_round = _coaching_round(personas, programme)

    with pytest.raises(ValidationError) as exc:
        make_activity(personas, programme, kind="training", coaching_rounds=[coaching_round])

    assert exc.value.message_dict["coaching_rounds"] == ["只有一对一咨询可以关联它产生的辅导轮次。"]


def test_updating_checks_the_same_rules_and_keeps_the_rest(personas):
    activity = make_activity(personas, status="planned", days=3)

    with pytest.raises(ValidationError):
        activity_update(activity=activity, by=personas.olivia_officer, duration_minutes=-5)
    updated = activity_update(activity=activity, by=personas.olivia_officer, duration_minutes=45, topic="改期后的圆桌")

    assert (updated.duration_minutes, updated.topic) == (45, "改期后的圆桌")
    assert list(updated.organisations.all()) == [personas.grantee]
    with pytest.raises(PermissionDenied):
        activity_update(activity=activity, by=personas.gina_grantee, topic="改名")


def test_marking_held_happens_once_and_not_before_it_starts(personas):
    past = make_activity(personas, status="planned", days=-1)
    future = make_activity(personas, past.programme, status="planned", days=2)

    held = activity_mark_held(activity=past, by=personas.olivia_officer, outcome="三家机构修订了议事规则。")

    assert held.status == ActivityStatus.HELD
    assert held.outcome == "三家机构修订了议事规则。"
    with pytest.raises(ValidationError, match="已标记为已开展"):
        activity_mark_held(activity=past, by=personas.olivia_officer)
    with pytest.raises(ValidationError, match="尚未开始"):
        activity_mark_held(activity=future, by=personas.olivia_officer)


def test_a_planned_activity_can_be_cancelled_once(personas):
    activity = make_activity(personas, status="planned", days=4)

    assert activity_cancel(activity=activity, by=personas.olivia_officer).status == ActivityStatus.CANCELLED
    with pytest.raises(ValidationError):
        activity_cancel(activity=activity, by=personas.olivia_officer)


def test_an_officer_adds_a_custom_kind_for_one_programme(personas):
    programme = make_programme(personas)
    other = make_programme(personas)

    kind = kind_add(programme=programme, by=personas.olivia_officer, name="财务规范辅导")
    activity = make_activity(personas, programme, kind=kind.code)

    assert activity.kind == kind
    assert kind.code not in {"plan_coaching", "training", "field_visit", "roundtable", "consultation"}
    with pytest.raises(ValidationError) as exc:
        make_activity(personas, other, kind=kind.pk)
    assert "kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        kind_add(programme=programme, by=personas.olivia_officer, name="财务规范辅导")
    assert "name" in exc.value.message_dict
    with pytest.raises(ValidationError):
        kind_add(programme=programme, by=personas.olivia_officer, name="圆桌辅导会")
    with pytest.raises(PermissionDenied):
        kind_add(programme=programme, by=personas.frank_funder, name="其他")


def test_a_new_activity_may_be_recorded_as_already_held(personas):
    activity = make_activity(personas, status="held", days=-10)

    assert activity.status == ActivityStatus.HELD
    assert activity.starts_at < timezone.now()
