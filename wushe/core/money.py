"""Money in yuan: parsing what people type and showing it as ¥12,345.00."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
LIMIT = Decimal("1e10")  # max_digits=12, decimal_places=2


def yuan(value: Any) -> str:
    """``Decimal("12345")`` → ``¥12,345.00``; empty for ``None``."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount).quantize(CENT):,.2f}"


def parse_amount(raw: Any, field: str = "amount", *, allow_zero: bool = False) -> Decimal:
    """A positive amount of yuan with at most two decimals, or a field error."""
    try:
        amount = Decimal(str(raw).replace(",", "").replace("¥", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: [_("请输入金额,如 12000 或 12000.50。")]}) from None
    if not amount.is_finite():
        raise ValidationError({field: [_("请输入金额,如 12000 或 12000.50。")]})
    if abs(amount) >= LIMIT:
        raise ValidationError({field: [_("金额过大。")]})
    if amount.quantize(CENT) != amount:
        raise ValidationError({field: [_("金额最多保留两位小数(精确到分)。")]})
    if amount < 0:
        raise ValidationError({field: [_("金额不能为负数。")]})
    if amount == 0 and not allow_zero:
        raise ValidationError({field: [_("金额须大于 0。")]})
    return amount.quantize(CENT)
