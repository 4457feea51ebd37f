from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wushe.access.door import get_for_user, require_create
from wushe.core.forms import add_errors
from wushe.core.money import yuan
from wushe.core.pagination import paginate
from wushe.grants import selectors
from wushe.grants.budget_services import grant_budget_revise, scaled_budget
from wushe.grants.forms import (
    DEFAULT_TRANCHES,
    BudgetRevisionForm,
    DisbursementForm,
    ExpenditureForm,
    GrantFilterForm,
    GrantForm,
    TrancheFormSet,
)
from wushe.grants.models import ZERO, Grant
from wushe.grants.services import (
    approved_amount,
    grant_create_from_proposal,
    grant_disburse,
    grant_record_expenditure,
    grant_transition,
)
from wushe.proposals.models import BudgetCategory, Proposal


@login_required
@require_GET
def grant_list(request: HttpRequest) -> HttpResponse:
    form = GrantFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.grant_list(
        user=request.user,
        query=(data.get("q") or "").strip(),
        status=data.get("status") or "",
        programme_id=data.get("programme"),
    )
    page = paginate(request, qs, settings.WUSHE_PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    querystring_base = params.urlencode() + "&" if params else ""
    return render(request, "grants/grant_list.html", {"form": form, "page": page, "querystring_base": querystring_base})


@login_required
@require_GET
def grant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "grants/grant_detail.html", selectors.grant_detail(user=request.user, pk=pk))


def _put_tranche_errors(form: Form, formset: Any, rows: list[int], exc: ValidationError) -> None:
    """Service errors named ``tranches.<i>.<field>`` go on the i-th filled row of the formset."""
    if not hasattr(exc, "error_dict"):
        add_errors(form, exc)
        return
    for key, msgs in exc.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "tranches" and parts[1].isdigit() and int(parts[1]) < len(rows):
            row = formset.forms[rows[int(parts[1])]]
            for msg in msgs:
                row.add_error(parts[2] if parts[2] in row.fields else None, msg)
        else:
            add_errors(form, ValidationError({key: msgs}))


