"""Template helpers for money: ``{{ grant.amount|yuan }}`` → ¥12,345.00."""

from __future__ import annotations

from typing import Any

from django import template

from wushe.core.money import yuan as format_yuan

register = template.Library()


@register.filter
def yuan(value: Any) -> str:
    return format_yuan(value)
