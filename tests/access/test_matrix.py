"""The access matrix: every model registered with the door, every action of its policy, every
persona (and an anonymous visitor), then the same people against the pages.

The expectations are written out by hand from the product's rules (ARCHITECTURE.md, Access),
never computed from the policies, so a policy that drifts from the rules fails a cell. The rows for
accounts, access, organisations and the audit trail are below; every other app adds its rows in
``tests/<app>/access_matrix.py`` (see ``tests/access/matrix.py``). A model registered with the door
but missing from the table fails ``test_every_registered_model_has_expectations``; a model with no
policy at all fails ``test_every_wushe_model_has_a_policy``.
"""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.access.matrix import ADMIN, ANON, NOBODY, PERSONAS, SIGNED_IN, extensions, only, persona
from tests.conftest import csrf_post
from wushe.access.door import can, can_create, get_for_user, policy_for, registry, visible_to
from wushe.access.models import Invitation, Membership, PlatformRole, PlatformRoleKind
from wushe.access.services import invitation_create
from wushe.accounts.services import api_token_create, notify
from wushe.orgs.models import FieldOfWork, Organisation

GRANTEE_PEOPLE = only("gina_grantee", "sam_staff")
GRANTEE_ADMINS = only("alice_admin", "gina_grantee")

# target → (model label, {column: the personas for whom it is true}).
# Columns: "visible" (in visible_to) and every action of the model's policy (can).
EXPECTED: dict[str, tuple[str, dict[str, frozenset[str]]]] = {
    # A token is its owner's alone: not even a platform admin sees it.
    "gina's api token": (
        "accounts.ApiToken",
        {"visible": only("gina_grantee"), "view": only("gina_grantee"), "revoke": only("gina_grantee")},
    ),
    # A notification is its recipient's alone.
    "a notification for sam": (
        "accounts.Notification",
        {"visible": only("sam_staff"), "view": only("sam_staff"), "mark_read": only("sam_staff")},
    ),
    # People are personal data: themself, their organisation, programme officers, platform admins.
    "sam (grantee staff)": (
        "accounts.User",
        {
            "visible": ADMIN | GRANTEE_PEOPLE | only("olivia_officer"),
            "view": ADMIN | GRANTEE_PEOPLE | only("olivia_officer"),
            "change": only("alice_admin", "sam_staff"),
        },
    ),
    "vera (no organisation)": (
        "accounts.User",
        {
            "visible": only("alice_admin", "vera_volunteer"),
            "view": only("alice_admin", "vera_volunteer"),
            "change": only("alice_admin", "vera_volunteer"),
        },
    ),
    # Memberships: seen by the organisation's people and programme officers; managed by its admins;
    # a member may leave.
    "sam's membership": (
        "access.Membership",
        {
            "visible": ADMIN | GRANTEE_PEOPLE | only("olivia_officer"),
            "view": ADMIN | GRANTEE_PEOPLE | only("olivia_officer"),
            "change": GRANTEE_ADMINS,
            "remove": GRANTEE_ADMINS | only("sam_staff"),
        },
    ),
    "an invitation to the grantee": (
        "access.Invitation",
        {"visible": GRANTEE_ADMINS, "view": GRANTEE_ADMINS, "revoke": GRANTEE_ADMINS},
    ),
    "rita's reviewer role": (
        "access.PlatformRole",
        {
            "visible": only("alice_admin", "rita_reviewer"),
            "view": only("alice_admin", "rita_reviewer"),
            "revoke": ADMIN,
        },
    ),
    # Active organisations are public to signed-in users; people and contacts are not.
    "the grantee organisation": (
        "orgs.Organisation",
        {
            "visible": SIGNED_IN,
            "view": SIGNED_IN,
            "view_people": ADMIN | GRANTEE_PEOPLE | only("olivia_officer"),
            "change": GRANTEE_ADMINS,
            "invite": GRANTEE_ADMINS,
            "archive": ADMIN,
        },
    ),
    "an archived organisation": (
        "orgs.Organisation",
        {"visible": ADMIN, "view": ADMIN, "view_people": ADMIN, "change": ADMIN, "invite": ADMIN, "archive": ADMIN},
    ),
    "a street": ("orgs.Place", {"visible": SIGNED_IN, "view": SIGNED_IN, "change": ADMIN}),
    "a field of work": ("orgs.FieldOfWork", {"visible": SIGNED_IN, "view": SIGNED_IN, "change": ADMIN}),
    "an audit entry": ("auditlog.LogEntry", {"visible": ADMIN, "view": ADMIN}),
}

