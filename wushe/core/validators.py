"""Validators for Chinese identifiers: 统一社会信用代码 (GB 32100-2015) and phone numbers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015 uses 31 characters: digits and capitals without I, O, S, V, Z.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def uscc_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a USCC."""
    if len(first17) != 17 or any(c not in USCC_CHARSET for c in first17):
        raise ValueError("need 17 characters from the USCC character set")
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def normalise_uscc(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_uscc(value: str) -> None:
    code = normalise_uscc(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为 18 位。"), code="uscc_length")
    if not _USCC_SHAPE.match(code):
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符(只能是数字和除 I、O、S、V、Z 外的大写字母)。"),
            code="uscc_chars",
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码的校验位不正确,请核对后重新输入。"), code="uscc_check")


def normalise_phone(value: str) -> str:
    phone = re.sub(r"[\s()()]", "", value or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    elif phone.startswith("0086"):
        phone = phone[4:]
    return phone.replace("—", "-")


def validate_phone(value: str) -> None:
    phone = normalise_phone(value)
    if not (_MOBILE.match(phone) or _LANDLINE.match(phone)):
        raise ValidationError(
            _("请输入有效的电话号码:11 位手机号(如 13800001234)或带区号的固定电话(如 010-64000000)。"),
            code="phone",
        )


def validate_mobile(value: str) -> None:
    if not _MOBILE.match(normalise_phone(value)):
        raise ValidationError(_("请输入 11 位中国大陆手机号,如 13800001234。"), code="mobile")


def mask_phone(value: str) -> str:
    """138****1234 for lists; landlines keep their area code: 010-****34, 0755-****78."""
    phone = normalise_phone(value)
    if _MOBILE.match(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    if _LANDLINE.match(phone):
        # Beijing, Tianjin and the big cities have 3-digit area codes (010, 02x); the rest 4.
        area = phone[:3] if phone[1] in "12" else phone[:4]
        return f"{area}-****{phone[-2:]}"
    if len(phone) > 4:
        return phone[:2] + "****" + phone[-2:]
    return "****" if phone else ""
