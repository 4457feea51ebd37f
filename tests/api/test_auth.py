"""Authentication of the API: a personal Bearer token, or the browser session with CSRF."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import csrf_post
from wushe.accounts.models import ApiToken
from wushe.accounts.services import api_token_create, api_token_revoke
from wushe.orgs.models import Organisation

ME = "/api/v1/me"
ORGS = "/api/v1/organisations"
NEW_ORG = {"name": "会话创建的社区社会组织", "kind": "community_group"}


def bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_it_accepts_a_personal_token(personas):
    _, secret = api_token_create(user=personas.gina_grantee, name="数据同步")
    response = bearer(secret).get(ME)
    assert response.status_code == 200
    assert response.json()["id"] == personas.gina_grantee.pk
    assert ApiToken.objects.get(user=personas.gina_grantee).last_used_at is not None


def test_it_refuses_a_revoked_token(personas):
    token, secret = api_token_create(user=personas.gina_grantee, name="数据同步")
    api_token_revoke(token=token, by=personas.gina_grantee)
    response = bearer(secret).get(ME)
    assert response.status_code == 401
    assert response.json() == {"detail": "需要登录或有效的 API 令牌。"}


def test_it_refuses_the_token_of_a_deactivated_user(personas):
    _, secret = api_token_create(user=personas.gina_grantee, name="数据同步")
    personas.gina_grantee.is_active = False
    personas.gina_grantee.save()
    assert bearer(secret).get(ME).status_code == 401


@pytest.mark.parametrize("header", ["Bearer wsh_not-a-real-token", "Bearer ", "Token abc", "wsh_abc"])
def test_it_refuses_a_wrong_token(personas, header):
    assert Client(HTTP_AUTHORIZATION=header).get(ME).status_code == 401


@pytest.mark.parametrize(("method", "url"), [("get", ME), ("get", ORGS), ("post", ORGS), ("patch", f"{ORGS}/1")])
def test_it_answers_401_without_credentials(db, method, url):
    response = getattr(Client(), method)(url, {}, content_type="application/json")
    assert response.status_code == 401


def test_it_answers_401_without_credentials_even_with_csrf_checks(db):
    response = Client(enforce_csrf_checks=True).post(ORGS, NEW_ORG, content_type="application/json")
    assert response.status_code == 401


def test_it_accepts_the_browser_session_for_reading(personas, client_for):
    response = client_for(personas.vera_volunteer).get(ORGS)
    assert response.status_code == 200


def test_it_requires_the_csrf_token_for_a_session_write(personas, client_for):
    client = client_for(personas.olivia_officer)
    response = client.post(ORGS, NEW_ORG, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Organisation.objects.filter(name=NEW_ORG["name"]).exists()


def test_it_accepts_a_session_write_with_the_csrf_token(personas, client_for):
    client = client_for(personas.olivia_officer)
    response = csrf_post(client, ORGS, NEW_ORG, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Organisation.objects.filter(name=NEW_ORG["name"]).exists()


def test_it_needs_no_csrf_token_with_a_bearer_token(personas):
    _, secret = api_token_create(user=personas.olivia_officer, name="导入")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.post(ORGS, NEW_ORG, content_type="application/json")
    assert response.status_code == 201, response.content
