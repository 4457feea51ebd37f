"""Generated data at a city's scale, for ``make bench`` and for trying the pages with real volume.

``city`` is what a Beijing-wide programme platform holds after a few years: ~330 streets and
towns under the 16 districts, 7,000 communities, 12,000 organisations of every kind with
members (~36,000 people); on top of them 200 programmes with 400 calls, 20,000 proposals in
60,000 versions, 40,000 reviews, the grants of the approved proposals, and 200,000 support
activities with events and registrations (``scale_lifecycle``, ``scale_support``). ``small`` is
about a twentieth of that.

Everything is written with ``bulk_create`` in large batches inside one transaction, so the
values that ``save()`` would compute (a place's full name and pinyin keys, an organisation's
search keys) are computed here. Generated rows are recognisable, so ``--reset`` can remove
exactly them: people and organisations by an ``@scale.wushe`` e-mail address, places by a code
starting with ``S``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Q

from wushe.access.models import MemberRole, Membership
from wushe.accounts.models import User
from wushe.core.text import pinyin_full, pinyin_initials
from wushe.core.validators import USCC_CHARSET, uscc_check_char
from wushe.demo.scale_lifecycle import LifecycleGenerator, delete_generated_lifecycle
from wushe.demo.scale_support import SupportGenerator
from wushe.orgs.models import FieldOfWork, Organisation, OrganisationKind, Place, PlaceLevel
from wushe.orgs.places_data import load_fields_of_work, load_places

SCALE_DOMAIN = "scale.wushe"
PLACE_CODE_PREFIX = "S"
BATCH = 2000


@dataclass(frozen=True)
class Scale:
    name: str
    streets: int
    communities: int
    organisations: int
    members_per_org: int = 3
    # The lifecycle and support on top (none unless asked for).
    programmes: int = 0
    calls: int = 0
    proposals: int = 0
    versions: int = 0
    assignments: int = 0
    reviewers: int = 0
    activities: int = 0
    events: int = 0


SCALES = {
    "small": Scale(
        "small",
        streets=17,
        communities=350,
        organisations=600,
        programmes=10,
        calls=20,
        proposals=1000,
        versions=3000,
        assignments=2000,
        reviewers=20,
        activities=10000,
        events=150,
    ),
    "city": Scale(
        "city",
        streets=330,
        communities=7000,
        organisations=12000,
        programmes=200,
        calls=400,
        proposals=20000,
        versions=60000,
        assignments=40000,
        reviewers=400,
        activities=200000,
        events=3000,
    ),
}


@dataclass
class ScaleReport:
    scale: str
    streets: int = 0
    communities: int = 0
    organisations: int = 0
    users: int = 0
    memberships: int = 0
    seconds: float = 0.0
    created: dict[str, int] = field(default_factory=dict)  # places added to the reference ones
    lifecycle: dict[str, int] = field(default_factory=dict)  # programmes, proposals … support activities


# --- word lists -------------------------------------------------------------------------------

BRANDS = (
    "绿邻", "同心", "和美", "益众", "青禾", "拾光", "暖阳", "乐龄", "众益", "惠民", "安心", "馨语",
    "和韵", "德馨", "悦邻", "木棉", "青柠", "绿芽", "绿意", "禾田", "槐荫", "启航", "春晖", "晨光",
    "博爱", "仁和", "睦邻", "善源", "恒爱", "星火", "乐活", "明德", "致和", "慧众", "友邻", "万家",
    "正阳", "清源", "知行", "守望", "向阳", "和光", "云帆", "嘉禾", "福缘", "乐群", "彩虹",
    "蒲公英", "向日葵", "益心", "聚力", "共享", "融合", "融爱", "成长", "和睦", "百合", "四季", "心桥",
    "微光", "萤火", "绿洲", "朗润", "益路", "同行", "携手", "新绿", "循环", "零废",
)  # fmt: skip

SERVICE_SUFFIXES = {
    "社会工作服务中心": "社工",
    "社会工作事务所": "社工",
    "社区服务中心": "社服",
    "社区公益服务中心": "公益",
    "社会工作发展中心": "社工",
    "养老服务中心": "养老",
    "青少年服务中心": "青少年",
    "环境教育中心": "环教",
    "邻里互助服务中心": "互助",
    "社区发展促进中心": "社区",
}
SUPPORT_SUFFIXES = ("社会组织发展服务中心", "社会组织孵化中心", "公益组织发展中心", "社会工作发展中心", "公益服务中心")
FUNDER_SUFFIXES = ("公益基金会", "慈善基金会", "教育基金会", "环境保护基金会")
PARTNER_SUFFIXES = ("环保协会", "志愿者协会", "社会工作者协会", "社区服务协会", "垃圾分类促进会", "老年协会")
GROUP_SUFFIXES = (
    "志愿者协会", "环保志愿队", "低碳生活小组", "社区花园小组", "邻里互助会", "桶前值守志愿队",
    "文体协会", "读书会", "手工坊", "睦邻议事会",
)  # fmt: skip
COMMUNITY_HEADS = (
    "和平", "光明", "幸福", "安华", "永安", "花园", "枫林", "金台", "新源", "团结", "建国", "青年",
    "东湖", "西坝", "南湖", "北苑", "翠微", "双榆", "百子", "红莲", "芳城", "龙潭", "长春", "新街",
    "柳荫", "银杏", "松榆", "槐树", "桃园", "丽泽", "华龙", "育新", "清河", "万寿", "玉泉", "金鱼",
    "景泰", "富力", "首钢", "石榴", "惠新", "安贞", "和义", "兴隆", "永定", "宝华", "康乐", "向阳",
    "五里", "七星", "九龙", "十里", "顺天", "天通", "回龙", "上地", "明光", "学院", "林萃", "朝晖",
    "南磨", "北洼", "紫竹", "鲁谷", "古城", "八角", "苹果", "大成", "宏源", "瑞和", "怡海", "春风",
)  # fmt: skip
COMMUNITY_TAILS = (
    "里", "东里", "西里", "南里", "北里", "家园", "小区", "新村", "花园", "苑", "北区", "南区",
    "东区", "西区", "一区", "二区", "三区", "大街", "路", "园", "馨园", "佳园", "景园", "嘉园",
)  # fmt: skip
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
    "薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红鹏飞辉宇晨欣怡佳琪雨婷浩然子轩梓涵诺思远嘉宁"
    "文博心悦泽安雅晴岚松柏婧瑶瑜琳彤睿哲翔宏斌凯鑫颖慧"
)
TITLES = {
    MemberRole.ADMIN: ("理事长", "总干事", "主任", "负责人"),
    MemberRole.STAFF: ("项目主管", "社工", "项目官员", "财务", "行政主管"),
    MemberRole.MEMBER: ("志愿者", "会员", "社工助理", ""),
}
KIND_WEIGHTS = (
    (OrganisationKind.SERVICE, 52),
    (OrganisationKind.COMMUNITY_GROUP, 25),
    (OrganisationKind.PARTNER, 10),
    (OrganisationKind.GOVERNMENT, 6),
    (OrganisationKind.SUPPORT, 4),
    (OrganisationKind.FUNDER, 3),
)
# GB 32100-2015: registration authority (5 民政, 1 机构编制) and organisation type.
USCC_HEAD: dict[str, str] = {
    OrganisationKind.SERVICE: "52",
    OrganisationKind.SUPPORT: "52",
    OrganisationKind.FUNDER: "53",
    OrganisationKind.PARTNER: "51",
    OrganisationKind.GOVERNMENT: "11",
}


# --- what exists, and removing it -------------------------------------------------------------


def generated_users() -> Any:
    return User.objects.filter(email__endswith="@" + SCALE_DOMAIN)


def generated_organisations() -> Any:
    return Organisation.objects.filter(contact_email__endswith="@" + SCALE_DOMAIN)


def generated_places() -> Any:
    return Place.objects.filter(code__startswith=PLACE_CODE_PREFIX)


def generated_exists() -> bool:
    return generated_organisations().exists() or generated_users().exists() or generated_places().exists()


def delete_generated() -> dict[str, int]:
    """Remove every generated row (and what hangs off it: memberships, tokens, roles)."""
    with transaction.atomic(), disable_auditlog():
        lifecycle = delete_generated_lifecycle(generated_organisations())
        orgs = generated_organisations()
        memberships, _ = Membership.objects.filter(Q(organisation__in=orgs) | Q(user__in=generated_users())).delete()
        Organisation.service_places.through.objects.filter(organisation__in=orgs).delete()
        Organisation.fields_of_work.through.objects.filter(organisation__in=orgs).delete()
        users, _ = generated_users().delete()
        organisations, _ = orgs.delete()
        places = 0
        for level in sorted(PlaceLevel.values, reverse=True):
            places += generated_places().filter(level=level).delete()[0]
    return {
        "programmes": lifecycle,
        "memberships": memberships,
        "users": users,
        "organisations": organisations,
        "places": places,
    }


# --- generation -------------------------------------------------------------------------------


def _place(name: str, level: int, parent: Place, code: str) -> Place:
    """A place with the keys ``Place.save()`` would compute."""
    full = f"{parent.full_name}{name}"
    return Place(
        name=name,
        level=level,
        parent=parent,
        code=code,
        full_name=full,
        pinyin=pinyin_full(full),
        initials=pinyin_initials(name),
    )


def _fragment(street: Place) -> str:
    """望京街道 → 望京, 仁和地区 → 仁和, 马坡镇 → 马坡: the street's name as used in organisation names."""
    name = street.name
    for suffix in ("街道", "地区", "民族乡", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


class _Generator:
    def __init__(self, scale: Scale, seed: int, log: Callable[[str], None] = lambda _: None) -> None:
        self.scale = scale
        self.log = log
        self.rng = random.Random(seed)
        self.place_seq = 0
        self.report = ScaleReport(scale=scale.name)
        self.people: dict[int, list[tuple[int, str]]] = {}  # organisation → (user, role), admin first

    def next_place_code(self) -> str:
        self.place_seq += 1
        return f"{PLACE_CODE_PREFIX}{self.place_seq:011d}"

    # places ----------------------------------------------------------------------------------

    def streets(self) -> list[Place]:
        """The streets the generated data lives in: ``scale.streets`` of them, spread over the
        districts; generated ones are added under the districts if too few exist."""
        districts = list(Place.objects.filter(level=PlaceLevel.DISTRICT).order_by("code", "pk"))
        by_district = {
            d.pk: list(Place.objects.filter(parent=d, level=PlaceLevel.STREET).order_by("pk")) for d in districts
        }
        total = sum(len(s) for s in by_district.values())
        new: list[Place] = []
        taken = {(s.parent_id, s.name) for streets in by_district.values() for s in streets}
        i = 0
        while total + len(new) < self.scale.streets:
            district = districts[i % len(districts)]
            name = f"{self.rng.choice(COMMUNITY_HEADS)}{self.rng.choice(('街道', '地区'))}"
            if (district.pk, name) not in taken:
                taken.add((district.pk, name))
                place = _place(name, PlaceLevel.STREET, district, self.next_place_code())
                new.append(place)
                by_district[district.pk].append(place)
            i += 1
        Place.objects.bulk_create(new, batch_size=BATCH)
        self.report.created["streets"] = len(new)
        # Round-robin over the districts so even the small scale touches all of them.
        chosen: list[Place] = []
        queues = [list(streets) for streets in by_district.values() if streets]
        while len(chosen) < self.scale.streets and any(queues):
            for queue in queues:
                if queue and len(chosen) < self.scale.streets:
                    chosen.append(queue.pop(0))
        self.report.streets = len(chosen)
        return chosen

    def communities(self, streets: list[Place]) -> dict[int, list[Place]]:
        """Communities under the chosen streets, up to ``scale.communities`` in all."""
        existing = list(Place.objects.filter(level=PlaceLevel.COMMUNITY).select_related("parent"))
        under: dict[int, list[Place]] = {s.pk: [] for s in streets}
        taken = {(c.parent_id, c.name) for c in existing}
        for c in existing:
            if c.parent_id in under:
                under[c.parent_id].append(c)
        new: list[Place] = []
        missing = max(0, self.scale.communities - len(existing))
        attempts = 0
        while len(new) < missing:
            street = streets[attempts % len(streets)]
            attempts += 1
            name = f"{self.rng.choice(COMMUNITY_HEADS)}{self.rng.choice(COMMUNITY_TAILS)}社区"
            if (street.pk, name) in taken:
                continue
            taken.add((street.pk, name))
            place = _place(name, PlaceLevel.COMMUNITY, street, self.next_place_code())
            new.append(place)
            under[street.pk].append(place)
        Place.objects.bulk_create(new, batch_size=BATCH)
        self.report.created["communities"] = len(new)
        self.report.communities = len(existing) + len(new)
        return under

    # organisations ---------------------------------------------------------------------------

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=self.rng.choice((1, 2, 2))))

    def phone(self) -> str:
        if self.rng.random() < 0.3:
            return f"010-{self.rng.randint(6000, 8999)}{self.rng.randint(0, 9999):04d}"
        return f"1{self.rng.choice('35789')}{self.rng.randint(0, 999_999_999):09d}"

    def uscc(self, kind: str, district_code: str, seq: int) -> str | None:
        head = USCC_HEAD.get(kind)
        if head is None:  # 社区社会组织 are filed (备案), not registered: no code
            return None
        body = "".join(USCC_CHARSET[(seq // 31**i) % 31] for i in range(8))
        first17 = f"{head}{(district_code or '110100')[:6]:0<6}G{body}"
        return first17 + uscc_check_char(first17)

    def name_for(self, kind: str, district: Place, street: Place, community: Place | None) -> tuple[str, str]:
        """A plausible (name, short name) for an organisation of ``kind`` in this place."""
        rng = self.rng
        brand = rng.choice(BRANDS)
        if kind == OrganisationKind.SERVICE:
            suffix = rng.choice(tuple(SERVICE_SUFFIXES))
            where = _fragment(street) if rng.random() < 0.6 else ""
            return f"北京市{district.name}{where}{brand}{suffix}", f"{brand}{SERVICE_SUFFIXES[suffix]}"
        if kind == OrganisationKind.COMMUNITY_GROUP and community is not None:
            suffix = rng.choice(GROUP_SUFFIXES)
            extra = brand if rng.random() < 0.5 else ""
            return f"{community.name}{extra}{suffix}", f"{community.name.removesuffix('社区')}{extra}"
        if kind == OrganisationKind.SUPPORT:
            return f"北京市{district.name}{brand}{rng.choice(SUPPORT_SUFFIXES)}", f"{brand}支持中心"
        if kind == OrganisationKind.FUNDER:
            if rng.random() < 0.3:
                return f"北京{brand}{rng.choice(FUNDER_SUFFIXES)}", f"{brand}基金会"
            return f"北京市{district.name}{brand}社区基金会", f"{brand}社区基金会"
        if kind == OrganisationKind.GOVERNMENT:
            if community is not None and rng.random() < 0.7:
                return f"{street.name}{community.name}居民委员会", f"{community.name}居委会"
            office = "办事处" if street.name.endswith(("街道", "地区")) else "人民政府"
            return f"北京市{district.name}{street.name}{office}", street.name
        suffix = rng.choice(PARTNER_SUFFIXES)  # partners, and groups without a community
        return f"北京市{district.name}{brand}{suffix}", f"{brand}{suffix[:2]}"

    def organisations(self, streets: list[Place], under: dict[int, list[Place]]) -> list[Organisation]:
        fields = list(FieldOfWork.objects.order_by("order", "pk"))
        taken = set(Organisation.objects.values_list("name", flat=True))
        taken_uscc = set(Organisation.objects.exclude(uscc=None).values_list("uscc", flat=True))
        kinds = [k for k, _ in KIND_WEIGHTS]
        weights = [w for _, w in KIND_WEIGHTS]
        district_of = {s.pk: s.parent for s in streets if s.parent is not None}  # streets sit under districts
        orgs: list[Organisation] = []
        service_places: list[list[Place]] = []
        org_fields: list[list[FieldOfWork]] = []
        seq = 0
        today = date.today()
        while len(orgs) < self.scale.organisations:
            kind = self.rng.choices(kinds, weights)[0]
            street = self.rng.choice(streets)
            district = district_of[street.pk]
            communities = under.get(street.pk) or []
            community = self.rng.choice(communities) if communities else None
            name, short_name = self.name_for(kind, district, street, community)
            if name in taken or len(name) > 100:
                continue
            taken.add(name)
            seq += 1
            uscc = self.uscc(kind, district.code, seq * 7919)
            while uscc is not None and uscc in taken_uscc:
                seq += 1
                uscc = self.uscc(kind, district.code, seq * 7919)
            if uscc:
                taken_uscc.add(uscc)
            if kind == OrganisationKind.COMMUNITY_GROUP and community is not None:
                home, served = community, [community]
            elif kind in (OrganisationKind.FUNDER, OrganisationKind.SUPPORT):
                home = street
                served = [district, *self.rng.sample(streets, k=min(len(streets), self.rng.randint(0, 2)))]
            else:
                home = community if community is not None and self.rng.random() < 0.4 else street
                pool = communities or [street]
                served = self.rng.sample(pool, k=min(len(pool), self.rng.randint(1, 3)))
            chosen_fields = self.rng.sample(fields, k=min(len(fields), self.rng.randint(1, 3))) if fields else []
            org = Organisation(
                name=name,
                short_name=short_name[:30],
                kind=kind,
                uscc=uscc,
                registered_on=today - timedelta(days=self.rng.randint(200, 7000)),
                home_place=home,
                contact_name=self.person(),
                contact_phone=self.phone(),
                contact_email=f"org{len(orgs) + 1:05d}@{SCALE_DOMAIN}",
                description=(
                    f"扎根{home.full_name},开展{'、'.join(f.name for f in chosen_fields) or '社区服务'}等工作,"
                    f"服务{'、'.join(p.name for p in served)}的居民。"
                ),
                is_active=self.rng.random() > 0.03,
            )
            org.refresh_search_keys()
            orgs.append(org)
            service_places.append(served)
            org_fields.append(chosen_fields)
        Organisation.objects.bulk_create(orgs, batch_size=BATCH)
        place_links = [
            Organisation.service_places.through(organisation_id=org.pk, place_id=place.pk)
            for org, places in zip(orgs, service_places, strict=True)
            for place in {p.pk: p for p in places}.values()
        ]
        Organisation.service_places.through.objects.bulk_create(place_links, batch_size=BATCH)
        field_links = [
            Organisation.fields_of_work.through(organisation_id=org.pk, fieldofwork_id=f.pk)
            for org, chosen in zip(orgs, org_fields, strict=True)
            for f in chosen
        ]
        Organisation.fields_of_work.through.objects.bulk_create(field_links, batch_size=BATCH)
        self.report.organisations = len(orgs)
        return orgs

    # people ----------------------------------------------------------------------------------

    def members(self, orgs: list[Organisation]) -> None:
        password = make_password(settings.WUSHE_DEMO_PASSWORD)  # hashed once, shared by all
        taken_phones = set(User.objects.exclude(phone=None).values_list("phone", flat=True))
        per_org = self.scale.members_per_org
        counts = [self.rng.choice((per_org - 1, per_org, per_org, per_org + 1)) for _ in orgs]
        users: list[User] = []
        n = 0
        for count in counts:
            for _ in range(count):
                n += 1
                phone = f"166{n:08d}"
                users.append(
                    User(
                        name=self.person(),
                        email=f"u{n:06d}@{SCALE_DOMAIN}",
                        phone=None if phone in taken_phones else phone,
                        password=password,
                    )
                )
        User.objects.bulk_create(users, batch_size=BATCH)
        memberships: list[Membership] = []
        people = iter(users)
        for org, count in zip(orgs, counts, strict=True):
            for index in range(count):
                role = MemberRole.ADMIN if index == 0 else MemberRole.STAFF if index == 1 else MemberRole.MEMBER
                user = next(people)
                memberships.append(
                    Membership(user=user, organisation=org, role=role, title=self.rng.choice(TITLES[role]))
                )
                self.people.setdefault(org.pk, []).append((user.pk, role))
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.report.users = len(users)
        self.report.memberships = len(memberships)

    # lifecycle and support ------------------------------------------------------------------

    def lifecycle(self, orgs: list[Organisation]) -> None:
        """Programmes, calls, proposals, reviews and grants, then support activities and events."""
        if not self.scale.programmes:
            return
        homes = {o.pk: o.home_place_id for o in orgs}
        names = dict(Place.objects.filter(pk__in=set(homes.values())).values_list("pk", "name"))
        life = LifecycleGenerator(
            scale=self.scale, rng=self.rng, orgs=orgs, people=self.people, place_names=names, log=self.log
        ).run()
        short = {o.pk: o.short_name or o.name for o in orgs}
        SupportGenerator(
            scale=self.scale, rng=self.rng, life=life, people=self.people, homes=homes, short_names=short, log=self.log
        ).run()
        self.report.lifecycle.update(life.counts)


def generate(*, scale: Scale, seed: int = 20201201, log: Callable[[str], None] = lambda _: None) -> ScaleReport:
    """Generate ``scale`` worth of places, organisations and people; refuses to double up."""
    if generated_exists():
        raise ValueError("generated data already exists; delete it first (generate_scale --reset)")
    started = time.perf_counter()

    def timed_log(message: str) -> None:
        log(f"{message} ({time.perf_counter() - started:.0f} s)")

    gen = _Generator(scale, seed, timed_log)
    with transaction.atomic():
        created = load_places(Place) + load_fields_of_work(FieldOfWork)
        if created:
            timed_log(f"loaded {created} reference places and fields of work")
        streets = gen.streets()
        under = gen.communities(streets)
        timed_log(f"places: {gen.report.streets} streets, {gen.report.communities} communities")
        orgs = gen.organisations(streets, under)
        timed_log(f"organisations: {len(orgs)}")
        gen.members(orgs)
        timed_log(f"people: {gen.report.users} users, {gen.report.memberships} memberships")
        gen.lifecycle(orgs)
    timed_log("written; analysing")
    # Fresh statistics, so the planner knows the tables just filled; on PostgreSQL also VACUUM, which
    # merges the rows queued in the GIN (trigram) indexes' pending lists, as autovacuum would in time.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    gen.report.seconds = round(time.perf_counter() - started, 2)
    return gen.report
