"""Support scenarios: the programme's and an organisation's support ledgers, the programme's
calendar, the support-activity API and an event, each with its hand-written SQL floor.

They look at the officer's programme with the most support activities (about a thousand at
city scale), the organisation that received the most support in the officer's programmes,
that programme's busiest month, and its event with the most registrations.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from bench.scenarios import PAGE_SIZE, Context, Floor, Scenario, check_api_page, check_html
from wushe.accounts.models import User
from wushe.grants.models import Grant
from wushe.orgs.models import Organisation, Place
from wushe.programmes.models import Call, Programme
from wushe.proposals.models import Proposal
from wushe.support.models import (
    ActivityKind,
    Event,
    EventMaterial,
    Feedback,
    FollowUp,
    Registration,
    SupportActivity,
)

ORG = Organisation._meta.db_table
USER = User._meta.db_table
PLACE = Place._meta.db_table
PROGRAMME = Programme._meta.db_table
CALL = Call._meta.db_table
PROPOSAL = Proposal._meta.db_table
GRANT = Grant._meta.db_table
ACTIVITY = SupportActivity._meta.db_table
KIND = ActivityKind._meta.db_table
SERVED = SupportActivity.organisations.through._meta.db_table
STAFF = SupportActivity.staff.through._meta.db_table
FOLLOW_UP = FollowUp._meta.db_table
EVENT = Event._meta.db_table
MATERIAL = EventMaterial._meta.db_table
REGISTRATION = Registration._meta.db_table
FEEDBACK = Feedback._meta.db_table
MEMBERSHIP = "access_membership"
ATTENDED = ("present", "late")
HISTORY_LIMIT = 300


def prepare(ctx: Context) -> None:
    programmes = Programme.objects.filter(support_organisation_id=ctx.support_org_id)
    programme = programmes.annotate(n=Count("support_activities")).order_by("-n", "pk").first()
    if programme is None:
        raise RuntimeError("the officer's support organisation runs no programme: run generate_scale first")
    received = (
        SupportActivity.organisations.through.objects.filter(
            supportactivity__programme__in=programmes, organisation__is_active=True
        )
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation_id")
        .first()
    )
    months = Counter(
        (timezone.localtime(s).year, timezone.localtime(s).month)
        for s in SupportActivity.objects.filter(programme=programme).values_list("starts_at", flat=True)
    )
    (year, month), _n = months.most_common(1)[0]
    event = Event.objects.filter(programme=programme).annotate(n=Count("registrations")).order_by("-n", "pk").first()
    if received is None or event is None:
        raise RuntimeError("generated data lacks support activities or events for the officer's programmes")
    ledger_org = Organisation.objects.only("name").get(pk=received["organisation_id"])
    ctx.picks.update(
        ledger_programme_id=programme.pk,
        ledger_org_id=received["organisation_id"],
        # what an officer types into the activity form's organisation picker: the first two
        # characters of a name, which many generated names share
        picker_query=ledger_org.name[:2],
        calendar_month=date(year, month, 15),
        event_id=event.pk,
        event_feedback_code=event.feedback_code,
    )


def _ids(values: list[int]) -> tuple[str, list[int]]:
    values = values or [0]
    return ", ".join(["%s"] * len(values)), list(values)


def _month_sql() -> str:
    """The local (Asia/Shanghai) month of an activity, as the page's TruncMonth computes it."""
    if connection.vendor == "postgresql":
        return "date_trunc('month', a.starts_at AT TIME ZONE 'Asia/Shanghai')"
    return "strftime('%%Y-%%m', a.starts_at, '+8 hours')"


def _names_of(cursor: Any, table: str, column: str, ids: list[int], join: str, name: str) -> list[str]:
    if not ids:
        return []
    marks, params = _ids(ids)
    cursor.execute(f"SELECT l.supportactivity_id, {name} FROM {table} l {join} WHERE l.{column} IN ({marks})", params)
    return [r[1] for r in cursor.fetchall()]


# --- the programme's ledger ---------------------------------------------------------------------


