"""/api/v1/reviews: list, detail, conflict declaration and submission."""

from __future__ import annotations

import pytest

from wushe.reviews.models import AssignmentStatus, Score


@pytest.fixture
def assignment(personas, proposal, assign):
    return assign(proposal, personas.rita_reviewer)


def test_a_reviewer_lists_only_their_own_assignments(personas, proposal, assignment, assign, make_reviewer, api_client):
    assign(proposal, make_reviewer())
    body = api_client(personas.rita_reviewer).get("/api/v1/reviews").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["id"], row["proposal_id"], row["status"], row["reviewer"]["name"]) == (
        assignment.pk,
        proposal.pk,
        "pending",
        "Rita 评审",
    )


def test_the_officer_lists_every_assignment_and_filters_by_proposal(
    personas, call, proposal, assignment, assign, make_reviewer, api_client
):
    from tests.lifecycle import make_proposal_under_review

    other = make_proposal_under_review(personas, call, title="第二份")
    assign(other, make_reviewer())
    client = api_client(personas.olivia_officer)
    assert client.get("/api/v1/reviews").json()["count"] == 2
    body = client.get(f"/api/v1/reviews?proposal={proposal.pk}").json()
    assert [r["id"] for r in body["results"]] == [assignment.pk]
    assert client.get("/api/v1/reviews?status=submitted").json()["count"] == 0


@pytest.mark.parametrize("who", ["gina_grantee", "frank_funder", "grace_gov", "oscar_other"])
def test_others_see_no_reviews(personas, assignment, api_client, who):
    client = api_client(getattr(personas, who))
    assert client.get("/api/v1/reviews").json()["count"] == 0
    assert client.get(f"/api/v1/reviews/{assignment.pk}").status_code == 404


def test_declare_then_submit(personas, assignment, criteria, api_client):
    client = api_client(personas.rita_reviewer)
    response = client.post(
        f"/api/v1/reviews/{assignment.pk}/conflict", {"has_conflict": False}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "scoring"

    payload = {"scores": [{"criterion_id": c.pk, "value": 3} for c in criteria], "comment": "可行"}
    response = client.post(f"/api/v1/reviews/{assignment.pk}/submit", payload, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "submitted"
    assert [(s["criterion_name"], s["value"], s["scale_max"]) for s in body["scores"]] == [
        ("需求分析", 3, 5),
        ("可行性", 3, 10),
    ]


def test_a_score_outside_the_scale_is_a_field_error(personas, assignment, criteria, api_client):
    client = api_client(personas.rita_reviewer)
    client.post(f"/api/v1/reviews/{assignment.pk}/conflict", {"has_conflict": False}, content_type="application/json")
    payload = {"scores": [{"criterion_id": criteria[0].pk, "value": 9}, {"criterion_id": criteria[1].pk, "value": 3}]}
    response = client.post(f"/api/v1/reviews/{assignment.pk}/submit", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", f"scores.{criteria[0].pk}"],
            "msg": "“需求分析”的得分须为 0 到 5 之间的整数。",
            "type": "value_error",
        }
    ]
    assert not Score.objects.exists()


def test_submitting_before_declaring_is_refused(personas, assignment, criteria, api_client):
    payload = {"scores": [{"criterion_id": c.pk, "value": 1} for c in criteria]}
    response = api_client(personas.rita_reviewer).post(
        f"/api/v1/reviews/{assignment.pk}/submit", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert "先声明" in response.json()["detail"][0]["msg"]


def test_a_conflict_removes_the_proposal_but_leaves_the_record(personas, assignment, api_client):
    client = api_client(personas.rita_reviewer)
    response = client.post(
        f"/api/v1/reviews/{assignment.pk}/conflict",
        {"has_conflict": True, "statement": "近三年与该机构有合作"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == AssignmentStatus.CONFLICT
    assert client.get(f"/api/v1/reviews/{assignment.pk}").status_code == 200
    assert client.get(f"/api/v1/proposals/{assignment.proposal_id}").status_code == 404


def test_before_a_conflict_the_reviewer_reads_the_proposal(personas, assignment, api_client):
    client = api_client(personas.rita_reviewer)
    assert client.get(f"/api/v1/proposals/{assignment.proposal_id}").status_code == 200


@pytest.mark.parametrize("who", ["olivia_officer", "alice_admin"])
def test_the_officer_cannot_declare_or_submit_for_the_reviewer(personas, assignment, criteria, api_client, who):
    client = api_client(getattr(personas, who))
    response = client.post(
        f"/api/v1/reviews/{assignment.pk}/conflict", {"has_conflict": False}, content_type="application/json"
    )
    assert response.status_code == 403
    payload = {"scores": [{"criterion_id": c.pk, "value": 1} for c in criteria]}
    assert (
        client.post(f"/api/v1/reviews/{assignment.pk}/submit", payload, content_type="application/json").status_code
        == 403
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.PENDING


def test_the_officer_sees_the_scores_in_the_detail(personas, proposal, assignment, score, api_client):
    score(assignment, 4, 7)
    body = api_client(personas.olivia_officer).get(f"/api/v1/reviews/{assignment.pk}").json()
    assert [s["value"] for s in body["scores"]] == [4, 7]


def test_without_credentials_the_api_answers_401(assignment, client):
    assert client.get("/api/v1/reviews").status_code == 401
    assert (
        client.post(f"/api/v1/reviews/{assignment.pk}/conflict", {}, content_type="application/json").status_code == 401
    )


def test_every_status_is_declared_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/reviews"]["get"]["responses"]) == {"200", "401", "422"}
    assert set(paths["/api/v1/reviews/{review_id}"]["get"]["responses"]) == {"200", "401", "404", "422"}
    for action in ("conflict", "submit"):
        declared = set(paths[f"/api/v1/reviews/{{review_id}}/{action}"]["post"]["responses"])
        assert declared == {"200", "400", "401", "403", "404", "422"}
