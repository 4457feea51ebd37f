from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wushe.orgs.models import FieldOfWork, Organisation, OrganisationKind
from wushe.programmes.models import Call, Programme


class CallExtendForm(forms.Form):
    new_closes_at = forms.DateTimeField(
        label=_("新的截止时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    reason = forms.CharField(label=_("原因"), max_length=200)


class ProgrammeForm(forms.ModelForm):
    support_organisation = forms.ModelChoiceField(label=_("运营的支持性组织"), queryset=Organisation.objects.none())
    guidance_organisation = forms.ModelChoiceField(
        label=_("指导单位"), queryset=Organisation.objects.filter(kind=OrganisationKind.GOVERNMENT), required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("资助主题"), queryset=FieldOfWork.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "short_name",
            "support_organisation",
            "guidance_organisation",
            "themes",
            "summary",
            "eligibility",
            "total_budget",
            "starts_on",
            "ends_on",
            "status",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "total_budget": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        }

    def __init__(self, *args: Any, runs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["support_organisation"].queryset = runs
        if self.instance.pk:
            self.fields["support_organisation"].disabled = True
            self.fields["support_organisation"].initial = self.instance.support_organisation
        elif runs.count() == 1:
            self.fields["support_organisation"].initial = runs.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("结束日期不能早于开始日期。"))
        return data


def parse_rows(post: Any, *names: str) -> list[dict[str, str]]:
    """Repeated inputs (``funder``, ``amount``…) as row dicts; rows left empty are skipped."""
    columns = [post.getlist(name) for name in names]
    rows = []
    for values in zip(*columns, strict=False):
        row = dict(zip(names, (v.strip() for v in values), strict=True))
        if any(row.values()):
            rows.append(row)
    return rows


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["title", "rules", "opens_at", "closes_at", "budget", "max_amount", "is_published"]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "rules": forms.Textarea(attrs={"rows": 6}),
            "budget": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
            "max_amount": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_published:
            self.fields["closes_at"].disabled = True
            self.fields["closes_at"].help_text = _("已发布的征集请用“延长截止时间”调整,以便留下记录。")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("截止时间须晚于开始时间。"))
        budget, max_amount = data.get("budget"), data.get("max_amount")
        if budget is not None and max_amount is not None and max_amount > budget:
            self.add_error("max_amount", _("单个项目最高资助额不能超过本次征集预算。"))
        return data
