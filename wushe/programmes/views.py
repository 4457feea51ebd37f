from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wushe.access.door import get_for_user
from wushe.core.forms import add_errors
from wushe.programmes import selectors
from wushe.programmes.forms import CallExtendForm
from wushe.programmes.models import Call
from wushe.programmes.services import call_extend


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    """Open calls and their rules, for everyone: no sign-in needed."""
    return render(request, "programmes/call_list.html", {"calls": selectors.open_calls(user=request.user)})


@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "programmes/call_detail.html", selectors.call_detail(user=request.user, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def call_extend_view(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_for_user(request.user, Call, pk, "extend")
    form = CallExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call_extend(call=call, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("截止时间已延长。"))
            return redirect("call-detail", pk=call.pk)
    return render(request, "programmes/call_extend.html", {"call": call, "form": form})


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "programmes/programme_list.html", {"programmes": selectors.programme_list(user=request.user)}
    )
