"""The version diff (page and API) issues the same number of queries however many versions a
proposal has and however many proposals there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.lifecycle import make_call, make_programme, make_submitted_proposal
from wushe.accounts.services import api_token_create
from wushe.proposals.services import comment_reply, proposal_save_draft, proposal_transition

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _revise(personas, proposal, text: str):
    """One coaching round: the officer asks for a change, the applicant answers and resubmits."""
    proposal = proposal_transition(
        proposal=proposal, action="request_revision", by=personas.olivia_officer, comments=[("goals", "请量化目标")]
    )
    for comment in proposal.comments.filter(addressed=False):
        comment_reply(comment=comment, by=personas.gina_grantee, reply="已修改", addressed=True)
    proposal = proposal_save_draft(
        proposal=proposal, by=personas.gina_grantee, edit_version=proposal.edit_version, sections={"goals": text}
    )
    return proposal_transition(proposal=proposal, action="resubmit", by=personas.gina_grantee)


@pytest.mark.parametrize("url", ["/proposals/{pk}/diff/?a=1&b=2", "/api/v1/proposals/{pk}/diff?a=1&b=2"])
def test_the_diff_stays_flat_as_versions_and_proposals_grow(personas, client_for, url):
    call = make_call(make_programme(personas))
    proposal = _revise(personas, make_submitted_proposal(personas, call), "一年内带动 120 户居民参与分类。")
    if url.startswith("/api/"):
        _, secret = api_token_create(user=personas.olivia_officer, name="测试")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    else:
        client = client_for(personas.olivia_officer)
    url = url.format(pk=proposal.pk)
    client.get(url)  # a token's first use is recorded once
    few = _count(client, url)

    for n in range(3):
        proposal = _revise(personas, proposal, f"一年内带动 {150 + n * 30} 户居民参与分类。\n培育志愿者队伍。")
    make_submitted_proposal(personas, call, title="另一份项目书")
    assert _count(client, url) == few
