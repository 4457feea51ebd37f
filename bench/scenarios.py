"""What ``make bench`` measures: pages and endpoints, each with its hand-written SQL floor.

A scenario names a request (who asks, which URL) and a *floor*: the raw SQL a careful person
would write to fetch exactly the data that page shows (same filters, same page size, same
count). The bench reports the page's time against the floor's. Every scenario also has a check
that the page really shows what the floor fetched, so a floor cannot drift into measuring
something cheaper than the page.

To add a scenario: write a floor function ``(ctx, cursor) -> Floor`` and a check
``(ctx, response, floor) -> None`` (or reuse the ones here), then append a :class:`Scenario`
to ``SCENARIOS``. The data it needs (a user, an organisation, a query) goes in
:func:`prepare`, which runs once per database and scale.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count
from django.test import Client

from wushe.access.models import MemberRole, Membership, PlatformRole, PlatformRoleKind
from wushe.accounts.models import User
from wushe.accounts.services import api_token_create
from wushe.core.text import pinyin_full, pinyin_initials
from wushe.demo.scale import SCALE_DOMAIN, generated_organisations
from wushe.orgs.models import FieldOfWork, Organisation, OrganisationKind, Place, PlaceLevel

PAGE_SIZE = 20  # the pages' and the API's default page size

ORG = Organisation._meta.db_table
PLACE = Place._meta.db_table
FIELD = FieldOfWork._meta.db_table
ORG_FIELDS = Organisation.fields_of_work.through._meta.db_table
ORG_PLACES = Organisation.service_places.through._meta.db_table
MEMBERSHIP = Membership._meta.db_table
USER = User._meta.db_table


@dataclass
class Context:
    """The people, tokens and objects the scenarios use, made once per database and scale."""

    officer: User
    member: User
    token: str
    officer_org_ids: list[int]
    member_org_ids: list[int]
    detail_org_id: int
    district_id: int
    district_name: str
    chinese_query: str = "社会工作"
    pinyin_query: str = field(default_factory=lambda: pinyin_full("绿邻"))
    initials_query: str = field(default_factory=lambda: pinyin_initials("绿邻社会工作"))
    clients: dict[str, Client] = field(default_factory=dict)
    support_org_id: int = 0  # the officer's support organisation, which runs the most programmes
    reviewer: User | None = None  # a generated reviewer, with as many assignments as most
    picks: dict[str, Any] = field(default_factory=dict)  # objects the lifecycle and support scenarios look at

    def client(self, persona: str) -> Client:
        if persona not in self.clients:
            client = Client()
            if persona not in ("api", "anonymous"):
                user = {"officer": self.officer, "member": self.member, "reviewer": self.reviewer}[persona]
                client.force_login(user, backend="wushe.accounts.backends.PhoneOrEmailBackend")
            self.clients[persona] = client
        return self.clients[persona]

    def headers(self, persona: str) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if persona == "api" else {}

    def visible_ids(self, persona: str) -> list[int]:
        return self.member_org_ids if persona == "member" else self.officer_org_ids


@dataclass
class Floor:
    """What the hand-written SQL fetched: enough to check the page shows the same."""

    count: int | None = None
    ids: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Scenario:
    name: str
    # "officer", "member", "reviewer" (a signed-in browser session), "anonymous" (no session) or
    # "api" (a Bearer token, as the officer)
    persona: str
    url: Callable[[Context], str]
    floor: Callable[[Context, Any], Floor]
    check: Callable[[Context, Any, Floor], None]
    description: str = ""
    before: Callable[[], None] | None = None  # run before each request (e.g. to empty a cache), timed with it


def prepare() -> Context:
    """A programme officer of a generated support organisation, a plain member of a generated
    organisation, an API token for the officer, and an organisation with members to look at."""
    orgs = generated_organisations()
    support = orgs.filter(kind=OrganisationKind.SUPPORT, is_active=True).order_by("pk").first()
    if support is None:
        raise RuntimeError("no generated support organisation: run generate_scale first")
    officer, created = User.objects.get_or_create(
        email=f"bench-officer@{SCALE_DOMAIN}", defaults={"name": "项目官员(基准测试)"}
    )
    if created:
        Membership.objects.create(user=officer, organisation=support, role=MemberRole.STAFF, title="项目官员")
        PlatformRole.objects.create(user=officer, role=PlatformRoleKind.PROGRAMME_OFFICER, organisation=support)
    _, token = api_token_create(user=officer, name="bench")
    with_members = (
        orgs.filter(is_active=True)
        .annotate(n=Count("memberships", distinct=True), s=Count("service_places", distinct=True))
        .filter(n__gte=3, s__gte=2)
        .order_by("pk")
    )
    middle = orgs.order_by("pk").values_list("pk", flat=True)[orgs.count() // 2]
    detail = with_members.filter(pk__gte=middle).first() or with_members.first()
    if detail is None:
        raise RuntimeError("no generated organisation with members and service places")
    membership = (
        Membership.objects.filter(role=MemberRole.MEMBER, user__email__endswith="@" + SCALE_DOMAIN)
        .exclude(organisation=detail)
        .order_by("pk")
        .select_related("user")
        .first()
    )
    if membership is None:
        raise RuntimeError("no generated plain member")
    member = membership.user
    district = (
        Place.objects.filter(level=PlaceLevel.DISTRICT, name="朝阳区").first()
        or Place.objects.filter(level=PlaceLevel.DISTRICT).order_by("pk").first()
    )
    ctx = Context(
        officer=officer,
        member=member,
        token=token,
        officer_org_ids=list(Membership.objects.filter(user=officer).values_list("organisation_id", flat=True)),
        member_org_ids=list(Membership.objects.filter(user=member).values_list("organisation_id", flat=True)),
        detail_org_id=detail.pk,
        district_id=district.pk,
        district_name=district.full_name,
        support_org_id=support.pk,
    )
    from bench import scenarios_lifecycle, scenarios_support  # they build on this module

    scenarios_lifecycle.prepare(ctx)
    scenarios_support.prepare(ctx)
    return ctx


# --- floors -----------------------------------------------------------------------------------


def _visible(ctx: Context, persona: str) -> tuple[str, list[Any]]:
    """Active organisations, and one's own even if archived (as the organisation policy says)."""
    ids = ctx.visible_ids(persona)
    if not ids:
        return "o.is_active = %s", [True]
    return f"(o.is_active = %s OR o.id IN ({', '.join(['%s'] * len(ids))}))", [True, *ids]