def programme_ledger_floor(ctx: Context, cursor: Any) -> Floor:
    """Counts and minutes by kind and month (one GROUP BY), planned and cancelled counts, how
    many organisations were served, follow-ups open and overdue, events and attendance, the
    grantees with whether they were visited, staff workload, and the ten latest activities."""
    pk = ctx.picks["ledger_programme_id"]
    cursor.execute(
        f"SELECT pg.name, pg.short_name, s.name FROM {PROGRAMME} pg JOIN {ORG} s ON s.id = pg.support_organisation_id "
        f"WHERE pg.id = %s",
        [pk],
    )
    programme = cursor.fetchone()
    cursor.execute(
        f'SELECT id, code, name FROM {KIND} WHERE programme_id IS NULL OR programme_id = %s ORDER BY "order", id', [pk]
    )
    cursor.fetchall()
    cursor.execute(
        f"SELECT {_month_sql()} AS m, a.kind_id, COUNT(*), SUM(a.duration_minutes) FROM {ACTIVITY} a "
        f"WHERE a.programme_id = %s AND a.status = 'held' GROUP BY m, a.kind_id",
        [pk],
    )
    held = sum(r[2] for r in cursor.fetchall())
    cursor.execute(
        f"SELECT SUM(CASE WHEN status = 'planned' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) FROM {ACTIVITY} WHERE programme_id = %s",
        [pk],
    )
    cursor.fetchone()
    cursor.execute(
        f"SELECT COUNT(DISTINCT l.organisation_id) FROM {SERVED} l JOIN {ACTIVITY} a ON a.id = l.supportactivity_id "
        f"WHERE a.programme_id = %s AND a.status = 'held'",
        [pk],
    )
    cursor.fetchone()
    today = timezone.localdate()
    cursor.execute(
        f"SELECT SUM(CASE WHEN NOT f.done THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN NOT f.done AND f.due_on < %s THEN 1 ELSE 0 END), SUM(CASE WHEN f.done THEN 1 ELSE 0 END) "
        f"FROM {FOLLOW_UP} f JOIN {ACTIVITY} a ON a.id = f.activity_id "
        f"WHERE a.programme_id = %s",
        [today, pk],
    )
    cursor.fetchone()
    cursor.execute(f"SELECT COUNT(*) FROM {EVENT} WHERE programme_id = %s", [pk])
    cursor.fetchone()
    cursor.execute(
        f"SELECT COUNT(*) FROM {REGISTRATION} r JOIN {EVENT} e ON e.id = r.event_id "
        f"WHERE e.programme_id = %s AND r.attendance IN ('present', 'late')",
        [pk],
    )
    cursor.fetchone()
    visited = (
        f"EXISTS (SELECT 1 FROM {SERVED} l JOIN {ACTIVITY} a ON a.id = l.supportactivity_id "
        f"JOIN {KIND} k ON k.id = a.kind_id WHERE l.organisation_id = o.id AND a.programme_id = %s "
        f"AND k.code = 'field_visit' AND a.status = 'held')"
    )
    cursor.execute(
        f"SELECT o.id, o.name, o.short_name, {visited} FROM {ORG} o "
        f"WHERE o.id IN (SELECT organisation_id FROM {GRANT} WHERE programme_id = %s "
        f"UNION SELECT pr.organisation_id FROM {PROPOSAL} pr JOIN {CALL} c ON c.id = pr.call_id "
        f"WHERE c.programme_id = %s AND pr.status = 'approved') ORDER BY o.name, o.id",
        [pk, pk, pk],
    )
    not_visited = [r[2] or r[1] for r in cursor.fetchall() if not r[3]]
    cursor.execute(
        f"SELECT u.id, u.name, COUNT(*), SUM(a.duration_minutes) AS m FROM {STAFF} s "
        f"JOIN {ACTIVITY} a ON a.id = s.supportactivity_id JOIN {USER} u ON u.id = s.user_id "
        f"WHERE a.programme_id = %s AND a.status = 'held' GROUP BY u.id, u.name ORDER BY m DESC, u.name",
        [pk],
    )
    staff = [r[1] for r in cursor.fetchall()]
    cursor.execute(
        f"SELECT a.id, a.topic, a.starts_at, a.status, k.code, k.name FROM {ACTIVITY} a "
        f"JOIN {KIND} k ON k.id = a.kind_id WHERE a.programme_id = %s ORDER BY a.starts_at DESC, a.id DESC LIMIT 10",
        [pk],
    )
    recent = cursor.fetchall()
    _names_of(
        cursor,
        SERVED,
        "supportactivity_id",
        [r[0] for r in recent],
        f"JOIN {ORG} o ON o.id = l.organisation_id",
        "o.name",
    )
    texts = [programme[1] or programme[0], *staff, *[r[1] for r in recent], *not_visited[:5]]
    return Floor(count=held, ids=[pk], texts=texts)


