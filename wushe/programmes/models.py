"""Funding programmes (资助计划) and their calls (项目征集)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    ACTIVE = "active", _("进行中")
    CLOSED = "closed", _("已结项")


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def active(self) -> ProgrammeQuerySet:
        return self.filter(status=ProgrammeStatus.ACTIVE)


class Programme(models.Model):
    """A funding programme run by a support organisation and co-funded by funders."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    support_organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="programmes_run",
        verbose_name=_("支持性组织"),
    )
    guidance_organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes_guided",
        verbose_name=_("指导单位"),
    )
    themes = models.ManyToManyField("orgs.FieldOfWork", blank=True, verbose_name=_("资助主题"))
    summary = models.TextField(_("简介"), max_length=4000, blank=True)
    eligibility = models.TextField(_("申请资格"), max_length=4000, blank=True)
    total_budget = models.DecimalField(
        _("总预算(元)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    status = models.CharField(_("状态"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("资助计划")
        verbose_name_plural = pgettext_lazy("plural", "资助计划")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="programme_dates_ordered"),
            models.CheckConstraint(condition=Q(total_budget__gte=0), name="programme_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def committed_total(self) -> Decimal:
        return self.funders.aggregate(total=Sum("committed_amount"))["total"] or Decimal("0")


class ProgrammeFunder(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="funders")
    funder = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="programmes_funded", verbose_name=_("资助方")
    )
    committed_amount = models.DecimalField(
        _("承诺资助额(元)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("联合资助方")
        verbose_name_plural = pgettext_lazy("plural", "联合资助方")
        constraints = [
            models.UniqueConstraint(fields=["programme", "funder"], name="programme_funder_unique"),
            models.CheckConstraint(condition=Q(committed_amount__gte=0), name="programme_funder_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.funder} → {self.programme}"


class ProgrammePhase(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("阶段"), max_length=40)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("计划阶段")
        verbose_name_plural = pgettext_lazy("plural", "计划阶段")
        ordering = ["programme_id", "order", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="phase_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.display_name} · {self.name}"


class CallQuerySet(models.QuerySet["Call"]):
    def open_at(self, moment: timezone.datetime | None = None) -> CallQuerySet:
        moment = moment or timezone.now()
        return self.filter(is_published=True, opens_at__lte=moment, closes_at__gt=moment)

    def published(self) -> CallQuerySet:
        return self.filter(is_published=True)


class Call(models.Model):
    """A programme's application window and its rules."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="calls", verbose_name=_("资助计划"))
    title = models.CharField(_("标题"), max_length=100)
    rules = models.TextField(_("申请规则"), max_length=8000, blank=True)
    opens_at = models.DateTimeField(_("开始接收申请"))
    closes_at = models.DateTimeField(_("截止时间"))
    budget = models.DecimalField(
        _("本次征集预算(元)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    max_amount = models.DecimalField(
        _("单个项目最高资助额(元)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    is_published = models.BooleanField(_("已发布"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目征集")
        verbose_name_plural = pgettext_lazy("plural", "项目征集")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="call_window_ordered"),
            models.CheckConstraint(condition=Q(max_amount__lte=models.F("budget")), name="call_max_within_budget"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, moment: timezone.datetime | None = None) -> bool:
        moment = moment or timezone.now()
        return self.is_published and self.opens_at <= moment < self.closes_at


class CallExtension(models.Model):
    """An officer moved a call's deadline; kept for the record."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="extensions")
    previous_closes_at = models.DateTimeField(_("原截止时间"))
    new_closes_at = models.DateTimeField(_("新截止时间"))
    reason = models.CharField(_("原因"), max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("截止时间延长")
        verbose_name_plural = pgettext_lazy("plural", "截止时间延长")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.call}: {self.previous_closes_at:%Y-%m-%d} → {self.new_closes_at:%Y-%m-%d}"
