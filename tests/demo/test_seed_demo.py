"""`manage.py seed_demo` loads the 绿缘计划 demo; `manage.py demo_logins` lists its logins."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, override_settings

from wushe.access.models import MemberRole, Membership, PlatformRole
from wushe.access.roles import actor_for
from wushe.accounts.models import User
from wushe.core.validators import validate_uscc
from wushe.demo import seed
from wushe.demo.seed import DEMO_LOGINS, GRANTEE_KINDS, grantee_names
from wushe.orgs.models import FieldOfWork, Organisation, OrganisationKind, Place

DEMO_PASSWORD = "wushe-demo"


def run_seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return run_seed()


def org(key: str) -> Organisation:
    name = next(row["name"] for row in seed.demo_organisations() if row["key"] == key)
    return Organisation.objects.get(name=name)


def user(email: str) -> User:
    return User.objects.get(email=email)


def snapshot() -> dict[str, object]:
    return {
        "organisations": sorted(Organisation.objects.values_list("name", "uscc", "home_place_id", "updated_at")),
        "users": sorted(User.objects.values_list("email", "phone", "name", "password", "is_staff", "is_superuser")),
        "memberships": sorted(Membership.objects.values_list("user__email", "organisation__name", "role", "title")),
        "platform_roles": sorted(PlatformRole.objects.values_list("user__email", "role", "organisation_id")),
        "fields": Organisation.fields_of_work.through.objects.count(),
        "service_places": Organisation.service_places.through.objects.count(),
        "places": Place.objects.count(),
        "fields_of_work": FieldOfWork.objects.count(),
        "audit_entries": LogEntry.objects.count(),
    }


@override_settings(DEBUG=False)
def test_it_refuses_to_run_without_debug(db):
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


@override_settings(DEBUG=False)
def test_it_runs_without_debug_when_forced(db):
    assert "演示数据已就绪" in run_seed()
    assert Organisation.objects.count() == len(seed.demo_organisations())


@override_settings(DEBUG=True)
def test_it_runs_with_debug_on(db):
    call_command("seed_demo", stdout=StringIO())
    assert user("admin@demo.wushe").is_superuser


def test_running_it_twice_changes_nothing(seeded):
    before = snapshot()
    output = run_seed()
    assert snapshot() == before
    assert "新建 0 条,更新 0 条" in output


def test_it_reports_counts_by_kind_and_the_21_grantees(seeded):
    assert "组织 32 个" in seeded
    assert "社会服务机构 21 个" in seeded
    assert "受资助组织 21 个" in seeded
    grantees = Organisation.objects.filter(name__in=grantee_names(), kind__in=GRANTEE_KINDS)
    assert grantees.count() == 21


def test_every_demo_login_signs_in_by_email_and_by_phone(seeded):
    request = RequestFactory().post("/accounts/login/")
    for login in DEMO_LOGINS:
        by_email = authenticate(request, username=login.email, password=DEMO_PASSWORD)
        by_phone = authenticate(request, username=login.phone, password=DEMO_PASSWORD)
        assert by_email is not None, login.email
        assert by_email == by_phone
        assert authenticate(request, username=login.email, password="wrong-password") is None


def test_every_member_signs_in_with_the_demo_password(seeded):
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="yangdaimao.xiezuozhe@demo.wushe", password=DEMO_PASSWORD)


def test_the_demo_logins_hold_their_roles(seeded):
    admin = user("admin@demo.wushe")
    assert admin.is_staff
    assert admin.is_superuser
    assert actor_for(admin).platform_admin

    officer = actor_for(user("officer@demo.wushe"))
    assert officer.officer_of == {org("xiezuozhe").pk}
    assert officer.role_in(org("xiezuozhe").pk) == MemberRole.STAFF

    funder = actor_for(user("funder@demo.wushe"))
    assert user("funder@demo.wushe").name == "林虹"
    assert funder.funder_of == {org("vanke").pk}
    assert funder.is_org_staff(org("vanke").pk)

    grantee = actor_for(user("grantee@demo.wushe"))
    assert user("grantee@demo.wushe").name == "彭佑军"
    assert grantee.is_org_admin(org("sanzheng").pk)

    assert actor_for(user("reviewer@demo.wushe")).reviewer

    gov = actor_for(user("gov@demo.wushe"))
    assert gov.government_viewer
    assert gov.role_in(org("guidance").pk) == MemberRole.MEMBER

    volunteer = actor_for(user("volunteer@demo.wushe"))
    assert volunteer.org_roles == {org("a2z").pk: MemberRole.MEMBER}
    assert not volunteer.platform_admin
    assert not volunteer.reviewer
    assert not volunteer.officer_of
    assert not volunteer.funder_of

    for login in DEMO_LOGINS:
        if login.email != "admin@demo.wushe":
            assert not user(login.email).is_staff, login.email


def test_it_seeds_the_people_of_the_data_file_with_their_roles(seeded):
    yang = Membership.objects.get(user__name="杨玳瑁", organisation=org("xiezuozhe"))
    assert yang.role == MemberRole.ADMIN
    assert yang.title == "专业支持部主任"
    assert yang.user.email == "yangdaimao.xiezuozhe@demo.wushe"
    members = sum(len(row["members"]) for row in seed.demo_organisations())
    assert Membership.objects.count() == members
    assert org("sanzheng").memberships.filter(role=MemberRole.ADMIN).get().user.email == "grantee@demo.wushe"


def test_it_places_the_organisations_and_their_work(seeded):
    sanzheng = org("sanzheng")
    assert sanzheng.home_place.full_name == "东城区前门街道"
    assert set(sanzheng.service_places.values_list("full_name", flat=True)) == {
        "东城区前门街道",
        "东城区前门街道草厂社区",
        "东城区前门街道草厂社区草厂三条12号院",
    }
    assert set(sanzheng.fields_of_work.values_list("name", flat=True)) == {"垃圾分类与减量", "社区营造", "社区治理"}
    assert org("dongfeng").home_place.full_name == "朝阳区东风地区"
    assert not Organisation.objects.filter(home_place=None).exists()


def test_every_seeded_uscc_is_valid(seeded):
    for organisation in Organisation.objects.all():
        if organisation.uscc:
            validate_uscc(organisation.uscc)
        else:
            assert organisation.kind in (OrganisationKind.COMMUNITY_GROUP, OrganisationKind.PARTNER)
    assert Organisation.objects.exclude(uscc=None).count() >= 25


def test_the_support_organisation_is_found_by_its_initials(seeded):
    assert list(Organisation.objects.search("bjxzz")) == [org("xiezuozhe")]
    assert org("xiezuozhe").name == "北京市协作者社会工作发展中心"


def test_it_leaves_nothing_half_written_when_it_fails(db, monkeypatch):
    rows = seed.demo_organisations()
    broken = ({**rows[1], "name": "一个街道写错的机构", "street": "不存在的街道"},)
    monkeypatch.setattr(seed, "demo_organisations", lambda: (*rows[:1], *broken))
    with pytest.raises(KeyError):
        run_seed()
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


def test_demo_logins_lists_the_logins_that_exist(seeded):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    table = out.getvalue()
    for login in DEMO_LOGINS:
        assert login.email in table
        assert login.phone in table
    assert "彭佑军" in table
    assert "wushe-demo" in table


def test_demo_logins_leaves_out_logins_that_are_gone(seeded):
    user("volunteer@demo.wushe").delete()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "volunteer@demo.wushe" not in out.getvalue()
    assert "admin@demo.wushe" in out.getvalue()


def test_demo_logins_says_how_to_seed_when_there_are_none(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()


def test_the_demo_programme_has_21_grants_and_a_four_version_pilot_proposal(db):
    from django.db.models import Sum

    from wushe.demo.seed import seed_demo
    from wushe.grants.models import Grant, Tranche
    from wushe.programmes.models import Programme
    from wushe.proposals.models import Proposal, ProposalStatus

    seed_demo()
    programme = Programme.objects.get(short_name="绿缘计划")
    call = programme.calls.get()
    assert (call.opens_at.year, call.opens_at.month) == (2020, 12)
    assert call.extensions.count() == 1
    approved = Proposal.objects.filter(call=call, status=ProposalStatus.APPROVED)
    assert approved.count() == 21
    assert Proposal.objects.filter(call=call, status__in=["rejected", "withdrawn"]).count() >= 2
    pilot = Proposal.objects.get(organisation__short_name="三正社工")
    assert pilot.versions.count() == 4
    assert pilot.rounds.count() == 3
    assert pilot.comments.filter(addressed=True).count() == pilot.comments.count() > 0
    assert Grant.objects.filter(programme=programme).count() == 21
    for grant in Grant.objects.filter(programme=programme):
        tranches = Tranche.objects.filter(grant=grant)
        assert tranches.aggregate(total=Sum("amount"))["total"] == grant.amount
        assert all(t.disbursed <= t.amount for t in tranches)
        assert grant.disbursed_total == tranches.aggregate(total=Sum("disbursed"))["total"]
    before = Proposal.objects.count()
    seed_demo()
    assert Proposal.objects.count() == before


def test_the_demo_has_pre_application_workshops_and_90_plus_support_activities(db):
    from django.db.models import Count

    from wushe.demo.seed import seed_demo
    from wushe.programmes.models import Programme
    from wushe.support.models import Event, Registration, SupportActivity

    seed_demo()
    programme = Programme.objects.get(short_name="绿缘计划")
    activities = SupportActivity.objects.filter(programme=programme)
    assert activities.count() > 90
    kinds = dict(activities.values_list("kind__code").annotate(n=Count("id")))
    assert set(kinds) == {"plan_coaching", "training", "field_visit", "roundtable", "consultation"}
    assert activities.order_by("starts_at").first().starts_at.year >= 2020
    assert activities.order_by("-starts_at").first().starts_at.date().isoformat() <= "2022-06-30"
    served = set(activities.values_list("organisations", flat=True))
    grantees = set(programme.grants.values_list("organisation_id", flat=True))
    assert grantees <= served
    pilot_rounds = activities.filter(
        kind__code="consultation", coaching_rounds__proposal__organisation__short_name="三正社工"
    )
    assert pilot_rounds.count() == 3
    call = programme.calls.get()
    for workshop in Event.objects.filter(programme=programme):
        assert workshop.starts_at < call.closes_at
    attended = set(
        Registration.objects.filter(event__programme=programme, attendance__in=["present", "late"]).values_list(
            "organisation_id", flat=True
        )
    )
    assert len(attended & grantees) >= 15
    assert attended - grantees  # some who attended never got a grant


def test_every_demo_budget_adds_up_to_its_grant_and_a_trimmed_one_was_revised(db):
    from django.db.models import Sum

    from wushe.demo.seed import seed_demo
    from wushe.grants.budget_services import scaled_budget
    from wushe.grants.models import BudgetRevision, Grant
    from wushe.reviews.models import Decision

    seed_demo()
    grants = Grant.objects.filter(programme__short_name="绿缘计划").annotate(budget=Sum("budget_lines__amount"))
    assert grants.count() == 21
    assert [(g.agreement_number, g.budget) for g in grants if g.budget != g.amount] == []
    assert not any(g.budget_needs_revision for g in grants)
    trimmed = [g for g in grants if g.amount < g.proposal.requested_amount]
    assert len(trimmed) >= 1
    for grant in trimmed:
        assert Decision.objects.get(proposal=grant.proposal).amount == grant.amount
        revision = BudgetRevision.objects.get(grant=grant)
        assert (revision.total_before, revision.total_after) == (grant.proposal.requested_amount, grant.amount)
        requested = [line.amount for line in grant.proposal.budget_lines.all()]
        assert [Decimal(line["after"]) for line in revision.lines] == scaled_budget(requested, grant.amount)
        assert [line.amount for line in grant.budget_lines.order_by("order")] == scaled_budget(requested, grant.amount)
        assert revision.revised_by.memberships.filter(organisation=grant.organisation, role="admin").exists()
