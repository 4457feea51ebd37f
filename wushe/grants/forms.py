from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from wushe.core.money import yuan
from wushe.grants.models import Grant, GrantBudgetLine, GrantStatus, Tranche
from wushe.grants.services import MAX_TRANCHES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "0.00"})

DEFAULT_TRANCHES = [
    {"label": _("第一期"), "condition": _("签约后"), "percent": 50},
    {"label": _("第二期"), "condition": _("中期报告通过后"), "percent": 30},
    {"label": _("第三期"), "condition": _("结项报告通过后"), "percent": 20},
]


class _Styled:
    """Bootstrap classes on every widget, so the forms read well on a phone."""

    fields: dict[str, forms.Field]

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class GrantForm(_Styled, forms.Form):
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class TrancheForm(_Styled, forms.Form):
    """One row of the tranche table; a row left entirely blank is skipped, the service checks the rest."""

    label = forms.CharField(label=_("名称"), max_length=40, required=False)
    condition = forms.CharField(label=_("拨付条件"), max_length=200, required=False)
    percent = forms.CharField(
        label=_("比例(%)"), required=False, max_length=10, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    amount = forms.CharField(label=_("或金额(元)"), required=False, max_length=20, widget=MONEY)
    due_on = forms.DateField(label=_("计划拨付日期"), required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


TrancheFormSet = forms.formset_factory(TrancheForm, extra=1, max_num=MAX_TRANCHES, absolute_max=MAX_TRANCHES)


class TrancheChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} · {obj.condition} · " + str(_("剩余 %(left)s") % {"left": yuan(obj.remaining)})


class BudgetLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_category_display()} · {obj.item}({yuan(obj.amount)})"


class DisbursementForm(_Styled, forms.Form):
    tranche = TrancheChoiceField(label=_("拨款批次"), queryset=Tranche.objects.none(), empty_label=None)
    amount = forms.CharField(label=_("金额(元)"), max_length=20, widget=MONEY)
    paid_on = forms.DateField(label=_("拨付日期"), widget=DATE)
    reference = forms.CharField(
        label=_("凭证号"), max_length=60, help_text=_("银行流水号或财务凭证号;同一凭证号不能登记两次。")
    )

    def __init__(self, *args: Any, grant: Grant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(TrancheChoiceField, self.fields["tranche"]).queryset = grant.tranches.all()
        self.style()


class ExpenditureForm(_Styled, forms.Form):
    budget_line = BudgetLineChoiceField(
        label=_("预算行"), queryset=GrantBudgetLine.objects.none(), empty_label=_("请选择")
    )
    amount = forms.CharField(label=_("金额(元)"), max_length=20, widget=MONEY)
    spent_on = forms.DateField(label=_("支出日期"), widget=DATE)
    description = forms.CharField(label=_("说明"), max_length=200)

    def __init__(self, *args: Any, grant: Grant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(BudgetLineChoiceField, self.fields["budget_line"]).queryset = grant.budget_lines.all()
        self.style()


class BudgetRevisionForm(_Styled, forms.Form):
    """The reason for a budget revision; the lines are rows of the page, checked by the service."""

    reason = forms.CharField(
        label=_("调整理由"),
        max_length=500,
        required=False,  # the service says it is missing, together with what is wrong in the lines
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如:按立项金额调整预算;受资助机构和项目官员都能看到。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class GrantFilterForm(_Styled, forms.Form):
    q = forms.CharField(label=_("协议编号或项目名称"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *GrantStatus.choices])
    programme = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()
