"""The buttons on the grant page that suspend, resume and close it."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_post
from wushe.grants.models import Grant, GrantStatus

pytestmark = pytest.mark.django_db


def _url(grant) -> str:
    return f"/grants/{grant.pk}/transition/"


def test_an_officer_suspends_with_a_reason(personas, client_for, grant):
    response = csrf_post(
        client_for(personas.olivia_officer), _url(grant), {"action": "suspend", "reason": "中期报告逾期"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/grants/{grant.pk}/"
    grant.refresh_from_db()
    assert (grant.status, grant.status_reason) == (GrantStatus.SUSPENDED, "中期报告逾期")


def test_a_refused_transition_is_explained_and_changes_nothing(personas, client_for, grant):
    client = client_for(personas.olivia_officer)

    response = csrf_post(client, _url(grant), {"action": "resume"}, follow=True)

    assert "协议当前状态为“执行中”,不能“恢复执行”。" in response.content.decode()
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.ACTIVE


def test_a_missing_reason_is_explained_and_changes_nothing(personas, client_for, grant):
    response = csrf_post(client_for(personas.olivia_officer), _url(grant), {"action": "close"}, follow=True)

    assert "请写明“结项”的理由,受资助机构会看到。" in response.content.decode()
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.ACTIVE


@pytest.mark.parametrize("who", ["gina_grantee", "sam_staff", "frank_funder"])
def test_people_who_see_the_grant_but_do_not_run_it_are_forbidden(personas, client_for, grant, who):
    response = csrf_post(client_for(getattr(personas, who)), _url(grant), {"action": "suspend", "reason": "x"})

    assert response.status_code == 403
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.ACTIVE


def test_another_organisation_gets_not_found(personas, client_for, grant):
    response = csrf_post(client_for(personas.oscar_other), _url(grant), {"action": "suspend", "reason": "x"})

    assert response.status_code == 404
    assert Grant.objects.get(pk=grant.pk).status == GrantStatus.ACTIVE


def test_it_answers_only_post(personas, client_for, grant):
    assert client_for(personas.olivia_officer).get(_url(grant)).status_code == 405


def test_a_repeat_is_refused(personas, client_for, grant):
    client = client_for(personas.olivia_officer)
    csrf_post(client, _url(grant), {"action": "suspend", "reason": "核查"})

    response = csrf_post(client, _url(grant), {"action": "suspend", "reason": "核查"}, follow=True)

    assert "协议当前状态为“已暂停”,不能“暂停”。" in response.content.decode()
