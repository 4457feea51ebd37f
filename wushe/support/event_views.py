"""Pages for workshops and trainings: list, detail with registration, materials, the officer's
attendance sheet and check-in screen, the attendee's check-in and feedback, the feedback summary."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wushe.access.door import can_create, get_for_user
from wushe.core.forms import add_errors, flash_errors
from wushe.core.pagination import paginate
from wushe.orgs.models import Organisation
from wushe.programmes.models import Programme
from wushe.support import checkin, event_selectors, event_services
from wushe.support.event_forms import (
    AttendanceForm,
    EventForm,
    FeedbackForm,
    MaterialForm,
    RegistrationForm,
    WalkInForm,
)
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
            registration = event_services.registration_add(
                event=event, organisation=organisation, by=request.user, **person
            )
        except ValidationError as exc:
            name = person.get("guest_name") or getattr(person.get("user"), "name", "")
            for message in exc.messages:
                messages.error(request, f"{name}:{message}" if name and name not in message else message)
        else:
            level = messages.SUCCESS if registration.status == RegistrationStatus.CONFIRMED else messages.WARNING
            messages.add_message(request, level, event_services.registration_outcome(registration))
    return redirect(f"{reverse('event-detail', args=[event.pk])}?org={organisation.pk}")


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_for_user(request.user, Registration.objects.select_related("event"), pk, "cancel")
    try:
        event_services.registration_cancel(registration=registration, by=request.user)
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
    response = FileResponse(material.file.open("rb"), as_attachment=True, filename=material.name)
    response["Content-Type"] = event_services.material_content_type(material.file.name or "")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def event_material_delete(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_for_user(request.user, EventMaterial.objects.select_related("event__programme"), pk, "delete")
    event_id = material.event_id
    event_services.material_delete(material=material, by=request.user)
    messages.success(request, _("资料已删除。"))
    return redirect("event-detail", pk=event_id)


def _walk_in_context(request: HttpRequest, event: Event, form: WalkInForm, **extra: Any) -> dict[str, Any]:
    chosen = form["organisation"].value()
    return {
        "event": event,
        "walk_in_form": form,
        "walk_in_chosen": event_selectors.walk_in_matches(user=request.user, query="", chosen=chosen),
        "checkin_open": event_services.checkin_is_open(event),
        **extra,
    }


@login_required
@require_GET
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    context = event_selectors.attendance_sheet(user=request.user, pk=pk)
    event = context["event"]
    form = WalkInForm(
        initial={"attended": event_services.checkin_is_open(event)},
        organisations=event_selectors.walk_in_organisations(request.user),
    )
    context.update(_walk_in_context(request, event, form))
    return render(request, "support/event_attendance.html", context)


@login_required
@require_POST
def event_walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Register someone at the door. htmx swaps the form card (and the sheet below it)."""
    event = event_selectors.event_for(request.user, pk, "take_attendance")
    form = WalkInForm(request.POST, organisations=event_selectors.walk_in_organisations(request.user))
    done, full = None, False
    if form.is_valid():
        try:
            done = event_services.registration_walk_in(event=event, by=request.user, **form.cleaned_data)
        except event_services.EventFull as exc:
            full = True
            add_errors(form, exc)
        except ValidationError as exc:
            add_errors(form, exc)
    if not request.htmx:  # type: ignore[attr-defined]
        if done is not None:
            messages.success(request, done.message())
            return redirect("event-attendance", pk=event.pk)
        context = event_selectors.attendance_sheet(user=request.user, pk=pk)
        context.update(_walk_in_context(request, event, form, walk_in_full=full))
        return render(request, "support/event_attendance.html", context)
    if done is not None:
        fresh = WalkInForm(  # a group from one organisation comes together: keep it chosen
            initial={"attended": form.cleaned_data["attended"], "organisation": form.cleaned_data["organisation"]},
            organisations=event_selectors.walk_in_organisations(request.user),
        )
        context = event_selectors.attendance_sheet(user=request.user, pk=pk)
        context.update(_walk_in_context(request, event, fresh, walk_in_done=done, oob=True))
    else:
        context = _walk_in_context(request, event, form, walk_in_full=full)
    return render(request, "support/event_walk_in_card.html", context)