# model label → who may create one (with the parent named in CREATE_PARENT, if any).
CREATE: dict[str, frozenset[str]] = {
    "accounts.ApiToken": SIGNED_IN,
    "accounts.User": ADMIN,
    "accounts.Notification": NOBODY,  # written by the platform itself
    "access.Membership": GRANTEE_ADMINS,
    "access.Invitation": GRANTEE_ADMINS,
    "access.PlatformRole": ADMIN,
    "orgs.Organisation": only("alice_admin", "olivia_officer"),
    "orgs.Place": ADMIN,
    "orgs.FieldOfWork": ADMIN,
    "auditlog.LogEntry": NOBODY,
}
CREATE_PARENT = {
    "access.Membership": "the grantee organisation",
    "access.Invitation": "the grantee organisation",
    "orgs.Place": "a street",
}

CORE_TARGETS = tuple(EXPECTED)
CORE_PARENTS = tuple(CREATE_PARENT.values())
CORE_CELLS = sum(len(columns) * len(PERSONAS) for _label, columns in EXPECTED.values()) + len(CREATE) * len(PERSONAS)
EXTENSIONS = extensions()
for _ext in EXTENSIONS:
    _clash = set(EXPECTED) & set(_ext.EXPECTED) or set(CREATE) & set(_ext.CREATE)
    assert not _clash, f"{_ext.__name__} repeats {_clash}"
    EXPECTED.update(_ext.EXPECTED)
    CREATE.update(_ext.CREATE)
    CREATE_PARENT.update(getattr(_ext, "CREATE_PARENT", {}))

OBJECT_CELLS = sum(len(columns) * len(PERSONAS) for _label, columns in EXPECTED.values())
CREATE_CELLS = len(CREATE) * len(PERSONAS)


def core_targets(personas: Any) -> dict[str, Any]:
    token, _secret = api_token_create(user=personas.gina_grantee, name="数据同步")
    invitation, _secret = invitation_create(
        organisation=personas.grantee, by=personas.gina_grantee, name="新同事", email="new@example.test"
    )
    found = {
        "gina's api token": token,
        "a notification for sam": notify(users=[personas.sam_staff], title="你的申请已通过")[0],
        "sam (grantee staff)": personas.sam_staff,
        "vera (no organisation)": personas.vera_volunteer,
        "sam's membership": Membership.objects.get(user=personas.sam_staff, organisation=personas.grantee),
        "an invitation to the grantee": invitation,
        "rita's reviewer role": PlatformRole.objects.get(user=personas.rita_reviewer, role=PlatformRoleKind.REVIEWER),
        "the grantee organisation": personas.grantee,
        "an archived organisation": personas.archived,
        "a street": personas.street,
        "a field of work": FieldOfWork.objects.get_or_create(name="社区营造")[0],
        "an audit entry": LogEntry.objects.get_for_object(personas.grantee).first(),
    }
    return found


# target → the function that builds it (with the other targets of its module)
BUILDERS: dict[str, Any] = dict.fromkeys([*CORE_TARGETS, *CORE_PARENTS], core_targets)
for _ext in EXTENSIONS:
    BUILDERS.update(dict.fromkeys([*_ext.EXPECTED, *getattr(_ext, "CREATE_PARENT", {}).values()], _ext.targets))


class Targets:
    """The objects of the matrix, each module's built only when a test first asks for one."""

    def __init__(self, personas: Any) -> None:
        self.personas = personas
        self.built: dict[Any, dict[str, Any]] = {}

    def __getitem__(self, key: str) -> Any:
        build = BUILDERS[key]
        if build not in self.built:
            self.built[build] = build(self.personas)
        return self.built[build][key]


@pytest.fixture
def targets(personas: Any) -> Targets:
    return Targets(personas)


# --- the table is complete ------------------------------------------------------------------


def test_every_wushe_model_has_a_policy():
    registered = registry()
    missing = [
        model._meta.label
        for model in apps.get_models()  # concrete models; auto-created through tables are left out
        if model._meta.app_config.name.startswith("wushe.") and model not in registered
    ]
    assert missing == [], f"register a Policy in <app>/policies.py for: {missing}"


