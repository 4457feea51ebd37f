from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wushe.access.door import get_for_user
from wushe.core.forms import add_errors, flash_errors
from wushe.core.pagination import paginate
from wushe.core.uploads import private_download
from wushe.programmes.models import Call
from wushe.proposals import selectors
from wushe.proposals.forms import ApplyForm, AttachmentForm, DraftForm, ProposalFilterForm, ReplyForm
from wushe.proposals.models import BudgetCategory, CoachComment, Proposal, ProposalAttachment
from wushe.proposals.services import (
    StaleEdit,
    attachment_add,
    attachment_delete,
    comment_reply,
    proposal_create,
    proposal_save_draft,
    proposal_set_budget,
    proposal_transition,
)


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    form = ProposalFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    call_id = request.GET.get("call")
    qs = selectors.proposal_list(
        user=request.user,
        call_id=int(call_id) if call_id and call_id.isdigit() else None,
        status=data.get("status", ""),
        query=data.get("q", ""),
    )
    return render(request, "proposals/proposal_list.html", {"form": form, "page": paginate(request, qs)})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_apply(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = get_for_user(request.user, Call.objects.select_related("programme"), call_pk)
    form = ApplyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_create(by=request.user, call=call, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc, default_field="title")
        else:
            return redirect("proposal-edit", pk=proposal.pk)
    return render(request, "proposals/proposal_apply.html", {"call": call, "form": form})


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "proposals/proposal_detail.html", selectors.proposal_detail(user=request.user, pk=pk))


def _draft_initial(proposal: Proposal) -> dict[str, object]:
    return {
        "edit_version": proposal.edit_version,
        "title": proposal.title,
        "target_places": [p.pk for p in proposal.target_places.all()],
        **(proposal.sections or {}),
    }


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_for_user(request.user, Proposal.objects.select_related("call"), pk, "edit")
    if not proposal.is_editable:  # submitted, under review or decided: read it, don't open a dead form
        messages.warning(request, _("项目书当前状态为“%(s)s”,不能编辑。") % {"s": proposal.get_status_display()})
        return redirect("proposal-detail", pk=proposal.pk)
    form = DraftForm(request.POST or None, initial=_draft_initial(proposal))
    if request.method == "POST" and form.is_valid():
        try:
            proposal = proposal_save_draft(
                proposal=proposal,
                by=request.user,
                edit_version=form.cleaned_data["edit_version"],
                title=form.cleaned_data["title"],
                sections=form.sections(),
                target_places=form.cleaned_data["target_places"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("proposal-edit", pk=proposal.pk)
    context = {
        "proposal": proposal,
        "form": form,
        "budget_lines": list(proposal.budget_lines.all()),
        "categories": BudgetCategory.choices,
        "attachments": list(proposal.attachments.all()),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "proposals/proposal_edit.html", context)


@login_required
@require_POST
def proposal_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save the draft as the applicant types; refuses to overwrite newer work."""
    proposal = get_for_user(request.user, Proposal, pk, "edit")
    form = DraftForm(request.POST)
    context: dict[str, object] = {"proposal": proposal}
    if not form.is_valid():
        context["errors"] = [
            f"{form.fields[k].label}:{' '.join(v)}" for k, v in form.errors.items() if k in form.fields
        ]
        return render(request, "proposals/proposal_autosave_status.html", context)
    try:
        proposal = proposal_save_draft(
            proposal=proposal,
            by=request.user,
            edit_version=form.cleaned_data["edit_version"],
            title=form.cleaned_data["title"],
            sections=form.sections(),
            target_places=form.cleaned_data["target_places"],
        )
    except StaleEdit as exc:
        context["stale"] = exc.messages[0]
    except ValidationError as exc:
        context["errors"] = exc.messages
    else:
        context.update({"proposal": proposal, "saved_at": timezone.localtime()})
    return render(request, "proposals/proposal_autosave_status.html", context)


@login_required
@require_POST
def proposal_budget(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_for_user(request.user, Proposal.objects.select_related("call"), pk, "edit")
    rows = zip(
        request.POST.getlist("category"), request.POST.getlist("item"), request.POST.getlist("amount"), strict=False
    )
    lines = [{"category": c, "item": i, "amount": a} for c, i, a in rows if (i or a)]
    try:
        proposal_set_budget(proposal=proposal, by=request.user, lines=lines)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("预算已保存。"))
    return redirect("proposal-edit", pk=proposal.pk)


@login_required
@require_POST
def proposal_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_for_user(request.user, Proposal, pk)
    action = request.POST.get("action", "")
    extra: dict[str, object] = {"reason": request.POST.get("reason", "")}
    if action == "request_revision":
        sections = request.POST.getlist("section")
        bodies = request.POST.getlist("body")
        extra["comments"] = [(s, b) for s, b in zip(sections, bodies, strict=False) if b.strip()]
        extra["summary"] = request.POST.get("summary", "")
    try:
        proposal_transition(proposal=proposal, action=action, by=request.user, **extra)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("操作已完成。"))
    return redirect("proposal-detail", pk=proposal.pk)


@login_required
@require_POST
def comment_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_for_user(request.user, CoachComment.objects.select_related("proposal__call__programme"), pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            comment_reply(comment=comment, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("回复已保存。"))
    return redirect("proposal-detail", pk=comment.proposal_id)


@login_required
@require_GET
def proposal_diff(request: HttpRequest, pk: int) -> HttpResponse:
    diff = selectors.version_pair(user=request.user, proposal_pk=pk, a=request.GET.get("a"), b=request.GET.get("b"))
    return render(request, "proposals/proposal_diff.html", {"diff": diff, "proposal": diff.a.proposal})


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_for_user(request.user, Proposal, pk, "edit")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
    else:
        try:
            attachment_add(proposal=proposal, by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("附件已上传。"))
    return redirect("proposal-edit", pk=proposal.pk)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_for_user(request.user, ProposalAttachment, pk)
    return private_download(attachment.file, filename=attachment.name, content_type=attachment.content_type)


@login_required
@require_POST
def attachment_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_for_user(request.user, ProposalAttachment.objects.select_related("proposal"), pk, "delete")
    proposal_id = attachment.proposal_id
    attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, _("附件已删除。"))
    return redirect("proposal-edit", pk=proposal_id)
