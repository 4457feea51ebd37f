from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wushe.access.door import get_for_user, is_visible, visible_to
from wushe.core.forms import add_errors
from wushe.core.pagination import paginate
from wushe.programmes.models import Call
from wushe.proposals.models import Proposal
from wushe.reviews import selectors
from wushe.reviews.forms import AssignForm, ConflictForm, CriterionFormSet, DecisionForm, RubricForm, ScoreForm
from wushe.reviews.models import AssignmentStatus, Decision, ReviewAssignment, Score
from wushe.reviews.policies import can_see_summary
from wushe.reviews.services import conflict_declare, decision_make, review_submit, reviewer_assign, rubric_set


def _renamed(exc: ValidationError, rename: dict[str, str]) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({rename.get(k, k): v for k, v in exc.message_dict.items()})


# --- the reviewer ---------------------------------------------------------------------------


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.my_reviews(user=request.user))
    return render(request, "reviews/review_list.html", {"page": page})


def _review_context(request: HttpRequest, assignment: ReviewAssignment, **forms: Any) -> dict[str, Any]:
    proposal = get_for_user(
        request.user, Proposal.objects.select_related("organisation", "call"), assignment.proposal_id
    )
    rubric = selectors.rubric_for(proposal.call_id)
    criteria = list(rubric.criteria.all()) if rubric else []
    context: dict[str, Any] = {"assignment": assignment, "proposal": proposal, "rubric": rubric, **forms}
    if assignment.status == AssignmentStatus.PENDING:
        context.setdefault("conflict_form", ConflictForm())
    elif assignment.status == AssignmentStatus.SCORING:
        context.setdefault("score_form", ScoreForm(criteria=criteria))
    elif assignment.status == AssignmentStatus.SUBMITTED:
        scores = visible_to(request.user, Score).filter(assignment__proposal_id=proposal.pk)
        by_assignment: dict[int, dict[int, int]] = {}
        for assignment_id, criterion_id, value in scores.values_list("assignment_id", "criterion_id", "value"):
            by_assignment.setdefault(assignment_id, {})[criterion_id] = value
        own = by_assignment.pop(assignment.pk, {})
        context["own_scores"] = [(c, own.get(c.pk)) for c in criteria]
        context["own_total"] = selectors.weighted_total(own, criteria)
        context["others"] = [
            {"scores": [v.get(c.pk) for c in criteria], "total": selectors.weighted_total(v, criteria)}
            for _pk, v in sorted(by_assignment.items())
        ]
        context["criteria"] = criteria
        context["summary"] = selectors.review_summary(proposal)
    return context


@login_required
@require_GET
def review_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer's page for one assignment: declare conflict first, then score."""
    assignment = get_for_user(request.user, ReviewAssignment, pk, "submit")
    if assignment.status == AssignmentStatus.CONFLICT:
        return render(request, "reviews/review_recused.html", {"assignment": assignment})
    return render(request, "reviews/review_form.html", _review_context(request, assignment))


