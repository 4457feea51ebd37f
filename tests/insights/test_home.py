"""The home page shows each person what needs them, by role, in a flat number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.lifecycle import make_call, make_draft_proposal, make_programme, make_submitted_proposal


def test_the_officer_sees_submitted_proposals_waiting(personas, client_for):
    call = make_call(make_programme(personas))
    proposal = make_submitted_proposal(personas, call, title="等待辅导的项目书")
    html = client_for(personas.olivia_officer).get("/").content.decode()
    assert "等待我处理的项目书" in html
    assert proposal.title in html


def test_the_applicant_sees_its_own_proposals_and_open_calls(personas, client_for):
    call = make_call(make_programme(personas))
    make_draft_proposal(personas, call, title="我们的草稿")
    html = client_for(personas.gina_grantee).get("/").content.decode()
    assert "我们的草稿" in html
    assert call.title in html
    assert "我们的草稿" not in client_for(personas.oscar_other).get("/").content.decode()


def test_a_volunteer_without_roles_sees_no_work_panels(personas, client_for):
    html = client_for(personas.vera_volunteer).get("/").content.decode()
    assert 'data-testid="home-awaiting"' not in html
    assert 'data-testid="home-my-proposals"' not in html


def test_the_home_page_stays_flat_as_proposals_grow(personas, client_for):
    call = make_call(make_programme(personas))
    client = client_for(personas.olivia_officer)
    make_submitted_proposal(personas, call)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(5):
        make_submitted_proposal(personas, call, title=f"第{n}份")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
