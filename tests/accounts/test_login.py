from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset

from tests.conftest import PASSWORD, csrf_post
from tests.factories import UserFactory

URL = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_lockouts(db):
    axes_reset()
    yield
    axes_reset()


@pytest.fixture
def mei(db):
    return UserFactory(name="梅", email="mei@example.test", phone="13812345678")


def sign_in(client, username: str, password: str = PASSWORD, **data):
    return csrf_post(client, URL, {"username": username, "password": password, **data})


def signed_in_as(client) -> int | None:
    raw = client.session.get("_auth_user_id")
    return int(raw) if raw else None


def test_it_shows_the_sign_in_page(client_for, db):
    response = client_for(None).get(URL)
    assert response.status_code == 200
    assert "登录五社联动" in response.content.decode()


@pytest.mark.parametrize(
    "login",
    ["mei@example.test", "MEI@Example.TEST", " mei@example.test ", "13812345678", "138 1234 5678", "+86 13812345678"],
)
def test_it_signs_in_by_email_or_phone(login, mei, client_for):
    client = client_for(None)
    response = sign_in(client, login)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_as(client) == mei.pk


def test_it_goes_on_to_the_page_asked_for(mei, client_for):
    response = sign_in(client_for(None), "mei@example.test", next="/organisations/")
    assert response["Location"] == "/organisations/"


def test_it_does_not_go_on_to_another_site(mei, client_for):
    response = sign_in(client_for(None), "mei@example.test", next="https://evil.example/")
    assert response["Location"] == "/"


def test_it_says_so_when_the_password_is_wrong(mei, client_for):
    client = client_for(None)
    response = sign_in(client, "mei@example.test", "wrong-password")
    assert response.status_code == 200
    assert "手机号/邮箱或密码不正确。" in response.content.decode()
    assert signed_in_as(client) is None


def test_it_gives_the_same_message_for_an_unknown_login(db, client_for):
    response = sign_in(client_for(None), "nobody@example.test")
    assert "手机号/邮箱或密码不正确。" in response.content.decode()


def test_it_refuses_a_deactivated_account(mei, client_for):
    mei.is_active = False
    mei.save()
    client = client_for(None)
    response = sign_in(client, "mei@example.test")
    assert response.status_code == 200
    assert signed_in_as(client) is None


def test_it_locks_the_account_after_five_failures(mei, client_for):
    client = client_for(None)
    for _ in range(5):
        sign_in(client, "mei@example.test", "wrong-password")
    response = sign_in(client, "mei@example.test")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert signed_in_as(client) is None


def test_the_lock_cannot_be_dodged_by_spelling_the_login_differently(mei, client_for):
    client = client_for(None)
    for spelling in ("13812345678", "138 1234 5678", "+8613812345678", "0086 138 1234 5678", "+86 138 1234 5678"):
        sign_in(client, spelling, "wrong-password")
    assert sign_in(client, "13812345678").status_code == 429
    assert sign_in(client, "+86 138 1234 5678").status_code == 429
    assert signed_in_as(client) is None


def test_the_lock_covers_the_email_in_any_case(mei, client_for):
    client = client_for(None)
    for spelling in (
        "mei@example.test",
        "MEI@example.test",
        "Mei@Example.test",
        " mei@example.test",
        "mei@EXAMPLE.test",
    ):
        sign_in(client, spelling, "wrong-password")
    assert sign_in(client, "mei@example.test").status_code == 429


def test_four_failures_do_not_lock(mei, client_for):
    client = client_for(None)
    for _ in range(4):
        sign_in(client, "mei@example.test", "wrong-password")
    assert sign_in(client, "mei@example.test").status_code == 302
    assert signed_in_as(client) == mei.pk


def test_a_lock_on_one_account_leaves_others_alone(mei, client_for):
    other = UserFactory(email="other@example.test")
    client = client_for(None)
    for _ in range(5):
        sign_in(client, "mei@example.test", "wrong-password")
    assert sign_in(client, "other@example.test").status_code == 302
    assert signed_in_as(client) == other.pk


def test_resetting_the_lock_lets_the_person_in_again(mei, client_for):
    client = client_for(None)
    for _ in range(5):
        sign_in(client, "mei@example.test", "wrong-password")
    assert AccessAttempt.objects.exists()
    axes_reset(username="mei@example.test")
    assert sign_in(client, "mei@example.test").status_code == 302


def test_it_needs_the_csrf_token(mei, client_for):
    client = client_for(None)
    response = client.post(URL, {"username": "mei@example.test", "password": PASSWORD})
    assert response.status_code == 403
    assert signed_in_as(client) is None


def test_a_signed_in_visitor_is_sent_on(mei, client_for):
    assert client_for(mei).get(URL)["Location"] == "/"
