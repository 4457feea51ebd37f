from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wushe.grants.models import Grant
from wushe.orgs.widgets import OrganisationsField, PlaceField
from wushe.programmes.models import Programme
from wushe.proposals.models import CoachingRound
from wushe.support.models import ActivityKind, ActivityStatus, SupportActivity
from wushe.support.selectors import kind_label, usable_kinds

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _digits(values: Any) -> list[int]:
    """The whole numbers among ``values`` (model instances count by their key)."""
    if values in (None, ""):
        return []
    values = values if isinstance(values, list | tuple) else [values]
    return [int(v) for v in (getattr(v, "pk", v) for v in values) if str(v).isdigit()]


def support_staff(programme: Programme) -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.filter(memberships__organisation_id=programme.support_organisation_id, is_active=True)
        .order_by("name", "pk")
    )


def offer_only(field: forms.ModelMultipleChoiceField, shown: QuerySet[Any]) -> None:
    """Show ``shown`` as the field's choices while it still accepts anything of its queryset
    (what may not be linked is then refused by the service, with its own message)."""
    choices = ModelChoiceIterator(field)
    choices.queryset = shown
    field.widget.choices = choices


class ActivityLinksForm(forms.Form):
    """The grants and coaching rounds an activity may be linked to. Only those of the chosen
    organisations (and any already linked) are offered: the service refuses links to an
    organisation not served, and a city's programme has hundreds of grants. The activity form
    reloads this part when its organisations change (``views.activity_links``)."""

    grants = forms.ModelMultipleChoiceField(
        label=_("关联资助协议"),
        required=False,
        queryset=Grant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("实地走访监测请选择所监测的资助协议。"),
    )
    coaching_rounds = forms.ModelMultipleChoiceField(
        label=_("产生的辅导轮次"),
        required=False,
        queryset=CoachingRound.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("仅一对一咨询:这次咨询之后开启的项目书修改轮次。"),
    )

    def __init__(self, *args: Any, programme: Programme, keep_ticked: bool = True, **kwargs: Any) -> None:
        """``keep_ticked``: also offer what is ticked though its organisation is not chosen (so a
        refused form shows the link refused); the live reload drops those with the organisation."""
        super().__init__(*args, **kwargs)
        self.served = served = self.chosen("organisations")
        ticked_grants = self.chosen("grants") if keep_ticked else []
        ticked_rounds = self.chosen("coaching_rounds") if keep_ticked else []
        grants = self.fields["grants"]
        grants.queryset = Grant.objects.filter(programme=programme)
        grants.label_from_instance = lambda g: f"{g.agreement_number} {g.organisation.display_name}"
        offer_only(
            grants,
            grants.queryset.filter(Q(organisation_id__in=served) | Q(pk__in=ticked_grants))
            .select_related("organisation")
            .order_by("organisation__search_pinyin", "agreement_number", "pk"),
        )
        rounds = self.fields["coaching_rounds"]
        rounds.queryset = CoachingRound.objects.filter(proposal__call__programme=programme)
        rounds.label_from_instance = lambda r: str(
            _("%(org)s · %(title)s 第 %(n)d 轮")
            % {"org": r.proposal.organisation.display_name, "title": r.proposal.title, "n": r.number}
        )
        offer_only(
            rounds,
            rounds.queryset.filter(Q(proposal__organisation_id__in=served) | Q(pk__in=ticked_rounds))
            .select_related("proposal__organisation")
            .order_by("proposal__organisation__search_pinyin", "proposal_id", "number"),
        )

    def chosen(self, name: str) -> list[int]:
        """The ids chosen in field ``name``, as posted or as first shown."""
        if self.is_bound:
            return _digits(self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name))
        return _digits(self.initial.get(name))


