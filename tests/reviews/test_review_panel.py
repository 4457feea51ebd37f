"""The officer's review panel, assigning reviewers, and the rubric page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import csrf_post
from wushe.reviews.models import ReviewAssignment, Rubric


def test_the_officer_sees_every_reviewer_score_and_the_summary(
    personas, proposal, assign, score, client_for, make_reviewer
):
    ruth = make_reviewer("Ruth 评审")
    score(assign(proposal, personas.rita_reviewer), 5, 4)
    score(assign(proposal, ruth), 2, 10)
    html = client_for(personas.olivia_officer).get(f"/reviews/proposals/{proposal.pk}/").content.decode()
    assert "Rita 评审" in html
    assert "Ruth 评审" in html
    assert 'data-testid="weighted-mean">70.0<' in html


def test_the_panel_takes_the_same_number_of_queries_for_more_reviewers(
    personas, proposal, assign, score, client_for, make_reviewer
):
    client = client_for(personas.olivia_officer)
    url = f"/reviews/proposals/{proposal.pk}/"
    score(assign(proposal, make_reviewer()), 1, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        score(assign(proposal, make_reviewer()), 3, 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_assigning_a_reviewer(personas, proposal, client_for):
    client = client_for(personas.olivia_officer)
    assert personas.rita_reviewer.name in client.get(f"/reviews/proposals/{proposal.pk}/").content.decode()
    response = csrf_post(client, f"/reviews/proposals/{proposal.pk}/assign/", {"reviewer": personas.rita_reviewer.pk})
    assert response.status_code == 302
    assert ReviewAssignment.objects.filter(proposal=proposal, reviewer=personas.rita_reviewer).exists()


def test_assigning_twice_is_refused(personas, proposal, assign, client_for):
    assign(proposal, personas.rita_reviewer)
    client = client_for(personas.olivia_officer)
    response = csrf_post(client, f"/reviews/proposals/{proposal.pk}/assign/", {"reviewer": personas.rita_reviewer.pk})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert ReviewAssignment.objects.count() == 1


def test_someone_without_the_reviewer_role_is_not_offered_or_accepted(personas, proposal, client_for):
    client = client_for(personas.olivia_officer)
    assert personas.vera_volunteer.name not in client.get(f"/reviews/proposals/{proposal.pk}/").content.decode()
    response = csrf_post(client, f"/reviews/proposals/{proposal.pk}/assign/", {"reviewer": personas.vera_volunteer.pk})
    assert response.status_code == 200
    assert not ReviewAssignment.objects.exists()


def test_assign_refuses_get(personas, proposal, client_for):
    assert client_for(personas.olivia_officer).get(f"/reviews/proposals/{proposal.pk}/assign/").status_code == 405


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("gina_grantee", 403),  # sees her own proposal, may not manage its review
        ("frank_funder", 403),  # sees the funded proposal, not its reviews
        ("oscar_other", 404),
        ("grace_gov", 404),
        ("vera_volunteer", 404),
    ],
)
def test_only_officers_open_the_panel_or_assign(personas, proposal, client_for, who, status):
    client = client_for(getattr(personas, who))
    assert client.get(f"/reviews/proposals/{proposal.pk}/").status_code == status
    response = csrf_post(client, f"/reviews/proposals/{proposal.pk}/assign/", {"reviewer": personas.rita_reviewer.pk})
    assert response.status_code == status
    assert not ReviewAssignment.objects.exists()


def test_an_assigned_reviewer_cannot_open_the_panel(personas, proposal, assign, client_for):
    assign(proposal, personas.rita_reviewer)
    assert client_for(personas.rita_reviewer).get(f"/reviews/proposals/{proposal.pk}/").status_code == 403


def test_the_officer_sets_the_rubric_on_a_page(personas, call, client_for):
    client = client_for(personas.olivia_officer)
    assert client.get(f"/reviews/calls/{call.pk}/rubric/").status_code == 200
    data = {
        "title": "评分标准",
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "需求分析",
        "criteria-0-weight": "3",
        "criteria-0-scale_max": "5",
        "criteria-1-name": "预算合理性",
        "criteria-1-weight": "1",
        "criteria-1-scale_max": "10",
    }
    assert csrf_post(client, f"/reviews/calls/{call.pk}/rubric/", data).status_code == 302
    rubric = Rubric.objects.get(call=call)
    assert list(rubric.criteria.values_list("name", "scale_max")) == [("需求分析", 5), ("预算合理性", 10)]


def test_a_bad_criterion_is_shown_on_its_row(personas, call, client_for):
    data = {
        "title": "评分标准",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "需求分析",
        "criteria-0-weight": "1",
        "criteria-0-scale_max": "500",
    }
    response = csrf_post(client_for(personas.olivia_officer), f"/reviews/calls/{call.pk}/rubric/", data)
    assert response.status_code == 200
    assert "满分须为 1 到 100 之间的整数。" in response.content.decode()
    assert not Rubric.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("gina_grantee", 403), ("rita_reviewer", 403), ("frank_funder", 403)])
def test_only_officers_set_the_rubric(personas, call, client_for, who, status):
    client = client_for(getattr(personas, who))
    assert client.get(f"/reviews/calls/{call.pk}/rubric/").status_code == status
