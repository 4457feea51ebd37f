"""Lifecycle scenarios: proposals, their versions and diff, the programme dashboard, reviews and
grants, each with its hand-written SQL floor (see ``bench/scenarios.py``).

The objects looked at are picked in :func:`prepare` the same way at every scale, from the
programmes run by the officer's support organisation (the one running the most programmes):
a call's proposals, a proposal with four versions and three coaching rounds, one whose
versions run to ~6,000 characters a section, a grant with payments and spending, a reviewer.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.db.models import Count, Q

from bench.scenarios import PAGE_SIZE, Context, Floor, Scenario, check_api_detail, check_api_page, check_html
from wushe.access.models import Membership, PlatformRole
from wushe.accounts.models import User
from wushe.core.diff import apply_side, tokens
from wushe.grants.models import BudgetRevision, Disbursement, Expenditure, Grant, GrantBudgetLine, Tranche
from wushe.orgs.models import Organisation
from wushe.programmes.models import Call, Programme, ProgrammeFunder
from wushe.proposals.models import (
    BudgetLine,
    CoachComment,
    CoachingRound,
    Proposal,
    ProposalStatus,
    ProposalVersion,
    Section,
)
from wushe.reviews.models import AssignmentStatus, Criterion, Decision, ReviewAssignment, Rubric, Score

ORG = Organisation._meta.db_table
USER = User._meta.db_table
PROGRAMME = Programme._meta.db_table
FUNDER = ProgrammeFunder._meta.db_table
CALL = Call._meta.db_table
PROPOSAL = Proposal._meta.db_table
VERSION = ProposalVersion._meta.db_table
BUDGET = BudgetLine._meta.db_table
ROUND = CoachingRound._meta.db_table
COMMENT = CoachComment._meta.db_table
GRANT = Grant._meta.db_table
TRANCHE = Tranche._meta.db_table
PAYMENT = Disbursement._meta.db_table
GRANT_LINE = GrantBudgetLine._meta.db_table
SPENT = Expenditure._meta.db_table
REVISION = BudgetRevision._meta.db_table
ASSIGNMENT = ReviewAssignment._meta.db_table
SCORE = Score._meta.db_table
RUBRIC = Rubric._meta.db_table
CRITERION = Criterion._meta.db_table
DECISION = Decision._meta.db_table
MEMBERSHIP = Membership._meta.db_table
ROLE = PlatformRole._meta.db_table

LIST_STATUS = ProposalStatus.APPROVED


def prepare(ctx: Context) -> None:
    """The programme with the most proposals among the officer's, its busiest call, and the
    proposals, grant and reviewer the scenarios look at."""
    runs = Q(call__programme__support_organisation_id=ctx.support_org_id)
    programme = (
        Programme.objects.filter(support_organisation_id=ctx.support_org_id)
        .annotate(n=Count("calls__proposals"))
        .order_by("-n", "pk")
        .first()
    )
    if programme is None:
        raise RuntimeError("the officer's support organisation runs no programme: run generate_scale first")
    call = Call.objects.filter(programme=programme).annotate(n=Count("proposals")).order_by("-n", "pk").first()
    four = Proposal.objects.filter(runs, version_count=4, round_count=3, status=ProposalStatus.APPROVED)
    detail = four.order_by("pk").first()
    long_one = None
    for candidate in Proposal.objects.filter(runs, version_count=4).order_by("pk")[:200]:
        version = ProposalVersion.objects.filter(proposal=candidate, number=4).only("sections").first()
        if version and sum(len(str(v)) for v in version.sections.values()) > 30000:
            long_one = candidate
            break
    grant = (
        Grant.objects.filter(programme__support_organisation_id=ctx.support_org_id)
        .annotate(d=Count("disbursements", distinct=True), e=Count("expenditures", distinct=True))
        .filter(d__gte=2, e__gte=4)
        .order_by("pk")
        .first()
    )
    panel = (
        Proposal.objects.filter(runs, status=ProposalStatus.UNDER_REVIEW)
        .annotate(
            n=Count("review_assignments"),
            s=Count("review_assignments", filter=Q(review_assignments__status=AssignmentStatus.SUBMITTED)),
        )
        .filter(n__gte=2, s__gte=1)
        .order_by("pk")
        .first()
    )
    reviewer = (
        User.objects.filter(email__startswith="reviewer", email__endswith="@scale.wushe")
        .annotate(n=Count("review_assignments"))
        .order_by("-n", "pk")
        .first()
    )
    missing = [
        name
        for name, obj in (
            ("detail", detail),
            ("long", long_one),
            ("grant", grant),
            ("panel", panel),
            ("reviewer", reviewer),
        )
        if obj is None
    ]
    if missing:
        raise RuntimeError(f"generated data lacks what the lifecycle scenarios need: {', '.join(missing)}")
    ctx.reviewer = reviewer
    ctx.picks.update(
        programme_id=programme.pk,
        call_id=call.pk,
        detail_id=detail.pk,
        long_id=long_one.pk,
        grant_id=grant.pk,
        panel_id=panel.pk,
    )


# --- shared pieces ---------------------------------------------------------------------------


def _ids(values: list[int]) -> tuple[str, list[int]]:
    values = values or [0]
    return ", ".join(["%s"] * len(values)), list(values)


def _officer_proposals(ctx: Context) -> tuple[str, list[Any]]:
    """The proposals (``pr``) the officer may see: their organisations' own, and all in the calls
    of the programmes their support organisation runs; each an index search on the proposals."""
    orgs, org_params = _ids(ctx.officer_org_ids)
    runs, run_params = _ids([ctx.support_org_id])
    calls = (
        f"SELECT c2.id FROM {CALL} c2 JOIN {PROGRAMME} p2 ON p2.id = c2.programme_id "
        f"WHERE p2.support_organisation_id IN ({runs})"
    )
    return f"(pr.organisation_id IN ({orgs}) OR pr.call_id IN ({calls}))", [*org_params, *run_params]


def _first_line(text: str, n: int = 30) -> str:
    return text.split("\n", 1)[0][:n]


# --- proposal list ---------------------------------------------------------------------------


def proposal_list_floor(by: str, columns: str = "") -> Any:
    """COUNT and the first page, latest first, of the officer's proposals in a call or in a
    status, with the organisation and call each row shows."""

    def floor(ctx: Context, cursor: Any) -> Floor:
        vis, params = _officer_proposals(ctx)
        where, extra = ("pr.call_id = %s", [ctx.picks["call_id"]]) if by == "call" else ("", [])
        if by == "status":
            where, extra = "pr.status = %s", [LIST_STATUS]
        condition = f"{vis} AND {where}" if where else vis
        joins = f"JOIN {CALL} c ON c.id = pr.call_id JOIN {PROGRAMME} pg ON pg.id = c.programme_id"
        cursor.execute(f"SELECT COUNT(*) FROM {PROPOSAL} pr {joins} WHERE {condition}", [*params, *extra])
        count = cursor.fetchone()[0]
        cols = columns or (
            "pr.id, pr.title, pr.status, pr.requested_amount, pr.version_count, pr.round_count, pr.updated_at, "
            "o.name, o.short_name, c.title, pg.name, pg.short_name"
        )
        cursor.execute(
            f"SELECT {cols} FROM {PROPOSAL} pr {joins} JOIN {ORG} o ON o.id = pr.organisation_id "
            f"WHERE {condition} ORDER BY pr.updated_at DESC, pr.id DESC LIMIT {PAGE_SIZE}",
            [*params, *extra],
        )
        rows = cursor.fetchall()
        return Floor(count=count, ids=[r[0] for r in rows], texts=[r[1] for r in rows])

    return floor


# --- proposal detail -------------------------------------------------------------------------


def proposal_detail_floor(ctx: Context, cursor: Any) -> Floor:
    """The proposal with its organisation and call, budget lines, versions, rounds with their
    coach and comments (author, answer), and its grant and latest decision."""
    pk = ctx.picks["detail_id"]
    vis, params = _officer_proposals(ctx)
    cursor.execute(
        f"SELECT pr.id, pr.title, pr.sections, pr.status, pr.requested_amount, pr.version_count, pr.round_count, "
        f"pr.decided_at, o.name, c.title, pg.support_organisation_id FROM {PROPOSAL} pr "
        f"JOIN {ORG} o ON o.id = pr.organisation_id JOIN {CALL} c ON c.id = pr.call_id "
        f"JOIN {PROGRAMME} pg ON pg.id = c.programme_id WHERE pr.id = %s AND {vis}",
        [pk, *params],
    )
    row = cursor.fetchone()
    sections = row[2] if isinstance(row[2], dict) else json.loads(row[2])
    texts = [row[1], row[8], row[9]] + [_first_line(str(sections.get(k, ""))) for k in Section.values]
    cursor.execute(f'SELECT category, item, amount FROM {BUDGET} WHERE proposal_id = %s ORDER BY "order", id', [pk])
    texts += [r[1] for r in cursor.fetchall()]
    cursor.execute(f"SELECT number, submitted_at, total FROM {VERSION} WHERE proposal_id = %s ORDER BY number", [pk])
    versions = cursor.fetchall()
    cursor.execute(
        f"SELECT r.id, r.number, r.opened_at, r.closed_at, r.summary, u.name, v.number FROM {ROUND} r "
        f"JOIN {USER} u ON u.id = r.coach_id JOIN {VERSION} v ON v.id = r.version_id "
        f"WHERE r.proposal_id = %s ORDER BY r.number",
        [pk],
    )
    texts += [r[5] for r in cursor.fetchall()]
    cursor.execute(
        f"SELECT cc.round_id, cc.section, cc.body, cc.reply, cc.addressed, a.name, rb.name FROM {COMMENT} cc "
        f"JOIN {USER} a ON a.id = cc.author_id LEFT JOIN {USER} rb ON rb.id = cc.replied_by_id "
        f"WHERE cc.proposal_id = %s ORDER BY cc.created_at, cc.id",
        [pk],
    )
    texts += [r[2] for r in cursor.fetchall()]
    cursor.execute(f"SELECT id FROM {GRANT} WHERE proposal_id = %s", [pk])
    cursor.fetchall()
    cursor.execute(f"SELECT id FROM {DECISION} WHERE proposal_id = %s ORDER BY decided_at DESC LIMIT 1", [pk])
    cursor.fetchall()
    return Floor(ids=[pk], texts=texts + [f"v{v[0]}" for v in versions])


# --- the diff of two long versions ------------------------------------------------------------


def diff_floor(ctx: Context, cursor: Any) -> Floor:
    """The two versions compared (their sections and budgets), once the proposal is seen to be
    visible. The word diff itself is work the floor leaves to the page."""
    pk = ctx.picks["long_id"]
    vis, params = _officer_proposals(ctx)
    cursor.execute(
        f"SELECT pr.id, pr.title FROM {PROPOSAL} pr JOIN {CALL} c ON c.id = pr.call_id "
        f"JOIN {PROGRAMME} pg ON pg.id = c.programme_id WHERE pr.id = %s AND {vis}",
        [pk, *params],
    )
    title = cursor.fetchone()[1]
    cursor.execute(
        f"SELECT number, title, sections, budget, total FROM {VERSION} WHERE proposal_id = %s AND number IN (3, 4) "
        f"ORDER BY number",
        [pk],
    )
    versions = cursor.fetchall()
    b = versions[1][2] if isinstance(versions[1][2], dict) else json.loads(versions[1][2])
    return Floor(ids=[pk], texts=[title, *[str(b.get(k, "")) for k in Section.values]])


def check_diff_page(ctx: Context, response: Any, floor: Floor) -> None:
    html = response.content.decode()
    assert floor.texts[0] in html, "the diff page lacks the proposal's title"
    assert html.count('data-testid="diff-section"') == len(Section.values), "the diff page lacks sections"
    assert "diff-ins" in html, "the diff page marks no insertion"
    assert "diff-del" in html, "the diff page marks no deletion"


def check_diff_api(ctx: Context, response: Any, floor: Floor) -> None:
    data = json.loads(response.content)
    assert (data["a"], data["b"]) == (3, 4)
    rebuilt = [apply_side([(o["op"], o["text"]) for o in s["ops"]], "b") for s in data["sections"]]
    assert rebuilt == floor.texts[1:], "the API diff does not rebuild version 4"


def cold_tokens() -> None:
    """Forget every tokenised text, as a freshly started process would have."""
    tokens.cache_clear()


# --- the programme dashboard -----------------------------------------------------------------


def _round_days_sql() -> str:
    if connection.vendor == "postgresql":
        return "EXTRACT(EPOCH FROM (r.closed_at - r.opened_at))"
    return "(julianday(r.closed_at) - julianday(r.opened_at)) * 86400"


def dashboard_floor(ctx: Context, cursor: Any) -> Floor:
    """The programme and who runs and guides it, proposals by status, calls with their count of
    proposals and approved amount, funders, average rounds and versions, median round length."""
    pk = ctx.picks["programme_id"]
    cursor.execute(
        f"SELECT pg.name, pg.short_name, s.name, g.name, pg.starts_on, pg.ends_on FROM {PROGRAMME} pg "
        f"JOIN {ORG} s ON s.id = pg.support_organisation_id LEFT JOIN {ORG} g ON g.id = pg.guidance_organisation_id "
        f"WHERE pg.id = %s",
        [pk],
    )
    programme = cursor.fetchone()
    in_programme = f"pr.call_id IN (SELECT id FROM {CALL} WHERE programme_id = %s)"
    cursor.execute(f"SELECT pr.status, COUNT(*) FROM {PROPOSAL} pr WHERE {in_programme} GROUP BY pr.status", [pk])
    total = sum(n for _, n in cursor.fetchall())
    cursor.execute(
        f"SELECT c.id, c.title, COUNT(pr.id), SUM(CASE WHEN pr.status = %s THEN pr.requested_amount ELSE 0 END) "
        f"FROM {CALL} c LEFT JOIN {PROPOSAL} pr ON pr.call_id = c.id WHERE c.programme_id = %s "
        f"GROUP BY c.id, c.title, c.opens_at ORDER BY c.opens_at DESC",
        [ProposalStatus.APPROVED, pk],
    )
    calls = cursor.fetchall()
    cursor.execute(
        f"SELECT o.name, f.committed_amount FROM {FUNDER} f JOIN {ORG} o ON o.id = f.funder_id "
        f"WHERE f.programme_id = %s",
        [pk],
    )
    funders = cursor.fetchall()
    cursor.execute(
        f"SELECT AVG(pr.round_count), COUNT(*), AVG(pr.version_count) FROM {PROPOSAL} pr "
        f"WHERE {in_programme} AND pr.version_count > 0",
        [pk],
    )
    cursor.fetchone()
    rounds = (
        f"FROM {ROUND} r JOIN {PROPOSAL} pr ON pr.id = r.proposal_id WHERE {in_programme} AND r.closed_at IS NOT NULL"
    )
    cursor.execute(f"SELECT COUNT(*) {rounds}", [pk])
    n = cursor.fetchone()[0]
    if n:
        cursor.execute(
            f"SELECT {_round_days_sql()} AS d {rounds} ORDER BY d LIMIT {2 - n % 2} OFFSET {(n - 1) // 2}", [pk]
        )
        cursor.fetchall()
    return Floor(
        count=total, ids=[pk], texts=[programme[0], programme[2], *[c[1] for c in calls], *[f[0] for f in funders]]
    )


# --- grants ------------------------------------------------------------------------------------


def grant_floor(api: bool) -> Any:
    """The grant with its organisation, programme and proposal title, tranches, budget lines with
    what was spent on each (one GROUP BY), and for the page its payments, latest spending and
    budget revisions."""

    def floor(ctx: Context, cursor: Any) -> Floor:
        pk = ctx.picks["grant_id"]
        orgs, org_params = _ids(ctx.officer_org_ids)
        runs, run_params = _ids([ctx.support_org_id])
        cursor.execute(
            f"SELECT g.id, g.agreement_number, g.title, g.amount, g.disbursed_total, g.status, g.status_reason, "
            f"g.starts_on, g.ends_on, g.signed_at, o.name, o.short_name, pg.name, pg.short_name, pr.title "
            f"FROM {GRANT} g JOIN {ORG} o ON o.id = g.organisation_id JOIN {PROGRAMME} pg ON pg.id = g.programme_id "
            f"JOIN {PROPOSAL} pr ON pr.id = g.proposal_id "
            f"WHERE g.id = %s AND (pg.support_organisation_id IN ({runs}) OR g.organisation_id IN ({orgs}))",
            [pk, *run_params, *org_params],
        )
        grant = cursor.fetchone()
        texts = [grant[1], grant[2]]
        cursor.execute(
            f"SELECT number, label, condition, amount, due_on, disbursed FROM {TRANCHE} WHERE grant_id = %s "
            f"ORDER BY number",
            [pk],
        )
        texts += [r[1] for r in cursor.fetchall()]
        cursor.execute(
            f"SELECT l.id, l.category, l.item, l.amount, COALESCE(SUM(e.amount), 0) FROM {GRANT_LINE} l "
            f"LEFT JOIN {SPENT} e ON e.budget_line_id = l.id WHERE l.grant_id = %s "
            f'GROUP BY l.id, l.category, l.item, l.amount, l."order" ORDER BY l."order", l.id',
            [pk],
        )
        texts += [r[2] for r in cursor.fetchall()]
        if api:
            return Floor(ids=[pk], texts=texts)
        cursor.execute(
            f"SELECT d.amount, d.paid_on, d.reference, t.label, u.name FROM {PAYMENT} d "
            f"JOIN {TRANCHE} t ON t.id = d.tranche_id JOIN {USER} u ON u.id = d.recorded_by_id "
            f"WHERE d.grant_id = %s ORDER BY d.paid_on DESC, d.id DESC",
            [pk],
        )
        cursor.fetchall()
        cursor.execute(
            f"SELECT e.amount, e.spent_on, e.description, l.item, u.name FROM {SPENT} e "
            f"JOIN {GRANT_LINE} l ON l.id = e.budget_line_id JOIN {USER} u ON u.id = e.recorded_by_id "
            f"WHERE e.grant_id = %s ORDER BY e.spent_on DESC, e.id DESC LIMIT 20",
            [pk],
        )
        texts += [r[2] for r in cursor.fetchall()]
        cursor.execute(
            f"SELECT r.reason, r.total_before, r.total_after, r.lines, r.revised_at, u.name FROM {REVISION} r "
            f"JOIN {USER} u ON u.id = r.revised_by_id WHERE r.grant_id = %s "
            f"ORDER BY r.revised_at DESC, r.id DESC LIMIT 20",
            [pk],
        )
        texts += [r[0] for r in cursor.fetchall()]
        return Floor(ids=[pk], texts=texts)

    return floor


def grant_budget_floor(ctx: Context, cursor: Any) -> Floor:
    """The budget revision page: the grant, its lines with what was spent on each (one GROUP BY)
    and its revisions with who made them."""
    pk = ctx.picks["grant_id"]
    runs, run_params = _ids([ctx.support_org_id])
    cursor.execute(
        f"SELECT g.id, g.agreement_number, g.title, g.amount, g.status, g.budget_needs_revision FROM {GRANT} g "
        f"JOIN {PROGRAMME} pg ON pg.id = g.programme_id WHERE g.id = %s AND pg.support_organisation_id IN ({runs})",
        [pk, *run_params],
    )
    grant = cursor.fetchone()
    texts = [grant[1], grant[2]]
    cursor.execute(
        f"SELECT l.id, l.category, l.item, l.amount, COALESCE(SUM(e.amount), 0) FROM {GRANT_LINE} l "
        f"LEFT JOIN {SPENT} e ON e.budget_line_id = l.id WHERE l.grant_id = %s "
        f'GROUP BY l.id, l.category, l.item, l.amount, l."order" ORDER BY l."order", l.id',
        [pk],
    )
    texts += [r[2] for r in cursor.fetchall()]
    cursor.execute(
        f"SELECT r.reason, r.total_before, r.total_after, r.lines, r.revised_at, u.name FROM {REVISION} r "
        f"JOIN {USER} u ON u.id = r.revised_by_id WHERE r.grant_id = %s ORDER BY r.revised_at DESC, r.id DESC LIMIT 20",
        [pk],
    )
    texts += [r[0] for r in cursor.fetchall()]
    return Floor(ids=[pk], texts=texts)


# --- reviews -----------------------------------------------------------------------------------


def review_list_floor(ctx: Context, cursor: Any) -> Floor:
    """The reviewer's own assignments, newest first: how many, and the first page with each
    proposal's title, organisation and call."""
    reviewer = ctx.reviewer.pk if ctx.reviewer else 0
    cursor.execute(f"SELECT COUNT(*) FROM {ASSIGNMENT} a WHERE a.reviewer_id = %s", [reviewer])
    cursor.fetchone()
    cursor.execute(
        f"SELECT a.id, a.status, a.assigned_at, pr.title, o.name, o.short_name, c.title FROM {ASSIGNMENT} a "
        f"JOIN {PROPOSAL} pr ON pr.id = a.proposal_id JOIN {ORG} o ON o.id = pr.organisation_id "
        f"JOIN {CALL} c ON c.id = pr.call_id WHERE a.reviewer_id = %s "
        f"ORDER BY a.assigned_at DESC, a.id DESC LIMIT {PAGE_SIZE}",
        [reviewer],
    )
    rows = cursor.fetchall()
    return Floor(ids=[r[0] for r in rows], texts=[r[3] for r in rows])


