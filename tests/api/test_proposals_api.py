"""/api/v1/programmes, /calls and /proposals: the lifecycle through the API."""

from __future__ import annotations

import json

import pytest

from tests.lifecycle import SECTION_TEXT, make_call, make_draft_proposal, make_programme, make_submitted_proposal
from wushe.proposals.models import Proposal, ProposalStatus


@pytest.fixture
def call(personas):
    return make_call(make_programme(personas))


def _json(client, method, url, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_calls_are_listed_without_a_token(personas, client, call):
    body = client.get("/api/v1/calls?open=true").json()
    assert [c["id"] for c in body["results"]] == [call.pk]
    assert body["results"][0]["is_open"] is True


def test_an_applicant_writes_submits_and_a_coach_requests_revision(personas, api_client, call):
    applicant = api_client(personas.gina_grantee)
    created = _json(
        applicant,
        "post",
        "/api/v1/proposals",
        {"call_id": call.pk, "organisation_id": personas.grantee.pk, "title": "零废弃院落"},
    )
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    version = created.json()["edit_version"]
    saved = _json(
        applicant,
        "patch",
        f"/api/v1/proposals/{pid}",
        {"edit_version": version, "sections": {k.value: v for k, v in SECTION_TEXT.items()}},
    )
    assert saved.status_code == 200
    stale = _json(applicant, "patch", f"/api/v1/proposals/{pid}", {"edit_version": version, "sections": {"need": "旧"}})
    assert stale.status_code == 409
    budget = _json(
        applicant,
        "put",
        f"/api/v1/proposals/{pid}/budget",
        {"lines": [{"category": "materials", "item": "桶", "amount": "5000.00"}]},
    )
    assert budget.json()["requested_amount"] == "5000.00"
    submitted = _json(applicant, "post", f"/api/v1/proposals/{pid}/transitions", {"action": "submit"})
    assert submitted.json()["status"] == "submitted"
    coach = api_client(personas.olivia_officer)
    revision = _json(
        coach,
        "post",
        f"/api/v1/proposals/{pid}/transitions",
        {"action": "request_revision", "comments": [{"section": "goals", "body": "请量化目标。"}]},
    )
    assert revision.json()["status"] == "revision_requested"
    comments = applicant.get(f"/api/v1/proposals/{pid}/comments").json()
    assert [c["body"] for c in comments] == ["请量化目标。"]
    versions = applicant.get(f"/api/v1/proposals/{pid}/versions").json()
    assert [v["number"] for v in versions] == [1]


def test_a_transition_not_allowed_from_the_state_is_422_and_changes_nothing(personas, api_client, call):
    proposal = make_draft_proposal(personas, call)
    response = _json(
        api_client(personas.olivia_officer),
        "post",
        f"/api/v1/proposals/{proposal.pk}/transitions",
        {"action": "start_review"},
    )
    assert response.status_code == 422
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.DRAFT


def test_a_transition_by_the_wrong_role_is_403(personas, api_client, call):
    proposal = make_submitted_proposal(personas, call)
    response = _json(
        api_client(personas.gina_grantee),
        "post",
        f"/api/v1/proposals/{proposal.pk}/transitions",
        {"action": "start_review"},
    )
    assert response.status_code == 403


def test_a_negative_budget_line_is_a_field_error(personas, api_client, call):
    proposal = make_draft_proposal(personas, call)
    response = _json(
        api_client(personas.gina_grantee),
        "put",
        f"/api/v1/proposals/{proposal.pk}/budget",
        {"lines": [{"category": "materials", "item": "桶", "amount": "-1"}]},
    )
    assert response.status_code == 422
    assert "amount" in json.dumps(response.json()["detail"])


def test_the_diff_endpoint_returns_word_ops(personas, api_client, call):
    from wushe.proposals.services import comment_reply, proposal_save_draft, proposal_transition

    proposal = make_submitted_proposal(personas, call)
    proposal = proposal_transition(
        proposal=proposal, action="request_revision", by=personas.olivia_officer, comments=[("goals", "量化")]
    )
    comment_reply(comment=proposal.comments.get(), by=personas.gina_grantee, reply="好", addressed=True)
    proposal = proposal_save_draft(
        proposal=proposal,
        by=personas.gina_grantee,
        edit_version=proposal.edit_version,
        sections={"goals": "我们在院落开展活动"},
    )
    proposal_transition(proposal=proposal, action="resubmit", by=personas.gina_grantee)
    body = api_client(personas.olivia_officer).get(f"/api/v1/proposals/{proposal.pk}/diff?a=1&b=2").json()
    goals = next(s for s in body["sections"] if s["key"] == "goals")
    assert goals["changed"] is True
    assert "".join(o["text"] for o in goals["ops"] if o["op"] != "delete") == "我们在院落开展活动"
    assert api_client(personas.oscar_other).get(f"/api/v1/proposals/{proposal.pk}/diff?a=1&b=2").status_code == 404


def test_another_organisation_cannot_see_a_proposal(personas, api_client, call):
    proposal = make_draft_proposal(personas, call)
    assert api_client(personas.oscar_other).get(f"/api/v1/proposals/{proposal.pk}").status_code == 404
    listing = api_client(personas.oscar_other).get("/api/v1/proposals").json()
    assert listing["count"] == 0