@login_required
@require_POST
def review_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_for_user(request.user, ReviewAssignment, pk, "declare")
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            assignment = conflict_declare(
                assignment=assignment,
                by=request.user,
                has_conflict=form.cleaned_data["has_conflict"],
                statement=form.cleaned_data["conflict_statement"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if assignment.has_conflict:
                messages.info(request, _("已记录你的回避声明,这份项目书已从你的评审任务中移除。"))
                return redirect("review-list")
            messages.success(request, _("已声明无利益冲突,请开始评分。"))
            return redirect("review-form", pk=assignment.pk)
    if assignment.status == AssignmentStatus.CONFLICT:
        return redirect("review-list")
    return render(request, "reviews/review_form.html", _review_context(request, assignment, conflict_form=form))


@login_required
@require_POST
def review_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_for_user(request.user, ReviewAssignment, pk, "submit")
    if assignment.status == AssignmentStatus.CONFLICT:
        return redirect("review-list")
    rubric = selectors.rubric_for(assignment.proposal.call_id)
    criteria = list(rubric.criteria.all()) if rubric else []
    form = ScoreForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            review_submit(
                assignment=assignment, by=request.user, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            rename = {f"scores.{c.pk}": ScoreForm.field_name(c.pk) for c in criteria}
            add_errors(form, _renamed(exc, rename))
        else:
            messages.success(request, _("评审已提交,谢谢!"))
            return redirect("review-form", pk=assignment.pk)
    assignment.refresh_from_db()
    return render(request, "reviews/review_form.html", _review_context(request, assignment, score_form=form))


# --- the officer ----------------------------------------------------------------------------


@login_required
@require_GET
def review_panel(request: HttpRequest, pk: int) -> HttpResponse:
    context = selectors.review_panel(user=request.user, pk=pk)
    context["assign_form"] = AssignForm(reviewers=selectors.eligible_reviewers(context["proposal"]))
    return render(request, "reviews/review_panel.html", context)


@login_required
@require_POST
def reviewer_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_for_user(request.user, Proposal.objects.select_related("call__programme"), pk, "review_manage")
    form = AssignForm(request.POST, reviewers=selectors.eligible_reviewers(proposal))
    if form.is_valid():
        try:
            assignment = reviewer_assign(proposal=proposal, reviewer=form.cleaned_data["reviewer"], by=request.user)
        except ValidationError as exc:
            add_errors(form, exc, default_field="reviewer")
        else:
            messages.success(request, _("已指派 %(name)s 评审。") % {"name": assignment.reviewer.name})
            return redirect("review-panel", pk=proposal.pk)
    context = selectors.review_panel(user=request.user, pk=pk)
    context["assign_form"] = form
    return render(request, "reviews/review_panel.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rubric_edit(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = get_for_user(request.user, Call.objects.select_related("programme"), call_pk, "change")
    rubric = selectors.rubric_for(call.pk)
    initial = [
        {"name": c.name, "description": c.description, "weight": c.weight, "scale_max": c.scale_max}
        for c in (rubric.criteria.all() if rubric else [])
    ]
    form = RubricForm(request.POST or None, initial={"title": rubric.title if rubric else _("项目书评分标准")})
    formset = CriterionFormSet(request.POST or None, initial=initial or None, prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("name")]
        try:
            rubric_set(call=call, by=request.user, title=form.cleaned_data["title"], criteria=rows)
        except ValidationError as exc:
            _formset_errors(form, formset, exc)
        else:
            messages.success(request, _("评分标准已保存。"))
            return redirect("rubric-edit", call_pk=call.pk)
    return render(
        request, "reviews/rubric_edit.html", {"call": call, "rubric": rubric, "form": form, "formset": formset}
    )


def _formset_errors(form: RubricForm, formset: Any, exc: ValidationError) -> None:
    """``criteria.<i>.<field>`` errors go on the i-th filled row of the formset."""
    filled = [f for f in formset.forms if f.cleaned_data.get("name")]
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, msgs in exc.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "criteria" and parts[1].isdigit() and int(parts[1]) < len(filled):
            for message in msgs:
                filled[int(parts[1])].add_error(parts[2], message)
        else:
            for message in msgs:
                form.add_error("title" if key == "title" else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def decision_make_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_for_user(
        request.user, Proposal.objects.select_related("organisation", "call__programme"), pk, "decide"
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = decision_make(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, _renamed(exc, {"reason": "reasons", "action": "outcome"}), default_field=None)
        else:
            messages.success(request, _("已记录决定:%(outcome)s。") % {"outcome": decision.get_outcome_display()})
            return redirect("decision-detail", pk=decision.pk)
    context = {
        "proposal": proposal,
        "form": form,
        "summary": selectors.review_summary(proposal),
        "remaining": selectors.remaining_budget(proposal.call),
    }
    return render(request, "reviews/decision_form.html", context)


# --- what the applicant and funders see -----------------------------------------------------


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_for_user(
        request.user, Decision.objects.select_related("proposal__organisation", "proposal__call", "decided_by"), pk
    )
    proposal = decision.proposal
    context = {
        "decision": decision,
        "proposal": proposal,
        "proposal_visible": is_visible(request.user, proposal),
        "summary": selectors.review_summary(proposal) if can_see_summary(request.user, proposal) else None,
    }
    return render(request, "reviews/decision_detail.html", context)


@login_required
@require_GET
def review_summary_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Aggregate scores only (no reviewer, no single review): officers, the programme's funders,
    and reviewers who have submitted their own review."""
    proposal = get_for_user(request.user, Proposal.objects.select_related("organisation", "call"), pk)
    if not can_see_summary(request.user, proposal):
        raise PermissionDenied(_("你没有查看评审汇总的权限。"))
    context = {"proposal": proposal, "summary": selectors.review_summary(proposal)}
    return render(request, "reviews/review_summary.html", context)