def review_panel_floor(ctx: Context, cursor: Any) -> Floor:
    """The proposal, its call's criteria, every assignment with its reviewer and scores, the
    decisions, the reviewers who could still be assigned, and the call's remaining budget."""
    pk = ctx.picks["panel_id"]
    vis, params = _officer_proposals(ctx)
    cursor.execute(
        f"SELECT pr.id, pr.title, pr.status, pr.requested_amount, pr.organisation_id, pr.call_id, o.name, c.title, "
        f"c.budget FROM {PROPOSAL} pr JOIN {ORG} o ON o.id = pr.organisation_id JOIN {CALL} c ON c.id = pr.call_id "
        f"JOIN {PROGRAMME} pg ON pg.id = c.programme_id WHERE pr.id = %s AND {vis}",
        [pk, *params],
    )
    proposal = cursor.fetchone()
    cursor.execute(
        f"SELECT k.id, k.name, k.weight, k.scale_max FROM {CRITERION} k JOIN {RUBRIC} r ON r.id = k.rubric_id "
        f'WHERE r.call_id = %s ORDER BY k."order", k.id',
        [proposal[5]],
    )
    criteria = cursor.fetchall()
    cursor.execute(
        f"SELECT a.id, a.status, a.has_conflict, a.comment, u.name FROM {ASSIGNMENT} a "
        f"JOIN {USER} u ON u.id = a.reviewer_id WHERE a.proposal_id = %s ORDER BY a.assigned_at, a.id",
        [pk],
    )
    assignments = cursor.fetchall()
    cursor.execute(
        f"SELECT s.assignment_id, s.criterion_id, s.value FROM {SCORE} s JOIN {ASSIGNMENT} a ON a.id = s.assignment_id "
        f"WHERE a.proposal_id = %s",
        [pk],
    )
    cursor.fetchall()
    cursor.execute(f"SELECT id, outcome, amount, reasons FROM {DECISION} WHERE proposal_id = %s", [pk])
    cursor.fetchall()
    cursor.execute(
        f"SELECT u.id, u.name FROM {USER} u WHERE u.is_active "
        f"AND u.id IN (SELECT user_id FROM {ROLE} WHERE role = %s) "
        f"AND u.id NOT IN (SELECT user_id FROM {MEMBERSHIP} WHERE organisation_id = %s) "
        f"AND u.id NOT IN (SELECT reviewer_id FROM {ASSIGNMENT} WHERE proposal_id = %s) ORDER BY u.name, u.id",
        ["reviewer", proposal[4], pk],
    )
    eligible = cursor.fetchall()
    cursor.execute(
        f"SELECT SUM(d.amount) FROM {DECISION} d JOIN {PROPOSAL} pr ON pr.id = d.proposal_id "
        f"WHERE pr.call_id = %s AND d.outcome = %s",
        [proposal[5], "approve"],
    )
    cursor.fetchone()
    texts = [proposal[1], proposal[6], *[c[1] for c in criteria], *[a[4] for a in assignments]]
    return Floor(ids=[pk], texts=texts + [e[1] for e in eligible[:5]])


