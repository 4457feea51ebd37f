"""Review of proposals: a rubric per call, assigned reviewers, conflict of interest
declarations, scores, and the decision (立项决定)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Rubric(models.Model):
    call = models.OneToOneField("programmes.Call", on_delete=models.CASCADE, related_name="rubric")
    title = models.CharField(_("名称"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评分标准")
        verbose_name_plural = pgettext_lazy("plural", "评分标准")

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分项"), max_length=60)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    weight = models.DecimalField(
        _("权重"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("满分"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = pgettext_lazy("plural", "评分项")
        ordering = ["rubric_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale_max__gte=1), name="criterion_scale_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("待声明")
    SCORING = "scoring", _("评分中")
    CONFLICT = "conflict", _("利益冲突回避")
    SUBMITTED = "submitted", _("已提交")


class ReviewAssignment(models.Model):
    """A reviewer assigned to a proposal; their conflict declaration and review live here."""

    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.CASCADE, related_name="review_assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("评审专家"),
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING, db_index=True
    )
    has_conflict = models.BooleanField(_("存在利益冲突"), default=False)
    conflict_statement = models.CharField(_("利益冲突说明"), max_length=500, blank=True)
    declared_at = models.DateTimeField(_("声明时间"), null=True, blank=True)
    comment = models.TextField(_("总体评语"), max_length=4000, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评审任务")
        verbose_name_plural = pgettext_lazy("plural", "评审任务")
        ordering = ["proposal_id", "assigned_at"]
        constraints = [models.UniqueConstraint(fields=["proposal", "reviewer"], name="review_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.proposal_id}"


class Score(models.Model):
    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("得分"))
    note = models.CharField(_("备注"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = pgettext_lazy("plural", "评分")
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="score_unique_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class DecisionOutcome(models.TextChoices):
    # What was decided (shown on decisions and offered as the outcome to choose), apart from the
    # transitions of the same names, which are actions: "Approved", not "Approve".
    APPROVE = "approve", pgettext_lazy("decision outcome", "立项")
    REJECT = "reject", pgettext_lazy("decision outcome", "不予立项")
    WAITLIST = "waitlist", pgettext_lazy("decision outcome", "列入候补")


class Decision(models.Model):
    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("决定"), max_length=10, choices=DecisionOutcome.choices)
    amount = models.DecimalField(_("资助金额(元)"), max_digits=12, decimal_places=2, null=True, blank=True)
    reasons = models.TextField(_("理由"), max_length=4000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("决定时间"), auto_now_add=True)
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True, help_text="set once the applicant is told")

    class Meta:
        verbose_name = _("立项决定")
        verbose_name_plural = pgettext_lazy("plural", "立项决定")
        ordering = ["proposal_id", "-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="approve", amount__gt=0) | ~Q(outcome="approve"), name="decision_approve_has_amount"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.get_outcome_display()}"
