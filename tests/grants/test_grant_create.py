"""The page that makes a grant from an approved proposal."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.conftest import csrf_post
from tests.grants.builders import make_approved_proposal, make_grant
from tests.grants.web import csrf_send
from wushe.grants.models import Grant, Tranche

pytestmark = pytest.mark.django_db


def _url(proposal) -> str:
    return f"/grants/from-proposal/{proposal.pk}/"


def _form(rows=((50, ""), (30, ""), (20, "")), **extra) -> dict[str, str]:
    today = timezone.localdate()
    labels = [("第一期", "签约后"), ("第二期", "中期报告通过后"), ("第三期", "结项报告通过后")]
    data = {
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=365)).isoformat(),
        "tranches-TOTAL_FORMS": "4",
        "tranches-INITIAL_FORMS": "3",
        "tranches-MIN_NUM_FORMS": "0",
        "tranches-MAX_NUM_FORMS": "12",
    }
    for i, (percent, amount) in enumerate(rows):
        label, condition = labels[i] if i < len(labels) else (f"第{i + 1}期", "")
        data |= {
            f"tranches-{i}-label": label,
            f"tranches-{i}-condition": condition,
            f"tranches-{i}-percent": str(percent),
            f"tranches-{i}-amount": amount,
        }
    return data | extra


def test_the_form_offers_three_tranches_of_50_30_20(personas, client_for):
    proposal = make_approved_proposal(personas, requested=100_000)

    response = client_for(personas.olivia_officer).get(_url(proposal))

    assert response.status_code == 200
    content = response.content.decode()
    assert "¥100,000.00" in content
    formset = response.context["formset"]
    assert [f.initial.get("percent") for f in formset.forms[:3]] == [50, 30, 20]
    assert [str(f.initial.get("condition")) for f in formset.forms[:3]] == [
        "签约后",
        "中期报告通过后",
        "结项报告通过后",
    ]


def test_an_officer_makes_the_grant(personas, client_for):
    proposal = make_approved_proposal(personas, requested=100_000)

    response = csrf_post(client_for(personas.olivia_officer), _url(proposal), _form())

    grant = Grant.objects.get(proposal=proposal)
    assert response.status_code == 302
    assert response["Location"] == f"/grants/{grant.pk}/"
    assert [t.amount for t in grant.tranches.all()] == [Decimal("50000.00"), Decimal("30000.00"), Decimal("20000.00")]


def test_a_blank_row_is_skipped_so_two_tranches_are_fine(personas, client_for):
    proposal = make_approved_proposal(personas, requested=100_000)
    data = _form(rows=((60, ""), (40, ""))) | {
        "tranches-2-label": "",
        "tranches-2-condition": "",
        "tranches-2-percent": "",
        "tranches-2-amount": "",
    }

    response = csrf_post(client_for(personas.olivia_officer), _url(proposal), data)

    assert response.status_code == 302
    assert Tranche.objects.filter(grant__proposal=proposal).count() == 2


def test_tranches_that_do_not_add_up_are_shown_as_an_error_and_nothing_is_written(personas, client_for):
    proposal = make_approved_proposal(personas, requested=100_000)

    response = csrf_post(
        client_for(personas.olivia_officer), _url(proposal), _form(rows=((50, ""), (30, ""), (10, "")))
    )

    assert response.status_code == 200
    assert "各期金额合计 ¥90,000.00,与资助金额 ¥100,000.00 不一致" in response.content.decode()
    assert Grant.objects.count() == 0


def test_a_field_error_lands_on_its_row(personas, client_for):
    proposal = make_approved_proposal(personas, requested=100_000)

    response = csrf_post(
        client_for(personas.olivia_officer), _url(proposal), _form(rows=((50, ""), (30, ""), (150, "")))
    )

    assert response.status_code == 200
    assert response.context["formset"].forms[2].errors["percent"] == ["百分比须大于 0 且不超过 100。"]
    assert Grant.objects.count() == 0


@pytest.mark.parametrize("who", ["gina_grantee", "sam_staff", "frank_funder"])
def test_people_who_see_the_proposal_but_do_not_run_the_programme_are_forbidden(personas, client_for, who):
    proposal = make_approved_proposal(personas)
    client = client_for(getattr(personas, who))

    assert client.get(_url(proposal)).status_code == 403
    assert csrf_post(client, _url(proposal), _form()).status_code == 403
    assert Grant.objects.count() == 0


@pytest.mark.parametrize("who", ["oscar_other", "grace_gov", "vera_volunteer"])
def test_people_who_cannot_see_the_proposal_get_not_found(personas, client_for, who):
    proposal = make_approved_proposal(personas)

    assert csrf_post(client_for(getattr(personas, who)), _url(proposal), _form()).status_code == 404
    assert Grant.objects.count() == 0


def test_it_answers_only_get_and_post(personas, client_for):
    proposal = make_approved_proposal(personas)

    assert csrf_send(client_for(personas.olivia_officer), "PUT", _url(proposal)).status_code == 405


def test_a_repeat_goes_to_the_grant_already_made(personas, client_for):
    grant = make_grant(personas)

    response = csrf_post(client_for(personas.olivia_officer), _url(grant.proposal), _form())

    assert response.status_code == 302
    assert response["Location"] == f"/grants/{grant.pk}/"
    assert Grant.objects.count() == 1
