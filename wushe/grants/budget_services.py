"""Revising a grant's budget: when a proposal is approved for less than it asked, the grant's
budget lines are brought to the grant amount, never below what has been spent on a line; each
revision is kept with its reason and, once committed, told to the other side (programme
officers or the grantee's admins) in the app and by e-mail, by a task."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from wushe.access.door import require
from wushe.core.audit import acting_as, audit_event
from wushe.core.forms import clean_text
from wushe.core.money import CENT, parse_amount, yuan
from wushe.grants.models import ZERO, BudgetRevision, Expenditure, Grant, GrantBudgetLine
from wushe.grants.tasks import send_budget_revision_notice
from wushe.grants.transitions import GUARDS, allowed
from wushe.proposals.models import BudgetCategory

# --- the budget -------------------------------------------------------------------------------

MAX_BUDGET_LINES = 50
YUAN = Decimal("1")


def scaled_budget(amounts: Sequence[Decimal], total: Decimal, floors: Sequence[Decimal] | None = None) -> list[Decimal]:
    """``amounts`` scaled in proportion so they add up to ``total``: each rounded to whole yuan,
    and what the rounding leaves (cents included) put on the largest line. A line that would fall
    below its floor (what was already spent on it) is kept at the floor and the others share the
    rest. A suggestion for the person revising the budget, who adjusts it before saving; lines
    that add up to nothing, or floors above the total, leave the floors aside."""
    amounts = [Decimal(a) for a in amounts]
    lows = [Decimal(f) for f in floors] if floors is not None else [ZERO] * len(amounts)
    if not amounts or sum(amounts, ZERO) <= 0:
        return amounts
    if sum(lows, ZERO) > total:
        lows = [ZERO] * len(amounts)
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(amounts)) if i not in fixed]
        base = sum((amounts[i] for i in free), ZERO)
        left = total - sum((lows[i] for i in fixed), ZERO)
        if base <= 0:
            break
        below = {i for i in free if amounts[i] * left / base < lows[i]}
        if not below:
            break
        fixed |= below
    free = [i for i in range(len(amounts)) if i not in fixed]
    if not free or base <= 0:  # every line held at its floor, or nothing left to share
        return _with_remainder(amounts, lows, total, lambda i, _rounding: lows[i])
    largest = max(free, key=lambda i: (amounts[i], -i))

    def share(i: int, rounding: str) -> Decimal:
        if i in fixed:
            return lows[i]
        return max(lows[i], (amounts[i] * left / base).quantize(YUAN, rounding=rounding))

    return _with_remainder(amounts, lows, total, share, largest)


def _with_remainder(
    amounts: list[Decimal], lows: list[Decimal], total: Decimal, share: Any, largest: int | None = None
) -> list[Decimal]:
    if largest is None:
        largest = max(range(len(amounts)), key=lambda i: (amounts[i], -i))
    scaled: list[Decimal] = []
    for rounding in (ROUND_HALF_UP, ROUND_DOWN):  # rounding down leaves a remainder that is never negative
        scaled = [share(i, rounding) for i in range(len(amounts))]
        scaled[largest] += total - sum(scaled, ZERO)
        if scaled[largest] >= lows[largest]:
            break
    return [a.quantize(CENT) for a in scaled]


def _budget_line_specs(lines: Iterable[Mapping[str, Any]], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Each submitted line as ``{"id", "category", "item", "amount"}``; an ``id`` names a line of
    the grant kept (its category and item stay), no ``id`` adds a line."""
    specs = list(lines)
    if not specs:
        errors["lines"] = [_("请至少保留一行预算。")]
    elif len(specs) > MAX_BUDGET_LINES:
        errors["lines"] = [_("最多 %(n)d 行预算。") % {"n": MAX_BUDGET_LINES}]
        specs = []
    parsed: list[dict[str, Any]] = []
    seen: set[int] = set()
    for i, spec in enumerate(specs):
        f = f"lines.{i}"
        line_id: int | None = None
        raw_id = spec.get("id")
        if raw_id not in (None, ""):
            try:
                line_id = int(raw_id)
            except (TypeError, ValueError):
                errors[f"{f}.id"] = [_("该预算行不属于此资助协议。")]
                line_id = 0  # no line has it: kept out of the checks of new lines
            else:
                if line_id in seen:
                    errors[f"{f}.id"] = [_("同一预算行出现了两次。")]
                seen.add(line_id)
        category = str(spec.get("category") or "")
        item = str(spec.get("item") or "").strip()
        if line_id is None:
            if category not in BudgetCategory.values:
                errors[f"{f}.category"] = [_("请选择预算类别。")]
            item = clean_text(item, f"{f}.item", 100, errors, required=True)
        amount = None
        try:
            amount = parse_amount(spec.get("amount", ""), f"{f}.amount", allow_zero=True)
        except ValidationError as exc:
            errors.update(exc.message_dict)
        parsed.append({"id": line_id, "category": category, "item": item, "amount": amount})
    return parsed