@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = get_for_user(
        request.user, Proposal.objects.select_related("call__programme", "organisation"), proposal_pk
    )
    require_create(request.user, Grant, proposal)
    existing = Grant.objects.filter(proposal=proposal).first()
    if existing is not None:
        messages.info(request, _("该项目书已签订资助协议。"))
        return redirect("grant-detail", pk=existing.pk)
    today = timezone.localdate()
    form = GrantForm(request.POST or None, initial={"starts_on": today, "ends_on": today + timedelta(days=364)})
    formset = TrancheFormSet(request.POST or None, prefix="tranches", initial=DEFAULT_TRANCHES)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [i for i, f in enumerate(formset.forms) if any(f.cleaned_data.get(k) for k in f.fields)]
        try:
            grant = grant_create_from_proposal(
                proposal=proposal,
                by=request.user,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                tranches=[formset.forms[i].cleaned_data for i in rows],
            )
        except ValidationError as exc:
            _put_tranche_errors(form, formset, rows, exc)
        else:
            messages.success(
                request,
                _("已签订资助协议 %(number)s,资助金额 %(amount)s。")
                % {"number": grant.agreement_number, "amount": yuan(grant.amount)},
            )
            return redirect("grant-detail", pk=grant.pk)
    context = {
        "proposal": proposal,
        "amount": approved_amount(proposal),
        "budget_lines": list(proposal.budget_lines.all()),
        "form": form,
        "formset": formset,
    }
    return render(request, "grants/grant_create.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def grant_disburse_view(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_for_user(request.user, Grant.objects.select_related("programme", "organisation"), pk, "disburse")
    form = DisbursementForm(request.POST or None, grant=grant)
    if request.method == "POST" and form.is_valid():
        try:
            payment = grant_disburse(grant=grant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("已登记拨付 %(amount)s(%(label)s)。")
                % {"amount": yuan(payment.amount), "label": payment.tranche.label},
            )
            return redirect("grant-detail", pk=grant.pk)
    return render(request, "grants/grant_disburse.html", {"grant": grant, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def grant_expenditure(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_for_user(
        request.user, Grant.objects.select_related("programme", "organisation"), pk, "record_expenditure"
    )
    form = ExpenditureForm(request.POST or None, grant=grant)
    if request.method == "POST" and form.is_valid():
        try:
            grant_record_expenditure(grant=grant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("已登记支出。"))
            return redirect("grant-detail", pk=grant.pk)
    return render(request, "grants/grant_expenditure.html", {"grant": grant, "form": form})


@login_required
@require_POST
def grant_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_for_user(request.user, Grant.objects.select_related("programme"), pk, "transition")
    try:
        grant = grant_transition(
            grant=grant,
            action=request.POST.get("action", "")[:20],
            by=request.user,
            reason=request.POST.get("reason", "")[:1000],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("协议状态已改为“%(s)s”。") % {"s": grant.get_status_display()})
    return redirect("grant-detail", pk=grant.pk)


# --- budget revision --------------------------------------------------------------------------


def _row(line: Any, amount: str | None = None, remove: bool = False) -> dict[str, Any]:
    return {
        "id": line.pk,
        "category": line.category,
        "label": line.get_category_display(),
        "item": line.item,
        "amount": str(line.amount) if amount is None else amount,
        "spent": line.spent,
        "remove": remove,
        "new": False,
        "errors": [],
    }


def _posted_rows(request: HttpRequest, lines: list[Any]) -> list[dict[str, Any]]:
    """The rows of the form as sent: kept lines by id (their category and item from the
    database), lines ticked for removal, and new rows; blank new rows are dropped."""
    by_id = {str(line.pk): line for line in lines}
    removed = set(request.POST.getlist("remove"))
    labels = dict(BudgetCategory.choices)
    rows = []
    posted = zip(
        request.POST.getlist("line"),
        request.POST.getlist("category"),
        request.POST.getlist("item"),
        request.POST.getlist("amount"),
        strict=False,
    )
    for raw_id, category, item, amount in list(posted)[:100]:
        raw_id, item, amount = raw_id.strip()[:20], item.strip()[:100], amount.strip()[:20]
        if raw_id in by_id:
            rows.append(_row(by_id[raw_id], amount, raw_id in removed))
        elif raw_id or item or amount:
            rows.append(
                {
                    "id": raw_id,
                    "category": category[:12],
                    "label": labels.get(category, ""),
                    "item": item,
                    "amount": amount,
                    "spent": ZERO,
                    "remove": bool(raw_id) and raw_id in removed,
                    "new": not raw_id,
                    "errors": [],
                }
            )
    return rows


def _as_yuan(raw: str) -> Decimal:
    try:
        value = Decimal(raw.replace(",", "").replace("¥", "").strip())
    except InvalidOperation:
        return ZERO
    return value if value.is_finite() and value > 0 else ZERO


@login_required
@require_http_methods(["GET", "POST"])
def grant_budget(request: HttpRequest, pk: int) -> HttpResponse:
    """Revise the budget lines to the grant amount, with a reason; or fill the amounts in scaled
    to the grant amount (``scale``) for the person to adjust before saving."""
    grant = get_for_user(request.user, Grant.objects.select_related("programme", "organisation"), pk, "revise_budget")
    context = selectors.grant_budget(user=request.user, grant=grant)
    rows = [_row(line) for line in context["budget_lines"]]
    form = BudgetRevisionForm(request.POST or None)
    errors: list[str] = []
    scaled = False
    if request.method == "POST":
        rows = _posted_rows(request, context["budget_lines"])
        kept = [r for r in rows if not r["remove"]]
        if "scale" in request.POST:
            suggested = scaled_budget(
                [_as_yuan(r["amount"]) for r in kept], grant.amount, floors=[r["spent"] for r in kept]
            )
            for r, amount in zip(kept, suggested, strict=True):
                r["amount"] = str(amount)
            scaled = True
        elif form.is_valid():
            try:
                grant_budget_revise(
                    grant=grant,
                    by=request.user,
                    lines=[{k: r[k] for k in ("id", "category", "item", "amount")} for r in kept],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                errors = _put_line_errors(form, kept, exc)
            else:
                messages.success(
                    request, _("预算已调整,合计与资助金额 %(amount)s 一致。") % {"amount": yuan(grant.amount)}
                )
                return redirect("grant-detail", pk=grant.pk)
    rows_total = sum((_as_yuan(r["amount"]) for r in rows if not r["remove"]), ZERO)
    context.update(
        {
            "rows": rows,
            "rows_total": rows_total,
            "rows_gap": rows_total - grant.amount,
            "rows_gap_abs": abs(rows_total - grant.amount),
            "amount_cents": int(grant.amount * 100),
            "form": form,
            "errors": errors,
            "scaled": scaled,
            "categories": BudgetCategory.choices,
        }
    )
    return render(request, "grants/grant_budget.html", context)


def _put_line_errors(form: Form, rows: list[dict[str, Any]], exc: ValidationError) -> list[str]:
    """Service errors named ``lines.<i>.<field>`` go on the i-th row sent, ``reason`` on the
    form; the rest (the total, a removed line with spending, the state) are returned."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    general: list[str] = []
    for key, msgs in exc.message_dict.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "lines" and parts[1].isdigit() and int(parts[1]) < len(rows):
            rows[int(parts[1])]["errors"].extend(msgs)
        elif key in form.fields:
            for msg in msgs:
                form.add_error(key, msg)
        else:
            general.extend(msgs)
    return general
