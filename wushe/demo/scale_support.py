"""Generated professional support at scale: support activities of the five kinds (and a few
custom kinds) for every programme, with their staff, the organisations served, the proposals,
grants and coaching rounds they link to and their follow-ups; workshops and trainings with
registrations, attendance and feedback.

Activities go to the programme's grantees and applicants, delivered by the officers of the
support organisation running it; what lies in the past was held (or cancelled), what lies
ahead is planned. Rows are written with ``bulk_create``, many-to-many links straight into
their through tables.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from wushe.demo.scale_lifecycle import Lifecycle
from wushe.demo.scale_rows import at, bulk, keep_timestamps, link
from wushe.programmes.models import Programme
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

CHUNK = 20000
# kind code: (weight, minutes low, minutes high, organisations low, high)
KINDS = {
    "consultation": (40, 30, 90, 1, 1),
    "field_visit": (25, 90, 240, 1, 1),
    "plan_coaching": (15, 60, 180, 1, 1),
    "roundtable": (10, 120, 180, 3, 8),
    "training": (10, 120, 360, 5, 15),
}
CUSTOM_KINDS = ("财务规范辅导", "传播与品牌支持", "志愿者管理督导", "社区调研方法辅导")
TOPICS = {
    "consultation": ("预算调整与经费使用咨询", "志愿者保险与安全管理咨询", "项目指标调整咨询", "活动方案设计咨询",
                     "中期报告撰写咨询", "社区关系协调咨询", "项目书修改咨询"),
    "field_visit": ("中期实地走访监测", "结项实地走访监测", "季度实地走访", "活动现场观察"),
    "plan_coaching": ("项目实施方案辅导", "实施计划与监测指标梳理", "项目启动会辅导"),
    "roundtable": ("项目启动期的困难与对策", "桶前值守的组织与排班经验", "如何动员年轻家庭参与",
                   "社区社会组织培育与自主运行", "冬季活动调整交流", "中期经验交流"),
    "training": ("社区动员与议事协商", "项目监测与评估:指标、基线与目标值", "公益项目财务管理与票据规范",
                 "志愿者招募、培训与激励", "项目传播与案例写作", "结项报告与经验总结"),
}  # fmt: skip
SUMMARIES = (
    "逐项梳理实施计划、时间表和监测指标,明确分工。",
    "查看活动记录与台账,访谈居民和志愿者,核对拨付条件。",
    "各机构分享进展和困难,相互出主意。",
    "电话和面谈相结合,解答机构的具体问题。",
    "讲授与案例讨论结合,现场练习并点评。",
)
OUTCOMES = ("参与机构明确了下一步行动。", "机构调整了活动安排和指标。", "形成书面辅导意见并约定回访时间。", "")
FOLLOW_UPS = (
    "补充每月活动台账", "提交修改后的预算说明", "整理志愿者名册并购买保险", "报送中期报告初稿",
    "补齐活动照片和签到表", "与居委会确认场地安排", "修订监测指标表",
)  # fmt: skip
EVENT_TITLES = {
    EventKind.WORKSHOP: ("赋能工作坊:社区问题与项目思路", "赋能工作坊:项目设计与项目书写作",
                         "赋能工作坊:参与式社区调研", "赋能工作坊:五社联动的合作设计"),
    EventKind.TRAINING: ("专题培训:社区动员方法", "专题培训:项目财务管理", "专题培训:监测与评估",
                         "专题培训:志愿者管理", "专题培训:传播与案例写作"),
}  # fmt: skip
FEEDBACK_COMMENTS = ("案例很实用", "希望多安排分组讨论时间", "对预算编制讲得很清楚", "", "", "收获很大,明确了项目方向")


class SupportGenerator:
    def __init__(
        self,
        *,
        scale: Any,
        rng: random.Random,
        life: Lifecycle,
        people: dict[int, list[tuple[int, str]]],
        homes: dict[int, int | None],
        short_names: dict[int, str],
        log: Callable[[str], None],
    ) -> None:
        self.scale = scale
        self.rng = rng
        self.life = life
        self.people = people
        self.homes = homes
        self.short_names = short_names
        self.log = log
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.counts = life.counts

    def run(self) -> None:
        if not self.life.programmes:
            return
        self.kinds = {k.code: k for k in ActivityKind.objects.filter(programme__isnull=True)}
        with keep_timestamps(SupportActivity, Event, Registration, Feedback):
            self.activities()
            self.events()
        self.log(
            "support: "
            + ", ".join(
                f"{self.counts[k]} {k.replace('_', ' ')}"
                for k in ("activities", "follow_ups", "activity_links", "events", "registrations", "feedback")
            )
        )

    def _served(self, programme: Programme) -> tuple[list[int], dict[int, int]]:
        grantees = self.life.grantees.get(programme.pk, {})
        applicants = list(dict.fromkeys(self.life.applicants.get(programme.pk, [])))
        return applicants, grantees

    def _staff(self, programme: Programme) -> list[int]:
        org = programme.support_organisation_id
        return self.life.officers.get(org) or [self.people[org][0][0]]

    # --- activities ---------------------------------------------------------------------------

    def activities(self) -> None:
        rng = self.rng
        programmes = self.life.programmes
        weights = [rng.uniform(0.5, 1.5) for _ in programmes]
        counts = [0] * len(programmes)
        for i in rng.choices(range(len(programmes)), weights=weights, k=self.scale.activities):
            counts[i] += 1
        custom = []
        for p in programmes:
            if rng.random() < 0.1:
                name = rng.choice(CUSTOM_KINDS)
                custom.append(ActivityKind(code=f"custom-{p.pk}", name=name, programme=p, order=100))
        bulk(ActivityKind, custom)
        custom_of = {k.programme_id: k for k in custom}
        for name in ("activities", "follow_ups", "activity_links"):
            self.counts[name] = 0
        pending: list[tuple[SupportActivity, dict[str, list[int]]]] = []
        for programme, n in zip(programmes, counts, strict=True):
            pending += [self._activity(programme, custom_of.get(programme.pk)) for _ in range(n)]
            if len(pending) >= CHUNK:
                self._write(pending)
                pending = []
        self._write(pending)

    def _activity(self, programme: Programme, custom: ActivityKind | None) -> tuple[SupportActivity, dict[str, Any]]:
        rng = self.rng
        applicants, grantees = self._served(programme)
        codes = list(KINDS)
        code = rng.choices(codes, weights=[KINDS[c][0] for c in codes])[0]
        kind = custom if custom is not None and rng.random() < 0.05 else self.kinds[code]
        _weight, low, high, fewest, most = KINDS[code]
        first = programme.starts_on - timedelta(days=30)
        span = max(1, (programme.ends_on - first).days)
        starts = at(first + timedelta(days=rng.randrange(span)), rng.choice((9, 10, 14, 15, 16)))
        if starts < self.now:
            status = ActivityStatus.CANCELLED if rng.random() < 0.08 else ActivityStatus.HELD
        else:
            status = ActivityStatus.CANCELLED if rng.random() < 0.05 else ActivityStatus.PLANNED
        pool = list(grantees) if grantees and rng.random() < 0.8 else applicants or list(grantees)
        links: dict[str, list[int]] = {"proposals": [], "grants": [], "coaching_rounds": []}
        if pool:
            organisations = rng.sample(pool, k=min(len(pool), rng.randint(fewest, most)))
        else:
            organisations = []
        staff_pool = self._staff(programme)
        staff = rng.sample(staff_pool, k=min(len(staff_pool), rng.choice((1, 1, 2))))
        rounds = self.life.rounds.get(programme.pk, [])
        if code == "consultation" and rounds and rng.random() < 0.1:
            round_id, org_id, opened = rng.choice(rounds)
            links["coaching_rounds"] = [round_id]
            organisations = [org_id]
            starts, status = opened - timedelta(hours=2), ActivityStatus.HELD
        elif code in ("consultation", "plan_coaching") and rng.random() < 0.3:
            proposals = self.life.proposals.get(programme.pk, [])
            if proposals:
                proposal_id, org_id = rng.choice(proposals)
                links["proposals"] = [proposal_id]
                organisations = [org_id]
        if code in ("field_visit", "plan_coaching"):
            links["grants"] = [grantees[o] for o in organisations if o in grantees]
        name = self.short_names.get(organisations[0], "") if len(organisations) == 1 else ""
        topic = f"{name}{rng.choice(TOPICS[code])}"[:100] if kind.programme_id is None else f"{name}{kind.name}"
        home = self.homes.get(organisations[0]) if code == "field_visit" and organisations else None
        activity = SupportActivity(
            programme=programme,
            kind=kind,
            status=status,
            starts_at=starts,
            duration_minutes=rng.randrange(low, high + 1, 15),
            topic=topic,
            summary=rng.choice(SUMMARIES),
            outcome=rng.choice(OUTCOMES) if status == ActivityStatus.HELD else "",
            private_notes="机构负责人变动较大,需持续关注。" if rng.random() < 0.05 else "",
            place_id=home or self.homes.get(programme.support_organisation_id),
            created_by_id=staff[0],
            created_at=min(starts - timedelta(days=rng.randint(1, 14)), self.now),
        )
        links["staff"] = staff
        links["organisations"] = organisations
        return activity, links

    def _write(self, pending: list[tuple[SupportActivity, dict[str, Any]]]) -> None:
        if not pending:
            return
        rng = self.rng
        activities = bulk(SupportActivity, [a for a, _ in pending])
        model = SupportActivity
        for name, column in (
            ("staff", "user"),
            ("organisations", "organisation"),
            ("proposals", "proposal"),
            ("grants", "grant"),
            ("coaching_rounds", "coachinground"),
        ):
            rows = [(a.pk, x) for a, (_, links) in zip(activities, pending, strict=True) for x in links[name]]
            self.counts["activity_links"] += link(getattr(model, name).through, ("supportactivity", column), rows)
        follow_ups = []
        share = {"field_visit": 0.4, "consultation": 0.2}
        for a, (_, links) in zip(activities, pending, strict=True):
            if a.status == ActivityStatus.CANCELLED or rng.random() >= share.get(a.kind.code, 0.1):
                continue
            for _ in range(rng.choice((1, 1, 2))):
                due = timezone.localdate(a.starts_at) + timedelta(days=rng.randint(7, 30))
                done = due < self.today and rng.random() < 0.85
                follow_ups.append(
                    FollowUp(
                        activity=a,
                        description=rng.choice(FOLLOW_UPS),
                        owner_id=rng.choice(links["staff"]),
                        due_on=due,
                        done=done,
                        done_at=at(due - timedelta(days=rng.randint(0, 5)), 17) if done else None,
                        evidence="已完成并上传相关材料。" if done else "",
                    )
                )
        bulk(FollowUp, follow_ups)
        self.counts["activities"] += len(activities)
        self.counts["follow_ups"] += len(follow_ups)

    # --- events -------------------------------------------------------------------------------

    def events(self) -> None:
        rng = self.rng
        programmes = self.life.programmes
        events, plans = [], []
        for i in range(self.scale.events):
            programme = programmes[i % len(programmes)]
            kind = EventKind.WORKSHOP if rng.random() < 0.4 else EventKind.TRAINING
            first = programme.starts_on - timedelta(days=20)
            day = first + timedelta(days=rng.randrange(max(1, (programme.ends_on - first).days)))
            starts = at(day, 9)
            capacity = rng.choice((30, 40, 50, 60, 80))
            events.append(
                Event(
                    programme=programme,
                    kind=kind,
                    title=rng.choice(EVENT_TITLES[kind]),
                    description="讲授、案例分析与分组讨论相结合。",
                    speakers="支持性组织专业支持部;特邀讲师",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=rng.choice((3, 4, 6, 7))),
                    place_id=self.homes.get(programme.support_organisation_id),
                    venue="机构培训室",
                    capacity=capacity,
                    registration_closes_at=starts - timedelta(days=2),
                    created_by_id=self._staff(programme)[0],
                    created_at=starts - timedelta(days=rng.randint(14, 40)),
                )
            )
            plans.append(programme)
        bulk(Event, events)
        registrations: list[Registration] = []
        for event, programme in zip(events, plans, strict=True):
            registrations += self._registrations(event, programme)
        bulk(Registration, registrations)
        feedback = [
            Feedback(
                registration=r,
                satisfaction=rng.choice((3, 4, 4, 5, 5, 5)),
                usefulness=rng.choice((3, 4, 4, 5, 5)),
                comments=rng.choice(FEEDBACK_COMMENTS),
                created_at=r.event.ends_at + timedelta(hours=rng.randint(1, 48)),
            )
            for r in registrations
            if r.attendance in (AttendanceStatus.PRESENT, AttendanceStatus.LATE) and rng.random() < 0.6
        ]
        bulk(Feedback, feedback)
        self.counts["events"] = len(events)
        self.counts["registrations"] = len(registrations)
        self.counts["feedback"] = len(feedback)

    def _registrations(self, event: Event, programme: Programme) -> list[Registration]:
        rng = self.rng
        applicants, grantees = self._served(programme)
        pool = list(dict.fromkeys([*grantees, *applicants]))
        rows: list[Registration] = []
        past = event.ends_at < self.now
        registered_at = event.created_at
        for org in rng.sample(pool, k=min(len(pool), rng.randint(8, 24))):
            people = self.people.get(org, [])
            for user_id, _role in people[: rng.randint(1, 3)]:
                registered_at = min(registered_at + timedelta(minutes=rng.randint(5, 600)), event.starts_at)
                rows.append(self._registration(event, org, people[0][0], registered_at, user_id=user_id))
            if rng.random() < 0.1:
                rows.append(
                    self._registration(
                        event,
                        org,
                        people[0][0],
                        registered_at,
                        guest_name=rng.choice("王李张刘陈杨") + rng.choice(("晓明", "丽华", "建国", "芳")),
                        guest_phone=f"13{rng.randint(0, 999_999_999):09d}",
                    )
                )
        confirmed = 0
        for r in rows:
            if rng.random() < 0.05:
                r.status = RegistrationStatus.CANCELLED
            elif confirmed < event.capacity:
                r.status = RegistrationStatus.CONFIRMED
                confirmed += 1
            else:
                r.status = RegistrationStatus.WAITLISTED
                r.waitlist_position = sum(1 for x in rows if x.status == RegistrationStatus.WAITLISTED)
            if past and r.status == RegistrationStatus.CONFIRMED:
                roll = rng.random()
                r.attendance = (
                    AttendanceStatus.NO_SHOW
                    if roll < 0.13
                    else AttendanceStatus.LATE
                    if roll < 0.25
                    else AttendanceStatus.PRESENT
                )
                if r.attendance != AttendanceStatus.NO_SHOW:
                    late = 25 if r.attendance == AttendanceStatus.LATE else -5
                    r.checked_in_at = event.starts_at + timedelta(minutes=late)
        return rows

    def _registration(self, event: Event, org: int, by: int, when: datetime, **who: Any) -> Registration:
        return Registration(
            event=event,
            organisation_id=org,
            registered_by_id=by,
            registered_at=when,
            status=RegistrationStatus.CONFIRMED,
            **{k if k != "user_id" else "user_id": v for k, v in who.items()},
        )
