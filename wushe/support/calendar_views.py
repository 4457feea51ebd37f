"""The calendar: month and week pages (a grid on wide screens, a list by day on phones) for
oneself, an organisation and a programme; the feed settings page; and the secret iCalendar
feeds that phone calendars subscribe to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wushe.access.door import can_create, get_for_user
from wushe.access.roles import actor_for
from wushe.orgs.models import Organisation
from wushe.support import calendar_selectors, ics, ledger_selectors, selectors
from wushe.support.calendar_services import calendar_feed_create, calendar_feed_revoke
from wushe.support.forms import CalendarForm
from wushe.support.models import CalendarFeed
from wushe.support.policies import manages_organisation_feed

Items = Callable[[datetime, datetime], list[calendar_selectors.CalendarItem]]


def _render_calendar(request: HttpRequest, items_for: Items, title: str, extra: dict[str, Any]) -> HttpResponse:
    form = CalendarForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    view = calendar_selectors.calendar_view(data.get("view") or "month", data.get("date") or timezone.localdate())
    start, end = selectors.day_bounds(view.days[0], view.days[-1])
    grouped = calendar_selectors.by_day(items_for(start, end), view.days)
    context = {
        "title": title,
        "view": view,
        "weeks": [[(day, grouped[day]) for day in week] for week in view.weeks],
        "list_days": [(day, grouped[day]) for day in view.days if grouped[day]],
        "today": timezone.localdate(),
        **extra,
    }
    return render(request, "support/calendar.html", context)


@login_required
@require_GET
def my_calendar(request: HttpRequest) -> HttpResponse:
    user = request.user
    return _render_calendar(
        request, lambda start, end: calendar_selectors.user_calendar(user, start, end), _("我的日历"), {"scope": "me"}
    )


@login_required
@require_GET
def organisation_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = ledger_selectors.organisation_for_ledger(user=request.user, pk=pk)
    user = request.user
    return _render_calendar(
        request,
        lambda start, end: calendar_selectors.organisation_calendar(organisation, start, end, user=user),
        _("%(org)s的日历") % {"org": organisation.display_name},
        {"scope": "organisation", "organisation": organisation},
    )


@login_required
@require_GET
def programme_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    programme, level = ledger_selectors.programme_for_ledger(user=request.user, pk=pk)
    if level == "aggregate":
        raise PermissionDenied(_("你只能查看该资助计划的汇总数据。"))
    return _render_calendar(
        request,
        lambda start, end: calendar_selectors.programme_calendar(programme, start, end),
        _("%(programme)s的日历") % {"programme": programme.display_name},
        {"scope": "programme", "programme": programme},
    )


# --- feeds ----------------------------------------------------------------------------------


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("calendar-feed", args=[token]))


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feeds(request: HttpRequest) -> HttpResponse:
    """Create (POST, optionally with ``organisation``) and list one's feeds; a new feed's URL is
    shown once."""
    actor = actor_for(request.user)
    new_url = None
    if request.method == "POST":
        organisation = None
        raw = request.POST.get("organisation", "")
        if raw:
            organisation = get_for_user(request.user, Organisation, raw)
            if not can_create(request.user, CalendarFeed, organisation):
                raise PermissionDenied(_("只有机构的管理员和工作人员可以为机构创建日历订阅。"))
        try:
            _feed, token = calendar_feed_create(by=request.user, organisation=organisation)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            new_url = _feed_url(request, token)
    manageable = [
        m.organisation
        for m in request.user.memberships.select_related("organisation").order_by("organisation__name")
        if m.organisation.is_active and manages_organisation_feed(actor, m.organisation)
    ]
    context = {
        "feeds": calendar_selectors.feed_list(user=request.user),
        "new_url": new_url,
        "new_webcal": new_url.replace("https://", "webcal://").replace("http://", "webcal://") if new_url else None,
        "organisations": manageable,
    }
    return render(request, "support/calendar_feeds.html", context)


@login_required
@require_POST
def calendar_feed_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_for_user(request.user, CalendarFeed, pk, "revoke")
    calendar_feed_revoke(feed=feed, by=request.user)
    messages.success(request, _("日历订阅已停用,原链接不再有效。"))
    return redirect("calendar-feeds")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed behind a secret URL; an unknown or revoked secret is not found."""
    feed = calendar_selectors.feed_for_token(token)
    if feed is None:
        raise Http404
    if feed.organisation_id is not None:
        name = _("%(org)s · 五社联动") % {"org": feed.organisation.display_name}
    else:
        name = _("%(name)s · 五社联动") % {"name": feed.user.name if feed.user else ""}
    events = [
        ics.IcsEvent(
            uid=item.uid,
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            summary=f"{item.kind}:{item.title}",
            description=item.description,
            location=item.place,
            url=request.build_absolute_uri(item.url) if item.url else "",
            categories=item.kind,
        )
        for item in calendar_selectors.feed_items(feed)
    ]
    body = ics.calendar(events, name=name, stamp=timezone.now())
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="wushe.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
