"""GET /api/v1/me: who the token or session belongs to, with roles and memberships."""

from __future__ import annotations

import pytest


def test_it_describes_a_platform_admin(personas, api_client):
    body = api_client(personas.alice_admin).get("/api/v1/me").json()
    assert body == {
        "id": personas.alice_admin.pk,
        "name": "Alice 管理员",
        "email": "alice@example.test",
        "roles": ["platform_admin"],
        "memberships": [],
    }


def test_it_lists_roles_and_memberships(personas, api_client):
    body = api_client(personas.olivia_officer).get("/api/v1/me").json()
    assert body["roles"] == ["programme_officer"]
    assert body["memberships"] == [
        {"organisation_id": personas.support.pk, "organisation_name": personas.support.name, "role": "staff"}
    ]


@pytest.mark.parametrize(
    ("who", "roles"),
    [("frank_funder", ["funder_officer"]), ("rita_reviewer", ["reviewer"]), ("grace_gov", ["government_viewer"])],
)
def test_it_names_each_platform_role(personas, api_client, who, roles):
    assert api_client(getattr(personas, who)).get("/api/v1/me").json()["roles"] == roles


def test_it_works_with_the_browser_session(personas, client_for):
    response = client_for(personas.gina_grantee).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["memberships"][0]["role"] == "admin"


def test_it_refuses_anonymous_visitors(db, client):
    assert client.get("/api/v1/me").status_code == 401
