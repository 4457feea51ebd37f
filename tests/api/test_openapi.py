"""The OpenAPI document and the interactive docs page, served without any CDN."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from wushe.api.urls import api


@pytest.fixture
def document(db, client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, op in item.items():
            yield path, method, op


def test_it_lists_the_endpoints(document):
    listed = {(path, method) for path, method, _ in operations(document)}
    assert {
        ("/api/v1/organisations", "get"),
        ("/api/v1/organisations", "post"),
        ("/api/v1/organisations/{org_id}", "get"),
        ("/api/v1/organisations/{org_id}", "patch"),
        ("/api/v1/places", "get"),
        ("/api/v1/places/{place_id}", "get"),
        ("/api/v1/me", "get"),
    } <= listed


def test_it_lists_every_route_of_the_api(document):
    patterns, _, _ = api.urls
    routes = {str(p.pattern) for p in patterns} - {"", "openapi.json", "docs"}
    documented = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route) for route in routes}
    assert {f"/api/v1/{route}" for route in documented} == set(document["paths"])


def test_it_describes_the_bearer_token(document):
    assert document["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_it_declares_authentication_and_401_on_every_operation_but_public_ones(document):
    for path, method, op in operations(document):
        if "security" not in op:  # deliberately public, e.g. open calls
            continue
        assert {"TokenAuth": []} in op["security"], (method, path)
        assert "401" in op["responses"], (method, path)


def test_it_declares_422_wherever_input_is_validated(document):
    for path, method, op in operations(document):
        if op.get("parameters") or op.get("requestBody"):
            assert "422" in op["responses"], (method, path)


def test_it_serves_the_docs_page(db, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b'id="swagger-ui"' in response.content


def test_it_loads_nothing_from_another_site(db, client):
    html = client.get("/api/v1/docs").content.decode()
    # the CSP nonce is random base64, which may itself contain "//": leave it out of the check
    text = re.sub(r'nonce="[^"]*"', "", re.sub(r"<!DOCTYPE[^>]*>", "", html))
    assert "//" not in text.replace('"/api/v1/openapi.json"', "")
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for url in assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url


def test_it_runs_no_inline_script(db, client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert 'src="' in attrs or 'type="application/json"' in attrs, attrs
        assert 'src="' not in attrs or not body.strip()
    policy = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "unsafe-inline" not in script_src
    assert "unsafe-eval" not in script_src


def test_it_names_each_proposal_transition_by_its_states(document):
    text = document["paths"]["/api/v1/proposals/{proposal_id}/transitions"]["post"]["description"]
    assert "`submit` (draft → submitted)" in text
    assert "`approve` (under_review, waitlisted → approved)" in text
    assert "ProposalStatus" not in text
