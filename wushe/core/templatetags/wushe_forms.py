"""Form fields rendered with Bootstrap's classes, so forms need no per-field markup.

``{{ field|control }}`` renders a bound field's widget with ``form-control``/``form-select``/
``form-check-input`` as fits, plus ``is-invalid`` when the field has errors. Django itself adds
``aria-invalid`` and ``aria-describedby`` (pointing at ``<id>_helptext`` and ``<id>_error``,
the ids ``_field.html`` gives the help text and the error list). Widgets with their own
template (such as the place picker) are rendered as they are.
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()

BUILT_IN_WIDGETS = "django/forms/widgets/"


def widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.filter
def control(field: BoundField) -> SafeString | BoundField:
    widget = field.field.widget
    if not getattr(widget, "template_name", "").startswith(BUILT_IN_WIDGETS):
        return field
    classes = [widget.attrs.get("class", ""), widget_class(widget)]
    if field.errors:
        classes.append("is-invalid")
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})


@register.filter
def is_choice_list(field: BoundField) -> bool:
    """Checkboxes or radio buttons for several choices, laid out as a list of options."""
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)
