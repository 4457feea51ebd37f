"""Shared API shapes: pages, errors, and text that is safe to store."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from ninja import Schema
from pydantic import AfterValidator, Field

T = TypeVar("T")


def _no_control_characters(value: str) -> str:
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValueError("不能包含控制字符。")
    return value


SafeText = Annotated[str, AfterValidator(_no_control_characters)]


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
