"""Pages at the door of a workshop or training: the officer's attendance sheet (ticks, walk-ins,
closing attendance), the rotating check-in code on a screen or a kiosk, and the attendee's
check-in after scanning it."""

from __future__ import annotations

from typing import Any

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
from wushe.support import attendance_services, checkin, event_selectors, registration_services
from wushe.support.event_forms import AttendanceForm, WalkInForm
from wushe.support.feedback_views import feedback_url
from wushe.support.models import Event, Registration


def _walk_in_form(request: HttpRequest, event: Event, data: Any = None, **initial: Any) -> WalkInForm:
    organisations = event_selectors.walk_in_organisations(request.user)
    return WalkInForm(data, initial=initial, event=event, organisations=organisations)


def _walk_in_context(event: Event, form: WalkInForm, **extra: Any) -> dict[str, Any]:
    return {"event": event, "walk_in_form": form, "checkin_open": attendance_services.checkin_is_open(event), **extra}


@login_required
@require_GET
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    context = event_selectors.attendance_sheet(user=request.user, pk=pk)
    event = context["event"]
    form = _walk_in_form(request, event, attended=attendance_services.checkin_is_open(event))
    context.update(_walk_in_context(event, form))
    return render(request, "support/event_attendance.html", context)


@login_required
@require_POST
def event_walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Register someone at the door. htmx swaps the form card (and the sheet below it)."""
    event = event_selectors.event_for(request.user, pk, "take_attendance")
    form = _walk_in_form(request, event, request.POST)
    done, full = None, False
    if form.is_valid():
        try:
            done = registration_services.registration_walk_in(event=event, by=request.user, **form.cleaned_data)
        except registration_services.EventFull as exc:
            full = True
            add_errors(form, exc)
        except ValidationError as exc:
            add_errors(form, exc)
    if not request.htmx:  # type: ignore[attr-defined]
        if done is not None:
            messages.success(request, done.message())
            return redirect("event-attendance", pk=event.pk)
        context = event_selectors.attendance_sheet(user=request.user, pk=pk)
        context.update(_walk_in_context(event, form, walk_in_full=full))
        return render(request, "support/event_attendance.html", context)
    if done is not None:
        fresh = _walk_in_form(  # a group from one organisation comes together: keep it chosen
            request, event, attended=form.cleaned_data["attended"], organisation=form.cleaned_data["organisation"]
        )
        context = event_selectors.attendance_sheet(user=request.user, pk=pk)
        context.update(_walk_in_context(event, fresh, walk_in_done=done, oob=True))
    else:
        context = _walk_in_context(event, form, walk_in_full=full)
    return render(request, "support/event_walk_in_card.html", context)


@login_required
@require_GET
def event_walk_in_organisations(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisations matching what the officer typed, as choices for the walk-in form."""
    event_selectors.event_for(request.user, pk, "take_attendance")  # for the event's officers only
    query, chosen = request.GET.get("organisation_q", ""), request.GET.get("organisation", "")
    found, more = event_selectors.walk_in_matches(user=request.user, query=query, chosen=chosen)
    context = {
        "organisations": found,
        "more": more,
        "limit": event_selectors.WALK_IN_MATCHES,
        "query": query.strip(),
        "field": "organisation",
        "multiple": False,
        "chosen": chosen,
    }
    return render(request, "orgs/organisation_pick_rows.html", context)


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
            registration = attendance_services.attendance_mark(
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
        count = attendance_services.attendance_close(event=event, by=request.user)
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
    context["checkin_open"] = attendance_services.checkin_is_open(event)
    return render(request, "support/checkin_display.html", context)


@login_required
@require_GET
def checkin_qr(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_selectors.event_for(request.user, pk, "take_attendance")
    response = render(request, "support/checkin_qr.html", _qr_context(request, event))
    response["Cache-Control"] = "no-store"
    return response


def _kiosk_context(request: HttpRequest, event: Event) -> dict[str, object]:
    """Before and during the event the check-in code; once it has ended, the feedback link."""
    now = timezone.now()
    context = _qr_context(request, event)
    ended = now >= event.ends_at
    context.update(
        {
            "checkin_open": attendance_services.checkin_is_open(event, now),
            "checkin_opens_at": event.starts_at - attendance_services.CHECKIN_OPENS_BEFORE,
            "ended": ended,
            "refresh_seconds": checkin.KIOSK_REFRESH_SECONDS,
        }
    )
    if ended and attendance_services.feedback_link_is_open(event, now):
        context["feedback_qr"] = checkin.qr_svg(feedback_url(request, event))
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
            context["registration"] = attendance_services.checkin_by_code(event=event, code=code, user=request.user)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
    elif not checkin.code_is_valid(event, code):
        context["error"] = _("签到二维码已过期或无效,请重新扫描现场屏幕上的最新二维码。")
    response = render(request, "support/checkin_landing.html", context)
    response["Cache-Control"] = "no-store"
    return response
