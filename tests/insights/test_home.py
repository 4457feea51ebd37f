"""The home page shows each person what needs them, by role, in a flat number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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


def test_the_grantee_sees_its_grants_with_what_has_been_paid(personas, client_for):
    from tests.grants.builders import make_approved_proposal, make_grant
    from wushe.grants.services import grant_disburse

    grant = make_grant(
        personas, make_approved_proposal(personas, requested=100_000, approved=80_000, title="零废弃院落")
    )
    grant_disburse(
        grant=grant,
        tranche=grant.tranches.get(number=1),
        amount="40000",
        paid_on=timezone.localdate(),
        reference="LY-PAY-1",
        by=personas.olivia_officer,
    )
    html = client_for(personas.gina_grantee).get("/").content.decode()
    assert 'data-testid="home-my-grants"' in html
    assert grant.agreement_number in html
    assert "¥40,000.00 / ¥80,000.00" in html
    assert "预算待调整" in html  # approved below the request: the budget must be revised
    assert grant.agreement_number not in client_for(personas.oscar_other).get("/").content.decode()


def test_the_funder_sees_what_it_committed_granted_and_paid(personas, client_for):
    from tests.grants.builders import make_approved_proposal, make_grant, make_grant_call
    from wushe.grants.services import grant_disburse

    call = make_grant_call(personas, budget=900_000)
    grant = make_grant(personas, make_approved_proposal(personas, call, requested=120_000))
    grant_disburse(
        grant=grant,
        tranche=grant.tranches.get(number=1),
        amount="60000",
        paid_on=timezone.localdate(),
        reference="LY-PAY-1",
        by=personas.olivia_officer,
    )
    html = client_for(personas.frank_funder).get("/").content.decode()
    assert 'data-testid="home-funded"' in html
    assert call.programme.name in html or call.programme.short_name in html
    assert "承诺 ¥900,000.00 · 已立项资助 ¥120,000.00 · 已拨付 ¥60,000.00" in html
    assert 'data-testid="home-funded"' not in client_for(personas.gina_grantee).get("/").content.decode()


def test_the_grantee_and_funder_panels_stay_flat_as_grants_grow(personas, client_for):
    from tests.grants.builders import make_approved_proposal, make_grant, make_grant_call

    call = make_grant_call(personas)
    make_grant(personas, make_approved_proposal(personas, call, requested=10_000))
    clients = {"grantee": client_for(personas.gina_grantee), "funder": client_for(personas.frank_funder)}
    few = {}
    for name, client in clients.items():
        client.get("/")  # a session's first request also loads what later ones find cached
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        few[name] = len(captured.captured_queries)
    for n in range(3):
        make_grant(personas, make_approved_proposal(personas, call, requested=10_000, title=f"第{n}个"))
    for name, client in clients.items():
        with CaptureQueriesContext(connection) as many:
            assert client.get("/").status_code == 200
        assert len(many.captured_queries) == few[name], name


def test_a_funder_is_not_offered_the_applicant_panel(personas, client_for):
    html = client_for(personas.frank_funder).get("/").content.decode()
    assert 'data-testid="home-my-proposals"' not in html
    assert 'data-testid="home-my-proposals"' in client_for(personas.gina_grantee).get("/").content.decode()
