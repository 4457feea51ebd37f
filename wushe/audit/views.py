from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from wushe.access.door import visible_to
from wushe.access.roles import actor_for
from wushe.audit.masking import mask_phones_in, masked_changes
from wushe.core.pagination import paginate

AUDITED = [
    ("organisation", _("组织")),
    ("membership", _("成员")),
    ("invitation", _("成员邀请")),
    ("platformrole", _("平台角色")),
    ("place", _("地点")),
]


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    if not actor_for(request.user).platform_admin:
        raise Http404
    qs = visible_to(request.user, LogEntry).select_related("actor", "content_type").order_by("-timestamp", "-pk")
    model = request.GET.get("model", "")
    if model:
        qs = qs.filter(content_type__model=model)
    if request.GET.get("actor", "").isdigit():
        qs = qs.filter(actor_id=int(request.GET["actor"]))
    page = paginate(request, qs, 30)
    page.object_list = list(page.object_list)
    for entry in page.object_list:
        # Phone numbers are masked as lists mask them; the stored entry keeps them whole.
        entry.shown_changes = masked_changes(entry.changes_dict)
        entry.shown_repr = mask_phones_in(entry.object_repr)
    return render(request, "audit/audit_list.html", {"page": page, "model": model, "models": AUDITED})
