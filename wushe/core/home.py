from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wushe.access.door import visible_to
from wushe.access.roles import actor_for, role_labels
from wushe.orgs.models import Organisation, OrganisationKind


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    counts = dict(
        visible_to(request.user, Organisation).active().values_list("kind").annotate(n=Count("id")).order_by()
    )
    kinds = [(value, label, counts.get(value, 0)) for value, label in OrganisationKind.choices]
    memberships = request.user.memberships.select_related("organisation").order_by("organisation__search_pinyin")
    return render(
        request,
        "core/home.html",
        {"kinds": kinds, "memberships": memberships, "roles": role_labels(actor), "actor": actor},
    )
