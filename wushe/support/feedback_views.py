"""The feedback link of an event: a public questionnaire for everyone who came, including guests
and walk-ins without an account, and the officers' page that shows its QR code and renews it.

The link is a capability, like a calendar feed: ``/f/<code>/`` with the event's secret code.
Whoever holds it names themselves by the mobile number they registered with; a number that was
not checked in is refused. Failed numbers are counted per event and address, so the link cannot
be used to try numbers one after another.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wushe.core.forms import add_errors
from wushe.support import attendance_services, checkin, event_selectors
from wushe.support.event_forms import FeedbackByPhoneForm
from wushe.support.models import Event

# Wrong numbers allowed per event and address in a quarter of an hour: enough for a room of
# people behind one network who mistype, too few to walk through the numbers of a district.
FAILED_NUMBERS_ALLOWED = 20
FAILED_NUMBERS_WINDOW = 15 * 60


def feedback_url(request: HttpRequest, event: Event) -> str:
    return request.build_absolute_uri(reverse("event-feedback-link", args=[event.feedback_code]))


def _failures_key(request: HttpRequest, event: Event) -> str:
    return f"feedback-link:failures:{event.pk}:{request.META.get('REMOTE_ADDR', '')}"


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def event_feedback_link(request: HttpRequest, code: str) -> HttpResponse:
    """The questionnaire behind the QR code shown at the end of the event."""
    event = event_selectors.event_for_feedback_code(code)
    if event is None:
        raise Http404
    if request.user.is_authenticated:
        own = event_selectors.own_registration(event, request.user)
        if own is not None:  # a signed-in attendee answers as themselves, no number needed
            return redirect("event-feedback", pk=event.pk)
    form = FeedbackByPhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = _failures_key(request, event)
        if (cache.get(key) or 0) >= FAILED_NUMBERS_ALLOWED:
            form.add_error(None, _("手机号核对失败次数过多,请 15 分钟后再试,或联系现场工作人员。"))
        else:
            try:
                attendance_services.feedback_submit_by_phone(event=event, by=request.user, **form.cleaned_data)
            except attendance_services.FeedbackExists as exc:
                add_errors(form, exc)
            except ValidationError as exc:
                if "phone" in getattr(exc, "error_dict", {}):
                    cache.add(key, 0, FAILED_NUMBERS_WINDOW)
                    cache.incr(key)
                add_errors(form, exc)
            else:
                return _private(redirect(f"{request.path}?thanks=1"))
    context = {
        "event": event,
        "form": form,
        "open": attendance_services.feedback_link_is_open(event),
        "closes_at": attendance_services.feedback_link_closes_at(event),
        "thanks": request.method == "GET" and request.GET.get("thanks") == "1",
    }
    return _private(render(request, "support/event_feedback_link.html", context))


@login_required
@require_GET
def event_feedback_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """For the officers: the link's QR code to show on the screen, with its address to copy."""
    event = event_selectors.event_for(request.user, pk, "take_attendance")
    url = feedback_url(request, event)
    context = {
        "event": event,
        "feedback_url": url,
        "qr": checkin.qr_svg(url),
        "open": attendance_services.feedback_link_is_open(event),
        "closes_at": attendance_services.feedback_link_closes_at(event),
        "answers": event_selectors.feedback_count(event),
    }
    return _private(render(request, "support/event_feedback_qr.html", context))


@login_required
@require_POST
def event_feedback_link_renew(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_selectors.event_for(request.user, pk, "take_attendance")
    attendance_services.feedback_link_renew(event=event, by=request.user)
    messages.success(request, _("已生成新的反馈链接,原链接和二维码不再有效。"))
    return redirect("event-feedback-qr", pk=event.pk)