def _matching(query: str) -> tuple[str, list[Any]]:
    """The search's definition, written as directly as the keys allow: Latin letters and digits
    against the pinyin keys (which hold the names' Latin letters too), Chinese against the names."""
    key = query.lower().replace(" ", "")
    if key.isascii() and key.isalnum():
        return "(o.search_pinyin LIKE %s OR o.search_initials LIKE %s)", [f"%{key}%", f"%{key}%"]
    if query.upper() == query.lower() or connection.vendor == "sqlite":  # SQLite's LIKE ignores case
        return "(o.name LIKE %s OR o.short_name LIKE %s)", [f"%{query}%", f"%{query}%"]
    return "(UPPER(o.name) LIKE UPPER(%s) OR UPPER(o.short_name) LIKE UPPER(%s))", [f"%{query}%", f"%{query}%"]


def _where(ctx: Context, persona: str, query: str) -> tuple[str, list[Any]]:
    vis, vis_params = _visible(ctx, persona)
    if not query:
        return vis, vis_params
    match, match_params = _matching(query)
    return f"{vis} AND {match}", [*vis_params, *match_params]


def _fields_of(cursor: Any, ids: list[int]) -> list[str]:
    if not ids:
        return []
    cursor.execute(
        f"SELECT l.organisation_id, f.name FROM {ORG_FIELDS} l JOIN {FIELD} f ON f.id = l.fieldofwork_id "
        f'WHERE l.organisation_id IN ({", ".join(["%s"] * len(ids))}) ORDER BY f."order", f.name',
        ids,
    )
    return [name for _, name in cursor.fetchall()]


