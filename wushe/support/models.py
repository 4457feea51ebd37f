"""Capacity building and professional support: workshops and trainings (events) with
registration, check-in and feedback; the five kinds of support activity as first-class
records, with follow-ups; secret calendar feeds; reminders sent once."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("赋能工作坊")
    TRAINING = "training", _("专题培训")


def new_feedback_code() -> str:
    """The secret in an event's public feedback link: 96 random bits, URL-safe."""
    return secrets.token_urlsafe(12)


class Event(models.Model):
    """A workshop or training of a programme."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="events", verbose_name=_("资助计划")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=EventKind.choices)
    title = models.CharField(_("主题"), max_length=100)
    description = models.TextField(_("内容介绍"), max_length=4000, blank=True)
    speakers = models.CharField(_("主讲人"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.ForeignKey(
        "orgs.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("地点")
    )
    venue = models.CharField(_("具体地址"), max_length=200, blank=True)
    online_url = models.URLField(_("线上会议链接"), blank=True)
    capacity = models.PositiveIntegerField(_("名额"), validators=[MinValueValidator(1), MaxValueValidator(100000)])
    registration_closes_at = models.DateTimeField(_("报名截止"), null=True, blank=True)
    checkin_secret = models.CharField(max_length=64, default=secrets.token_hex, editable=False)
    # The questionnaire link for everyone who came, with or without an account; renewing it
    # turns the old link off.
    feedback_code = models.CharField(max_length=24, unique=True, default=new_feedback_code, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活动(工作坊/培训)")
        verbose_name_plural = pgettext_lazy("plural", "活动(工作坊/培训)")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_times_ordered"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class EventMaterial(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("文件"), upload_to="events/%Y/")
    name = models.CharField(_("名称"), max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活动资料")
        verbose_name_plural = pgettext_lazy("plural", "活动资料")

    def __str__(self) -> str:
        return self.name


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已报名")
    WAITLISTED = "waitlisted", _("候补")
    CANCELLED = "cancelled", _("已取消")


class AttendanceStatus(models.TextChoices):
    UNKNOWN = "", _("未签到")
    PRESENT = "present", _("出席")
    LATE = "late", _("迟到")
    NO_SHOW = "no_show", _("缺席")


class Registration(models.Model):
    """A named attendee registered by an organisation: a member (user) or a guest. A walk-in
    added at the door by the programme's officers may come for no organisation at all."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("组织"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="event_registrations"
    )
    guest_name = models.CharField(_("姓名"), max_length=50, blank=True)
    guest_phone = models.CharField(_("手机号"), max_length=20, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=RegistrationStatus.choices, db_index=True)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    walk_in = models.BooleanField(_("现场报名"), default=False)
    attendance = models.CharField(
        _("出勤"), max_length=8, choices=AttendanceStatus.choices, default=AttendanceStatus.UNKNOWN, blank=True
    )
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = pgettext_lazy("plural", "报名")
        ordering = ["event_id", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                name="registration_unique_user",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_name=""), name="registration_names_someone"
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.user.name if self.user_id and self.user else self.guest_name


class Feedback(models.Model):
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    satisfaction = models.PositiveSmallIntegerField(
        _("满意度"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    usefulness = models.PositiveSmallIntegerField(_("实用性"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comments = models.TextField(_("意见建议"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活动反馈")
        verbose_name_plural = pgettext_lazy("plural", "活动反馈")
        constraints = [
            models.CheckConstraint(condition=Q(satisfaction__gte=1, satisfaction__lte=5), name="feedback_sat_1_5"),
            models.CheckConstraint(condition=Q(usefulness__gte=1, usefulness__lte=5), name="feedback_use_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.satisfaction}/{self.usefulness}"


class ActivityKind(models.Model):
    """The five kinds of support activity, plus custom kinds an officer adds to a programme."""

    code = models.SlugField(_("代码"), max_length=30)
    name = models.CharField(_("名称"), max_length=30)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, null=True, blank=True, related_name="activity_kinds"
    )
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("专业支持类型")
        verbose_name_plural = pgettext_lazy("plural", "专业支持类型")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(programme__isnull=True), name="activity_kind_builtin"),
            models.UniqueConstraint(fields=["programme", "code"], name="activity_kind_unique_in_programme"),
        ]

    def __str__(self) -> str:
        return self.name


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    HELD = "held", _("已开展")
    CANCELLED = "cancelled", _("已取消")


class SupportActivity(models.Model):
    """One professional support activity: who, when, how long, for whom, about what, outcome."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="support_activities", verbose_name=_("资助计划")
    )
    kind = models.ForeignKey(ActivityKind, on_delete=models.PROTECT, related_name="activities", verbose_name=_("类型"))
    status = models.CharField(_("状态"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED)
    starts_at = models.DateTimeField(_("时间"))
    duration_minutes = models.PositiveIntegerField(
        _("时长(分钟)"), validators=[MinValueValidator(1), MaxValueValidator(60 * 24 * 7)]
    )
    topic = models.CharField(_("主题"), max_length=100)
    summary = models.TextField(_("内容摘要"), max_length=4000, blank=True)
    outcome = models.TextField(_("成效"), max_length=4000, blank=True)
    private_notes = models.TextField(_("内部备注"), max_length=4000, blank=True)
    place = models.ForeignKey("orgs.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="support_activities", verbose_name=_("执行人员")
    )
    organisations = models.ManyToManyField(
        "orgs.Organisation", related_name="support_received", verbose_name=_("服务对象组织")
    )
    proposals = models.ManyToManyField("proposals.Proposal", blank=True, related_name="support_activities")
    grants = models.ManyToManyField("grants.Grant", blank=True, related_name="support_activities")
    coaching_rounds = models.ManyToManyField(
        "proposals.CoachingRound", blank=True, related_name="support_activities", verbose_name=_("产生的辅导轮次")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("专业支持活动")
        verbose_name_plural = pgettext_lazy("plural", "专业支持活动")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["programme", "starts_at"], name="activity_programme_time"),
            models.Index(fields=["programme", "kind", "starts_at"], name="activity_programme_kind_time"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="activity_duration_positive"),
        ]

    def __str__(self) -> str:
        return self.topic


def _attachment_path(instance: ActivityAttachment, filename: str) -> str:
    return f"support/activities/{instance.activity_id}/{filename}"


class ActivityAttachment(models.Model):
    """A file of a support activity (sign-in sheet, slides, photos, minutes); served only through
    an access-checked view, to those who see the activity."""

    activity = models.ForeignKey(SupportActivity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=_attachment_path, max_length=255)
    name = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("活动附件")
        verbose_name_plural = pgettext_lazy("plural", "活动附件")
        ordering = ["activity_id", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class FollowUp(models.Model):
    activity = models.ForeignKey(SupportActivity, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("事项"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("负责人")
    )
    due_on = models.DateField(_("截止日期"), db_index=True)
    done = models.BooleanField(_("已完成"), default=False)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    evidence = models.TextField(_("完成说明"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("跟进事项")
        verbose_name_plural = pgettext_lazy("plural", "跟进事项")
        ordering = ["done", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class CalendarFeed(models.Model):
    """A secret, revocable iCalendar URL for a user or an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = pgettext_lazy("plural", "日历订阅")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, organisation__isnull=True)
                | Q(user__isnull=True, organisation__isnull=False),
                name="calendar_feed_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"feed {self.pk}"


class ReminderLog(models.Model):
    """A reminder that was sent; the unique key makes sending the same reminder twice impossible."""

    key = models.CharField(max_length=120, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = pgettext_lazy("plural", "提醒记录")

    def __str__(self) -> str:
        return self.key