@login_required
@require_GET
def event_walk_in_organisations(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisations matching what the officer typed, as choices for the walk-in form."""
    event = event_selectors.event_for(request.user, pk, "take_attendance")
    query = request.GET.get("organisation_q", "")
    matches = event_selectors.walk_in_matches(user=request.user, query=query, chosen=request.GET.get("organisation"))
    context = {"event": event, "matches": matches, "query": query, "chosen": request.GET.get("organisation", "")}
    return render(request, "support/event_walk_in_org_rows.html", context)


@login_required
@require_POST
def event_attendance_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick one name; htmx swaps the row, a plain form post goes back to the sheet."""
    registration = get_for_user(
        request.user,
        Registration.objects.select_related("event__programme", "organisation", "user"),
        pk,
        "mark_attendance",
    )
    form = AttendanceForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("请选择出勤状态。")
    else:
        try:
            registration = event_services.attendance_mark(
                registration=registration, status=form.cleaned_data["status"], by=request.user
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:  # type: ignore[attr-defined]
        registration.shown_phone = registration.guest_phone  # type: ignore[attr-defined]
        context = {"row": registration, "error": error}
        return render(request, "support/event_attendance_row.html", context)
    if error:
        messages.error(request, error)
    return redirect("event-attendance", pk=registration.event_id)


@login_required
@require_POST
def event_attendance_close(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_selectors.event_for(request.user, pk, "take_attendance")
    try:
        count = event_services.attendance_close(event=event, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("签到已结束,%(n)s 人记为缺席。") % {"n": count})
    return redirect("event-attendance", pk=event.pk)


def _qr_context(request: HttpRequest, event: Event) -> dict[str, object]:
    code = checkin.current_code(event)
    url = request.build_absolute_uri(checkin.checkin_path(event, code))
    return {
        "event": event,
        "qr": checkin.qr_svg(url),
        "checkin_url": url,
        "counts": event_selectors.seat_counts(event),
        "generated_at": timezone.localtime(),
        "refresh_seconds": checkin.WINDOW_SECONDS // 2,
    }


@login_required
@require_GET
def checkin_display(request: HttpRequest, pk: int) -> HttpResponse:
    """The screen at the door: the rotating QR code, refreshed by htmx every half window."""
    event = event_selectors.event_for(request.user, pk, "take_attendance")
    context = _qr_context(request, event)
    context["checkin_open"] = event_services.checkin_is_open(event)
    return render(request, "support/checkin_display.html", context)


@login_required
@require_GET
def checkin_qr(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_selectors.event_for(request.user, pk, "take_attendance")
    response = render(request, "support/checkin_qr.html", _qr_context(request, event))
    response["Cache-Control"] = "no-store"
    return response


def _kiosk_context(request: HttpRequest, event: Event) -> dict[str, object]:
    now = timezone.now()
    context = _qr_context(request, event)
    context.update(
        {
            "checkin_open": event_services.checkin_is_open(event, now),
            "checkin_opens_at": event.starts_at - event_services.CHECKIN_OPENS_BEFORE,
            "ended": now >= event.ends_at,
            "refresh_seconds": checkin.KIOSK_REFRESH_SECONDS,
        }
    )
    return context


@login_required
@require_GET
def checkin_kiosk(request: HttpRequest, pk: int) -> HttpResponse:
    """The check-in screen for a tablet or projector at the door: no navigation, a large QR
    code and the live count, refreshed by htmx well inside the code's window."""
    event = event_selectors.event_for(request.user, pk, "take_attendance")
    return render(request, "support/checkin_kiosk.html", _kiosk_context(request, event))


@login_required
@require_GET
def checkin_kiosk_card(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_selectors.event_for(request.user, pk, "take_attendance")
    response = render(request, "support/checkin_kiosk_card.html", _kiosk_context(request, event))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def event_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the attendee's phone lands after scanning: one tap confirms their own check-in."""
    event = event_selectors.event_for(request.user, pk)
    code = (request.POST.get("code") if request.method == "POST" else request.GET.get("code")) or ""
    context: dict[str, object] = {"event": event, "code": code[:64]}
    if request.method == "POST":
        try:
            context["registration"] = event_services.checkin_by_code(event=event, code=code, user=request.user)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
    elif not checkin.code_is_valid(event, code):
        context["error"] = _("签到二维码已过期或无效,请重新扫描现场屏幕上的最新二维码。")
    response = render(request, "support/checkin_landing.html", context)
    response["Cache-Control"] = "no-store"
    return response


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
                event_services.feedback_submit(registration=registration, by=request.user, **form.cleaned_data)
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
