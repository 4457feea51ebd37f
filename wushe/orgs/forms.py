from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wushe.access.models import MemberRole
from wushe.core.validators import normalise_uscc
from wushe.orgs.models import FieldOfWork, Organisation, OrganisationKind
from wushe.orgs.widgets import PlaceField, PlaceMultipleField

LOGO_MAX_BYTES = 1024 * 1024
LOGO_TYPES = {"image/png", "image/jpeg", "image/webp"}


class OrganisationForm(forms.ModelForm):
    home_place = PlaceField(label=_("所在地"), required=False)
    service_places = PlaceMultipleField(label=_("服务地区"), required=False)
    website = forms.URLField(label=_("网站"), required=False, max_length=200, assume_scheme="https")
    fields_of_work = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("plural", "服务领域"),
        queryset=FieldOfWork.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "uscc",
            "registered_on",
            "home_place",
            "service_places",
            "fields_of_work",
            "contact_name",
            "contact_phone",
            "contact_email",
            "website",
            "description",
            "logo",
        ]
        widgets = {
            "registered_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "uscc": forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
        }

    def clean_uscc(self) -> str | None:
        return normalise_uscc(self.cleaned_data.get("uscc") or "") or None

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        content_type = getattr(logo, "content_type", None)
        if logo and content_type is not None:
            if content_type not in LOGO_TYPES:
                raise ValidationError(_("标志只能是 PNG、JPEG 或 WebP 图片。"))
            if logo.size > LOGO_MAX_BYTES:
                raise ValidationError(_("标志图片不能超过 1 MB。"))
        return logo

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind and not data.get("uscc") and kind not in (OrganisationKind.COMMUNITY_GROUP, OrganisationKind.PARTNER):
            self.add_error("uscc", _("该类型的组织须填写统一社会信用代码;只有社区社会组织(备案)和合作伙伴可以不填。"))
        return data


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部类型")), *OrganisationKind.choices])
    place = PlaceField(label=_("地区"), required=False)


class InvitationForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    phone = forms.CharField(
        label=_("手机号"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    role = forms.ChoiceField(label=_("角色"), choices=MemberRole.choices, initial=MemberRole.MEMBER)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=MemberRole.choices)