# --- an organisation's ledger -------------------------------------------------------------------


def _received(ctx: Context, org: int) -> tuple[str, list[Any]]:
    """Activities (``a``, joined to their programme ``ap``) the organisation received that the
    officer may see: those of the programmes the officer's organisations run, or delivered by
    the officer, or received by the officer's organisations; cancelled ones left out."""
    runs, run_params = _ids(sorted({ctx.support_org_id, *ctx.officer_org_ids}))
    orgs, org_params = _ids(ctx.officer_org_ids)
    return (
        f"a.id IN (SELECT supportactivity_id FROM {SERVED} WHERE organisation_id = %s) AND a.status <> 'cancelled' "
        f"AND (ap.support_organisation_id IN ({runs}) "
        f"OR a.id IN (SELECT supportactivity_id FROM {SERVED} WHERE organisation_id IN ({orgs})) "
        f"OR a.id IN (SELECT supportactivity_id FROM {STAFF} WHERE user_id = %s))",
        [org, *run_params, *org_params, ctx.officer.pk],
    )


RECEIVED_FROM = f"{ACTIVITY} a JOIN {PROGRAMME} ap ON ap.id = a.programme_id"


def organisation_ledger_floor(ctx: Context, cursor: Any) -> Floor:
    """Held activities and hours by kind, the latest 300 activities with kind, programme and
    staff, the events the organisation's people attended (in the officer's programmes) with
    how many came, and the open follow-ups."""
    org = ctx.picks["ledger_org_id"]
    cursor.execute(f"SELECT id, name, short_name FROM {ORG} WHERE id = %s AND is_active", [org])
    organisation = cursor.fetchone()
    where, params = _received(ctx, org)
    cursor.execute(
        f"SELECT k.id, k.code, k.name, COUNT(*), SUM(a.duration_minutes) FROM {RECEIVED_FROM} JOIN {KIND} k "
        f'ON k.id = a.kind_id WHERE {where} AND a.status = %s GROUP BY k.id, k.code, k.name, k."order" '
        f'ORDER BY k."order", k.id',
        [*params, "held"],
    )
    kinds = cursor.fetchall()
    cursor.execute(
        f"SELECT a.id, a.topic, a.starts_at, a.duration_minutes, a.status, k.code, k.name, ap.name, ap.short_name "
        f"FROM {RECEIVED_FROM} JOIN {KIND} k ON k.id = a.kind_id "
        f"WHERE {where} ORDER BY a.starts_at DESC, a.id DESC LIMIT {HISTORY_LIMIT}",
        params,
    )
    entries = cursor.fetchall()
    _names_of(
        cursor, STAFF, "supportactivity_id", [e[0] for e in entries], f"JOIN {USER} u ON u.id = l.user_id", "u.name"
    )
    runs, run_params = _ids([ctx.support_org_id])
    cursor.execute(
        f"SELECT e.id, e.title, e.kind, e.starts_at, e.ends_at, pg.name, "
        f"(SELECT COUNT(*) FROM {REGISTRATION} r WHERE r.event_id = e.id AND r.organisation_id = %s "
        f"AND r.attendance IN ('present', 'late')) FROM {EVENT} e JOIN {PROGRAMME} pg ON pg.id = e.programme_id "
        f"WHERE e.id IN (SELECT event_id FROM {REGISTRATION} WHERE organisation_id = %s "
        f"AND attendance IN ('present', 'late')) AND pg.support_organisation_id IN ({runs}) "
        f"ORDER BY e.starts_at DESC, e.id DESC",
        [org, org, *run_params],
    )
    events = cursor.fetchall()
    cursor.execute(
        f"SELECT f.id, f.description, f.due_on, u.name FROM {FOLLOW_UP} f JOIN {USER} u ON u.id = f.owner_id "
        f"JOIN {ACTIVITY} a ON a.id = f.activity_id JOIN {PROGRAMME} ap ON ap.id = a.programme_id "
        f"WHERE NOT f.done AND {where} ORDER BY f.due_on, f.id",
        params,
    )
    follow_ups = cursor.fetchall()
    held = sum(k[3] for k in kinds)
    texts = [
        organisation[2] or organisation[1],
        *[e[1] for e in entries[:10]],
        *[e[1] for e in events[:3]],
        *[f[1] for f in follow_ups[:3]],
    ]
    return Floor(count=held, ids=[org], texts=texts)


