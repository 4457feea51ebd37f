"""Grants (资助协议), their tranches and disbursements, and budget against spending by line.

Money is ``Decimal`` yuan with two places. The limits that matter — a tranche never paid beyond
its amount, a grant never beyond its total — are CHECK constraints as well as service rules, so
no write path (a race, a script, a bug) can break them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wushe.core.encoders import UnicodeJSONEncoder
from wushe.proposals.models import BudgetCategory

ZERO = Decimal("0.00")


class GrantStatus(models.TextChoices):
    ACTIVE = "active", _("执行中")
    SUSPENDED = "suspended", _("已暂停")
    CLOSED = "closed", _("已结项")


class Grant(models.Model):
    """The agreement made when a proposal is approved (立项)."""

    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.PROTECT, related_name="grant", verbose_name=_("项目书")
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="grants", verbose_name=_("受资助机构")
    )
    # Denormalised from proposal.call.programme so lists and access rules need no joins.
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="grants", verbose_name=_("资助计划")
    )
    agreement_number = models.CharField(_("协议编号"), max_length=30, unique=True)
    title = models.CharField(_("项目名称"), max_length=100)
    amount = models.DecimalField(_("资助金额(元)"), max_digits=12, decimal_places=2)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.ACTIVE, db_index=True
    )
    status_reason = models.CharField(_("状态说明"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签约时间"))
    disbursed_total = models.DecimalField(_("已拨付(元)"), max_digits=12, decimal_places=2, default=ZERO)
    # Set when the grant is made for another amount than its budget adds up to (approved below
    # the request); cleared by a budget revision that brings the lines to the grant amount.
    budget_needs_revision = models.BooleanField(_("预算待调整"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("资助协议")
        verbose_name_plural = pgettext_lazy("plural", "资助协议")
        ordering = ["-signed_at", "-pk"]
        indexes = [
            models.Index(fields=["programme", "status"], name="grant_programme_status"),
            models.Index(fields=["organisation", "status"], name="grant_org_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="grant_dates_ordered"),
            models.CheckConstraint(condition=Q(disbursed_total__gte=0), name="grant_disbursed_not_negative"),
            models.CheckConstraint(condition=Q(disbursed_total__lte=F("amount")), name="grant_disbursed_within_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_number} {self.title}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.disbursed_total

    @property
    def disbursed_percent(self) -> int:
        return _percent(self.disbursed_total, self.amount)


class AgreementSequence(models.Model):
    """The last number given out for one prefix and year (``LY-2021``); incremented under a row
    lock so two grants signed at once never get the same agreement number."""

    key = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("协议编号序列")
        verbose_name_plural = pgettext_lazy("plural", "协议编号序列")

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


class Tranche(models.Model):
    """One instalment of a grant, paid when its condition is met."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="tranches", verbose_name=_("资助协议"))
    number = models.PositiveSmallIntegerField(_("期次"))
    label = models.CharField(_("名称"), max_length=40)
    condition = models.CharField(_("拨付条件"), max_length=200, blank=True)
    amount = models.DecimalField(_("金额(元)"), max_digits=12, decimal_places=2)
    due_on = models.DateField(_("计划拨付日期"), null=True, blank=True)
    disbursed = models.DecimalField(_("已拨付(元)"), max_digits=12, decimal_places=2, default=ZERO)

    class Meta:
        verbose_name = _("拨款批次")
        verbose_name_plural = pgettext_lazy("plural", "拨款批次")
        ordering = ["grant_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="tranche_unique_number"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_positive"),
            models.CheckConstraint(condition=Q(disbursed__gte=0), name="tranche_disbursed_not_negative"),
            models.CheckConstraint(condition=Q(disbursed__lte=F("amount")), name="tranche_disbursed_within_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.label}({self.amount})"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.disbursed

    @property
    def disbursed_percent(self) -> int:
        return _percent(self.disbursed, self.amount)


class Disbursement(models.Model):
    """A payment made against a tranche. Never edited: a mistake is corrected by the finance
    team outside the platform and noted in a new record's reference."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="disbursements")
    tranche = models.ForeignKey(Tranche, on_delete=models.PROTECT, related_name="disbursements", verbose_name=_("批次"))
    amount = models.DecimalField(_("金额(元)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("拨付日期"))
    reference = models.CharField(_("凭证号"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("拨付记录")
        verbose_name_plural = pgettext_lazy("plural", "拨付记录")
        ordering = ["grant_id", "-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursement_amount_positive"),
            models.UniqueConstraint(
                fields=["grant", "reference"], condition=~Q(reference=""), name="disbursement_unique_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"


class GrantBudgetLine(models.Model):
    """A line of the approved budget, copied from the proposal when the grant is made."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("类别"), max_length=12, choices=BudgetCategory.choices)
    item = models.CharField(_("明细"), max_length=100)
    amount = models.DecimalField(_("预算(元)"), max_digits=12, decimal_places=2)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("协议预算行")
        verbose_name_plural = pgettext_lazy("plural", "协议预算行")
        ordering = ["grant_id", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="grant_budget_line_not_negative")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.item}"


