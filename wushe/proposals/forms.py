from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wushe.access.models import MemberRole, Membership
from wushe.orgs.models import Organisation
from wushe.orgs.widgets import PlaceMultipleField
from wushe.proposals.models import SECTION_MAX_CHARS, ProposalStatus, Section


class ApplyForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("申请机构"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("项目名称"), max_length=100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_ids = Membership.objects.filter(user=user, role__in=(MemberRole.ADMIN, MemberRole.STAFF)).values(
            "organisation_id"
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=org_ids, is_active=True)


class DraftForm(forms.Form):
    edit_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(label=_("项目名称"), max_length=100)
    target_places = PlaceMultipleField(label=_("服务地点"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in Section.choices:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=SECTION_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 6, "maxlength": SECTION_MAX_CHARS}),
            )

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in Section.values}


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("项目名称"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), *ProposalStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("附件"), help_text=_("PDF、Word、Excel、JPG 或 PNG,不超过 10 MB"))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("回复"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    addressed = forms.BooleanField(label=_("已按意见修改"), required=False)
