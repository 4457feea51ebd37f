from __future__ import annotations

from tests.conftest import csrf_post

URL = "/accounts/logout/"


def test_it_signs_out_by_post(personas, client_for):
    client = client_for(personas.vera_volunteer)
    response = csrf_post(client, URL)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert client.get("/organisations/")["Location"].startswith("/accounts/login/")


def test_it_refuses_get(personas, client_for):
    client = client_for(personas.vera_volunteer)
    assert client.get(URL).status_code == 405
    assert client.get("/organisations/").status_code == 200


def test_it_needs_the_csrf_token(personas, client_for):
    client = client_for(personas.vera_volunteer)
    assert client.post(URL).status_code == 403
    assert client.get("/organisations/").status_code == 200


def test_signing_out_twice_is_harmless(personas, client_for):
    client = client_for(personas.vera_volunteer)
    csrf_post(client, URL)
    assert csrf_post(client, URL).status_code == 302
