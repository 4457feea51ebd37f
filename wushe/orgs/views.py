from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wushe.access.door import can_create, get_for_user, require_create
from wushe.access.models import Membership
from wushe.access.services import invitation_create, membership_change_role, membership_remove
from wushe.core.forms import add_errors
from wushe.core.pagination import paginate
from wushe.orgs import selectors
from wushe.orgs.forms import InvitationForm, MembershipRoleForm, OrganisationForm, OrganisationSearchForm
from wushe.orgs.models import Organisation, Place
from wushe.orgs.services import organisation_create, organisation_set_active, organisation_update
from wushe.orgs.tasks import send_invitation_email


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.organisation_list(
        user=request.user, query=data.get("q", ""), kind=data.get("kind", ""), place=data.get("place")
    )
    page = paginate(request, qs, settings.WUSHE_PAGE_SIZE)
    context = {"form": form, "page": page, "can_create": can_create(request.user, Organisation)}
    if request.htmx and request.htmx.target == "organisation-results":
        return render(request, "orgs/organisation_rows.html", context)
    return render(request, "orgs/organisation_list.html", context)


@login_required
@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "orgs/organisation_detail.html", selectors.organisation_detail(user=request.user, pk=pk))


def _save_form(request: HttpRequest, form: OrganisationForm, organisation: Organisation | None) -> Organisation | None:
    if not form.is_valid():
        return None
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("service_places", "fields_of_work")}
    if data.get("logo") is False:  # "clear" ticked
        data["logo"] = ""
    elif not data.get("logo"):
        data.pop("logo", None)
    try:
        kwargs = {
            "by": request.user,
            "data": data,
            "service_places": form.cleaned_data["service_places"],
            "fields_of_work": form.cleaned_data["fields_of_work"],
        }
        if organisation is None:
            return organisation_create(**kwargs)
        return organisation_update(organisation=organisation, **kwargs)
    except ValidationError as exc:
        add_errors(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create_view(request: HttpRequest) -> HttpResponse:
    require_create(request.user, Organisation)
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        org = _save_form(request, form, None)
        if org is not None:
            messages.success(request, _("已创建组织“%(name)s”。") % {"name": org.name})
            return redirect("organisation-detail", pk=org.pk)
    return render(request, "orgs/organisation_form.html", {"form": form, "organisation": None})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_for_user(request.user, Organisation, pk, "change")
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=org)
    if request.method == "POST":
        saved = _save_form(request, form, Organisation.objects.get(pk=org.pk))
        if saved is not None:
            messages.success(request, _("已保存。"))
            return redirect("organisation-detail", pk=saved.pk)
    return render(request, "orgs/organisation_form.html", {"form": form, "organisation": org})


@login_required
@require_POST
def organisation_archive(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_for_user(request.user, Organisation, pk, "archive")
    active = request.POST.get("active") == "1"
    organisation_set_active(organisation=org, by=request.user, active=active)
    messages.success(request, _("已恢复该组织。") if active else _("已归档该组织。"))
    return redirect("organisation-detail", pk=org.pk)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_invite(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_for_user(request.user, Organisation, pk, "invite")
    form = InvitationForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            invitation, secret = invitation_create(organisation=org, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            link = request.build_absolute_uri(reverse("invitation-accept", args=[secret]))
            if invitation.email:
                send_invitation_email.enqueue(invitation_id=invitation.pk, link=link)
            messages.success(request, _("已邀请%(name)s。") % {"name": invitation.name})
            form = InvitationForm()
    invitations = org.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).order_by("-created_at")
    return render(
        request,
        "orgs/organisation_invite.html",
        {"organisation": org, "form": form, "link": link, "invitations": invitations},
    )


@login_required
@require_POST
def membership_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_for_user(request.user, Membership.objects.select_related("user"), pk, "change")
    form = MembershipRoleForm(request.POST)
    if form.is_valid():
        try:
            membership_change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
            messages.success(request, _("已更新%(name)s的角色。") % {"name": membership.user.name})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("请选择有效的角色。"))
    return redirect("organisation-detail", pk=membership.organisation_id)


@login_required
@require_POST
def membership_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_for_user(request.user, Membership.objects.select_related("user"), pk, "remove")
    try:
        membership_remove(membership=membership, by=request.user)
        messages.success(request, _("已移除%(name)s。") % {"name": membership.user.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("organisation-detail", pk=membership.organisation_id)


@login_required
@require_GET
def place_list(request: HttpRequest) -> HttpResponse:
    parent = None
    if request.GET.get("parent"):
        parent = get_for_user(request.user, Place.objects.select_related("parent"), request.GET["parent"])
    ancestors = []
    node = parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    children = selectors.place_children(user=request.user, parent=parent)
    return render(request, "orgs/place_list.html", {"parent": parent, "ancestors": ancestors, "places": children})


@login_required
@require_GET
def place_pick(request: HttpRequest) -> HttpResponse:
    field = request.GET.get("field", "place")[:40]
    query = request.GET.get(f"{field}_q") or request.GET.get("q", "")
    level = request.GET.get("level")
    places = (
        selectors.place_search(user=request.user, query=query, level=int(level) if level and level.isdigit() else None)
        if query.strip()
        else []
    )
    return render(
        request,
        "orgs/place_pick_rows.html",
        {"places": places, "field": field, "multiple": request.GET.get("multiple") == "1", "query": query},
    )


@login_required
@require_GET
def organisation_logo(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_for_user(request.user, Organisation, pk)
    if not org.logo:
        raise Http404
    response = FileResponse(org.logo.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response
