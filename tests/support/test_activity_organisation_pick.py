"""The activity form's organisation picker: suggestions as one types (Chinese, full pinyin or
initials), limited to the organisations an activity may serve and capped, and the grants and
coaching rounds offered for the organisations chosen."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import csrf_post
from tests.factories import OrganisationFactory
from tests.grants.builders import make_grant
from tests.lifecycle import make_programme
from tests.support.builders import make_activity
from wushe.programmes.models import ProgrammeStatus
from wushe.support.selectors import SUGGESTION_LIMIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(personas):
    programme = make_programme(personas)
    make_activity(personas, programme, days=-30)  # 三正社工 takes part in the programme
    return programme


def _pick(client, programme, query, chosen=()):
    url = f"/programmes/{programme.pk}/support/organisations/"
    return client.get(url, {"organisations_q": query, "organisations": [str(pk) for pk in chosen]})


def _suggested(response) -> list[str]:
    assert response.status_code == 200
    return [org.name for org in response.context["organisations"]]


@pytest.mark.parametrize("query", ["三正", "sanzheng", "szsg", " SZSG "])
def test_it_suggests_an_organisation_by_chinese_pinyin_or_initials(personas, client_for, programme, query):
    response = _pick(client_for(personas.olivia_officer), programme, query)

    assert _suggested(response) == ["北京市东城区三正社工事务所"]
    html = response.content.decode()
    assert f'data-org-id="{personas.grantee.pk}"' in html
    assert 'data-org-label="三正社工"' in html


def test_initials_find_an_organisation_that_has_not_applied_yet(personas, client_for, programme):
    newcomer = OrganisationFactory(name="北京协作者社区互助中心", short_name="协作者互助")

    found = _suggested(_pick(client_for(personas.olivia_officer), programme, "bjxzz"))

    assert newcomer.name in found


def test_organisations_taking_part_come_first_and_are_marked(personas, client_for, programme):
    OrganisationFactory(name="阿拉善社区社工服务站", short_name="阿拉善社工")  # sorts first by pinyin

    response = _pick(client_for(personas.olivia_officer), programme, "社工")

    assert _suggested(response)[0] == "北京市东城区三正社工事务所"
    assert [org.in_programme for org in response.context["organisations"]][:2] == [True, False]
    assert response.content.decode().count("本计划") == 1


def test_archived_and_already_chosen_organisations_are_not_suggested(personas, client_for, programme):
    client = client_for(personas.olivia_officer)

    archived = _pick(client, programme, "已注销")
    chosen = _pick(client, programme, "社工", chosen=[personas.grantee.pk])

    assert _suggested(archived) == []
    assert "没有匹配的组织" in archived.content.decode()
    assert personas.grantee.name not in _suggested(chosen)
    assert personas.other.name in _suggested(chosen)


def test_an_empty_query_suggests_nothing(personas, client_for, programme):
    response = _pick(client_for(personas.olivia_officer), programme, "   ")

    assert _suggested(response) == []
    assert response.content.decode().strip() == ""


def test_suggestions_are_capped_and_their_query_count_stays_flat(personas, client_for, programme):
    client = client_for(personas.olivia_officer)
    OrganisationFactory.create_batch(3)  # 测试社会工作服务中心<n>
    _pick(client, programme, "测试")  # the session is read once

    with CaptureQueriesContext(connection) as few:
        assert len(_suggested(_pick(client, programme, "ceshi"))) == 3
    OrganisationFactory.create_batch(SUGGESTION_LIMIT + 20)
    with CaptureQueriesContext(connection) as many:
        response = _pick(client, programme, "ceshi")

    assert len(_suggested(response)) == SUGGESTION_LIMIT
    assert f"只显示前 {SUGGESTION_LIMIT} 个" in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries) <= 6


@pytest.mark.parametrize("who", ["gina_grantee", "sam_staff", "oscar_other", "frank_funder"])
def test_only_the_programmes_officers_may_ask(personas, client_for, programme, who):
    client = client_for(getattr(personas, who))

    assert _pick(client, programme, "szsg").status_code == 403
    assert client.get(f"/programmes/{programme.pk}/support/links/").status_code == 403


def test_others_are_told_nothing_of_a_draft_programme_and_must_sign_in(personas, client_for):
    draft = make_programme(personas, status=ProgrammeStatus.DRAFT)

    assert _pick(client_for(personas.oscar_other), draft, "szsg").status_code == 404
    assert _pick(client_for(None), draft, "szsg").status_code == 302


def test_the_suggestions_answer_only_get(personas, client_for, programme):
    client = client_for(personas.olivia_officer)

    assert csrf_post(client, f"/programmes/{programme.pk}/support/organisations/").status_code == 405
    assert csrf_post(client, f"/programmes/{programme.pk}/support/links/").status_code == 405


# --- grants and coaching rounds for the organisations chosen ---------------------------------


def test_the_grants_offered_are_those_of_the_organisations_chosen(personas, client_for):
    grant = make_grant(personas)
    url = f"/programmes/{grant.programme_id}/support/links/"
    client = client_for(personas.olivia_officer)

    grantee = client.get(url, {"organisations": [personas.grantee.pk]})
    other = client.get(url, {"organisations": [personas.other.pk]})
    none = client.get(url)
    ticked = client.get(url, {"organisations": [personas.grantee.pk], "grants": [grant.pk]})
    taken_off = client.get(url, {"organisations": [personas.other.pk], "grants": [grant.pk]})

    assert grant.agreement_number in grantee.content.decode()
    assert grant.agreement_number not in other.content.decode()
    assert "所选服务对象组织在本资助计划中没有资助协议或辅导轮次。" in other.content.decode()
    assert "选择服务对象组织后" in none.content.decode()
    assert f'value="{grant.pk}" id="id_grants_0" checked' in ticked.content.decode()
    assert grant.agreement_number not in taken_off.content.decode()  # it goes with its organisation
