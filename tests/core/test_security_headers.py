from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_post
from wushe.accounts.services import api_token_create


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.fixture
def responses(personas, client_for):
    """A page, the sign-in page, a 404, a 403 and the API, as the browser or a script gets them."""
    signed_in = client_for(personas.gina_grantee)
    _token, secret = api_token_create(user=personas.gina_grantee, name="脚本")
    return {
        "page": signed_in.get("/organisations/"),
        "login": client_for(None).get("/accounts/login/"),
        "404": signed_in.get("/no-such-page/"),
        "403": signed_in.get(f"/organisations/{personas.other.pk}/edit/"),
        "api": client_for(None).get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {secret}"),
        "api 401": client_for(None).get("/api/v1/organisations"),
    }


EXPECTED_STATUS = {"page": 200, "login": 200, "404": 404, "403": 403, "api": 200, "api 401": 401}


@pytest.mark.parametrize("name", EXPECTED_STATUS)
def test_every_response_carries_the_security_headers(name, responses):
    response = responses[name]
    assert response.status_code == EXPECTED_STATUS[name]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("name", ["page", "login", "404", "403"])
def test_pages_allow_only_their_own_scripts_by_nonce(name, responses):
    response = responses[name]
    script_src = directives(response)["script-src"]
    nonces = [v for v in script_src if v.startswith("'nonce-")]
    assert script_src[0] == "'self'"
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    body = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", body)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_each_response_gets_a_fresh_nonce(personas, client_for):
    client = client_for(personas.gina_grantee)
    first = directives(client.get("/organisations/"))["script-src"]
    second = directives(client.get("/organisations/"))["script-src"]
    assert first != second


# --- friendly error pages, in the visitor's language ------------------------------------------


def test_the_404_page_is_friendly_and_in_chinese_by_default(personas, client_for):
    response = client_for(personas.gina_grantee).get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="zh-CN">' in body
    assert "找不到这个页面" in body
    assert 'href="/"' in body


def test_the_403_page_is_friendly_and_in_chinese_by_default(personas, client_for):
    response = client_for(personas.sam_staff).get(f"/organisations/{personas.grantee.pk}/edit/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "你没有执行此操作的权限" in body
    assert "请联系你所在组织的管理员" in body


def switch_to_english(client) -> None:
    response = csrf_post(client, "/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_the_error_pages_are_in_english_after_switching(personas, client_for):
    client = client_for(personas.sam_staff)
    switch_to_english(client)
    not_found = client.get("/no-such-page/").content.decode()
    forbidden = client.get(f"/organisations/{personas.grantee.pk}/edit/").content.decode()
    assert '<html lang="en">' in not_found
    assert "Page not found" in not_found
    assert "找不到这个页面" not in not_found
    assert "You do not have permission to do this" in forbidden
    assert "你没有执行此操作的权限" not in forbidden


def test_switching_language_works_before_signing_in(db, client_for):
    client = client_for(None)
    switch_to_english(client)
    body = client.get("/no-such-page/").content.decode()
    assert '<html lang="en">' in body
    assert "Page not found" in body


def test_switching_back_to_chinese(personas, client_for):
    client = client_for(personas.sam_staff)
    switch_to_english(client)
    csrf_post(client, "/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "找不到这个页面" in client.get("/no-such-page/").content.decode()
