"""The 绿缘计划's professional support as demo data: more than ninety activities of the five
kinds between December 2020 and mid-2022, spread over the 21 funded organisations, with the
consultations behind 三正社工's coaching rounds and the field visits that monitored each grant.

The count shown anywhere ("90+ support activities") is computed from these rows. Seeding runs
only when the programme has no activities yet, so a second run changes nothing."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from wushe.access.models import Membership
from wushe.accounts.models import User
from wushe.grants.models import Grant
from wushe.orgs.models import Organisation, Place
from wushe.programmes.models import Programme
from wushe.proposals.models import CoachingRound
from wushe.support.models import (
    ActivityKind,
    ActivityStatus,
    AttendanceStatus,
    Event,
    EventKind,
    Feedback,
    FollowUp,
    Registration,
    RegistrationStatus,
    SupportActivity,
)

WORKSHOPS = [
    (
        "2020-12-19",
        "绿缘计划赋能工作坊(一):社区垃圾分类的问题与机会",
        "万科公益基金会、自然之友讲师;北京协作者专业支持部",
        "介绍绿缘计划和申请要求;用问题树分析社区垃圾分类的难点;分组讨论项目思路。",
    ),
    (
        "2021-01-09",
        "绿缘计划赋能工作坊(二):项目设计与项目书写作",
        "北京协作者专业支持部",
        "逻辑框架、可衡量的目标与指标、预算编制;现场点评各机构的项目思路。",
    ),
]
FEEDBACK_COMMENTS = ["案例很实用", "希望多安排分组讨论时间", "对预算编制讲得很清楚", "", "", "收获很大,明确了项目方向"]
# Residents and volunteers the grantees brought along as guests (no account): they answered the
# questionnaire through the event's feedback link, naming themselves by phone.
GUESTS = [("王秀兰", "楼门长"), ("刘建国", "社区志愿者"), ("陈丽华", "垃圾分类指导员"), ("赵明", "居民议事会成员")]
GUEST_COMMENTS = ["第一次参加这样的培训,回去就跟楼里的邻居说", "希望讲讲怎么动员年轻人", "", "材料很好懂"]

TZ = ZoneInfo("Asia/Shanghai")

TRAININGS = [
    ("2021-03-20", "《北京市生活垃圾管理条例》解读与社区实践", "解读条例对居民、物业和社区的要求,分享街道推进经验。"),
    ("2021-04-24", "厨余垃圾就地堆肥技术", "自然之友讲师讲授堆肥箱使用、常见问题和院落堆肥角设计。"),
    ("2021-05-22", "社区志愿者招募、培训与激励", "志愿者团队建设、排班和积分激励的做法。"),
    ("2021-06-26", "项目监测与评估:指标、基线与目标值", "如何设定可衡量的指标,按月记录四类垃圾数据。"),
    ("2021-08-28", "公益项目财务管理与票据规范", "预算执行、票据整理和中期财务报告的要求。"),
    ("2021-10-23", "社区动员与院落议事会", "用参与式方法组织居民议事,形成院落公约。"),
    ("2021-12-18", "项目传播与案例写作", "如何记录和讲好社区环保故事。"),
    ("2022-04-16", "项目结项与经验总结", "结项报告要求,成效梳理与可持续发展规划。"),
]

ROUNDTABLES = [
    ("2021-04-10", "项目启动期的困难与对策"),
    ("2021-07-03", "桶前值守的组织与排班经验"),
    ("2021-09-25", "如何动员年轻家庭参与分类"),
    ("2021-12-04", "冬季与疫情期间的社区活动调整"),
    ("2022-03-05", "社区社会组织培育与自主运行"),
    ("2022-05-21", "零废弃院落经验交流"),
]

CONSULT_TOPICS = [
    "预算调整与经费使用咨询",
    "志愿者保险与安全管理咨询",
    "项目指标调整咨询",
    "活动方案设计咨询",
    "中期报告撰写咨询",
    "社区关系协调咨询",
]


def _at(day: str | date, hour: int = 14) -> datetime:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime.combine(d, time(hour, 0), tzinfo=TZ)


class SupportSeeder:
    def __init__(self, orgs: dict[str, Organisation]) -> None:
        self.orgs = orgs
        self.rng = random.Random(90)
        self.officer = User.objects.get(email="officer@demo.wushe")
        support = orgs["xiezuozhe"]
        self.staff = [self.officer] + [
            m.user
            for m in Membership.objects.filter(organisation=support).select_related("user").order_by("pk")
            if m.user_id != self.officer.pk
        ]
        self.kinds = {k.code: k for k in ActivityKind.objects.filter(programme__isnull=True)}

    def _activity(
        self,
        programme: Programme,
        kind: str,
        when: datetime,
        minutes: int,
        topic: str,
        summary: str,
        organisations: list[Organisation],
        staff: list[User],
        **links: Any,
    ) -> SupportActivity:
        activity = SupportActivity.objects.create(
            programme=programme,
            kind=self.kinds[kind],
            status=ActivityStatus.HELD,
            starts_at=when,
            duration_minutes=minutes,
            topic=topic,
            summary=summary,
            outcome="参与机构明确了下一步行动。",
            created_by=self.officer,
        )
        activity.staff.set(staff)
        activity.organisations.set(organisations)
        for name, objects in links.items():
            getattr(activity, name).set(objects)
        return activity

    def workshops(self, programme: Programme, grantees: list[Organisation], others: list[Organisation]) -> int:
        """The pre-application workshops: most of the 21 attended, and some who never applied."""
        venue = Place.objects.filter(name="新街口街道").first()
        n = 0
        for i, (day, title, speakers, description) in enumerate(WORKSHOPS):
            event = Event.objects.create(
                programme=programme,
                kind=EventKind.WORKSHOP,
                title=title,
                description=description,
                speakers=speakers,
                starts_at=_at(day, 9),
                ends_at=_at(day, 16),
                place=venue,
                venue="北京协作者培训室",
                capacity=60,
                registration_closes_at=_at(day, 9) - timedelta(days=2),
                created_by=self.officer,
            )
            attending = [o for j, o in enumerate(grantees) if (j + i) % 7 != 0] + others
            for org in attending:
                members = list(
                    Membership.objects.filter(organisation=org).select_related("user").order_by("role", "pk")[:2]
                )
                for k, membership in enumerate(members):
                    roll = self.rng.random()
                    attendance = (
                        AttendanceStatus.NO_SHOW
                        if roll < 0.08
                        else AttendanceStatus.LATE
                        if roll < 0.2
                        else AttendanceStatus.PRESENT
                    )
                    registration = Registration.objects.create(
                        event=event,
                        organisation=org,
                        user=membership.user,
                        status=RegistrationStatus.CONFIRMED,
                        registered_by=members[0].user,
                        attendance=attendance,
                        checked_in_at=None
                        if attendance == AttendanceStatus.NO_SHOW
                        else event.starts_at + timedelta(minutes=25 if attendance == AttendanceStatus.LATE else -5),
                        checked_in_by=self.officer if k else None,
                    )
                    if attendance != AttendanceStatus.NO_SHOW and self.rng.random() < 0.7:
                        Feedback.objects.create(
                            registration=registration,
                            satisfaction=self.rng.choice([4, 5, 5, 5, 3]),
                            usefulness=self.rng.choice([4, 5, 5, 4, 3]),
                            comments=self.rng.choice(FEEDBACK_COMMENTS),
                        )
            for k, (name, role) in enumerate(GUESTS):
                org = grantees[(i + k) % len(grantees)]
                guest = Registration.objects.create(
                    event=event,
                    organisation=org,
                    guest_name=f"{name}({role})",
                    guest_phone=f"1391{i:03d}{k:04d}",
                    status=RegistrationStatus.CONFIRMED,
                    registered_by=self.officer,
                    attendance=AttendanceStatus.PRESENT,
                    checked_in_at=event.starts_at - timedelta(minutes=10),
                    checked_in_by=self.officer,
                )
                if k < 3:
                    Feedback.objects.create(
                        registration=guest,
                        satisfaction=self.rng.choice([4, 5, 5]),
                        usefulness=self.rng.choice([4, 5, 4]),
                        comments=GUEST_COMMENTS[k],
                    )
            n += 1
        return n

    def run(self, grantee_keys: list[str], other_keys: list[str]) -> int:
        programme = Programme.objects.filter(short_name="绿缘计划").first()
        if programme is None or programme.support_activities.exists():
            return 0
        grantees = [self.orgs[k] for k in grantee_keys]
        grants = {g.organisation_id: g for g in Grant.objects.filter(programme=programme)}
        lead = self.staff[:2]
        others = [self.orgs[k] for k in other_keys]
        n = self.workshops(programme, grantees, others)
        # 项目实施方案辅导: one per funded organisation, as projects start.
        for i, org in enumerate(grantees):
            self._activity(
                programme,
                "plan_coaching",
                _at(date(2021, 3, 2) + timedelta(days=i), 10),
                90,
                f"{org.display_name}项目实施方案辅导",
                "逐项梳理实施计划、时间表和监测指标,明确分工。",
                [org],
                [self.staff[i % len(self.staff)]],
                grants=[grants[org.pk]] if org.pk in grants else [],
            )
            n += 1
        # 专题培训 for all funded organisations.
        for day, topic, summary in TRAININGS:
            self._activity(programme, "training", _at(day, 9), 180, topic, summary, grantees, lead)
            n += 1
        # 圆桌辅导会 for groups of organisations.
        for day, topic in ROUNDTABLES:
            group = self.rng.sample(grantees, self.rng.randint(5, 8))
            self._activity(
                programme, "roundtable", _at(day), 150, topic, "各机构分享进展和困难,相互出主意。", group, lead
            )
            n += 1
        # 实地走访监测: mid-term and final visit for each grant.
        for i, org in enumerate(grantees):
            grant = grants.get(org.pk)
            for label, start in (("中期", date(2021, 9, 6)), ("结项", date(2022, 4, 6))):
                visit = self._activity(
                    programme,
                    "field_visit",
                    _at(start + timedelta(days=i * 2 % 40), 9),
                    120,
                    f"{org.display_name}{label}实地走访监测",
                    "查看活动记录与分类台账,访谈居民和志愿者,核对拨付条件。",
                    [org],
                    [self.staff[(i + 1) % len(self.staff)]],
                    grants=[grant] if grant else [],
                )
                n += 1
                if label == "中期" and i % 3 == 0:
                    FollowUp.objects.create(
                        activity=visit,
                        description="补充每月四类垃圾分类台账",
                        owner=self.staff[(i + 1) % len(self.staff)],
                        due_on=visit.starts_at.date() + timedelta(days=21),
                        done=i % 2 == 0,
                        evidence="台账已补齐并上传。" if i % 2 == 0 else "",
                        done_at=visit.starts_at + timedelta(days=18) if i % 2 == 0 else None,
                    )
        # 一对一咨询: the consultations behind 三正社工's coaching rounds, and others.
        sanzheng = self.orgs["sanzheng"]
        for coaching_round in CoachingRound.objects.filter(proposal__organisation=sanzheng).order_by("number"):
            self._activity(
                programme,
                "consultation",
                coaching_round.opened_at - timedelta(hours=2),
                60,
                f"三正社工项目书第{coaching_round.number}轮修改咨询",
                "与彭佑军逐节讨论项目书,形成书面辅导意见。",
                [sanzheng],
                [self.officer],
                coaching_rounds=[coaching_round],
            )
            n += 1
        for i in range(12):
            org = grantees[(i * 5) % len(grantees)]
            day = date(2021, 5, 10) + timedelta(days=i * 29)
            self._activity(
                programme,
                "consultation",
                _at(day, 15),
                60,
                f"{org.display_name}{CONSULT_TOPICS[i % len(CONSULT_TOPICS)]}",
                "电话和面谈相结合,解答机构的具体问题。",
                [org],
                [self.staff[i % len(self.staff)]],
            )
            n += 1
        return n
