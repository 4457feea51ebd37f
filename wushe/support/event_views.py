"""Pages for workshops and trainings: list, detail with registration, materials, the attendee's
feedback and the feedback summary. The attendance sheet, walk-ins and check-in screens are in
``checkin_views``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wushe.access.door import can_create, get_for_user
from wushe.core.forms import add_errors, flash_errors
from wushe.core.pagination import paginate
from wushe.core.uploads import private_download
from wushe.orgs.models import Organisation
from wushe.programmes.models import Programme
from wushe.support import attendance_services, event_selectors, event_services, registration_services
from wushe.support.event_forms import EventForm, FeedbackForm, MaterialForm, RegistrationForm
from wushe.support.models import Event, EventMaterial, Registration, RegistrationStatus


@login_required
@require_GET
def event_list(request: HttpRequest, programme_pk: int | None = None) -> HttpResponse:
    programme = get_for_user(request.user, Programme, programme_pk) if programme_pk else None
    when = request.GET.get("when", "upcoming")
    when = when if when in ("upcoming", "past", "all") else "upcoming"
    qs = event_selectors.event_list(user=request.user, programme_id=programme.pk if programme else None, when=when)
    context = {
        "page": paginate(request, qs),
        "programme": programme,
        "when": when,
        "tabs": [("upcoming", _("即将举办")), ("past", _("已结束")), ("all", _("全部"))],
        "can_create": programme is not None and can_create(request.user, Event, programme),
        "querystring_base": f"when={when}&",
    }
    return render(request, "support/event_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = get_for_user(request.user, Programme, programme_pk, "change")
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_services.event_create(programme=programme, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("活动已创建。"))
            return redirect("event-detail", pk=event.pk)
    return render(request, "support/event_form.html", {"form": form, "programme": programme, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_selectors.event_for(request.user, pk, "change")
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            event_services.event_update(event=event, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("活动已保存。"))
            return redirect("event-detail", pk=event.pk)
    return render(request, "support/event_form.html", {"form": form, "programme": event.programme, "event": event})


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = event_selectors.event_detail(user=request.user, pk=pk, organisation_id=request.GET.get("org"))
    context["material_form"] = MaterialForm()
    return render(request, "support/event_detail.html", context)


@login_required
@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register the ticked members and the guest rows; each one gets its own outcome."""
    event = event_selectors.event_for(request.user, pk, "register")
    organisations = event_selectors.registrar_organisations(request.user)
    chosen = next((o for o in organisations if str(o.pk) == request.POST.get("organisation")), None)
    members = event_selectors.registrable_members(chosen, event)
    form = RegistrationForm(request.POST, organisations=organisations, members=members)
    if not form.is_valid():
        messages.error(request, _("请选择报名机构和要报名的成员。"))
        return redirect("event-detail", pk=event.pk)
    organisation = get_for_user(request.user, Organisation, form.cleaned_data["organisation"])
    people: list[dict[str, Any]] = [
        {"user": u} for u in get_user_model().objects.filter(pk__in=form.cleaned_data["members"])
    ]
    people += [{"guest_name": n, "guest_phone": p} for n, p in form.guests()]
    if not people:
        messages.error(request, _("请勾选成员或填写来宾。"))
    for person in people:
        try:
            registration = registration_services.registration_add(
                event=event, organisation=organisation, by=request.user, **person
            )
        except ValidationError as exc:
            name = person.get("guest_name") or getattr(person.get("user"), "name", "")
            for message in exc.messages:
                messages.error(request, f"{name}:{message}" if name and name not in message else message)
        else:
            level = messages.SUCCESS if registration.status == RegistrationStatus.CONFIRMED else messages.WARNING
            messages.add_message(request, level, registration_services.registration_outcome(registration))
    return redirect(f"{reverse('event-detail', args=[event.pk])}?org={organisation.pk}")


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_for_user(request.user, Registration.objects.select_related("event"), pk, "cancel")
    try:
        registration_services.registration_cancel(registration=registration, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("已取消 %(name)s 的报名。") % {"name": registration.display_name})
    return redirect("event-detail", pk=registration.event_id)


@login_required
@require_POST
def event_material_upload(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_selectors.event_for(request.user, pk, "change")
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
    else:
        try:
            event_services.material_add(
                event=event, by=request.user, upload=form.cleaned_data["file"], name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("资料已上传。"))
    return redirect("event-detail", pk=event.pk)


@login_required
@require_GET
def event_material_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    material = get_for_user(request.user, EventMaterial, pk)
    content_type = event_services.material_content_type(material.file.name or "")
    return private_download(material.file, filename=material.name, content_type=content_type)


@login_required
@require_POST
def event_material_delete(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_for_user(request.user, EventMaterial.objects.select_related("event__programme"), pk, "delete")
    event_id = material.event_id
    event_services.material_delete(material=material, by=request.user)
    messages.success(request, _("资料已删除。"))
    return redirect("event-detail", pk=event_id)


@login_required
@require_http_methods(["GET", "POST"])
def event_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_selectors.event_for(request.user, pk)
    registration = event_selectors.own_registration(event, request.user)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if registration is None:
            form.add_error(None, _("你没有报名这个活动,不能填写反馈。"))
        else:
            try:
                attendance_services.feedback_submit(registration=registration, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("感谢你的反馈!"))
                return redirect("event-detail", pk=event.pk)
    context = {
        "event": event,
        "form": form,
        "registration": registration,
        "already": bool(registration and event_selectors.has_feedback(registration)),
    }
    return render(request, "support/event_feedback.html", context)


@login_required
@require_GET
def event_feedback_summary(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_selectors.event_for(request.user, pk, "view_feedback")
    summary = event_selectors.feedback_summary(event)
    chart = {
        "scores": [_("%(n)s 分") % {"n": n} for n in summary["distribution"]["scores"]],
        "series": [
            {"name": _("满意度"), "data": summary["distribution"]["satisfaction"]},
            {"name": _("实用性"), "data": summary["distribution"]["usefulness"]},
        ],
    }
    return render(request, "support/event_feedback_summary.html", {"event": event, "summary": summary, "chart": chart})
