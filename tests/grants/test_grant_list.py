from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import csrf_post
from tests.grants.builders import make_approved_proposal, make_grant, make_grant_call
from wushe.grants.services import grant_transition

pytestmark = pytest.mark.django_db


def _numbers(response) -> list[str]:
    return [g.agreement_number for g in response.context["page"].object_list]


def test_officers_see_every_grant_of_their_programmes(personas, client_for, grant):
    response = client_for(personas.olivia_officer).get("/grants/")

    assert response.status_code == 200
    assert _numbers(response) == [grant.agreement_number]
    content = response.content.decode()
    assert grant.title in content
    assert "¥0.00 / ¥100,000.00" in content


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("alice_admin", True),
        ("frank_funder", True),
        ("gina_grantee", True),
        ("sam_staff", True),
        ("oscar_other", False),
        ("rita_reviewer", False),
        ("grace_gov", False),
        ("vera_volunteer", False),
    ],
)
def test_the_list_is_scoped_to_what_each_person_may_see(personas, client_for, grant, who, sees):
    response = client_for(getattr(personas, who)).get("/grants/")

    assert response.status_code == 200
    assert _numbers(response) == ([grant.agreement_number] if sees else [])


def test_anonymous_visitors_are_sent_to_sign_in(client_for):
    response = client_for(None).get("/grants/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_filters_by_status_and_text(personas, client_for):
    call = make_grant_call(personas)
    kept = make_grant(personas, make_approved_proposal(personas, call, title="零废弃院落试点"))
    paused = make_grant(personas, make_approved_proposal(personas, call, title="社区堆肥角"))
    grant_transition(grant=paused, action="suspend", by=personas.olivia_officer, reason="核查")
    client = client_for(personas.olivia_officer)

    assert _numbers(client.get("/grants/", {"status": "suspended"})) == [paused.agreement_number]
    assert _numbers(client.get("/grants/", {"q": "零废弃"})) == [kept.agreement_number]
    assert _numbers(client.get("/grants/", {"q": kept.agreement_number})) == [kept.agreement_number]


def test_the_number_of_queries_does_not_grow_with_the_grants(personas, client_for, django_assert_max_num_queries):
    call = make_grant_call(personas)
    make_grant(personas, make_approved_proposal(personas, call, title="第一个"))
    client = client_for(personas.olivia_officer)
    client.get("/grants/")  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get("/grants/")
    for title in ("第二个", "第三个", "第四个"):
        make_grant(personas, make_approved_proposal(personas, call, title=title))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(_numbers(client.get("/grants/"))) == 4


def test_it_answers_only_get(personas, client_for):
    assert csrf_post(client_for(personas.olivia_officer), "/grants/").status_code == 405
