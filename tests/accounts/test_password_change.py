from __future__ import annotations

from tests.conftest import PASSWORD, csrf_post

URL = "/accounts/password/change/"
NEW = "a-new-strong-pass-73"


def change(client, old: str = PASSWORD, new1: str = NEW, new2: str = NEW):
    return csrf_post(client, URL, {"old_password": old, "new_password1": new1, "new_password2": new2})


def test_it_shows_the_form(personas, client_for):
    response = client_for(personas.vera_volunteer).get(URL)
    assert response.status_code == 200
    assert "修改密码" in response.content.decode()


def test_it_changes_the_password_and_keeps_the_person_signed_in(personas, client_for):
    client = client_for(personas.vera_volunteer)
    response = change(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/done/"
    personas.vera_volunteer.refresh_from_db()
    assert personas.vera_volunteer.check_password(NEW)
    assert client.get("/organisations/").status_code == 200
    assert "密码已修改" in client.get(response["Location"]).content.decode()


def test_it_signs_out_other_sessions(personas, client_for):
    elsewhere = client_for(personas.vera_volunteer)
    assert elsewhere.get("/organisations/").status_code == 200
    change(client_for(personas.vera_volunteer))
    assert elsewhere.get("/organisations/")["Location"].startswith("/accounts/login/")


def test_it_refuses_a_wrong_old_password(personas, client_for):
    response = change(client_for(personas.vera_volunteer), old="not-my-password")
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"] == ["你的旧密码不正确。请重新输入。"]
    personas.vera_volunteer.refresh_from_db()
    assert personas.vera_volunteer.check_password(PASSWORD)


def test_it_refuses_a_weak_or_mismatched_new_password(personas, client_for):
    client = client_for(personas.vera_volunteer)
    weak = change(client, new1="12345678", new2="12345678")
    assert weak.context["form"].errors["new_password2"]
    mismatched = change(client, new2=NEW + "x")
    assert mismatched.context["form"].errors["new_password2"]
    personas.vera_volunteer.refresh_from_db()
    assert personas.vera_volunteer.check_password(PASSWORD)


def test_it_sends_anonymous_visitors_to_sign_in(db, client_for):
    assert client_for(None).get(URL)["Location"].startswith("/accounts/login/")