# --- the programme's calendar ---------------------------------------------------------------------


def _month_range(anchor: date) -> tuple[datetime, datetime]:
    """Monday of the week holding the 1st to the end of the Sunday after the month's last day."""
    first = anchor.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=tz), datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)


def calendar_floor(ctx: Context, cursor: Any) -> Floor:
    """The activities (not cancelled) and events of the programme in the weeks the month shows,
    with each one's kind and place."""
    pk = ctx.picks["ledger_programme_id"]
    start, end = _month_range(ctx.picks["calendar_month"])
    cursor.execute(
        f"SELECT a.id, a.topic, a.starts_at, a.duration_minutes, a.status, k.code, k.name, p.full_name, pg.short_name "
        f"FROM {ACTIVITY} a JOIN {KIND} k ON k.id = a.kind_id JOIN {PROGRAMME} pg ON pg.id = a.programme_id "
        f"LEFT JOIN {PLACE} p ON p.id = a.place_id WHERE a.programme_id = %s AND a.starts_at >= %s "
        f"AND a.starts_at < %s AND a.status <> 'cancelled' ORDER BY a.starts_at, a.id",
        [pk, start, end],
    )
    activities = cursor.fetchall()
    cursor.execute(
        f"SELECT e.id, e.title, e.starts_at, p.full_name FROM {EVENT} e LEFT JOIN {PLACE} p ON p.id = e.place_id "
        f"WHERE e.programme_id = %s AND e.starts_at < %s AND e.ends_at > %s",
        [pk, end, start],
    )
    events = cursor.fetchall()
    return Floor(ids=[pk], texts=[a[1] for a in activities[:20]] + [e[1] for e in events])


# --- the API --------------------------------------------------------------------------------------


def api_activities_floor(ctx: Context, cursor: Any) -> Floor:
    """COUNT of the programme's activities and the first page, latest first, with kind, place,
    organisations served and staff."""
    pk = ctx.picks["ledger_programme_id"]
    cursor.execute(f"SELECT COUNT(*) FROM {ACTIVITY} a WHERE a.programme_id = %s", [pk])
    count = cursor.fetchone()[0]
    cursor.execute(
        f"SELECT a.id, a.topic, a.status, a.starts_at, a.duration_minutes, a.summary, a.outcome, k.code, k.name, "
        f"p.full_name, pg.name, pg.short_name FROM {ACTIVITY} a JOIN {KIND} k ON k.id = a.kind_id "
        f"JOIN {PROGRAMME} pg ON pg.id = a.programme_id LEFT JOIN {PLACE} p ON p.id = a.place_id "
        f"WHERE a.programme_id = %s ORDER BY a.starts_at DESC, a.id DESC LIMIT {PAGE_SIZE}",
        [pk],
    )
    rows = cursor.fetchall()
    ids = [r[0] for r in rows]
    _names_of(cursor, SERVED, "supportactivity_id", ids, f"JOIN {ORG} o ON o.id = l.organisation_id", "o.name")
    _names_of(cursor, STAFF, "supportactivity_id", ids, f"JOIN {USER} u ON u.id = l.user_id", "u.name")
    return Floor(count=count, ids=ids)


