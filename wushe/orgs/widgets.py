"""Pick places by typing Chinese or pinyin: only the chosen places are rendered, so the
page stays small however many places exist."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from wushe.orgs.models import Place


class PlacePicker(forms.SelectMultiple):
    template_name = "orgs/widgets/place_picker.html"

    def __init__(self, *, multiple: bool = True, level: int | None = None, attrs: dict[str, Any] | None = None):
        super().__init__(attrs)
        self.multiple = multiple
        self.level = level

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if self.multiple:
            return values
        if isinstance(values, list):
            return values[-1] if values else None
        return values

    def format_value(self, value: Any) -> list[str]:
        if value is None or value == "":
            return []
        if not isinstance(value, (list, tuple)):
            value = [value]
        return [str(v) for v in value if v not in (None, "")]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        ids = [v for v in self.format_value(value) if v.isdigit()]
        chosen = list(Place.objects.filter(pk__in=ids).only("id", "full_name", "name")) if ids else []
        params = f"?field={name}&multiple={'1' if self.multiple else '0'}"
        if self.level:
            params += f"&level={self.level}"
        context["widget"].update(
            {"chosen": chosen, "multiple": self.multiple, "pick_url": reverse("place-pick") + params}
        )
        return context


class PlaceMultipleField(forms.ModelMultipleChoiceField):
    widget = PlacePicker

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Place.objects.all())
        kwargs.setdefault("widget", PlacePicker(multiple=True))
        super().__init__(**kwargs)


class PlaceField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Place.objects.all())
        kwargs.setdefault("widget", PlacePicker(multiple=False))
        super().__init__(**kwargs)
