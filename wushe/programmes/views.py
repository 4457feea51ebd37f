from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wushe.access.door import get_for_user
from wushe.access.roles import actor_for
from wushe.core.forms import add_errors
from wushe.core.money import parse_amount
from wushe.orgs.models import Organisation, OrganisationKind
from wushe.programmes import selectors
from wushe.programmes.forms import CallExtendForm, CallForm, ProgrammeForm, parse_rows
from wushe.programmes.models import Call, Programme
from wushe.programmes.services import call_create, call_extend, call_update, programme_create, programme_update


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


def _funder_rows(request: HttpRequest, form: forms.BaseForm) -> list[tuple[Organisation, Decimal]] | None:
    """The funder rows of the programme form; field errors are put on the form."""
    rows = []
    funders = {str(o.pk): o for o in Organisation.objects.filter(kind=OrganisationKind.FUNDER)}
    for row in parse_rows(request.POST, "funder", "committed_amount"):
        funder = funders.get(row["funder"])
        if funder is None:
            form.add_error(None, _("请选择资助方。"))
            return None
        try:
            amount = parse_amount(row["committed_amount"] or "0", "committed_amount", allow_zero=True)
        except ValidationError as exc:
            form.add_error(None, f"{funder.name}:{' '.join(exc.messages)}")
            return None
        rows.append((funder, amount))
    return rows


def _phase_rows(request: HttpRequest, form: forms.BaseForm) -> list[dict[str, Any]] | None:
    rows = []
    for row in parse_rows(request.POST, "phase_name", "phase_starts_on", "phase_ends_on"):
        try:
            starts, ends = date.fromisoformat(row["phase_starts_on"]), date.fromisoformat(row["phase_ends_on"])
        except ValueError:
            form.add_error(None, _("阶段“%(name)s”的日期无效。") % {"name": row["phase_name"]})
            return None
        rows.append({"name": row["phase_name"][:40], "starts_on": starts, "ends_on": ends})
    return rows


def _programme_form_page(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    actor = actor_for(request.user)
    runs = Organisation.objects.filter(kind=OrganisationKind.SUPPORT)
    if not actor.platform_admin:
        runs = runs.filter(pk__in=actor.officer_of)
    form = ProgrammeForm(request.POST or None, instance=programme, runs=runs)
    if request.method == "POST" and form.is_valid():
        funders, phases = _funder_rows(request, form), _phase_rows(request, form)
        if funders is not None and phases is not None:
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("themes", "support_organisation")}
            try:
                if programme is None:
                    programme = programme_create(
                        by=request.user,
                        support_organisation=form.cleaned_data["support_organisation"],
                        data=data,
                        funders=funders,
                        themes=form.cleaned_data["themes"],
                        phases=phases,
                    )
                else:
                    programme = programme_update(
                        programme=programme,
                        by=request.user,
                        data=data,
                        funders=funders,
                        themes=form.cleaned_data["themes"],
                        phases=phases,
                    )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("资助计划已保存。"))
                return redirect("programme-dashboard", pk=programme.pk)
    context = {
        "form": form,
        "programme": programme,
        "funder_choices": Organisation.objects.filter(kind=OrganisationKind.FUNDER).order_by("search_pinyin"),
        "funder_rows": list(programme.funders.select_related("funder")) if programme else [],
        "phase_rows": list(programme.phases.all()) if programme else [],
    }
    return render(request, "programmes/programme_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_create_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not (actor.platform_admin or actor.programme_officer):
        raise PermissionDenied(_("只有项目官员可以新建资助计划。"))
    return _programme_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_form_page(request, get_for_user(request.user, Programme, pk, "change"))


@login_required
@require_http_methods(["GET", "POST"])
def call_create_view(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = get_for_user(request.user, Programme, programme_pk, "manage_calls")
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = call_create(by=request.user, programme=programme, data=form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("项目征集已创建。"))
            return redirect("call-detail", pk=call.pk)
    return render(request, "programmes/call_form.html", {"form": form, "programme": programme, "call": None})


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_for_user(request.user, Call.objects.select_related("programme"), pk, "change")
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if not form.fields[k].disabled}
            call = call_update(call=Call.objects.get(pk=call.pk), by=request.user, data=data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("call-detail", pk=call.pk)
    return render(request, "programmes/call_form.html", {"form": form, "programme": call.programme, "call": call})
