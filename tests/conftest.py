"""Personas shared by all tests: the demo's roles, each a real user with real memberships.

alice_admin      platform admin
olivia_officer   programme officer of the support organisation (北京协作者)
frank_funder     funder officer of the funder (万科公益基金会)
gina_grantee     admin of a grantee (三正社工)
sam_staff        staff member of the same grantee
oscar_other      admin of another service organisation
rita_reviewer    reviewer
grace_gov        government viewer
vera_volunteer   a signed-in user with no organisation
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import MembershipFactory, OrganisationFactory, PlaceFactory, PlatformRoleFactory, UserFactory
from wushe.access.models import MemberRole, PlatformRoleKind
from wushe.orgs.models import Organisation, OrganisationKind, Place, PlaceLevel

PASSWORD = "correct-horse-9"


@dataclass
class Personas:
    alice_admin: object
    olivia_officer: object
    frank_funder: object
    gina_grantee: object
    sam_staff: object
    oscar_other: object
    rita_reviewer: object
    grace_gov: object
    vera_volunteer: object
    support: Organisation
    funder: Organisation
    grantee: Organisation
    other: Organisation
    archived: Organisation
    district: Place
    street: Place

    def all_users(self) -> dict[str, object]:
        return {
            name: getattr(self, name)
            for name in (
                "alice_admin",
                "olivia_officer",
                "frank_funder",
                "gina_grantee",
                "sam_staff",
                "oscar_other",
                "rita_reviewer",
                "grace_gov",
                "vera_volunteer",
            )
        }


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Chinese): a request in English leaves English
    active in the thread that made it, and later tests would read their messages in it."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def personas(db) -> Personas:
    # The data migrations ship Beijing's places; reuse them when present.
    district = Place.objects.filter(name="东城区", parent=None).first() or PlaceFactory(name="东城区", code="110101")
    street = Place.objects.filter(name="前门街道", parent=district).first() or PlaceFactory(
        name="前门街道", level=PlaceLevel.STREET, parent=district
    )
    support = OrganisationFactory(
        name="北京市协作者社会工作发展中心", short_name="北京协作者", kind=OrganisationKind.SUPPORT
    )
    funder = OrganisationFactory(name="万科公益基金会", short_name="万科公益", kind=OrganisationKind.FUNDER)
    grantee = OrganisationFactory(name="北京市东城区三正社工事务所", short_name="三正社工", home_place=street)
    other = OrganisationFactory(name="朝阳区绿邻社会工作服务中心", short_name="绿邻社工")
    archived = OrganisationFactory(name="已注销的测试机构", short_name="已注销", is_active=False)

    def user(name: str, email: str) -> object:
        return UserFactory(name=name, email=email)

    alice = user("Alice 管理员", "alice@example.test")
    PlatformRoleFactory(user=alice, role=PlatformRoleKind.PLATFORM_ADMIN)
    olivia = user("Olivia 项目官员", "olivia@example.test")
    MembershipFactory(user=olivia, organisation=support, role=MemberRole.STAFF)
    PlatformRoleFactory(user=olivia, role=PlatformRoleKind.PROGRAMME_OFFICER, organisation=support)
    frank = user("Frank 资助方", "frank@example.test")
    MembershipFactory(user=frank, organisation=funder, role=MemberRole.STAFF)
    PlatformRoleFactory(user=frank, role=PlatformRoleKind.FUNDER_OFFICER, organisation=funder)
    gina = user("Gina 机构管理员", "gina@example.test")
    MembershipFactory(user=gina, organisation=grantee, role=MemberRole.ADMIN)
    sam = user("Sam 机构员工", "sam@example.test")
    MembershipFactory(user=sam, organisation=grantee, role=MemberRole.STAFF)
    oscar = user("Oscar 他机构", "oscar@example.test")
    MembershipFactory(user=oscar, organisation=other, role=MemberRole.ADMIN)
    rita = user("Rita 评审", "rita@example.test")
    PlatformRoleFactory(user=rita, role=PlatformRoleKind.REVIEWER)
    grace = user("Grace 政府", "grace@example.test")
    PlatformRoleFactory(user=grace, role=PlatformRoleKind.GOVERNMENT_VIEWER)
    vera = user("Vera 志愿者", "vera@example.test")
    return Personas(
        alice_admin=alice,
        olivia_officer=olivia,
        frank_funder=frank,
        gina_grantee=gina,
        sam_staff=sam,
        oscar_other=oscar,
        rita_reviewer=rita,
        grace_gov=grace,
        vera_volunteer=vera,
        support=support,
        funder=funder,
        grantee=grantee,
        other=other,
        archived=archived,
        district=district,
        street=street,
    )


@pytest.fixture
def client_for():
    """A CSRF-enforcing client signed in as the given user (None: anonymous)."""

    def make(user: object | None) -> Client:
        client = Client(enforce_csrf_checks=True)
        if user is not None:
            client.force_login(user, backend="wushe.accounts.backends.PhoneOrEmailBackend")
        return client

    return make


def csrf_post(client: Client, url: str, data: dict | None = None, **extra):
    """POST with a real CSRF token, as a browser would after loading a page."""
    if "csrftoken" not in client.cookies:
        client.get("/")  # a signed-in page carries the token
    if "csrftoken" not in client.cookies:
        client.get("/accounts/login/")  # the sign-in page does for anonymous visitors
    token = client.cookies["csrftoken"].value
    return client.post(url, data or {}, HTTP_X_CSRFTOKEN=token, **extra)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _ran_in_real_transactions(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return (
        "transactional_db" in names
        or "live_server" in names
        or (marker is not None and marker.kwargs.get("transaction", False))
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """A test in real transactions (live server, races, workers) ends with the database emptied.
    Once its fixtures are torn down, put back what the migrations ship (content types and
    permissions, Beijing's places, fields of work, the five support kinds) for the tests that run
    after it on the same worker."""
    yield
    if nextitem is None or not _ran_in_real_transactions(item):
        return  # after the last test the test database is already gone
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType
    from pytest_django.plugin import blocking_manager_key

    from wushe.orgs.models import FieldOfWork
    from wushe.orgs.places_data import load_fields_of_work, load_places
    from wushe.support.migrations import _builtin_kinds

    with item.config.stash[blocking_manager_key].unblock():
        ContentType.objects.clear_cache()
        for app_config in apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0)
            create_permissions(app_config, verbosity=0)
        load_places(Place)
        load_fields_of_work(FieldOfWork)
        _builtin_kinds.create_kinds(apps, None)
