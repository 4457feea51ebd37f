from __future__ import annotations

import re

from django.core import mail

from tests.conftest import csrf_post
from tests.factories import UserFactory

URL = "/accounts/password/reset/"
NEW = "a-new-strong-pass-73"


def ask(client, email: str):
    return csrf_post(client, URL, {"email": email})


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/[^/\s]+/[^/\s]+/)", message.body).group(1)


def test_it_emails_a_reset_link(personas, client_for):
    response = ask(client_for(None), "VERA@example.test")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["vera@example.test"]
    assert message.subject == "重设你在五社联动的密码"
    assert "Vera 志愿者,你好" in message.body
    assert link_in(message)


def test_it_says_the_same_for_an_unknown_address(db, client_for):
    response = ask(client_for(None), "nobody@example.test")
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_it_sends_nothing_to_a_deactivated_account(db, client_for):
    UserFactory(email="gone@example.test", is_active=False)
    ask(client_for(None), "gone@example.test")
    assert mail.outbox == []


def test_the_link_sets_a_new_password_once(personas, client_for):
    client = client_for(None)
    ask(client, "vera@example.test")
    link = link_in(mail.outbox[0])
    form_page = client.get(link)
    assert form_page.status_code == 302
    set_url = form_page["Location"]
    assert client.get(set_url).status_code == 200
    done = csrf_post(client, set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/complete/"
    personas.vera_volunteer.refresh_from_db()
    assert personas.vera_volunteer.check_password(NEW)

    again = client_for(None).get(link, follow=True)
    assert "重设链接无效或已过期" in again.content.decode()


def test_the_link_refuses_a_weak_password(personas, client_for):
    client = client_for(None)
    ask(client, "vera@example.test")
    set_url = client.get(link_in(mail.outbox[0]))["Location"]
    response = csrf_post(client, set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]


def test_a_forged_link_is_refused(personas, client_for):
    response = client_for(None).get("/accounts/password/reset/MQ/forged-token/", follow=True)
    assert "重设链接无效或已过期" in response.content.decode()
