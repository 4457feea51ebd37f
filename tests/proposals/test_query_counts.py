"""Proposal pages issue the same number of queries with few or many proposals."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory
from tests.lifecycle import make_call, make_programme, make_submitted_proposal
from wushe.access.models import MemberRole, Membership
from wushe.proposals.services import comment_reply, proposal_transition


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add(personas, call, n):
    for _ in range(n):
        org = OrganisationFactory()
        Membership.objects.create(user=personas.gina_grantee, organisation=org, role=MemberRole.ADMIN)
        personas.gina_grantee.__dict__.pop("_wushe_actor", None)
        proposal = make_submitted_proposal(personas, call, organisation=org)
        proposal = proposal_transition(
            proposal=proposal, action="request_revision", by=personas.olivia_officer, comments=[("goals", "量化")]
        )
        for c in proposal.comments.all():
            comment_reply(comment=c, by=personas.gina_grantee, reply="好", addressed=True)
        proposal_transition(proposal=proposal, action="resubmit", by=personas.gina_grantee)


@pytest.mark.parametrize("page", ["list", "dashboard", "detail"])
def test_pages_stay_flat_as_proposals_grow(personas, client_for, page):
    call = make_call(make_programme(personas))
    client = client_for(personas.olivia_officer)
    _add(personas, call, 2)
    first = call.proposals.order_by("pk").first()
    url = {
        "list": "/proposals/",
        "dashboard": f"/programmes/{call.programme_id}/",
        "detail": f"/proposals/{first.pk}/",
    }[page]
    small = _count(client, url)
    _add(personas, call, 6)
    assert _count(client, url) == small