def test_every_registered_model_has_expectations():
    registered = {model._meta.label for model in registry()}
    in_table = {label for label, _columns in EXPECTED.values()}
    hint = "add their rows to tests/<app>/access_matrix.py (see tests/access/matrix.py)"
    assert sorted(registered - in_table) == [], f"no EXPECTED rows: {hint}"
    assert sorted(registered - set(CREATE)) == [], f"no CREATE row: {hint}"


@pytest.mark.parametrize("target", EXPECTED)
def test_the_table_names_every_action_of_the_policy(target):
    label, columns = EXPECTED[target]
    policy = policy_for(apps.get_model(label))
    assert set(columns) == {"visible", *policy.actions}


def test_the_matrix_counts_its_cells():
    print(
        f"access matrix: {OBJECT_CELLS} object cells + {CREATE_CELLS} create cells"
        f" ({CORE_CELLS} for accounts, access, orgs and audit)"
    )
    assert CORE_CELLS >= 520
    assert OBJECT_CELLS + CREATE_CELLS >= CORE_CELLS


# --- the door -------------------------------------------------------------------------------


def _door_outcome(user: Any, obj: Any, action: str) -> str:
    try:
        get_for_user(user, type(obj), obj.pk, action)
    except Http404:
        return "404"
    except PermissionDenied:
        return "403"
    return "ok"


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("target", EXPECTED)
def test_the_door_answers_as_the_matrix_says(target, who, personas, targets):
    label, columns = EXPECTED[target]
    obj = targets[target]
    assert obj._meta.label == label
    user = persona(personas, who)
    model = type(obj)

    got = {"visible": visible_to(user, model).filter(pk=obj.pk).exists()}
    got.update({action: can(user, action, obj) for action in policy_for(model).actions})
    want = {column: who in allowed for column, allowed in columns.items()}
    assert got == want

    # get_for_user agrees: unseen is 404, seen but forbidden is 403.
    for action in policy_for(model).actions:
        expected = "ok" if want[action] else ("403" if want["visible"] else "404")
        assert _door_outcome(user, obj, action) == expected, action


@pytest.mark.parametrize("who", PERSONAS)
def test_who_may_create_what(who, personas, targets):
    user = persona(personas, who)
    got = {
        label: can_create(
            user, apps.get_model(label), targets[CREATE_PARENT[label]] if label in CREATE_PARENT else None
        )
        for label in CREATE
    }
    want = {label: who in allowed for label, allowed in CREATE.items()}
    assert got == want


def test_creating_a_membership_or_invitation_needs_a_parent(personas):
    for label in ("access.Membership", "access.Invitation"):
        assert not can_create(personas.alice_admin, apps.get_model(label), None)


# --- the pages ------------------------------------------------------------------------------

OK, MOVED, FORBIDDEN, NOT_FOUND, LOGIN = "200", "302", "403", "404", "login"


def answers(default: str, anonymous: str = LOGIN, **per_persona: str) -> dict[str, str]:
    unknown = set(per_persona) - set(PERSONAS)
    assert not unknown, f"not a persona: {unknown}"
    return {name: per_persona.get(name, anonymous if name == ANON else default) for name in PERSONAS}


def _edit_data(org: Any) -> dict[str, str]:
    return {"name": org.name + "(新)", "kind": org.kind, "uscc": org.uscc or "", "contact_phone": "13800001234"}


