from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

Errors = dict[str, list[str]]


def add_errors(form: forms.BaseForm, exc: ValidationError, default_field: str | None = None) -> None:
    """Put a service's ValidationError on the form, field by field where the field exists."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else default_field
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(default_field, message)


def flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    """Show a refused action's messages on the next page (for forms that redirect back)."""
    for message in exc.messages:
        messages.error(request, message)


def clean_text(value: Any, field: str, max_length: int, errors: Errors, *, required: bool = False) -> str:
    """A service's text input, stripped (Windows line ends made plain); a required or over-long
    value puts its message on ``errors[field]`` so every problem can be reported at once."""
    text = str(value or "").replace("\r\n", "\n").strip()
    if required and not text:
        errors[field] = [_("此项必填。")]
    elif len(text) > max_length:
        errors[field] = [ngettext("最多 %(n)d 个字。", "最多 %(n)d 个字。", max_length) % {"n": max_length}]
    return text
