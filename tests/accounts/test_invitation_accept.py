from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD, csrf_post
from wushe.access.models import Invitation, MemberRole, Membership
from wushe.access.services import invitation_create, invitation_revoke
from wushe.accounts.models import User


@pytest.fixture
def invited(personas):
    invitation, secret = invitation_create(
        organisation=personas.grantee,
        by=personas.gina_grantee,
        name="新同事",
        email="new.colleague@example.test",
        role=MemberRole.STAFF,
    )
    return invitation, f"/accounts/invitations/{secret}/"


def test_it_shows_the_invitation_with_the_name_filled_in(invited, client_for):
    _invitation, url = invited
    response = client_for(None).get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "加入北京市东城区三正社工事务所" in body
    assert response.context["form"].initial["name"] == "新同事"


def test_a_new_person_signs_up_joins_and_is_signed_in(personas, invited, client_for):
    invitation, url = invited
    client = client_for(None)
    response = csrf_post(client, url, {"name": "新同事小王", "password": "a-long-enough-pass-42"})
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{personas.grantee.pk}/"
    user = User.objects.get(email="new.colleague@example.test")
    assert user.name == "新同事小王"
    assert user.check_password("a-long-enough-pass-42")
    assert Membership.objects.get(user=user).role == MemberRole.STAFF
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "你已加入北京市东城区三正社工事务所" in page.content.decode()


def test_a_signed_in_person_joins_with_their_own_account(personas, invited, client_for):
    _invitation, url = invited
    response = csrf_post(client_for(personas.vera_volunteer), url, {})
    assert response.status_code == 302
    assert Membership.objects.get(user=personas.vera_volunteer).organisation == personas.grantee
    assert not User.objects.filter(email="new.colleague@example.test").exists()


def test_a_used_link_is_refused(personas, invited, client_for):
    _invitation, url = invited
    csrf_post(client_for(personas.vera_volunteer), url, {})
    again = client_for(None)
    assert again.get(url).status_code == 404
    response = csrf_post(again, url, {"name": "冒名", "password": "a-long-enough-pass-42"})
    assert response.status_code == 404
    assert "该邀请链接已失效" in response.content.decode()
    assert not User.objects.filter(name="冒名").exists()


def test_an_expired_link_is_refused(invited, client_for):
    invitation, url = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client_for(None).get(url).status_code == 404


def test_a_revoked_link_is_refused(personas, invited, client_for):
    invitation, url = invited
    invitation_revoke(invitation=invitation, by=personas.gina_grantee)
    response = csrf_post(client_for(personas.vera_volunteer), url, {})
    assert response.status_code == 404
    assert not Membership.objects.filter(user=personas.vera_volunteer).exists()


def test_an_unknown_link_is_refused(personas, client_for):
    assert client_for(None).get("/accounts/invitations/made-up-secret/").status_code == 404


def test_a_weak_password_is_refused_and_the_link_stays_open(invited, client_for):
    invitation, url = invited
    response = csrf_post(client_for(None), url, {"name": "新同事", "password": "12345678"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(email="new.colleague@example.test").exists()
    invitation.refresh_from_db()
    assert invitation.is_open


def test_an_address_already_registered_must_sign_in_first(personas, client_for):
    _invitation, secret = invitation_create(
        organisation=personas.grantee, by=personas.gina_grantee, name="Vera", email=personas.vera_volunteer.email
    )
    response = csrf_post(
        client_for(None), f"/accounts/invitations/{secret}/", {"name": "Vera", "password": "a-long-enough-pass-42"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "该电子邮箱已被注册。" in body
    assert f'href="/accounts/login/?next=/accounts/invitations/{secret}/"' in body
    assert not Membership.objects.filter(user=personas.vera_volunteer).exists()


def test_signing_in_first_brings_one_back_to_accept(personas, invited, client_for):
    _invitation, url = invited
    client = client_for(None)
    response = csrf_post(
        client, "/accounts/login/", {"username": "vera@example.test", "password": PASSWORD, "next": url}
    )
    assert response["Location"] == url
    assert csrf_post(client, url, {}).status_code == 302
    assert Membership.objects.get(user=personas.vera_volunteer).organisation == personas.grantee


def test_it_needs_the_csrf_token(invited, client_for):
    _invitation, url = invited
    response = client_for(None).post(url, {"name": "新同事", "password": "a-long-enough-pass-42"})
    assert response.status_code == 403
    assert not User.objects.filter(email="new.colleague@example.test").exists()


def test_it_refuses_other_methods(invited, client_for):
    _invitation, url = invited
    client = client_for(None)
    client.get(url)
    assert client.put(url, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value).status_code == 405