# page → (method, how to build the URL and data from the personas and a token, expected answers)
PAGES: dict[str, tuple[str, Any, dict[str, str]]] = {
    "list organisations": ("GET", lambda p, t: ("/organisations/", None), answers(OK)),
    "detail of the grantee (own org of gina, sam)": (
        "GET",
        lambda p, t: (f"/organisations/{p.grantee.pk}/", None),
        answers(OK),
    ),
    "detail of another org (own org of oscar)": (
        "GET",
        lambda p, t: (f"/organisations/{p.other.pk}/", None),
        answers(OK),
    ),
    "detail of an archived org": (
        "GET",
        lambda p, t: (f"/organisations/{p.archived.pk}/", None),
        answers(NOT_FOUND, alice_admin=OK),
    ),
    "create form": (
        "GET",
        lambda p, t: ("/organisations/new/", None),
        answers(FORBIDDEN, alice_admin=OK, olivia_officer=OK),
    ),
    "edit form of the grantee": (
        "GET",
        lambda p, t: (f"/organisations/{p.grantee.pk}/edit/", None),
        answers(FORBIDDEN, alice_admin=OK, gina_grantee=OK),
    ),
    "edit the grantee": (
        "POST",
        lambda p, t: (f"/organisations/{p.grantee.pk}/edit/", _edit_data(p.grantee)),
        answers(FORBIDDEN, alice_admin=MOVED, gina_grantee=MOVED),
    ),
    "edit form of another org": (
        "GET",
        lambda p, t: (f"/organisations/{p.other.pk}/edit/", None),
        answers(FORBIDDEN, alice_admin=OK, oscar_other=OK),
    ),
    "edit form of an archived org": (
        "GET",
        lambda p, t: (f"/organisations/{p.archived.pk}/edit/", None),
        answers(NOT_FOUND, alice_admin=OK),
    ),
    "invite form of the grantee": (
        "GET",
        lambda p, t: (f"/organisations/{p.grantee.pk}/invite/", None),
        answers(FORBIDDEN, alice_admin=OK, gina_grantee=OK),
    ),
    "invite to the grantee": (
        "POST",
        lambda p, t: (
            f"/organisations/{p.grantee.pk}/invite/",
            {"name": "新同事", "email": "n@example.test", "role": "member"},
        ),
        answers(FORBIDDEN, alice_admin=OK, gina_grantee=OK),
    ),
    "archive the grantee": (
        "POST",
        lambda p, t: (f"/organisations/{p.grantee.pk}/archive/", {"active": "0"}),
        answers(FORBIDDEN, alice_admin=MOVED),
    ),
    "restore an archived org": (
        "POST",
        lambda p, t: (f"/organisations/{p.archived.pk}/archive/", {"active": "1"}),
        answers(NOT_FOUND, alice_admin=MOVED),
    ),
    "change sam's role": (
        "POST",
        lambda p, t: (f"/memberships/{_membership(p.sam_staff, p.grantee)}/role/", {"role": "member"}),
        answers(NOT_FOUND, alice_admin=MOVED, gina_grantee=MOVED, sam_staff=FORBIDDEN, olivia_officer=FORBIDDEN),
    ),
    "remove sam": (
        "POST",
        lambda p, t: (f"/memberships/{_membership(p.sam_staff, p.grantee)}/remove/", None),
        answers(NOT_FOUND, alice_admin=MOVED, gina_grantee=MOVED, sam_staff=MOVED, olivia_officer=FORBIDDEN),
    ),
    "audit list": ("GET", lambda p, t: ("/audit/", None), answers(NOT_FOUND, alice_admin=OK)),
    "api tokens page": ("GET", lambda p, t: ("/accounts/me/tokens/", None), answers(OK)),
    "revoke gina's api token": (
        "POST",
        lambda p, t: (f"/accounts/me/tokens/{t.pk}/revoke/", None),
        answers(NOT_FOUND, gina_grantee=MOVED),
    ),
}

PAGE_CELLS = len(PAGES) * len(PERSONAS)


def _membership(user: Any, org: Any) -> int:
    return Membership.objects.get(user=user, organisation=org).pk


def test_the_page_matrix_counts_its_cells():
    print(f"page matrix: {PAGE_CELLS} cells")
    assert PAGE_CELLS >= 180


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("page_name", PAGES)
def test_each_page_answers_each_persona_as_the_matrix_says(page_name, who, personas, client_for):
    method, build, expected = PAGES[page_name]
    token, _secret = api_token_create(user=personas.gina_grantee, name="同步")
    url, data = build(personas, token)
    client = client_for(persona(personas, who))
    response = client.get(url) if method == "GET" else csrf_post(client, url, data)

    got = str(response.status_code)
    if response.status_code == 302:
        got = LOGIN if response["Location"].startswith("/accounts/login/") else MOVED
    assert got == expected[who]


def test_a_forbidden_post_changes_nothing(personas, client_for):
    before = Organisation.objects.get(pk=personas.grantee.pk)
    client = client_for(personas.sam_staff)
    assert csrf_post(client, f"/organisations/{before.pk}/edit/", _edit_data(before)).status_code == 403
    assert (
        csrf_post(
            client, f"/organisations/{before.pk}/invite/", {"name": "某人", "email": "x@example.test"}
        ).status_code
        == 403
    )
    after = Organisation.objects.get(pk=before.pk)
    assert (after.name, after.updated_at) == (before.name, before.updated_at)
    assert Invitation.objects.count() == 0
