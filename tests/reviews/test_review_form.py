"""The reviewer's pages: my reviews, the conflict declaration, the score form."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_post
from wushe.reviews.models import AssignmentStatus, Score


@pytest.fixture
def assignment(personas, proposal, assign):
    return assign(proposal, personas.rita_reviewer)


def test_my_reviews_lists_the_reviewers_own_assignments(personas, proposal, assignment, client_for, make_reviewer):
    response = client_for(personas.rita_reviewer).get("/reviews/")
    assert response.status_code == 200
    assert proposal.title in response.content.decode()
    assert f"/reviews/{assignment.pk}/" in response.content.decode()
    other = client_for(make_reviewer()).get("/reviews/")
    assert proposal.title not in other.content.decode()


def test_the_navbar_offers_my_reviews_to_reviewers_only(personas, client_for):
    assert "/reviews/" in client_for(personas.rita_reviewer).get("/notifications/").content.decode()
    assert 'href="/reviews/"' not in client_for(personas.gina_grantee).get("/notifications/").content.decode()


def test_the_form_asks_for_the_conflict_declaration_first(personas, assignment, client_for):
    response = client_for(personas.rita_reviewer).get(f"/reviews/{assignment.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="conflict-form"' in html
    assert 'data-testid="score-form"' not in html


def test_declaring_no_conflict_then_scoring(personas, assignment, criteria, client_for):
    client = client_for(personas.rita_reviewer)
    response = csrf_post(client, f"/reviews/{assignment.pk}/conflict/", {"has_conflict": "no"})
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert 'data-testid="score-form"' in html
    assert "满分 5" in html
    assert "满分 10" in html

    data = {f"score_{criteria[0].pk}": "4", f"score_{criteria[1].pk}": "9", "comment": "需求扎实"}
    response = csrf_post(client, f"/reviews/{assignment.pk}/submit/", data)
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED
    html = client.get(f"/reviews/{assignment.pk}/").content.decode()
    assert 'data-testid="own-review"' in html
    assert 'data-testid="review-summary"' in html


def test_a_score_outside_the_scale_is_shown_on_its_field(personas, assignment, criteria, client_for):
    client = client_for(personas.rita_reviewer)
    csrf_post(client, f"/reviews/{assignment.pk}/conflict/", {"has_conflict": "no"})
    data = {f"score_{criteria[0].pk}": "6", f"score_{criteria[1].pk}": "9"}
    response = csrf_post(client, f"/reviews/{assignment.pk}/submit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_score_{criteria[0].pk}_errors"' in html
    assert "“需求分析”的得分须为 0 到 5 之间的整数。" in html
    assert not Score.objects.exists()


def test_declaring_a_conflict_leaves_the_proposal(personas, assignment, proposal, client_for):
    client = client_for(personas.rita_reviewer)
    response = csrf_post(
        client, f"/reviews/{assignment.pk}/conflict/", {"has_conflict": "yes", "conflict_statement": "曾为该机构督导"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/reviews/"
    assert client.get(f"/proposals/{proposal.pk}/").status_code == 404


def test_a_conflict_without_a_statement_is_refused_on_the_field(personas, assignment, client_for):
    response = csrf_post(
        client_for(personas.rita_reviewer), f"/reviews/{assignment.pk}/conflict/", {"has_conflict": "yes"}
    )
    assert response.status_code == 200
    assert "请简要说明利益冲突的情况" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.PENDING


@pytest.mark.parametrize("path", ["conflict/", "submit/"])
def test_the_writes_refuse_get(personas, assignment, client_for, path):
    assert client_for(personas.rita_reviewer).get(f"/reviews/{assignment.pk}/{path}").status_code == 405


@pytest.mark.parametrize(
    ("who", "status"),
    [("olivia_officer", 403), ("alice_admin", 403), ("gina_grantee", 404), ("oscar_other", 404), ("frank_funder", 404)],
)
def test_only_the_reviewer_opens_the_form(personas, assignment, client_for, who, status):
    client = client_for(getattr(personas, who))
    assert client.get(f"/reviews/{assignment.pk}/").status_code == status
    assert csrf_post(client, f"/reviews/{assignment.pk}/conflict/", {"has_conflict": "no"}).status_code == status
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.PENDING


def test_anonymous_visitors_are_sent_to_sign_in(assignment, client_for):
    response = client_for(None).get(f"/reviews/{assignment.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_others_scores_appear_only_after_submitting(
    personas, proposal, assignment, criteria, client_for, assign, score, make_reviewer
):
    score(assign(proposal, make_reviewer()), 1, 2)
    client = client_for(personas.rita_reviewer)
    csrf_post(client, f"/reviews/{assignment.pk}/conflict/", {"has_conflict": "no"})
    assert 'data-testid="other-reviews"' not in client.get(f"/reviews/{assignment.pk}/").content.decode()
    csrf_post(client, f"/reviews/{assignment.pk}/submit/", {f"score_{c.pk}": "3" for c in criteria})
    html = client.get(f"/reviews/{assignment.pk}/").content.decode()
    assert 'data-testid="other-reviews"' in html
    assert "专家 1" in html
