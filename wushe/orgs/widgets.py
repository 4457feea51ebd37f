"""Pick places and organisations by typing Chinese, pinyin or initials: only what is chosen is
rendered, so the page stays small however many places or organisations exist."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wushe.orgs.models import Organisation, Place
from wushe.orgs.selectors import suggest_organisations


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


# --- organisations -----------------------------------------------------------------------------


class OrganisationPicker(forms.Widget):
    """Type a name, its pinyin or its initials to find organisations, with suggestions from
    ``pick_url`` (an endpoint rendering ``orgs/organisation_pick_rows.html`` with the rows of
    :func:`suggest_organisations`). Only what is chosen is rendered, so the form stays small
    however many organisations there are.

    With ``multiple`` the chosen ones are chips with a hidden input each and the suggestions a
    list box under the search (``static/js/organisation_picker.js`` adds the chips and the
    keyboard). Without it the choices are radio buttons, "no organisation (individual)" first
    and the chosen one next, kept through each search; they work with htmx alone, the script
    only making Enter in the search box choose the first match instead of submitting the form.
    """

    template_name = "orgs/widgets/organisation_picker.html"

    def __init__(self, *, multiple: bool = True, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"placeholder": _("名称、拼音或首字母"), **(attrs or {})})
        self.multiple = multiple
        self.pick_url = ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # none chosen is a value too

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # the search box may be empty once organisations are chosen

    def format_value(self, value: Any) -> list[str]:
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(getattr(v, "pk", v)) for v in values if v not in (None, "")]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        ids = [int(v) for v in self.format_value(value) if v.isdigit()]
        if self.multiple:
            found = Organisation.objects.only("id", "name", "short_name").in_bulk(ids) if ids else {}
            chosen = [found[pk] for pk in dict.fromkeys(ids) if pk in found]
        else:  # the field's queryset says which organisations may be chosen
            queryset = getattr(getattr(self, "choices", None), "queryset", None)
            if queryset is None:
                queryset = Organisation.objects.all()
            chosen, _more = suggest_organisations(queryset, query="", limit=1, first=ids[0] if ids else None)
        context["widget"].update(
            {
                "multiple": self.multiple,
                "chosen": chosen,
                "pick_url": self.pick_url,
                "invalid": context["widget"]["attrs"].get("aria-invalid") == "true",
            }
        )
        return context


class OrganisationsField(forms.Field):
    """The ids chosen with an :class:`OrganisationPicker`, as given: the service using them says
    which are unknown or may not be chosen, on this field."""

    widget = OrganisationPicker

    def to_python(self, value: Any) -> list[str]:
        if value in self.empty_values:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v).strip() for v in values if str(v).strip()]


class OrganisationField(forms.ModelChoiceField):
    """One organisation or none, chosen with an :class:`OrganisationPicker` of radio buttons."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Organisation.objects.active())
        kwargs.setdefault("widget", OrganisationPicker(multiple=False))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
