from django.db import connection


def test_it_reports_ok_with_the_database_up(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["database_vendor"] == connection.vendor


class _Unreachable:
    """Stands in for a database connection whose server is gone."""

    vendor = "unreachable"

    def cursor(self):
        raise connection.Database.OperationalError("connection refused")


def test_it_names_the_failing_part_when_the_database_is_down(client, db, monkeypatch):
    monkeypatch.setattr("wushe.core.health.connection", _Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["status"] == "error"


def test_it_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405
