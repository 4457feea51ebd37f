from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wushe.insights import selectors
from wushe.insights.home import home_panels


@login_required
@require_GET
def programme_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "insights/programme_dashboard.html", selectors.programme_dashboard(user=request.user, pk=pk))


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = home_panels(user=request.user)
    context["today"] = timezone.localdate()
    return render(request, "insights/home.html", context)
