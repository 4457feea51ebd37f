"""The 绿缘计划 demo: the organisations of ``data/organisations.json``, their people, and one
login per role, all with the password ``settings.WUSHE_DEMO_PASSWORD``.

Seeding is an upsert by natural keys (organisation name, user e-mail, membership (user,
organisation), platform role (user, role, organisation)) inside one transaction: running it
again creates nothing and changes nothing, and a failure leaves nothing half-written.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wushe.access.models import MemberRole, Membership, PlatformRole, PlatformRoleKind
from wushe.accounts.models import User
from wushe.core.text import pinyin_full
from wushe.core.validators import uscc_check_char
from wushe.demo.lifecycle import LifecycleSeeder
from wushe.demo.support import SupportSeeder
from wushe.grants.models import Grant
from wushe.orgs.models import FieldOfWork, Organisation, OrganisationKind, Place, PlaceLevel
from wushe.orgs.places_data import load_fields_of_work, load_places
from wushe.proposals.models import Proposal, ProposalStatus, ProposalVersion
from wushe.support.models import SupportActivity

DATA_FILE = Path(__file__).resolve().parent / "data" / "organisations.json"
DEMO_DOMAIN = "demo.wushe"

# Every demo account shares one published password, so one hash with a fixed salt serves them
# all: hashing once keeps seeding fast, and an unchanged hash keeps a second run a no-op.
_DEMO_SALT = "wusheDemoAccountsSharedSalt2025"

# Besides its street, 三正社工 serves 草厂社区 and the zero-waste courtyard 草厂三条12号院.
EXTRA_SERVICE_PLACES: dict[str, tuple[tuple[str, ...], ...]] = {
    "sanzheng": (
        ("东城区", "前门街道", "草厂社区"),
        ("东城区", "前门街道", "草厂社区", "草厂三条12号院"),
    ),
}

GRANTEE_KINDS = (OrganisationKind.SERVICE, OrganisationKind.COMMUNITY_GROUP)


@dataclass(frozen=True)
class DemoLogin:
    """One login per role. When ``name`` is a member of ``org_key`` in the data file, that
    person is the login (with this e-mail, phone and role)."""

    email: str
    phone: str
    name: str
    description: Promise
    org_key: str = ""
    member_role: str = ""
    platform_role: str = ""
    platform_org_key: str = ""
    superuser: bool = False


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        email=f"admin@{DEMO_DOMAIN}",
        phone="13910000001",
        name="平台管理员",
        description=gettext_lazy("平台管理员"),
        platform_role=PlatformRoleKind.PLATFORM_ADMIN,
        superuser=True,
    ),
    DemoLogin(
        email=f"officer@{DEMO_DOMAIN}",
        phone="13910000002",
        name="苏晓禾",
        description=gettext_lazy("项目官员 · 北京协作者"),
        org_key="xiezuozhe",
        member_role=MemberRole.STAFF,
        platform_role=PlatformRoleKind.PROGRAMME_OFFICER,
        platform_org_key="xiezuozhe",
    ),
    DemoLogin(
        email=f"funder@{DEMO_DOMAIN}",
        phone="13910000003",
        name="林虹",
        description=gettext_lazy("资助方项目经理 · 万科公益基金会"),
        org_key="vanke",
        member_role=MemberRole.ADMIN,
        platform_role=PlatformRoleKind.FUNDER_OFFICER,
        platform_org_key="vanke",
    ),
    DemoLogin(
        email=f"grantee@{DEMO_DOMAIN}",
        phone="13910000004",
        name="彭佑军",
        description=gettext_lazy("受资助机构管理员 · 三正社工"),
        org_key="sanzheng",
        member_role=MemberRole.ADMIN,
    ),
    DemoLogin(
        email=f"reviewer@{DEMO_DOMAIN}",
        phone="13910000005",
        name="顾清远",
        description=gettext_lazy("评审专家"),
        platform_role=PlatformRoleKind.REVIEWER,
    ),
    DemoLogin(
        email=f"gov@{DEMO_DOMAIN}",
        phone="13910000006",
        name="蒋书畅",
        description=gettext_lazy("政府指导单位观察员 · 市社管中心"),
        org_key="guidance",
        member_role=MemberRole.MEMBER,
        platform_role=PlatformRoleKind.GOVERNMENT_VIEWER,
    ),
    DemoLogin(
        email=f"volunteer@{DEMO_DOMAIN}",
        phone="13910000007",
        name="丁晓桐",
        description=gettext_lazy("社区志愿者 · A2Z环保先锋"),
        org_key="a2z",
        member_role=MemberRole.MEMBER,
    ),
)


@cache
def demo_organisations() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def grantee_names() -> frozenset[str]:
    """The organisations the data file marks as 绿缘计划 grantees."""
    return frozenset(org["name"] for org in demo_organisations() if org.get("grantee"))


def demo_uscc(body: str | None) -> str | None:
    return body + uscc_check_char(body) if body else None


def member_email(name: str, org_key: str) -> str:
    return f"{pinyin_full(name)}.{org_key}@{DEMO_DOMAIN}"


@dataclass
class SeedSummary:
    created: int = 0
    updated: int = 0
    organisations_by_kind: dict[str, int] = field(default_factory=dict)
    grantees: int = 0
    users: int = 0
    memberships: int = 0
    platform_roles: int = 0
    places: int = 0
    fields_of_work: int = 0
    proposals: int = 0
    approved: int = 0
    grants: int = 0
    pilot_versions: int = 0
    support_activities: int = 0

    def lines(self) -> list[str]:
        labels = dict(OrganisationKind.choices)
        by_kind = "、".join(
            _("%(kind)s %(count)d 个") % {"kind": labels[kind], "count": count}
            for kind, count in self.organisations_by_kind.items()
        )
        return [
            _("演示数据已就绪:新建 %(created)d 条,更新 %(updated)d 条。")
            % {"created": self.created, "updated": self.updated},
            _("组织 %(total)d 个:%(by_kind)s。")
            % {"total": sum(self.organisations_by_kind.values()), "by_kind": by_kind},
            _("其中受资助组织 %(count)d 个(社会服务机构和社区社会组织)。") % {"count": self.grantees},
            _("演示用户 %(users)d 个,成员关系 %(memberships)d 条,平台角色 %(roles)d 个。")
            % {"users": self.users, "memberships": self.memberships, "roles": self.platform_roles},
            _("地点 %(places)d 个,服务领域 %(fields)d 个。") % {"places": self.places, "fields": self.fields_of_work},
            _(
                "项目书 %(proposals)d 份,其中立项 %(approved)d 份,资助协议 %(grants)d 份;"
                "三正社工的项目书共 %(versions)d 个版本。"
            )
            % {
                "proposals": self.proposals,
                "approved": self.approved,
                "grants": self.grants,
                "versions": self.pilot_versions,
            },
            _("专业支持活动 %(count)d 次。") % {"count": self.support_activities},
        ]


class _Seeder:
    def __init__(self) -> None:
        self.summary = SeedSummary()
        self.data = demo_organisations()
        self.password = make_password(settings.WUSHE_DEMO_PASSWORD, salt=_DEMO_SALT)

    def _upsert(self, obj: Any, values: dict[str, Any], *, validate: bool = False) -> Any:
        """Save ``obj`` with ``values`` if it is new or differs; count what happened."""
        changed = [key for key, value in values.items() if getattr(obj, key) != value]
        if obj.pk is not None and not changed:
            return obj
        for key in changed:
            setattr(obj, key, values[key])
        if validate:
            obj.full_clean()
        if obj.pk is None:
            self.summary.created += 1
        else:
            self.summary.updated += 1
        obj.save()
        return obj

    def run(self) -> SeedSummary:
        self.summary.created += load_places(Place) + load_fields_of_work(FieldOfWork)
        orgs = self.organisations()
        users = self.users()
        self.memberships(orgs, users)
        self.platform_roles(orgs, users)
        grantees = [o["key"] for o in self.data if o.get("grantee")]
        others = [o["key"] for o in self.data if not o.get("grantee") and o["kind"] == OrganisationKind.SERVICE]
        self.summary.created += LifecycleSeeder(orgs, users).run(grantees, others)
        self.summary.created += SupportSeeder(orgs).run(grantees, [*others, "a2z"])
        self.count(orgs)
        return self.summary

    def organisations(self) -> dict[str, Organisation]:
        streets: dict[tuple[str, str], Place] = {}
        for street in Place.objects.filter(level=PlaceLevel.STREET).select_related("parent"):
            if street.parent is not None:
                streets[(street.parent.name, street.name)] = street
        fields = dict(FieldOfWork.objects.values_list("name", "pk"))
        existing = Organisation.objects.in_bulk([org["name"] for org in self.data], field_name="name")
        orgs: dict[str, Organisation] = {}
        for row in self.data:
            org = existing.get(row["name"]) or Organisation(name=row["name"])
            home = streets[(row["district"], row["street"])]
            values = {
                "short_name": row["short_name"],
                "kind": row["kind"],
                "uscc": demo_uscc(row.get("uscc_body")),
                "registered_on": date.fromisoformat(row["registered"]) if row.get("registered") else None,
                "home_place_id": home.pk,
                "contact_name": row.get("contact_name", ""),
                "contact_phone": row.get("contact_phone", ""),
                "description": row.get("description", ""),
            }
            orgs[row["key"]] = self._upsert(org, values, validate=True)
        fields_wanted = {row["key"]: {fields[name] for name in row["fields"]} for row in self.data}
        self._link(Organisation.fields_of_work.through, "fieldofwork_id", orgs, fields_wanted)
        self._link(Organisation.service_places.through, "place_id", orgs, self._service_places(streets))
        return orgs

    def _service_places(self, streets: dict[tuple[str, str], Place]) -> dict[str, set[int]]:
        extra_names = {"".join(path): len(path) for paths in EXTRA_SERVICE_PLACES.values() for path in paths}
        extra = {
            (place.full_name, place.level): place.pk
            for place in Place.objects.filter(full_name__in=extra_names).only("pk", "full_name", "level")
        }
        wanted: dict[str, set[int]] = {}
        for row in self.data:
            wanted[row["key"]] = {streets[(row["district"], row["street"])].pk}
            for path in EXTRA_SERVICE_PLACES.get(row["key"], ()):
                wanted[row["key"]].add(extra[("".join(path), len(path))])
        return wanted

    def _link(self, through: Any, target: str, orgs: dict[str, Organisation], wanted: dict[str, set[int]]) -> None:
        """Add the missing rows of a many-to-many table; rows added by hand since are kept."""
        org_ids = [org.pk for org in orgs.values()]
        have = set(through.objects.filter(organisation_id__in=org_ids).values_list("organisation_id", target))
        missing = [
            through(organisation_id=orgs[key].pk, **{target: pk})
            for key, targets in wanted.items()
            for pk in sorted(targets)
            if (orgs[key].pk, pk) not in have
        ]
        through.objects.bulk_create(missing)
        self.summary.created += len(missing)

    def users(self) -> dict[str, User]:
        """Every person of the data file and every demo login, by e-mail."""
        logins = {(login.org_key, login.name): login for login in DEMO_LOGINS if login.org_key}
        people: dict[str, dict[str, Any]] = {}
        for row in self.data:
            for member in row["members"]:
                login = logins.get((row["key"], member["name"]))
                email = login.email if login else member_email(member["name"], row["key"])
                people[email] = {"name": member["name"], "phone": login.phone if login else None}
        for login in DEMO_LOGINS:
            people.setdefault(login.email, {"name": login.name, "phone": login.phone})
            people[login.email]["superuser"] = login.superuser
        existing = {user.email: user for user in User.objects.filter(email__in=people)}
        taken = dict(
            User.objects.filter(phone__in=[p["phone"] for p in people.values() if p["phone"]]).values_list(
                "phone", "email"
            )
        )
        users = {}
        for email, person in people.items():
            phone = person["phone"]
            if phone and taken.get(phone, email) != email:
                phone = None  # somebody else signs in with that number; the demo person uses e-mail only
            user = existing.get(email) or User(email=email)
            superuser = person.get("superuser", False)
            values = {
                "name": person["name"],
                "phone": phone,
                "password": self.password,
                "is_active": True,
                "is_staff": superuser,
                "is_superuser": superuser,
            }
            users[email] = self._upsert(user, values)
        return users

    def memberships(self, orgs: dict[str, Organisation], users: dict[str, User]) -> None:
        logins = {(login.org_key, login.name): login for login in DEMO_LOGINS if login.org_key}
        wanted: dict[tuple[int, int], dict[str, str]] = {}
        for row in self.data:
            org = orgs[row["key"]]
            for member in row["members"]:
                login = logins.pop((row["key"], member["name"]), None)
                email = login.email if login else member_email(member["name"], row["key"])
                role = login.member_role if login and login.member_role else member["role"]
                wanted[(users[email].pk, org.pk)] = {"role": role, "title": member.get("title", "")}
        for login in logins.values():  # logins who are not people of the data file
            wanted[(users[login.email].pk, orgs[login.org_key].pk)] = {"role": login.member_role, "title": ""}
        existing = {
            (m.user_id, m.organisation_id): m
            for m in Membership.objects.filter(user_id__in=[u.pk for u in users.values()])
        }
        for (user_id, org_id), values in wanted.items():
            membership = existing.get((user_id, org_id)) or Membership(user_id=user_id, organisation_id=org_id)
            self._upsert(membership, values)

    def platform_roles(self, orgs: dict[str, Organisation], users: dict[str, User]) -> None:
        have = set(
            PlatformRole.objects.filter(user_id__in=[u.pk for u in users.values()]).values_list(
                "user_id", "role", "organisation_id"
            )
        )
        for login in DEMO_LOGINS:
            if not login.platform_role:
                continue
            user = users[login.email]
            org_id = orgs[login.platform_org_key].pk if login.platform_org_key else None
            if (user.pk, login.platform_role, org_id) not in have:
                PlatformRole.objects.create(user=user, role=login.platform_role, organisation_id=org_id)
                self.summary.created += 1

    def count(self, orgs: dict[str, Organisation]) -> None:
        s = self.summary
        demo_orgs = Organisation.objects.filter(pk__in=[o.pk for o in orgs.values()])
        kinds = Counter(demo_orgs.values_list("kind", flat=True))
        s.organisations_by_kind = {kind: kinds[kind] for kind in OrganisationKind.values if kinds[kind]}
        s.grantees = demo_orgs.filter(name__in=grantee_names(), kind__in=GRANTEE_KINDS).count()
        demo_users = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
        s.users = demo_users.count()
        s.memberships = Membership.objects.filter(user__in=demo_users).count()
        s.platform_roles = PlatformRole.objects.filter(user__in=demo_users).count()
        s.places = Place.objects.count()
        s.fields_of_work = FieldOfWork.objects.count()
        demo_proposals = Proposal.objects.filter(organisation__in=demo_orgs)
        s.proposals = demo_proposals.count()
        s.approved = demo_proposals.filter(status=ProposalStatus.APPROVED).count()
        s.grants = Grant.objects.filter(organisation__in=demo_orgs).count()
        s.pilot_versions = ProposalVersion.objects.filter(proposal__organisation=orgs["sanzheng"]).count()
        s.support_activities = SupportActivity.objects.filter(programme__support_organisation=orgs["xiezuozhe"]).count()


def seed_demo() -> SeedSummary:
    """Load (or reload) the demo; idempotent, all or nothing.

    The demo's starting state is not anybody's change, so it writes no audit entries (which
    would also make seeding several times slower)."""
    with transaction.atomic(), disable_auditlog():
        return _Seeder().run()
