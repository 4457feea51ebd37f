"""Pages for professional support: activities, follow-ups, custom kinds and the two ledgers.
(The calendar pages and feeds are in ``calendar_views``.)"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wushe.access.door import can, get_for_user, require_create
from wushe.access.roles import actor_for
from wushe.core.forms import add_errors
from wushe.core.pagination import paginate
from wushe.core.uploads import private_download
from wushe.programmes.models import Programme
from wushe.support import excel, ledger_selectors, selectors
from wushe.support.attachment_services import activity_attachment_add, activity_attachment_delete
from wushe.support.followup_services import followup_add, followup_complete
from wushe.support.forms import (
    ActivityFilterForm,
    ActivityForm,
    ActivityLinksForm,
    AttachmentForm,
    FollowUpCompleteForm,
    FollowUpForm,
    HeldForm,
    KindForm,
)
from wushe.support.kind_services import kind_add
from wushe.support.models import ActivityAttachment, ActivityKind, FollowUp, SupportActivity
from wushe.support.services import activity_cancel, activity_create, activity_mark_held, activity_update

ACTIVITY = SupportActivity.objects.select_related("programme__support_organisation", "kind")


def _querystring_base(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode() + "&" if params else ""


def _programmes_run(user: Any) -> list[Programme]:
    actor = actor_for(user)
    qs = (
        Programme.objects.all()
        if actor.platform_admin
        else Programme.objects.filter(support_organisation_id__in=actor.officer_of)
    )
    return list(qs.order_by("-starts_on", "pk")[:20])


# --- activities -----------------------------------------------------------------------------


@login_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.activity_list(
        user=request.user,
        programme_id=data.get("programme"),
        organisation_id=data.get("organisation"),
        kind=data.get("kind") or None,
        status=data.get("status") or None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    page = paginate(request, qs, settings.WUSHE_PAGE_SIZE)
    for activity in page.object_list:
        activity.kind_name = selectors.kind_label(activity.kind)
    actor = actor_for(request.user)
    context = {
        "form": form,
        "page": page,
        "querystring_base": _querystring_base(request),
        "programmes_run": _programmes_run(request.user),
        "own_organisations": list(
            request.user.memberships.select_related("organisation").order_by("organisation__name")
        )
        if actor.org_ids
        else [],
    }
    return render(request, "support/activity_list.html", context)


def _programme_for_activities(request: HttpRequest, programme_pk: int) -> Programme:
    """The programme whose activities the user records (404 if not visible, 403 if not theirs)."""
    programme = get_for_user(request.user, Programme.objects.select_related("support_organisation"), programme_pk)
    require_create(request.user, SupportActivity, programme)
    return programme


@login_required
@require_http_methods(["GET", "POST"])
def activity_create_view(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _programme_for_activities(request, programme_pk)
    form = ActivityForm(request.POST or None, programme=programme, initial={"staff": [request.user.pk]})
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_create(by=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已登记专业支持活动“%(topic)s”。") % {"topic": activity.topic})
            return redirect("activity-detail", pk=activity.pk)
    return render(request, "support/activity_form.html", {"form": form, "programme": programme, "activity": None})


@login_required
@require_GET
def activity_organisation_pick(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """Suggestions for the activity form's organisation picker: the organisations matching what
    was typed, without those already chosen."""
    programme = _programme_for_activities(request, programme_pk)
    query = request.GET.get("organisations_q") or request.GET.get("q", "")
    chosen = [int(v) for v in request.GET.getlist("organisations") if v.isdigit()]
    found, more = selectors.organisation_suggestions(programme=programme, query=query, exclude=chosen)
    context = {
        "organisations": found,
        "more": more,
        "limit": selectors.SUGGESTION_LIMIT,
        "query": query.strip(),
        "field": "organisations",
        "multiple": True,
    }
    return render(request, "orgs/organisation_pick_rows.html", context)


@login_required
@require_GET
def activity_links(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """The activity form's grants and coaching rounds for the organisations now chosen, ticked
    as they were; those of an organisation taken off go with it."""
    programme = _programme_for_activities(request, programme_pk)
    names = ("organisations", "grants", "coaching_rounds")
    initial = {name: request.GET.getlist(name) for name in names}
    form = ActivityLinksForm(programme=programme, initial=initial, keep_ticked=False)
    return render(request, "support/activity_links_rows.html", {"form": form})


def _render_detail(request: HttpRequest, pk: int, attachment_form: AttachmentForm | None = None) -> HttpResponse:
    context = selectors.activity_detail(user=request.user, pk=pk)
    context["held_form"] = HeldForm(initial={"summary": context["activity"].summary})
    context["attachment_form"] = attachment_form or AttachmentForm()
    return render(request, "support/activity_detail.html", context)


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user(request.user, ACTIVITY, pk, "change")
    form = ActivityForm(request.POST or None, programme=activity.programme, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_update(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("activity-detail", pk=activity.pk)
    context = {"form": form, "programme": activity.programme, "activity": activity}
    return render(request, "support/activity_form.html", context)


@login_required
@require_POST
def activity_held(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user(request.user, ACTIVITY, pk, "change")
    form = HeldForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("activity-detail", pk=activity.pk)
    try:
        activity_mark_held(activity=activity, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已标记为已开展。"))
    return redirect("activity-detail", pk=activity.pk)


@login_required
@require_POST
def activity_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user(request.user, ACTIVITY, pk, "change")
    try:
        activity_cancel(activity=activity, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("活动已取消。"))
    return redirect("activity-detail", pk=activity.pk)


# --- attachments ----------------------------------------------------------------------------


@login_required
@require_POST
def activity_attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """A refused file is shown on the detail page under the upload field, nothing kept."""
    activity = get_for_user(request.user, ACTIVITY, pk)
    require_create(request.user, ActivityAttachment, activity)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = activity_attachment_add(activity=activity, by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            add_errors(form, exc, default_field="file")
        else:
            messages.success(request, _("已上传附件“%(name)s”。") % {"name": attachment.name})
            return redirect("activity-detail", pk=activity.pk)
    return _render_detail(request, activity.pk, form)


@login_required
@require_GET
def activity_attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = get_for_user(request.user, ActivityAttachment, pk)
    return private_download(attachment.file, filename=attachment.name, content_type=attachment.content_type)


@login_required
@require_POST
def activity_attachment_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_for_user(
        request.user, ActivityAttachment.objects.select_related("activity__programme"), pk, "delete"
    )
    activity_attachment_delete(attachment=attachment, by=request.user)
    messages.success(request, _("附件已删除。"))
    return redirect("activity-detail", pk=attachment.activity_id)


@login_required
@require_http_methods(["GET", "POST"])
def activity_kind_add(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = get_for_user(request.user, Programme.objects.select_related("support_organisation"), programme_pk)
    require_create(request.user, ActivityKind, programme)
    form = KindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kind = kind_add(programme=programme, by=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已添加支持类型“%(name)s”。") % {"name": kind.name})
            return redirect("activity-kind-add", programme_pk=programme.pk)
    context = {"form": form, "programme": programme, "kinds": selectors.usable_kinds(programme)}
    return render(request, "support/activity_kind_form.html", context)


# --- follow-ups -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user(request.user, ACTIVITY, pk, "add_follow_up")
    form = FollowUpForm(request.POST or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            followup_add(activity=activity, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已添加跟进事项。"))
            return redirect("activity-detail", pk=activity.pk)
    return render(request, "support/follow_up_form.html", {"form": form, "activity": activity})


@login_required
@require_GET
def follow_up_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    qs = selectors.follow_up_list(user=request.user, owner_only=True, open_only=show != "all")
    page = paginate(request, qs, settings.WUSHE_PAGE_SIZE)
    today = timezone.localdate()
    for follow_up in page.object_list:
        follow_up.overdue = not follow_up.done and follow_up.due_on < today
    context = {"page": page, "show": show, "querystring_base": _querystring_base(request)}
    return render(request, "support/follow_up_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_complete(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_for_user(
        request.user, FollowUp.objects.select_related("activity__programme", "owner"), pk, "complete"
    )
    form = FollowUpCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            followup_complete(follow_up=follow_up, by=request.user, evidence=form.cleaned_data["evidence"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("跟进事项已完成。"))
            return redirect("follow-up-list")
    return render(request, "support/follow_up_complete.html", {"form": form, "follow_up": follow_up})


# --- ledgers --------------------------------------------------------------------------------


@login_required
@require_GET
def programme_support_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    programme, level = ledger_selectors.programme_for_ledger(user=request.user, pk=pk)
    context = ledger_selectors.programme_ledger(programme=programme, level=level)
    context["can_add"] = can(request.user, "change", programme) and level == "full"
    context["recent"] = list(
        selectors.activity_list(user=request.user, programme_id=programme.pk)[:10] if level != "aggregate" else []
    )
    for activity in context["recent"]:
        activity.kind_name = selectors.kind_label(activity.kind)
    return render(request, "support/programme_support_ledger.html", context)


@login_required
@require_GET
def programme_support_ledger_export(request: HttpRequest, pk: int) -> HttpResponse:
    programme, level = ledger_selectors.programme_for_ledger(user=request.user, pk=pk)
    ledger = ledger_selectors.programme_ledger(programme=programme, level=level)
    activities = (
        ledger_selectors.programme_activity_rows(programme).iterator(chunk_size=1000) if level == "full" else None
    )
    body = excel.programme_ledger_xlsx(ledger, activities)
    return _xlsx(body, f"support-ledger-programme-{programme.pk}.xlsx")


@login_required
@require_GET
def organisation_support_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = ledger_selectors.organisation_for_ledger(user=request.user, pk=pk)
    context = ledger_selectors.organisation_ledger(user=request.user, organisation=organisation)
    return render(request, "support/organisation_support_ledger.html", context)


@login_required
@require_GET
def organisation_support_ledger_export(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = ledger_selectors.organisation_for_ledger(user=request.user, pk=pk)
    ledger = ledger_selectors.organisation_ledger(user=request.user, organisation=organisation, limit=100_000)
    return _xlsx(excel.organisation_ledger_xlsx(ledger), f"support-ledger-organisation-{organisation.pk}.xlsx")


def _xlsx(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=excel.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