def grant_budget_revise(*, grant: Grant, by: Any, lines: Iterable[Mapping[str, Any]], reason: str) -> BudgetRevision:
    """Replace the amounts of the grant's budget lines, add lines and remove lines, so that the
    budget adds up to the grant amount, with a reason. The lines named by ``id`` are kept (their
    category and item stay), lines without one are added, and lines left out are removed.

    Refused, with field errors (``lines.<i>.amount`` …) and nothing written, when the total is
    not the grant amount, a line is negative or below what was already spent on it, a line with
    spending is removed, nothing changes, or the grant is in a state where budgets are not
    revised. The revision is kept with each line before and after, and audited; once it is
    committed, ``send_budget_revision_notice`` tells the other side."""
    require(by, "revise_budget", grant)
    errors: dict[str, list[str]] = {}
    reason = clean_text(reason, "reason", 500, errors, required=True)
    parsed = _budget_line_specs(lines, errors)
    if not parsed:
        raise ValidationError(errors)
    # What needs the database (spending, the total) is checked too before refusing, so every
    # problem is reported at once.
    with transaction.atomic(), acting_as(by):
        # Spending is booked under the same lock, so what was spent cannot move underneath.
        locked = Grant.objects.select_for_update().get(pk=grant.pk)
        if not allowed("revise_budget", locked.status):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        _("协议当前状态为“%(s)s”,不能“%(a)s”。")
                        % {"s": locked.get_status_display(), "a": GUARDS["revise_budget"].label}
                    ]
                }
            )
        existing = {line.pk: line for line in GrantBudgetLine.objects.filter(grant=locked).order_by("order", "pk")}
        spent: dict[int, Decimal] = dict(
            Expenditure.objects.filter(grant=locked)
            .order_by()
            .values_list("budget_line_id")
            .annotate(total=Sum("amount"))
        )
        for i, spec in enumerate(parsed):
            f = f"lines.{i}"
            if spec["id"] is not None and spec["id"] not in existing:
                errors.setdefault(f"{f}.id", [_("该预算行不属于此资助协议。")])
                continue
            used = spent.get(spec["id"], ZERO) if spec["id"] is not None else ZERO
            if spec["amount"] is not None and spec["amount"] < used:
                errors[f"{f}.amount"] = [
                    _("不能低于这一行已支出的 %(spent)s。") % {"spent": yuan(used)},
                ]
        kept = {spec["id"] for spec in parsed}
        removed = [line for pk, line in existing.items() if pk not in kept]
        for line in removed:
            if spent.get(line.pk):
                errors.setdefault("lines", []).append(
                    _("“%(item)s”已支出 %(spent)s,不能删除;可以调低金额,但不能低于已支出。")
                    % {"item": line.item, "spent": yuan(spent[line.pk])}
                )
        total_before = sum((line.amount for line in existing.values()), ZERO)
        total_after = sum((spec["amount"] or ZERO for spec in parsed), ZERO)
        lines_wrong = any(key.startswith("lines.") for key in errors)
        if not lines_wrong and total_after != locked.amount:
            values = {"total": yuan(total_after), "amount": yuan(locked.amount)}
            if total_after > locked.amount:
                message = _("调整后合计 %(total)s,比资助金额 %(amount)s 多 %(diff)s。合计须等于资助金额。")
            else:
                message = _("调整后合计 %(total)s,比资助金额 %(amount)s 少 %(diff)s。合计须等于资助金额。")
            errors["total"] = [message % {**values, "diff": yuan(abs(total_after - locked.amount))}]
        unchanged = not removed and all(
            spec["id"] is not None and existing[spec["id"]].amount == spec["amount"] for spec in parsed
        )
        if not errors and unchanged:
            errors[NON_FIELD_ERRORS] = [_("预算没有变化,无需调整。")]
        if errors:
            raise ValidationError(errors)

        record: list[dict[str, str]] = []
        for order, spec in enumerate(parsed):
            if spec["id"] is not None:
                line = existing[spec["id"]]
                record.append(
                    {
                        "category": line.category,
                        "item": line.item,
                        "before": str(line.amount),
                        "after": str(spec["amount"]),
                    }
                )
                if (line.amount, line.order) != (spec["amount"], order):
                    line.amount, line.order = spec["amount"], order
                    line.save(update_fields=["amount", "order"])
            else:
                GrantBudgetLine.objects.create(
                    grant=locked, category=spec["category"], item=spec["item"], amount=spec["amount"], order=order
                )
                record.append(
                    {"category": spec["category"], "item": spec["item"], "before": "", "after": str(spec["amount"])}
                )
        for line in removed:
            record.append({"category": line.category, "item": line.item, "before": str(line.amount), "after": ""})
            line.delete()
        if locked.budget_needs_revision:
            locked.budget_needs_revision = False
            locked.save(update_fields=["budget_needs_revision"])
        revision = BudgetRevision.objects.create(
            grant=locked,
            reason=reason,
            total_before=total_before,
            total_after=total_after,
            lines=record,
            revised_by=by,
        )
        audit_event(
            obj=locked,
            actor=by,
            event="grant.budget_revise",
            changes={"budget_total": [str(total_before), str(total_after)], "reason": ["", reason]},
        )
        revision_id = revision.pk
        transaction.on_commit(lambda: send_budget_revision_notice.enqueue(revision_id=revision_id))
        return revision
