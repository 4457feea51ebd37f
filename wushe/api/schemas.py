"""Shared API shapes: pages, errors, the statuses every endpoint can answer, and text that is
safe to store."""

from __future__ import annotations

import re
from typing import Annotated, Any, Generic, TypeVar

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, Field

T = TypeVar("T")


# Control characters other than tab and line breaks, and lone surrogates: NUL is refused by
# PostgreSQL, surrogates cannot be encoded as UTF-8, and the rest are never meant and break exports.
_UNSAFE = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff"
_UNSAFE_CHARS = re.compile(f"[{_UNSAFE}]")


def _no_control_characters(value: str) -> str:
    if _UNSAFE_CHARS.search(value):
        raise ValueError(_("不能包含控制字符。"))
    return value


def _without_control_characters(value: str) -> str:
    return _UNSAFE_CHARS.sub("", value)


# Text that is stored: refused (422) if it holds unsafe characters; the OpenAPI document says so
# with a pattern, which pydantic does not enforce itself so that the message stays ours.
SafeText = Annotated[
    str, AfterValidator(_no_control_characters), Field(json_schema_extra={"pattern": f"^[^{_UNSAFE}]*$"})
]
# Text that is only searched for: unsafe characters are dropped, since they can match nothing.
SearchText = Annotated[str, AfterValidator(_without_control_characters), Field(max_length=100)]


class Page(Schema, Generic[T]):
    count: int
    page: int
    page_size: int
    results: list[T]


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str = "value_error"


class ValidationErrorOut(Schema):
    detail: list[ErrorItem]


class MessageOut(Schema):
    detail: str


PageNumber = Annotated[int, Field(ge=1, le=100_000)]
PageSize = Annotated[int, Field(ge=1, le=100)]
Id = Annotated[int, Field(ge=1, le=2**53)]


def responses(ok: dict[int, Any], *errors: int) -> dict[int, Any]:
    """``ok`` plus the error statuses the endpoint can answer; every endpoint can answer 401
    (no or bad credentials)."""
    shapes: dict[int, Any] = {
        400: MessageOut,
        401: MessageOut,
        403: MessageOut,
        404: MessageOut,
        409: MessageOut,
        422: ValidationErrorOut,
    }
    return {**ok, **{code: shapes[code] for code in sorted({401, *errors})}}
