from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wushe.access.door import get_for_user, visible_to
from wushe.access.roles import actor_for, role_labels
from wushe.access.services import invitation_accept, invitation_find
from wushe.accounts.forms import ApiTokenForm, SignupFromInvitationForm
from wushe.accounts.models import ApiToken, Notification
from wushe.accounts.services import api_token_create, api_token_revoke, notification_mark_read, user_create
from wushe.core.forms import add_errors
from wushe.core.pagination import paginate


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("organisation").order_by("organisation__search_pinyin")
    return render(
        request,
        "accounts/profile.html",
        {"memberships": memberships, "roles": role_labels(actor_for(request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            form = ApiTokenForm()
    tokens = visible_to(request.user, ApiToken).order_by("-created_at")
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "secret": secret})


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_for_user(request.user, ApiToken, pk, "revoke")
    api_token_revoke(token=token, by=request.user)
    messages.success(request, _("令牌“%(name)s”已撤销。") % {"name": token.name})
    return redirect("api-tokens")


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = invitation_find(secret)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = SignupFromInvitationForm(request.POST or None, initial={"name": invitation.name})
    if request.method == "POST":
        user = request.user if request.user.is_authenticated else None
        if user is None and form.is_valid():
            try:
                user = user_create(
                    name=form.cleaned_data["name"],
                    password=form.cleaned_data["password"],
                    email=invitation.email or None,
                    phone=invitation.phone or None,
                )
            except ValidationError as exc:
                add_errors(form, exc, default_field="password")
                user = None
            else:
                login(request, user, backend="wushe.accounts.backends.PhoneOrEmailBackend")
        if user is not None:
            try:
                membership = invitation_accept(invitation=invitation, user=user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect("home")
            messages.success(request, _("你已加入%(org)s。") % {"org": membership.organisation.name})
            return redirect("organisation-detail", pk=membership.organisation_id)
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    """One's notifications, newest first. POST ``id`` marks one read (and, with ``go``, opens its
    link); POST without ``id`` marks them all read."""
    if request.method == "POST":
        if request.POST.get("id"):
            notification = get_for_user(request.user, Notification, request.POST["id"], "mark_read")
            notification_mark_read(user=request.user, notification=notification)
            target = notification.url
            if request.POST.get("go") and target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
                return redirect(target)
        else:
            notification_mark_read(user=request.user)
        return redirect("notification-list")
    page = paginate(request, visible_to(request.user, Notification), settings.WUSHE_PAGE_SIZE)
    return render(request, "accounts/notification_list.html", {"page": page})
