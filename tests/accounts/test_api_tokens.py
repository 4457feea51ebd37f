from __future__ import annotations

import hashlib

from tests.conftest import csrf_post
from wushe.accounts.models import ApiToken
from wushe.accounts.services import api_token_authenticate, api_token_create

URL = "/accounts/me/tokens/"


def revoke_url(token: ApiToken) -> str:
    return f"/accounts/me/tokens/{token.pk}/revoke/"


def test_it_lists_only_ones_own_tokens(personas, client_for):
    api_token_create(user=personas.gina_grantee, name="吉娜的同步")
    api_token_create(user=personas.sam_staff, name="山姆的脚本")
    response = client_for(personas.sam_staff).get(URL)
    assert [t.name for t in response.context["tokens"]] == ["山姆的脚本"]
    assert "吉娜的同步" not in response.content.decode()


def test_it_shows_a_new_token_once_and_stores_only_its_hash(personas, client_for):
    client = client_for(personas.sam_staff)
    response = csrf_post(client, URL, {"name": "数据同步"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("wsh_")
    assert secret in response.content.decode()

    token = ApiToken.objects.get(user=personas.sam_staff)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.hint == secret[:8]
    stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]
    assert not any(secret in value for value in stored)
    assert api_token_authenticate(secret) == personas.sam_staff

    again = client.get(URL)
    assert again.context["secret"] is None
    assert secret not in again.content.decode()


def test_it_refuses_a_token_without_a_name(personas, client_for):
    response = csrf_post(client_for(personas.sam_staff), URL, {"name": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert response.context["secret"] is None
    assert not ApiToken.objects.exists()


def test_it_refuses_an_over_long_name(personas, client_for):
    response = csrf_post(client_for(personas.sam_staff), URL, {"name": "长" * 61})
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_working(personas, client_for):
    token, secret = api_token_create(user=personas.sam_staff, name="脚本")
    client = client_for(personas.sam_staff)
    response = csrf_post(client, revoke_url(token))
    assert response.status_code == 302
    assert response["Location"] == URL
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_authenticate(secret) is None
    assert "令牌“脚本”已撤销" in client.get(URL).content.decode()


def test_revoking_twice_is_harmless(personas, client_for):
    token, _secret = api_token_create(user=personas.sam_staff, name="脚本")
    client = client_for(personas.sam_staff)
    csrf_post(client, revoke_url(token))
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    assert csrf_post(client, revoke_url(token)).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


def test_nobody_else_can_revoke_a_token_not_even_a_platform_admin(personas, client_for):
    token, secret = api_token_create(user=personas.sam_staff, name="脚本")
    for someone in (personas.gina_grantee, personas.alice_admin):
        assert csrf_post(client_for(someone), revoke_url(token)).status_code == 404
    assert api_token_authenticate(secret) == personas.sam_staff


def test_revoking_refuses_get(personas, client_for):
    token, secret = api_token_create(user=personas.sam_staff, name="脚本")
    assert client_for(personas.sam_staff).get(revoke_url(token)).status_code == 405
    assert api_token_authenticate(secret) == personas.sam_staff


def test_a_deactivated_persons_token_stops_working(personas):
    _token, secret = api_token_create(user=personas.sam_staff, name="脚本")
    personas.sam_staff.is_active = False
    personas.sam_staff.save()
    assert api_token_authenticate(secret) is None


def test_it_sends_anonymous_visitors_to_sign_in(db, client_for):
    assert client_for(None).get(URL)["Location"].startswith("/accounts/login/")
