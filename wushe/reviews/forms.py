from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from wushe.reviews.models import DecisionOutcome


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("利益冲突声明"),
        choices=[("no", _("我与申请机构及本项目不存在利益冲突")), ("yes", _("我存在利益冲突,申请回避"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    conflict_statement = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("存在利益冲突时必填,例如曾任申请机构理事、近三年有合作或亲属关系。"),
    )


class ScoreForm(forms.Form):
    """One field per criterion, named ``score_<criterion id>``, plus an overall comment."""

    comment = forms.CharField(
        label=_("总体评语"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[self.field_name(c.pk)] = forms.IntegerField(
                label=c.name,
                required=False,  # the service says which are missing, criterion by criterion
                help_text=c.description,
                widget=forms.NumberInput(
                    attrs={"class": "form-control", "inputmode": "numeric", "min": 0, "max": c.scale_max, "step": 1}
                ),
            )

    @staticmethod
    def field_name(criterion_id: int | str) -> str:
        return f"score_{criterion_id}"

    def score_fields(self) -> list[dict[str, Any]]:
        """Each criterion with its field and, for short scales, the points to tap on a phone."""
        rows = []
        for c in self.criteria:
            bound = self[self.field_name(c.pk)]
            value = bound.value()
            rows.append(
                {
                    "criterion": c,
                    "field": bound,
                    "current": "" if value in (None, "") else str(value),
                    "points": [str(n) for n in range(c.scale_max + 1)] if c.scale_max <= 10 else None,
                }
            )
        return rows

    def scores(self) -> dict[str, Any]:
        return {str(c.pk): self.cleaned_data.get(self.field_name(c.pk)) for c in self.criteria}


class AssignForm(forms.Form):
    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"] = forms.ModelChoiceField(
            label=_("评审专家"),
            queryset=reviewers,
            empty_label=_("选择评审专家"),
            widget=forms.Select(attrs={"class": "form-select"}),
        )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("决定"), choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    amount = forms.DecimalField(
        label=_("资助金额(元)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "decimal", "step": "0.01"}),
        help_text=_("立项时必填,不超过申请金额和本次征集的剩余预算。"),
    )
    reasons = forms.CharField(
        label=_("理由"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text=_("不予立项或列入候补时必填;申请机构会看到。"),
    )


class RubricForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=100, widget=forms.TextInput(attrs={"class": "form-control"}))


class CriterionForm(forms.Form):
    name = forms.CharField(
        label=_("评分项"), required=False, max_length=60, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    description = forms.CharField(
        label=_("说明"), required=False, max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    weight = forms.DecimalField(
        label=_("权重"),
        required=False,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "decimal", "step": "0.01"}),
    )
    scale_max = forms.IntegerField(
        label=_("满分"),
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric", "min": 1, "max": 100}),
    )


CriterionFormSet = formset_factory(CriterionForm, extra=3, max_num=20, absolute_max=20)