class ActivityForm(ActivityLinksForm):
    field_order = (
        "kind",
        "status",
        "starts_at",
        "duration_minutes",
        "topic",
        "organisations",
        "staff",
        "place",
        "summary",
        "outcome",
        "private_notes",
        "grants",
        "coaching_rounds",
    )
    kind = forms.ModelChoiceField(label=_("支持类型"), queryset=ActivityKind.objects.none(), empty_label=None)
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[(ActivityStatus.PLANNED, _("计划中")), (ActivityStatus.HELD, _("已开展"))],
        widget=forms.RadioSelect,
        initial=ActivityStatus.PLANNED,
    )
    starts_at = forms.DateTimeField(label=_("时间"), widget=DATETIME)
    duration_minutes = forms.IntegerField(
        label=_("时长(分钟)"), widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 15})
    )
    topic = forms.CharField(label=_("主题"), max_length=100)
    organisations = OrganisationsField(
        label=_("服务对象组织"),
        help_text=_("可选多个:输入后点选,或用方向键和回车选择。"),
        error_messages={"required": _("请至少选择一个服务对象组织。")},
    )
    staff = forms.ModelMultipleChoiceField(
        label=_("执行人员"), queryset=get_user_model().objects.none(), widget=forms.CheckboxSelectMultiple
    )
    place = PlaceField(label=_("地点"), required=False)
    summary = forms.CharField(label=_("内容摘要"), required=False, max_length=4000, widget=forms.Textarea({"rows": 3}))
    outcome = forms.CharField(label=_("成效"), required=False, max_length=4000, widget=forms.Textarea({"rows": 3}))
    private_notes = forms.CharField(
        label=_("内部备注"),
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("只有支持性组织的人员可见,服务对象和资助方看不到。"),
    )

    def __init__(self, *args: Any, programme: Programme, activity: SupportActivity | None = None, **kwargs: Any):
        if activity is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": activity.kind_id,
                "status": activity.status,
                "starts_at": activity.starts_at,
                "duration_minutes": activity.duration_minutes,
                "topic": activity.topic,
                "organisations": list(activity.organisations.values_list("pk", flat=True)),
                "staff": list(activity.staff.values_list("pk", flat=True)),
                "place": activity.place_id,
                "summary": activity.summary,
                "outcome": activity.outcome,
                "private_notes": activity.private_notes,
                "grants": list(activity.grants.values_list("pk", flat=True)),
                "coaching_rounds": list(activity.coaching_rounds.values_list("pk", flat=True)),
            }
        super().__init__(*args, programme=programme, **kwargs)
        kinds = usable_kinds(programme)
        self.fields["kind"].queryset = ActivityKind.objects.filter(pk__in=[k.pk for k in kinds]).order_by("order", "pk")
        self.fields["kind"].label_from_instance = kind_label
        self.fields["organisations"].widget.pick_url = reverse("activity-organisation-pick", args=[programme.pk])
        self.fields["staff"].queryset = support_staff(programme)
        self.fields["staff"].label_from_instance = lambda u: u.name
        if activity is not None:
            del self.fields["status"]  # changed by its own buttons: held, cancelled


class KindForm(forms.Form):
    name = forms.CharField(label=_("类型名称"), max_length=30, help_text=_("如:财务规范辅导、社区走访"))


class FollowUpForm(forms.Form):
    description = forms.CharField(label=_("事项"), max_length=200)
    owner = forms.ModelChoiceField(label=_("负责人"), queryset=get_user_model().objects.none())
    due_on = forms.DateField(label=_("截止日期"), widget=DATE)

    def __init__(self, *args: Any, activity: SupportActivity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = [activity.programme.support_organisation_id, *activity.organisations.values_list("pk", flat=True)]
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(memberships__organisation_id__in=orgs, is_active=True)
            .distinct()
            .order_by("name", "pk")
        )
        self.fields["owner"].label_from_instance = lambda u: u.name
        self.fields["owner"].empty_label = _("请选择")


class FollowUpCompleteForm(forms.Form):
    evidence = forms.CharField(
        label=_("完成说明"),
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("写明做了什么、结果如何,可附材料存放位置。"),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("上传附件"),
        help_text=_("签到表、课件、照片、会议纪要等;PDF、Word、Excel、PPT、JPG 或 PNG,不超过 20 MB"),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.jpg,.jpeg,.png"}),
        error_messages={"required": _("请选择要上传的文件。"), "empty": _("所选文件是空的。")},
    )


class HeldForm(forms.Form):
    summary = forms.CharField(label=_("内容摘要"), required=False, max_length=4000, widget=forms.Textarea({"rows": 3}))
    outcome = forms.CharField(label=_("成效"), required=False, max_length=4000, widget=forms.Textarea({"rows": 3}))


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("支持类型"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *ActivityStatus.choices])
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DATE)
    programme = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    organisation = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from wushe.support.selectors import BUILT_IN_KIND_LABELS

        self.fields["kind"].choices = [("", _("全部类型")), *BUILT_IN_KIND_LABELS.items()]


class CalendarForm(forms.Form):
    view = forms.ChoiceField(required=False, choices=[("month", "month"), ("week", "week")])
    date = forms.DateField(required=False)
