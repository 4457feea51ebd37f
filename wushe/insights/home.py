"""The home page: what needs the signed-in person's attention, by role, in a fixed number of
queries (each panel is one bounded query, asked only for the roles the person holds)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from wushe.access.door import visible_to
from wushe.access.models import MemberRole
from wushe.access.roles import actor_for, role_labels
from wushe.grants.models import Grant, GrantStatus
from wushe.orgs.models import KIND_PLURAL_LABELS, Organisation, OrganisationKind
from wushe.programmes.models import Call, Programme, ProgrammeFunder
from wushe.proposals.models import Proposal, ProposalStatus
from wushe.reviews.models import AssignmentStatus, ReviewAssignment
from wushe.support.models import ActivityStatus, Event, FollowUp, Registration, RegistrationStatus, SupportActivity

AWAITING_OFFICER = (ProposalStatus.SUBMITTED, ProposalStatus.RESUBMITTED, ProposalStatus.UNDER_REVIEW)
NON_APPLICANT_KINDS = (OrganisationKind.FUNDER, OrganisationKind.SUPPORT, OrganisationKind.GOVERNMENT)
AWAITING_APPLICANT = (ProposalStatus.DRAFT, ProposalStatus.REVISION_REQUESTED)


def home_panels(*, user: Any) -> dict[str, Any]:
    actor = actor_for(user)
    now = timezone.now()
    panels: dict[str, Any] = {"roles": role_labels(actor), "actor": actor}
    panels["memberships"] = list(
        user.memberships.select_related("organisation").order_by("organisation__search_pinyin")
    )
    if actor.programme_officer or actor.platform_admin:
        panels["programmes"] = list(
            visible_to(user, Programme).filter(support_organisation_id__in=actor.officer_of).order_by("-starts_on")[:5]
            if not actor.platform_admin
            else visible_to(user, Programme).order_by("-starts_on")[:5]
        )
        panels["awaiting_officer"] = list(
            visible_to(user, Proposal)
            .filter(status__in=AWAITING_OFFICER, call__programme__support_organisation_id__in=actor.officer_of)
            .select_related("organisation")
            .order_by("updated_at")[:8]
        )
        panels["my_activities"] = list(
            SupportActivity.objects.filter(staff=user, status=ActivityStatus.PLANNED, starts_at__gte=now)
            .select_related("kind")
            .order_by("starts_at")[:5]
        )
    panels["follow_ups"] = list(
        FollowUp.objects.filter(owner=user, done=False).select_related("activity").order_by("due_on")[:5]
    )
    # Funders, support organisations and government units run or fund programmes; they don't apply.
    applicant_orgs = [
        m.organisation_id
        for m in panels["memberships"]
        if m.role in (MemberRole.ADMIN, MemberRole.STAFF) and m.organisation.kind not in NON_APPLICANT_KINDS
    ]
    if applicant_orgs:
        panels["my_proposals"] = list(
            Proposal.objects.filter(organisation_id__in=applicant_orgs)
            .exclude(status=ProposalStatus.WITHDRAWN)
            .select_related("call")
            .order_by("-updated_at")[:6]
        )
        panels["open_calls"] = list(visible_to(user, Call).open_at(now).order_by("closes_at")[:3])
        # live agreements first (closed ones last), then the most recently signed
        panels["my_grants"] = list(
            Grant.objects.filter(organisation_id__in=applicant_orgs)
            .annotate(closed=Case(When(status=GrantStatus.CLOSED, then=Value(1)), default=Value(0)))
            .only("id", "agreement_number", "title", "amount", "disbursed_total", "status", "budget_needs_revision")
            .order_by("closed", "-signed_at", "-pk")[:6]
        )
    if actor.org_roles:
        panels["my_events"] = list(
            Event.objects.filter(
                starts_at__gte=now,
                pk__in=Registration.objects.filter(
                    organisation_id__in=actor.org_ids, status=RegistrationStatus.CONFIRMED
                ).values("event_id"),
            ).order_by("starts_at")[:5]
        )
    if actor.funder_officer:
        panels["funded_programmes"] = _funded_programmes(actor.funder_of)
    if actor.reviewer:
        panels["reviews_due"] = list(
            ReviewAssignment.objects.filter(
                reviewer=user, status__in=(AssignmentStatus.PENDING, AssignmentStatus.SCORING)
            )
            .select_related("proposal")
            .order_by("assigned_at")[:8]
        )
    counts = dict(visible_to(user, Organisation).active().values_list("kind").annotate(n=Count("id")).order_by())
    panels["kinds"] = [(kind.value, KIND_PLURAL_LABELS[kind], counts.get(kind.value, 0)) for kind in OrganisationKind]
    return panels


def _funded_programmes(funder_ids: frozenset[int]) -> list[Programme]:
    """The programmes the funder officer's organisations co-fund, newest first, each with what
    those funders committed and what the programme has granted and paid out (one query)."""
    money = DecimalField(max_digits=14, decimal_places=2)
    zero = Value(Decimal("0"), output_field=money)

    def granted(field: str) -> Coalesce:
        total = (
            Grant.objects.filter(programme=OuterRef("pk"))
            .order_by()
            .values("programme")
            .annotate(total=Sum(field))
            .values("total")
        )
        return Coalesce(Subquery(total, output_field=money), zero)

    committed = (
        ProgrammeFunder.objects.filter(programme=OuterRef("pk"), funder_id__in=funder_ids)
        .order_by()
        .values("programme")
        .annotate(total=Sum("committed_amount"))
        .values("total")
    )
    return list(
        Programme.objects.filter(funders__funder_id__in=funder_ids)
        .distinct()
        .annotate(
            committed=Coalesce(Subquery(committed, output_field=money), zero),
            granted=granted("amount"),
            paid=granted("disbursed_total"),
        )
        .only("id", "name", "short_name", "status", "starts_on")
        .order_by("-starts_on", "-pk")[:5]
    )
