"""``/api/v1/proposals`` answers in the same number of queries however many proposals there are."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory
from tests.lifecycle import make_call, make_programme, make_submitted_proposal
from wushe.access.models import MemberRole, Membership
from wushe.access.roles import forget


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_proposal_list_stays_flat(personas, api_client):
    call = make_call(make_programme(personas))
    make_submitted_proposal(personas, call)
    client = api_client(personas.olivia_officer)
    client.get("/api/v1/proposals")  # a token's first use is recorded once
    few = _count(client, "/api/v1/proposals")
    for n in range(5):
        org = OrganisationFactory()
        Membership.objects.create(user=personas.gina_grantee, organisation=org, role=MemberRole.ADMIN)
        forget(personas.gina_grantee)
        make_submitted_proposal(personas, call, organisation=org, title=f"项目书{n}")
    assert _count(client, "/api/v1/proposals") == few
    assert _count(client, f"/api/v1/proposals?call={call.pk}&status=submitted") == few
