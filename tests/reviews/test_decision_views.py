"""The decision form (officer), the decision page (applicant) and the summary page (funder)."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.conftest import csrf_post
from wushe.accounts.models import Notification
from wushe.proposals.models import ProposalStatus
from wushe.reviews.models import Decision
from wushe.reviews.services import decision_make


def test_the_officer_approves_on_the_form(personas, proposal, client_for, django_capture_on_commit_callbacks):
    client = client_for(personas.olivia_officer)
    html = client.get(f"/reviews/proposals/{proposal.pk}/decision/").content.decode()
    assert 'data-testid="remaining">¥150,000.00<' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_post(
            client,
            f"/reviews/proposals/{proposal.pk}/decision/",
            {"outcome": "approve", "amount": "70000", "reasons": ""},
        )
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/decisions/{decision.pk}/"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=personas.gina_grantee).count() == 1


def test_an_amount_over_the_request_is_shown_on_the_field(personas, proposal, client_for):
    response = csrf_post(
        client_for(personas.olivia_officer),
        f"/reviews/proposals/{proposal.pk}/decision/",
        {"outcome": "approve", "amount": "90000"},
    )
    assert response.status_code == 200
    assert "资助金额不能超过申请金额 80,000.00 元。" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_rejection_without_reasons_is_shown_on_the_field(personas, proposal, client_for):
    response = csrf_post(
        client_for(personas.olivia_officer), f"/reviews/proposals/{proposal.pk}/decision/", {"outcome": "reject"}
    )
    assert response.status_code == 200
    assert "请写明理由,申请机构会看到。" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_decision_form_refuses_other_methods(personas, proposal, client_for):
    client = client_for(personas.olivia_officer)
    client.get("/")
    token = client.cookies["csrftoken"].value
    for method in (client.put, client.delete, client.patch):
        assert method(f"/reviews/proposals/{proposal.pk}/decision/", HTTP_X_CSRFTOKEN=token).status_code == 405
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("gina_grantee", 403), ("frank_funder", 403), ("rita_reviewer", 404), ("oscar_other", 404), ("grace_gov", 404)],
)
def test_only_officers_decide(personas, proposal, client_for, who, status):
    client = client_for(getattr(personas, who))
    assert client.get(f"/reviews/proposals/{proposal.pk}/decision/").status_code == status
    response = csrf_post(client, f"/reviews/proposals/{proposal.pk}/decision/", {"outcome": "approve", "amount": "1"})
    assert response.status_code == status
    assert not Decision.objects.exists()


@pytest.fixture
def rejection(personas, proposal):
    return decision_make(proposal=proposal, by=personas.olivia_officer, outcome="reject", reasons="监测评估指标不清楚")


@pytest.mark.parametrize("who", ["gina_grantee", "sam_staff", "olivia_officer", "frank_funder"])
def test_the_decision_page_shows_the_outcome_and_reasons(personas, rejection, client_for, who):
    response = client_for(getattr(personas, who)).get(f"/reviews/decisions/{rejection.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "不予立项" in html
    assert "监测评估指标不清楚" in html


def test_the_applicant_sees_no_scores_on_the_decision_page(personas, proposal, assign, score, client_for):
    score(assign(proposal, personas.rita_reviewer), 5, 4)
    rejection = decision_make(proposal=proposal, by=personas.olivia_officer, outcome="reject", reasons="不符合主题")
    html = client_for(personas.gina_grantee).get(f"/reviews/decisions/{rejection.pk}/").content.decode()
    assert 'data-testid="review-summary"' not in html
    assert "Rita" not in html
    html = client_for(personas.frank_funder).get(f"/reviews/decisions/{rejection.pk}/").content.decode()
    assert 'data-testid="review-summary"' in html  # the funder sees the aggregate …
    assert "Rita" not in html  # … never who scored


@pytest.mark.parametrize("who", ["oscar_other", "rita_reviewer", "grace_gov", "vera_volunteer"])
def test_others_do_not_find_the_decision(personas, rejection, client_for, who):
    assert client_for(getattr(personas, who)).get(f"/reviews/decisions/{rejection.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("olivia_officer", 200), ("frank_funder", 200), ("gina_grantee", 403), ("oscar_other", 404)],
)
def test_the_summary_page_is_for_officers_and_funders(personas, proposal, assign, score, client_for, who, status):
    score(assign(proposal, personas.rita_reviewer), 5, 4)
    response = client_for(getattr(personas, who)).get(f"/reviews/proposals/{proposal.pk}/summary/")
    assert response.status_code == status
    if status == 200:
        assert "Rita" not in response.content.decode()