# --- the list ----------------------------------------------------------------------------------

API_PROPOSAL_COLUMNS = (
    "pr.id, pr.title, pr.status, pr.call_id, pr.organisation_id, pr.requested_amount, pr.version_count, "
    "pr.round_count, pr.updated_at, o.name, o.short_name, c.title, pg.name, pg.short_name"
)

SCENARIOS: list[Scenario] = [
    Scenario(
        "proposal list by call",
        "officer",
        lambda ctx: f"/proposals/?call={ctx.picks['call_id']}",
        proposal_list_floor("call"),
        check_html,
        "the busiest call of the officer's largest programme, latest first",
    ),
    Scenario(
        "proposal list by status",
        "officer",
        lambda ctx: f"/proposals/?status={LIST_STATUS}",
        proposal_list_floor("status"),
        check_html,
        "approved proposals across the programmes the officer's organisation runs",
    ),
    Scenario(
        "proposal detail",
        "officer",
        lambda ctx: f"/proposals/{ctx.picks['detail_id']}/",
        proposal_detail_floor,
        check_html,
        "an approved proposal with 4 versions, 3 coaching rounds and their comments, seen by its officer",
    ),
    Scenario(
        "proposal diff (long)",
        "officer",
        lambda ctx: f"/proposals/{ctx.picks['long_id']}/diff/?a=3&b=4",
        diff_floor,
        check_diff_page,
        "v3 → v4 of a proposal whose sections run to ~6,000 characters each, every section revised",
    ),
    Scenario(
        "proposal diff (long, cold)",
        "officer",
        lambda ctx: f"/proposals/{ctx.picks['long_id']}/diff/?a=3&b=4",
        diff_floor,
        check_diff_page,
        "the same, with the tokeniser's cache emptied before each request (first view after a restart)",
        before=cold_tokens,
    ),
    Scenario(
        "API proposal diff (long, cold)",
        "api",
        lambda ctx: f"/api/v1/proposals/{ctx.picks['long_id']}/diff?a=3&b=4",
        diff_floor,
        check_diff_api,
        "Bearer token; word ops for every section, checked to rebuild version 4; cache emptied each time",
        before=cold_tokens,
    ),
    Scenario(
        "programme dashboard",
        "officer",
        lambda ctx: f"/programmes/{ctx.picks['programme_id']}/",
        dashboard_floor,
        check_html,
        "the officer's programme with the most proposals: status counts, calls, funders, coaching summary",
    ),
    Scenario(
        "grant detail",
        "officer",
        lambda ctx: f"/grants/{ctx.picks['grant_id']}/",
        grant_floor(api=False),
        check_html,
        "a grant with tranches, payments and spending by budget line",
    ),
    Scenario(
        "API grant detail",
        "api",
        lambda ctx: f"/api/v1/grants/{ctx.picks['grant_id']}",
        grant_floor(api=True),
        check_api_detail,
        "Bearer token; tranches and budget lines with spending",
    ),
    Scenario(
        "grant budget revision",
        "officer",
        lambda ctx: f"/grants/{ctx.picks['grant_id']}/budget/",
        grant_budget_floor,
        check_html,
        "the same grant's budget lines with spending, against its amount, and its revisions",
    ),
    Scenario(
        "review list",
        "reviewer",
        lambda ctx: "/reviews/",
        review_list_floor,
        check_html,
        "a reviewer's assignments (about a hundred), first page",
    ),
    Scenario(
        "review panel",
        "officer",
        lambda ctx: f"/reviews/proposals/{ctx.picks['panel_id']}/",
        review_panel_floor,
        check_html,
        "a proposal under review: scores by reviewer and criterion, summary, reviewers to assign",
    ),
    Scenario(
        "API proposals",
        "api",
        lambda ctx: "/api/v1/proposals",
        proposal_list_floor("all", columns=API_PROPOSAL_COLUMNS),
        check_api_page,
        "Bearer token; every proposal the officer may see, first page",
    ),
]
