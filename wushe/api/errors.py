"""Error bodies of the API in the user's language, field by field.

pydantic writes its messages in English; here each common error ``type`` gets a translatable
message filled from the error's ``ctx``. ``loc`` names the field as the client sent it:
``["body", "name"]``, ``["query", "page"]``, ``["path", "org_id"]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# Model field names that the API spells differently in its input.
_INPUT_NAMES = {"home_place": "home_place_id", "service_places": "service_place_ids"}

_DATE = gettext_lazy("请输入有效的日期,格式为 YYYY-MM-DD。")
_DATETIME = gettext_lazy("请输入有效的日期时间,格式为 YYYY-MM-DDTHH:MM:SS。")
_INTEGER = gettext_lazy("请输入整数。")
_NUMBER = gettext_lazy("请输入数字。")
_TEXT = gettext_lazy("请输入文字。")
_BOOLEAN = gettext_lazy("请输入 true 或 false。")
_OBJECT = gettext_lazy("格式不对:应为 JSON 对象。")
_URL = gettext_lazy("请输入有效的网址。")

# Messages that need no value from ``ctx``.
_FIXED = {
    "missing": gettext_lazy("此项必填。"),
    "string_type": _TEXT,
    "string_unicode": _TEXT,
    "string_pattern_mismatch": gettext_lazy("格式不对。"),
    "int_type": _INTEGER,
    "int_parsing": _INTEGER,
    "int_from_float": _INTEGER,
    "int_parsing_size": gettext_lazy("数字太大。"),
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "finite_number": _NUMBER,
    "bool_type": _BOOLEAN,
    "bool_parsing": _BOOLEAN,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "list_type": gettext_lazy("应为列表。"),
    "set_type": gettext_lazy("应为列表。"),
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "dict_type": _OBJECT,
    "json_invalid": gettext_lazy("不是有效的 JSON。"),
    "json_type": gettext_lazy("不是有效的 JSON。"),
    "extra_forbidden": gettext_lazy("不接受此字段。"),
    "url_type": _URL,
    "url_parsing": _URL,
    "url_syntax_violation": _URL,
    "url_scheme": _URL,
    "none_required": gettext_lazy("此项须为空。"),
}


_COLLECTIONS = ("List", "Set", "Tuple", "Dictionary", "Frozenset")


def _expected(ctx: Mapping[str, Any]) -> str:
    return str(ctx.get("expected", ""))


def _message(err: Mapping[str, Any]) -> str:
    kind = str(err.get("type", ""))
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    if kind in _FIXED:
        return str(_FIXED[kind])
    # A length checked after our own validators is reported as too_long/too_short of a "Value".
    is_text = kind.startswith("string_") or ctx.get("field_type") not in _COLLECTIONS
    if kind in ("string_too_short", "too_short", "list_too_short"):
        n = int(ctx.get("min_length", 1))
        if n <= 1:
            return _("不能为空。")
        if is_text:
            return ngettext("至少 %(n)d 个字。", "至少 %(n)d 个字。", n) % {"n": n}
        return ngettext("至少 %(n)d 项。", "至少 %(n)d 项。", n) % {"n": n}
    if kind in ("string_too_long", "too_long", "list_too_long"):
        n = int(ctx.get("max_length", 0))
        if is_text:
            return ngettext("最多 %(n)d 个字。", "最多 %(n)d 个字。", n) % {"n": n}
        return ngettext("最多 %(n)d 项。", "最多 %(n)d 项。", n) % {"n": n}
    if kind == "greater_than":
        return _("应大于 %(limit)s。") % {"limit": ctx.get("gt")}
    if kind == "greater_than_equal":
        return _("不能小于 %(limit)s。") % {"limit": ctx.get("ge")}
    if kind == "less_than":
        return _("应小于 %(limit)s。") % {"limit": ctx.get("lt")}
    if kind == "less_than_equal":
        return _("不能大于 %(limit)s。") % {"limit": ctx.get("le")}
    if kind in ("enum", "literal_error"):
        return _("应为以下之一:%(choices)s。") % {"choices": _expected(ctx)}
    if kind in ("value_error", "assertion_error") and ctx.get("error"):
        # Our own validators raise translated messages; pydantic only prefixes them.
        return str(ctx["error"])
    return _("输入的值无效。")


def _loc(loc: Iterable[Any]) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in loc]


def body_field_locations(errors: list[dict[str, Any]], body_param: str | None) -> list[dict[str, Any]]:
    """ninja puts the name of the operation's one body parameter after ``"body"``; the client
    never sees that name, so ``("body", "payload", "name")`` becomes ``("body", "name")``."""
    if body_param:
        for err in errors:
            loc = tuple(err.get("loc", ()))
            if loc[:2] == ("body", body_param):
                err["loc"] = ("body", *loc[2:])
    return errors


def schema_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """ninja's validation errors as ``{"loc", "msg", "type"}`` items in the active language."""
    return [{"loc": _loc(err.get("loc", ())), "msg": _message(err), "type": str(err.get("type", ""))} for err in errors]


def django_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """A Django ``ValidationError`` from a service or ``full_clean`` as field-level items."""
    if not hasattr(exc, "error_dict"):
        return [{"loc": ["body"], "msg": str(msg), "type": "value_error"} for msg in exc.messages]
    items = []
    for field, msgs in exc.message_dict.items():
        loc: list[str | int] = ["body"] if field == "__all__" else ["body", _INPUT_NAMES.get(field, field)]
        items.extend({"loc": loc, "msg": str(msg), "type": "value_error"} for msg in msgs)
    return items
