from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


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