# --- an event -------------------------------------------------------------------------------------


def event_floor(ctx: Context, cursor: Any) -> Floor:
    """The event with its programme and place, its registrations (not cancelled) with the
    organisation, person and feedback, its materials, seat counts, and the officer's own
    organisation's members who could still be registered."""
    pk = ctx.picks["event_id"]
    cursor.execute(
        f"SELECT e.id, e.title, e.kind, e.starts_at, e.ends_at, e.capacity, pg.name, p.full_name FROM {EVENT} e "
        f"JOIN {PROGRAMME} pg ON pg.id = e.programme_id LEFT JOIN {PLACE} p ON p.id = e.place_id WHERE e.id = %s",
        [pk],
    )
    event = cursor.fetchone()
    cursor.execute(
        f"SELECT r.id, r.status, r.attendance, r.guest_name, r.guest_phone, o.name, o.short_name, u.name, f.id "
        f"FROM {REGISTRATION} r LEFT JOIN {ORG} o ON o.id = r.organisation_id LEFT JOIN {USER} u ON u.id = r.user_id "
        f"LEFT JOIN {FEEDBACK} f ON f.registration_id = r.id WHERE r.event_id = %s AND r.status <> 'cancelled' "
        f"ORDER BY r.status, r.waitlist_position, r.registered_at, r.id",
        [pk],
    )
    registrations = cursor.fetchall()
    cursor.execute(f"SELECT id, name FROM {MATERIAL} WHERE event_id = %s ORDER BY uploaded_at, id", [pk])
    cursor.fetchall()
    cursor.execute(
        f"SELECT SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN status = 'confirmed' AND attendance IN ('present', 'late') THEN 1 ELSE 0 END) "
        f"FROM {REGISTRATION} WHERE event_id = %s",
        [pk],
    )
    cursor.fetchone()
    orgs, params = _ids(ctx.officer_org_ids)
    cursor.execute(
        f"SELECT u.id, u.name FROM {MEMBERSHIP} m JOIN {USER} u ON u.id = m.user_id "
        f"WHERE m.organisation_id IN ({orgs}) AND u.is_active AND u.id NOT IN "
        f"(SELECT user_id FROM {REGISTRATION} WHERE event_id = %s AND user_id IS NOT NULL AND status <> 'cancelled') "
        f"ORDER BY u.name",
        [*params, pk],
    )
    cursor.fetchall()
    names = [r[7] or r[3] for r in registrations]
    return Floor(ids=[pk], texts=[event[1], *names[:20]])


def kiosk_card_floor(ctx: Context, cursor: Any) -> Floor:
    """What the check-in kiosk polls every few seconds: the event and its two counts."""
    pk = ctx.picks["event_id"]
    cursor.execute(f"SELECT title, starts_at, ends_at, venue FROM {EVENT} WHERE id = %s", [pk])
    event = cursor.fetchone()
    cursor.execute(
        f"SELECT SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN status = 'confirmed' AND attendance IN ('present', 'late') THEN 1 ELSE 0 END) "
        f"FROM {REGISTRATION} WHERE event_id = %s",
        [pk],
    )
    confirmed, checked_in = cursor.fetchone()
    return Floor(ids=[pk], texts=[event[0], f">{checked_in or 0}<", f">{confirmed or 0}<"])


def feedback_link_floor(ctx: Context, cursor: Any) -> Floor:
    """The public questionnaire behind an event's feedback link: the event found by its code."""
    cursor.execute(
        f"SELECT id, title, starts_at, ends_at FROM {EVENT} WHERE feedback_code = %s",
        [ctx.picks["event_feedback_code"]],
    )
    event = cursor.fetchone()
    return Floor(ids=[event[0]], texts=[event[1]])


