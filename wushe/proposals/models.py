"""Proposals (项目书), their immutable versions, budgets and coached revision rounds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wushe.core.encoders import UnicodeJSONEncoder


class Section(models.TextChoices):
    """The structured sections of a proposal, in the order they are written."""

    NEED = "need", _("需求分析")
    GOALS = "goals", _("项目目标")
    ACTIVITIES = "activities", _("活动设计")
    BUDGET_NOTES = "budget_notes", _("预算说明")
    MONITORING = "monitoring", _("监测评估")
    SUSTAINABILITY = "sustainability", _("可持续性")
    LINKAGE = "linkage", _("多方联动")


SECTION_MAX_CHARS = 6000


class BudgetCategory(models.TextChoices):
    PERSONNEL = "personnel", _("人员费用")
    ACTIVITY = "activity", _("活动费用")
    MATERIALS = "materials", _("物资设备")
    TRAINING = "training", _("培训与督导")
    TRAVEL = "travel", _("交通差旅")
    ADMIN = "admin", _("行政管理")
    OTHER = "other", _("其他")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    REVISION_REQUESTED = "revision_requested", _("待修改")
    RESUBMITTED = "resubmitted", _("已重新提交")
    UNDER_REVIEW = "under_review", _("评审中")
    APPROVED = "approved", _("已立项")
    REJECTED = "rejected", _("未立项")
    WAITLISTED = "waitlisted", _("候补")
    WITHDRAWN = "withdrawn", _("已撤回")


EDITABLE_STATUSES = (ProposalStatus.DRAFT, ProposalStatus.REVISION_REQUESTED)


class Proposal(models.Model):
    call = models.ForeignKey(
        "programmes.Call", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("项目征集")
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("申请机构")
    )
    title = models.CharField(_("项目名称"), max_length=100)
    sections = models.JSONField(_("内容"), default=dict, blank=True, encoder=UnicodeJSONEncoder)
    target_places = models.ManyToManyField("orgs.Place", blank=True, verbose_name=_("服务地点"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT, db_index=True
    )
    requested_amount = models.DecimalField(_("申请金额(元)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    edit_version = models.PositiveIntegerField(default=1, help_text="optimistic lock for autosave")
    version_count = models.PositiveSmallIntegerField(_("版本数"), default=0)
    round_count = models.PositiveSmallIntegerField(pgettext_lazy("plural", "辅导轮次"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    first_submitted_at = models.DateTimeField(_("首次提交"), null=True, blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目书")
        verbose_name_plural = pgettext_lazy("plural", "项目书")
        ordering = ["-updated_at"]
        # Lists filter by call or organisation (the access scope), then by status, and show the
        # latest first: with updated_at in the index, counting and ordering a scope of thousands
        # reads the index alone, not the rows (whose sections run to tens of kilobytes).
        indexes = [
            models.Index(fields=["call", "status", "updated_at"], name="proposal_call_status_updated"),
            models.Index(fields=["organisation", "status", "updated_at"], name="proposal_org_status_updated"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(requested_amount__gte=0), name="proposal_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def section_text(self, key: str) -> str:
        return str((self.sections or {}).get(key, ""))


class BudgetLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("类别"), max_length=12, choices=BudgetCategory.choices)
    item = models.CharField(_("明细"), max_length=100)
    amount = models.DecimalField(
        _("金额(元)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("预算行")
        verbose_name_plural = pgettext_lazy("plural", "预算行")
        ordering = ["proposal_id", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.item}: {self.amount}"


class ProposalVersion(models.Model):
    """An immutable snapshot frozen at each submission."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    title = models.CharField(_("项目名称"), max_length=100)
    sections = models.JSONField(_("内容"), encoder=UnicodeJSONEncoder)
    budget = models.JSONField(_("预算"), help_text="list of {category, item, amount}", encoder=UnicodeJSONEncoder)
    total = models.DecimalField(_("预算合计(元)"), max_digits=12, decimal_places=2)
    submitted_at = models.DateTimeField(_("提交时间"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("项目书版本")
        verbose_name_plural = pgettext_lazy("plural", "项目书版本")
        ordering = ["proposal_id", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("已提交的版本不能修改。"))
        super().save(*args, **kwargs)


class CoachingRound(models.Model):
    """One revision round: a coach's comments on a version, the applicant's answers, dates."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("轮次"))
    version = models.ForeignKey(
        ProposalVersion, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("所评版本")
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_rounds", verbose_name=_("辅导人")
    )
    opened_at = models.DateTimeField(_("开始"))
    closed_at = models.DateTimeField(_("结束"), null=True, blank=True)
    summary = models.TextField(_("总体意见"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("辅导轮次")
        verbose_name_plural = pgettext_lazy("plural", "辅导轮次")
        ordering = ["proposal_id", "number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="coaching_round_unique_number")]

    def __str__(self) -> str:
        return f"{self.proposal_id} #{self.number}"

    @property
    def days(self) -> float | None:
        if self.closed_at is None:
            return None
        return round((self.closed_at - self.opened_at).total_seconds() / 86400, 1)


class CoachComment(models.Model):
    """A coach's comment on one section of a version, and the applicant's answer."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    round = models.ForeignKey(CoachingRound, on_delete=models.CASCADE, related_name="comments", null=True, blank=True)
    version = models.ForeignKey(ProposalVersion, on_delete=models.PROTECT, related_name="comments")
    section = models.CharField(_("章节"), max_length=20, choices=[*Section.choices, ("budget", _("预算表"))])
    body = models.TextField(_("意见"), max_length=2000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    reply = models.TextField(_("回复"), max_length=2000, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    addressed = models.BooleanField(_("已处理"), default=False)

    class Meta:
        verbose_name = _("辅导意见")
        verbose_name_plural = pgettext_lazy("plural", "辅导意见")
        ordering = ["proposal_id", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_section_display()}: {self.body[:30]}"


def _attachment_path(instance: ProposalAttachment, filename: str) -> str:
    return f"proposals/{instance.proposal_id}/{filename}"


class ProposalAttachment(models.Model):
    """A supporting file; served only through an access-checked view."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=255)
    name = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = pgettext_lazy("plural", "附件")
        ordering = ["proposal_id", "uploaded_at"]

    def __str__(self) -> str:
        return self.name
