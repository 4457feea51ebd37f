"""Request bodies: one JSON object, strict JSON."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class JsonObjectParser(Parser):
    """Every body the API accepts is a JSON object. ninja's schemas read their fields as
    attributes, so an array or a number would otherwise pass as an object with no fields;
    ``NaN`` and ``Infinity`` are not JSON at all. Whatever fails here is answered with 400."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body, parse_constant=_no_constant)
        if not isinstance(data, dict):
            raise ValueError("the body is not a JSON object")  # ninja answers any error here with 400
        return data