def _serving(prefix: str) -> tuple[str, list[Any]]:
    """Registered in, or serving, a place whose full name starts with ``prefix``."""
    under = f"SELECT id FROM {PLACE} WHERE full_name LIKE %s"
    return (
        f"(o.home_place_id IN ({under}) OR o.id IN "
        f"(SELECT l.organisation_id FROM {ORG_PLACES} l WHERE l.place_id IN ({under})))",
        [f"{prefix}%", f"{prefix}%"],
    )


def list_floor(
    query: Callable[[Context], str],
    persona: str = "officer",
    columns: str = "",
    place: Callable[[Context], str] | None = None,
) -> Callable[..., Floor]:
    """COUNT of the matches, the first page in pinyin order with the home place, and the page's
    fields of work: what the organisation list shows."""
    cols = columns or "o.id, o.name, o.short_name, o.kind, o.contact_phone, o.is_active, p.full_name"

    def floor(ctx: Context, cursor: Any) -> Floor:
        where, params = _where(ctx, persona, query(ctx))
        if place is not None:
            serving, serving_params = _serving(place(ctx))
            where, params = f"{where} AND {serving}", [*params, *serving_params]
        cursor.execute(f"SELECT COUNT(*) FROM {ORG} o WHERE {where}", params)
        count = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT {cols} FROM {ORG} o LEFT JOIN {PLACE} p ON p.id = o.home_place_id "
            f"WHERE {where} ORDER BY o.search_pinyin, o.id LIMIT {PAGE_SIZE}",
            params,
        )
        rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        return Floor(count=count, ids=ids, texts=[row[1] for row in rows] + _fields_of(cursor, ids))

    return floor


API_LIST_COLUMNS = (
    "o.id, o.name, o.short_name, o.kind, o.uscc, o.registered_on, o.contact_name, o.contact_phone, "
    "o.description, o.is_active, p.id, p.name, p.full_name"
)


def detail_floor(persona: str, org_id: Callable[[Context], int]) -> Callable[..., Floor]:
    """The organisation with its home place, service places and fields of work, and either its
    members with their names and contacts (who may see people) or just how many there are."""

    def floor(ctx: Context, cursor: Any) -> Floor:
        pk = org_id(ctx)
        vis, vis_params = _visible(ctx, persona)
        cursor.execute(
            f"SELECT o.id, o.name, o.short_name, o.kind, o.uscc, o.registered_on, o.contact_name, o.contact_phone, "
            f"o.contact_email, o.website, o.description, o.logo, o.is_active, p.id, p.name, p.full_name "
            f"FROM {ORG} o LEFT JOIN {PLACE} p ON p.id = o.home_place_id WHERE o.id = %s AND {vis}",
            [pk, *vis_params],
        )
        row = cursor.fetchone()
        texts = [row[1]]
        cursor.execute(
            f"SELECT p.id, p.name, p.full_name FROM {ORG_PLACES} l JOIN {PLACE} p ON p.id = l.place_id "
            f"WHERE l.organisation_id = %s ORDER BY p.level, p.pinyin",
            [pk],
        )
        texts += [r[2] for r in cursor.fetchall()]
        texts += _fields_of(cursor, [pk])
        sees_people = persona in ("officer", "api") or pk in ctx.member_org_ids
        if persona == "api":
            return Floor(ids=[pk], texts=texts)
        if sees_people:
            cursor.execute(
                f"SELECT m.id, m.role, m.title, u.name, u.email, u.phone FROM {MEMBERSHIP} m "
                f"JOIN {USER} u ON u.id = m.user_id WHERE m.organisation_id = %s ORDER BY m.role, m.created_at",
                [pk],
            )
            members = cursor.fetchall()
            return Floor(count=len(members), ids=[pk], texts=texts + [m[3] for m in members])
        cursor.execute(f"SELECT COUNT(*) FROM {MEMBERSHIP} WHERE organisation_id = %s", [pk])
        return Floor(count=cursor.fetchone()[0], ids=[pk], texts=texts)

    return floor


# --- checks: the page shows what the floor fetched ----------------------------------------------


def check_html(ctx: Context, response: Any, floor: Floor) -> None:
    html = response.content.decode()
    missing = [t for t in floor.texts if t and t not in html]
    assert not missing, f"page lacks {missing[:3]}"
    if floor.count is not None:
        assert f"{floor.count}" in html, f"page lacks the count {floor.count}"