class BudgetRevision(models.Model):
    """One revision of a grant's budget lines: who, when, why, and each line before and after.

    ``lines`` keeps the whole change as it was made, so the history still reads right after
    later revisions rename or remove the lines: ``[{"category", "item", "before", "after"}]``,
    amounts as strings of yuan, ``before`` empty for an added line and ``after`` for a removed one.
    """

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="budget_revisions")
    reason = models.CharField(_("调整理由"), max_length=500)
    total_before = models.DecimalField(_("调整前合计(元)"), max_digits=12, decimal_places=2)
    total_after = models.DecimalField(_("调整后合计(元)"), max_digits=12, decimal_places=2)
    lines = models.JSONField(_("调整明细"), default=list, encoder=UnicodeJSONEncoder)
    revised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("调整人")
    )
    revised_at = models.DateTimeField(_("调整时间"), default=timezone.now)
    notified_at = models.DateTimeField(
        _("通知时间"), null=True, blank=True, help_text="set once the other side is told"
    )

    class Meta:
        verbose_name = _("预算调整")
        verbose_name_plural = pgettext_lazy("plural", "预算调整")
        ordering = ["grant_id", "-revised_at", "-pk"]
        indexes = [models.Index(fields=["grant", "-revised_at"], name="budget_revision_grant_time")]

    def __str__(self) -> str:
        return f"{self.grant_id} {self.total_before} → {self.total_after}"

    @property
    def changes(self) -> list[dict[str, Any]]:
        """The lines whose amount changed, with ``state`` (added, removed, changed) and ``diff``."""
        rows = []
        for line in self.lines or []:
            before, after = line.get("before") or "", line.get("after") or ""
            if before == after:
                continue
            state = "added" if not before else "removed" if not after else "changed"
            diff = Decimal(after or "0") - Decimal(before or "0")
            rows.append({**line, "state": state, "diff": diff, "label": BudgetCategory(line["category"]).label})
        return rows


class Expenditure(models.Model):
    """Money the grantee spent, booked against a budget line."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="expenditures")
    budget_line = models.ForeignKey(
        GrantBudgetLine, on_delete=models.PROTECT, related_name="expenditures", verbose_name=_("预算行")
    )
    amount = models.DecimalField(_("金额(元)"), max_digits=12, decimal_places=2)
    spent_on = models.DateField(_("支出日期"))
    description = models.CharField(_("说明"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("支出记录")
        verbose_name_plural = pgettext_lazy("plural", "支出记录")
        ordering = ["grant_id", "-spent_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive")]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.amount}"


def _percent(part: Decimal, whole: Decimal) -> int:
    if not whole:
        return 0
    return max(0, min(100, int(part * 100 / whole)))
