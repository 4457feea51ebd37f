"""Validation errors in the user's language (zh-Hans by default, English on request), field by
field, with pydantic's English replaced by our own messages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wushe.api.errors import body_field_locations, django_errors, schema_errors
from wushe.orgs.models import Organisation

URL = "/api/v1/organisations"


def one(error: dict, language: str = "zh-hans") -> dict:
    with translation.override(language):
        [item] = schema_errors([error])
    return item


@pytest.mark.parametrize(
    ("error", "zh", "en"),
    [
        ({"type": "missing", "loc": ("body", "payload", "name")}, "此项必填。", "This field is required."),
        (
            {"type": "string_too_long", "loc": ("body", "payload", "name"), "ctx": {"max_length": 100}},
            "最多 100 个字。",
            "At most 100 characters.",
        ),
        (
            {"type": "too_long", "loc": ("body", "payload", "name"), "ctx": {"field_type": "Value", "max_length": 30}},
            "最多 30 个字。",
            "At most 30 characters.",
        ),
        (
            {"type": "too_long", "loc": ("body", "payload", "tags"), "ctx": {"field_type": "List", "max_length": 20}},
            "最多 20 项。",
            "At most 20 items.",
        ),
        (
            {"type": "string_too_short", "loc": ("body", "payload", "name"), "ctx": {"min_length": 1}},
            "不能为空。",
            "This field cannot be empty.",
        ),
        (
            {"type": "string_too_short", "loc": ("body", "payload", "code"), "ctx": {"min_length": 6}},
            "至少 6 个字。",
            "At least 6 characters.",
        ),
        ({"type": "int_parsing", "loc": ("query", "page")}, "请输入整数。", "Enter a whole number."),
        (
            {"type": "greater_than_equal", "loc": ("query", "page"), "ctx": {"ge": 1}},
            "不能小于 1。",
            "Must be at least 1.",
        ),
        (
            {"type": "less_than_equal", "loc": ("query", "page_size"), "ctx": {"le": 100}},
            "不能大于 100。",
            "Must be at most 100.",
        ),
        (
            {"type": "enum", "loc": ("query", "kind"), "ctx": {"expected": "'funder' or 'support'"}},
            "应为以下之一:'funder' or 'support'。",
            "Must be one of: 'funder' or 'support'.",
        ),
        (
            {"type": "date_from_datetime_parsing", "loc": ("body", "payload", "registered_on")},
            "请输入有效的日期,格式为 YYYY-MM-DD。",
            "Enter a valid date as YYYY-MM-DD.",
        ),
        ({"type": "date_parsing", "loc": ("body", "payload", "d")}, "请输入有效的日期,格式为 YYYY-MM-DD。", None),
        ({"type": "no_such_type", "loc": ("body", "payload", "x")}, "输入的值无效。", "Invalid value."),
    ],
)
def test_it_translates_pydantic_errors(error, zh, en):
    assert one(error)["msg"] == zh
    if en is not None:
        assert one(error, "en")["msg"] == en


def test_it_keeps_the_message_of_our_own_validators():
    error = {"type": "value_error", "loc": ("body", "payload", "name"), "ctx": {"error": "不能包含控制字符。"}}
    assert one(error) == {"loc": ["body", "payload", "name"], "msg": "不能包含控制字符。", "type": "value_error"}


def test_it_names_the_field_as_the_client_sent_it():
    errors = [{"loc": ("body", "data", "lines", 2, "amount")}, {"loc": ("body", "other")}, {"loc": ("path", "id")}]
    assert [e["loc"] for e in body_field_locations(errors, "data")] == [
        ("body", "lines", 2, "amount"),
        ("body", "other"),
        ("path", "id"),
    ]


def test_it_turns_model_errors_into_input_fields():
    exc = ValidationError({"home_place": ["没有这个地点。"], "__all__": ["整体错误。"], "uscc": ["校验位不对。"]})
    assert django_errors(exc) == [
        {"loc": ["body", "home_place_id"], "msg": "没有这个地点。", "type": "value_error"},
        {"loc": ["body"], "msg": "整体错误。", "type": "value_error"},
        {"loc": ["body", "uscc"], "msg": "校验位不对。", "type": "value_error"},
    ]


def test_it_answers_in_chinese_by_default(personas, api_client):
    response = api_client(personas.olivia_officer).post(
        URL, {"name": "名" * 101, "kind": "service"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "name"], "msg": "最多 100 个字。", "type": "too_long"}]


def test_it_answers_in_english_when_asked(personas, api_client):
    client = api_client(personas.olivia_officer)
    response = client.post(
        URL,
        {"name": "bad\x00name", "short_name": "长" * 31, "kind": "club", "registered_on": "someday"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    messages = {e["loc"][-1]: e["msg"] for e in response.json()["detail"]}
    assert messages["name"] == "Control characters are not allowed."
    assert messages["short_name"] == "At most 30 characters."
    assert messages["kind"].startswith("Must be one of: ")
    assert messages["registered_on"] == "Enter a valid date as YYYY-MM-DD."
    assert not Organisation.objects.filter(short_name__startswith="长").exists()


def test_it_answers_a_missing_token_in_english_when_asked(db, client):
    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"detail": "Sign in or send a valid API token."}


def test_it_answers_query_errors_in_english_when_asked(personas, api_client):
    response = api_client(personas.vera_volunteer).get(URL, {"page": 0}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == [
        {"loc": ["query", "page"], "msg": "Must be at least 1.", "type": "greater_than_equal"}
    ]
