"""Forms for workshops and trainings: the event, materials, registration, attendance, feedback."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wushe.orgs.models import Organisation
from wushe.orgs.widgets import OrganisationField, OrganisationPicker, PlaceField
from wushe.support.event_services import EVENT_FIELDS
from wushe.support.models import AttendanceStatus, Event


def _when() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    place = PlaceField(label=_("地点"), required=False, help_text=_("输入街道或社区名称、拼音或首字母"))
    online_url = forms.URLField(label=_("线上会议链接"), required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Event
        fields = list(EVENT_FIELDS)  # what event_create/event_update accept
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "starts_at": _when(),
            "ends_at": _when(),
            "registration_closes_at": _when(),
            "capacity": forms.NumberInput(attrs={"min": 1, "max": 100000, "inputmode": "numeric"}),
        }
        help_texts = {
            "speakers": _("多位主讲人用顿号分隔"),
            "registration_closes_at": _("不填则在活动开始时截止"),
        }

    def _post_clean(self) -> None:
        """Leave the model's own checks to the service, which reports them field by field."""


class MaterialForm(forms.Form):
    file = forms.FileField(label=_("资料文件"), help_text=_("PDF、Word、Excel、PPT、JPG 或 PNG,不超过 20 MB"))
    name = forms.CharField(label=_("名称"), max_length=120, required=False)


class RegistrationForm(forms.Form):
    """Members of the organisation (ticked) and guests (a name and a phone per row)."""

    organisation = forms.TypedChoiceField(label=_("报名机构"), coerce=int)
    members = forms.TypedMultipleChoiceField(
        label=_("本机构成员"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, organisations: list[Any], members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [(o.pk, o.display_name) for o in organisations]
        cast(forms.ChoiceField, self.fields["members"]).choices = [(u.pk, u.name) for u in members]

    def guests(self) -> list[tuple[str, str]]:
        names = self.data.getlist("guest_name") if hasattr(self.data, "getlist") else []
        phones = self.data.getlist("guest_phone") if hasattr(self.data, "getlist") else []
        rows = zip(names, phones, strict=False)
        return [(n.strip()[:60], p.strip()[:30]) for n, p in list(rows)[:50] if n.strip() or p.strip()]


class WalkInForm(forms.Form):
    """Someone at the door: name, mobile, the organisation they come for (or none)."""

    # Required, but checked by the service, whose messages say what is expected.
    guest_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    guest_phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    organisation = OrganisationField(
        label=_("所属组织"),
        queryset=Organisation.objects.none(),
        error_messages={"invalid_choice": _("请从搜索结果中选择组织,或选择“无组织(个人)”。")},
        widget=OrganisationPicker(
            multiple=False,
            attrs={
                "aria-label": _("搜索组织"),
                "placeholder": _("组织名称、拼音或首字母,如 bjxzz"),
                "data-testid": "walk-in-org-search",
            },
        ),
    )
    attended = forms.BooleanField(label=_("已到场,立即签到"), required=False)
    waitlist = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, event: Event, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(OrganisationField, self.fields["organisation"])
        field.queryset = organisations
        cast(OrganisationPicker, field.widget).pick_url = reverse("event-walk-in-organisations", args=[event.pk])


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label=_("出勤"), choices=AttendanceStatus.choices, required=False)


SCORES = [(i, str(i)) for i in range(1, 6)]


class FeedbackForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("总体满意度(1 很不满意 — 5 非常满意)"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    usefulness = forms.TypedChoiceField(
        label=_("对工作的实用性(1 没有用 — 5 非常有用)"), choices=SCORES, coerce=int, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label=_("意见建议"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class FeedbackByPhoneForm(FeedbackForm):
    """The questionnaire behind the event's feedback link: the attendee names themselves by the
    mobile number they registered with."""

    phone = forms.CharField(
        label=_("报名时登记的手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    field_order = ["phone", "satisfaction", "usefulness", "comments"]