def check_api_page(ctx: Context, response: Any, floor: Floor) -> None:
    data = json.loads(response.content)
    assert data["count"] == floor.count, (data["count"], floor.count)
    assert [r["id"] for r in data["results"]] == floor.ids, "API page differs from the floor's rows"


def check_api_detail(ctx: Context, response: Any, floor: Floor) -> None:
    data = json.loads(response.content)
    assert data["id"] == floor.ids[0]
    shown = json.dumps(data, ensure_ascii=False)
    missing = [t for t in floor.texts if t not in shown]
    assert not missing, f"API detail lacks {missing[:3]}"


# --- the list ---------------------------------------------------------------------------------


def _q(ctx_attr: str) -> Callable[[Context], str]:
    return lambda ctx: getattr(ctx, ctx_attr)


SCENARIOS: list[Scenario] = [
    Scenario(
        "org list",
        "officer",
        lambda ctx: "/organisations/",
        list_floor(lambda ctx: ""),
        check_html,
        "first page of all organisations",
    ),
    Scenario(
        "org search 中文",
        "officer",
        lambda ctx: f"/organisations/?q={ctx.chinese_query}",
        list_floor(_q("chinese_query")),
        check_html,
        "Chinese substring of name or short name (社会工作: about a sixth of all organisations)",
    ),
    Scenario(
        "org search pinyin",
        "officer",
        lambda ctx: f"/organisations/?q={ctx.pinyin_query}",
        list_floor(_q("pinyin_query")),
        check_html,
        "full pinyin substring (绿邻)",
    ),
    Scenario(
        "org search initials",
        "officer",
        lambda ctx: f"/organisations/?q={ctx.initials_query}",
        list_floor(_q("initials_query")),
        check_html,
        "pinyin initials substring (绿邻社会工作: a few organisations)",
    ),
    Scenario(
        "org list by district",
        "officer",
        lambda ctx: f"/organisations/?place={ctx.district_id}",
        list_floor(lambda ctx: "", place=lambda ctx: ctx.district_name),
        check_html,
        "organisations registered in or serving a district (朝阳区) or anywhere below it",
    ),
    Scenario(
        "org detail (officer)",
        "officer",
        lambda ctx: f"/organisations/{ctx.detail_org_id}/",
        detail_floor("officer", lambda ctx: ctx.detail_org_id),
        check_html,
        "an organisation with members, seen by a programme officer (members listed)",
    ),
    Scenario(
        "org detail (member)",
        "member",
        lambda ctx: f"/organisations/{ctx.detail_org_id}/",
        detail_floor("member", lambda ctx: ctx.detail_org_id),
        check_html,
        "the same organisation seen by a member of another one (member count only)",
    ),
    Scenario(
        "API org search 中文",
        "api",
        lambda ctx: f"/api/v1/organisations?search={ctx.chinese_query}",
        list_floor(_q("chinese_query"), columns=API_LIST_COLUMNS),
        check_api_page,
        "Bearer token; same search as the page",
    ),
    Scenario(
        "API org search initials",
        "api",
        lambda ctx: f"/api/v1/organisations?search={ctx.initials_query}",
        list_floor(_q("initials_query"), columns=API_LIST_COLUMNS),
        check_api_page,
        "Bearer token; initials",
    ),
    Scenario(
        "API org detail",
        "api",
        lambda ctx: f"/api/v1/organisations/{ctx.detail_org_id}",
        detail_floor("api", lambda ctx: ctx.detail_org_id),
        check_api_detail,
        "Bearer token; one organisation",
    ),
]


def all_scenarios() -> list[Scenario]:
    """The organisation scenarios above, then the lifecycle's and the support ones."""
    from bench.scenarios_lifecycle import SCENARIOS as LIFECYCLE
    from bench.scenarios_support import SCENARIOS as SUPPORT

    return [*SCENARIOS, *LIFECYCLE, *SUPPORT]


def run_floor(scenario: Scenario, ctx: Context) -> Floor:
    with connection.cursor() as cursor:
        return scenario.floor(ctx, cursor)
