"""GET /api/v1/organisations/{id}: contact details only for those who may see the people."""

from __future__ import annotations

import pytest


def url(org) -> str:
    return f"/api/v1/organisations/{org.pk}"


@pytest.mark.parametrize("who", ["alice_admin", "olivia_officer", "gina_grantee", "sam_staff"])
def test_it_shows_the_contact_details_to_those_allowed(personas, api_client, who):
    response = api_client(getattr(personas, who)).get(url(personas.grantee))
    assert response.status_code == 200
    body = response.json()
    assert body["contact_phone"] == personas.grantee.contact_phone
    assert body["contact_email"] == personas.grantee.contact_email
    assert body["home_place"] == {
        "id": personas.street.pk,
        "name": personas.street.name,
        "full_name": personas.street.full_name,
    }


@pytest.mark.parametrize("who", ["oscar_other", "frank_funder", "rita_reviewer", "grace_gov", "vera_volunteer"])
def test_it_hides_the_contact_details_from_others(personas, api_client, who):
    response = api_client(getattr(personas, who)).get(url(personas.grantee))
    assert response.status_code == 200
    body = response.json()
    assert body["contact_phone"] is None
    assert body["contact_email"] is None
    assert body["name"] == personas.grantee.name


@pytest.mark.parametrize("who", ["alice_admin", "vera_volunteer"])
def test_it_always_gives_the_masked_phone(personas, api_client, who):
    phone = personas.grantee.contact_phone
    body = api_client(getattr(personas, who)).get(url(personas.grantee)).json()
    assert body["contact_phone_masked"] == f"{phone[:3]}****{phone[-4:]}"


def test_it_answers_404_for_an_archived_organisation_one_cannot_see(personas, api_client):
    assert api_client(personas.vera_volunteer).get(url(personas.archived)).status_code == 404
    assert api_client(personas.alice_admin).get(url(personas.archived)).status_code == 200


def test_it_answers_404_for_an_organisation_that_does_not_exist(personas, api_client):
    response = api_client(personas.alice_admin).get("/api/v1/organisations/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


def test_it_refuses_an_id_out_of_range(personas, api_client):
    response = api_client(personas.alice_admin).get(f"/api/v1/organisations/{2**63}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "org_id"]
