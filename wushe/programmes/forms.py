from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CallExtendForm(forms.Form):
    new_closes_at = forms.DateTimeField(
        label=_("新的截止时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    reason = forms.CharField(label=_("原因"), max_length=200)
