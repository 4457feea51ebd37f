from __future__ import annotations

from auditlog.models import LogEntry

from tests.conftest import csrf_post


def url(org) -> str:
    return f"/organisations/{org.pk}/archive/"


def test_a_platform_admin_archives_an_organisation(personas, client_for):
    client = client_for(personas.alice_admin)
    response = csrf_post(client, url(personas.grantee), {"active": "0"})
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{personas.grantee.pk}/"
    personas.grantee.refresh_from_db()
    assert personas.grantee.is_active is False
    assert "已归档该组织" in client.get(response["Location"]).content.decode()
    entry = LogEntry.objects.get_for_object(personas.grantee).latest("pk")
    assert entry.actor == personas.alice_admin
    assert entry.changes_dict == {"is_active": ["True", "False"]}


def test_archiving_hides_the_organisation_from_outsiders_but_not_its_members(personas, client_for):
    csrf_post(client_for(personas.alice_admin), url(personas.grantee), {"active": "0"})
    detail = f"/organisations/{personas.grantee.pk}/"
    assert client_for(personas.oscar_other).get(detail).status_code == 404
    assert client_for(personas.sam_staff).get(detail).status_code == 200
    assert personas.grantee.name not in client_for(personas.oscar_other).get("/organisations/").content.decode()


def test_a_platform_admin_restores_an_archived_organisation(personas, client_for):
    client = client_for(personas.alice_admin)
    response = csrf_post(client, url(personas.archived), {"active": "1"})
    assert response.status_code == 302
    personas.archived.refresh_from_db()
    assert personas.archived.is_active is True
    assert "已恢复该组织" in client.get(response["Location"]).content.decode()
    assert client_for(personas.vera_volunteer).get(f"/organisations/{personas.archived.pk}/").status_code == 200


def test_archiving_twice_is_harmless(personas, client_for):
    client = client_for(personas.alice_admin)
    csrf_post(client, url(personas.grantee), {"active": "0"})
    entries = LogEntry.objects.count()
    assert csrf_post(client, url(personas.grantee), {"active": "0"}).status_code == 302
    assert LogEntry.objects.count() == entries
    personas.grantee.refresh_from_db()
    assert personas.grantee.is_active is False


def test_it_refuses_the_organisations_own_admin(personas, client_for):
    assert csrf_post(client_for(personas.gina_grantee), url(personas.grantee), {"active": "0"}).status_code == 403
    personas.grantee.refresh_from_db()
    assert personas.grantee.is_active is True


def test_it_hides_an_archived_organisation_from_others(personas, client_for):
    assert csrf_post(client_for(personas.oscar_other), url(personas.archived), {"active": "1"}).status_code == 404
    personas.archived.refresh_from_db()
    assert personas.archived.is_active is False


def test_it_refuses_get(personas, client_for):
    assert client_for(personas.alice_admin).get(url(personas.grantee)).status_code == 405
    personas.grantee.refresh_from_db()
    assert personas.grantee.is_active is True


def test_it_sends_anonymous_visitors_to_sign_in(personas, client_for):
    response = csrf_post(client_for(None), url(personas.grantee), {"active": "0"})
    assert response["Location"].startswith("/accounts/login/")
    personas.grantee.refresh_from_db()
    assert personas.grantee.is_active is True