def picker_floor(ctx: Context, cursor: Any) -> Floor:
    """The activity form's organisation suggestions: active organisations matching the typed
    text, those taking part in the programme first, 21 rows (20 shown, one to tell "more")."""
    pk = ctx.picks["ledger_programme_id"]
    query = ctx.picks["picker_query"]
    cursor.execute(
        f"SELECT o.id, o.name, o.short_name, CASE WHEN o.id IN ("
        f"SELECT p.organisation_id FROM {PROPOSAL} p JOIN {CALL} c ON c.id = p.call_id "
        f"WHERE c.programme_id = %s AND p.status <> 'draft') "
        f"OR o.id IN (SELECT organisation_id FROM {GRANT} WHERE programme_id = %s) "
        f"OR o.id IN (SELECT l.organisation_id FROM {SERVED} l JOIN {ACTIVITY} a ON a.id = l.supportactivity_id "
        f"WHERE a.programme_id = %s) "
        f"OR o.id IN (SELECT r.organisation_id FROM {REGISTRATION} r JOIN {EVENT} e ON e.id = r.event_id "
        f"WHERE e.programme_id = %s) THEN 1 ELSE 0 END AS part "
        f"FROM {ORG} o WHERE o.is_active AND (o.name LIKE %s OR o.short_name LIKE %s) "
        f"ORDER BY part DESC, o.search_pinyin, o.id LIMIT 21",
        [pk, pk, pk, pk, f"%{query}%", f"%{query}%"],
    )
    rows = cursor.fetchall()
    return Floor(ids=[r[0] for r in rows[:20]], texts=[r[1] for r in rows[:20]])


SCENARIOS: list[Scenario] = [
    Scenario(
        "programme support ledger",
        "officer",
        lambda ctx: f"/programmes/{ctx.picks['ledger_programme_id']}/support/",
        programme_ledger_floor,
        check_html,
        "counts by kind and month, workload, grantees not visited, latest activities (~1,000 activities at city scale)",
    ),
    Scenario(
        "organisation support ledger",
        "officer",
        lambda ctx: f"/organisations/{ctx.picks['ledger_org_id']}/support/",
        organisation_ledger_floor,
        check_html,
        "the organisation that received the most support in the officer's programmes: totals by kind, "
        "history (latest 300), events attended, open follow-ups",
    ),
    Scenario(
        "programme calendar (month)",
        "officer",
        lambda ctx: (
            f"/programmes/{ctx.picks['ledger_programme_id']}/calendar/?view=month&date="
            f"{ctx.picks['calendar_month'].isoformat()}"
        ),
        calendar_floor,
        check_html,
        "the programme's busiest month: activities and events by day",
    ),
    Scenario(
        "API support activities",
        "api",
        lambda ctx: f"/api/v1/support-activities?programme={ctx.picks['ledger_programme_id']}",
        api_activities_floor,
        check_api_page,
        "Bearer token; the programme's activities, first page, each with kind, organisations and staff",
    ),
    Scenario(
        "event detail",
        "officer",
        lambda ctx: f"/events/{ctx.picks['event_id']}/",
        event_floor,
        check_html,
        "the programme's event with the most registrations, seen by its officer",
    ),
    Scenario(
        "check-in kiosk card",
        "officer",
        lambda ctx: f"/events/{ctx.picks['event_id']}/checkin/kiosk/card/",
        kiosk_card_floor,
        check_html,
        "the fragment the door's kiosk polls every few seconds: the event and its counts",
    ),
    Scenario(
        "public feedback link",
        "anonymous",
        lambda ctx: f"/f/{ctx.picks['event_feedback_code']}/",
        feedback_link_floor,
        check_html,
        "the questionnaire a guest opens from the QR code after the event, not signed in",
    ),
    Scenario(
        "activity organisation picker",
        "officer",
        lambda ctx: (
            f"/programmes/{ctx.picks['ledger_programme_id']}/support/organisations/"
            f"?q={quote(ctx.picks['picker_query'])}"
        ),
        picker_floor,
        check_html,
        "suggestions for two typed characters that many names share, programme's organisations first",
    ),
]
