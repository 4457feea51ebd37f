"""The ledger pages and their Excel exports: who reads which, and what the file holds."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.conftest import csrf_post
from tests.grants.builders import make_grant
from tests.lifecycle import make_programme
from tests.support.builders import make_activity

pytestmark = pytest.mark.django_db


def test_an_organisation_reads_its_own_ledger_only(personas, client_for):
    make_activity(personas)
    own = f"/organisations/{personas.grantee.pk}/support/"

    for who in ("gina_grantee", "sam_staff", "olivia_officer", "alice_admin"):
        assert client_for(getattr(personas, who)).get(own).status_code == 200, who
    for who in ("oscar_other", "frank_funder", "grace_gov", "rita_reviewer", "vera_volunteer"):
        assert client_for(getattr(personas, who)).get(own).status_code == 404, who
    assert client_for(None).get(own).status_code == 302


def test_the_organisation_ledger_shows_no_private_notes(personas, client_for):
    make_activity(personas)

    page = client_for(personas.gina_grantee).get(f"/organisations/{personas.grantee.pk}/support/").content.decode()

    assert "社区垃圾分类项目设计圆桌" in page
    assert "机构负责人近期压力较大" not in page


def test_the_programme_ledger_by_role(personas, client_for):
    grant = make_grant(personas)
    make_activity(personas, grant.programme, kind="roundtable")
    url = f"/programmes/{grant.programme.pk}/support/"

    officer = client_for(personas.olivia_officer).get(url)
    funder = client_for(personas.frank_funder).get(url)
    government = client_for(personas.grace_gov).get(url)

    assert officer.context["level"] == "full"
    assert officer.context["held_count"] == 1
    assert [r["name"] for r in officer.context["workload"]] == ["Olivia 项目官员"]
    assert funder.context["level"] == "funder"
    assert funder.context["held_count"] == 1
    assert funder.context["workload"] == []
    assert "机构负责人近期压力较大" not in funder.content.decode()
    assert government.context["level"] == "aggregate"
    assert government.context["recent"] == []
    for who in ("gina_grantee", "oscar_other", "vera_volunteer"):
        assert client_for(getattr(personas, who)).get(url).status_code == 403, who
    assert csrf_post(client_for(personas.olivia_officer), url).status_code == 405


def _page_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_ledger_pages_take_as_many_queries_however_many_activities(personas, client_for):
    programme = make_programme(personas)
    make_activity(personas, programme, days=-2)
    client = client_for(personas.olivia_officer)
    pages = [f"/programmes/{programme.pk}/support/", f"/organisations/{personas.grantee.pk}/support/"]
    for url in pages:
        client.get(url)
    before = [_page_queries(client, url) for url in pages]

    for i in range(8):
        make_activity(personas, programme, kind=("training", "field_visit")[i % 2], days=-(i * 20) - 3)
    after = [_page_queries(client, url) for url in pages]

    assert after == before


def test_the_programme_export_opens_with_chinese_headers(personas, client_for):
    programme = make_programme(personas)
    make_activity(personas, programme, topic="=危险公式")
    make_activity(personas, programme, kind="field_visit")

    response = client_for(personas.olivia_officer).get(f"/programmes/{programme.pk}/support/ledger.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["按类型统计", "按月统计", "人员工作量", "尚未实地走访的机构", "活动明细"]
    kinds = list(book["按类型统计"].iter_rows(values_only=True))
    assert kinds[0] == ("支持类型", "已开展次数", "时长(小时)")
    assert ("合计", 2, 3) in kinds
    detail = list(book["活动明细"].iter_rows(values_only=True))
    assert detail[0][:3] == ("时间", "支持类型", "主题")
    assert {row[2] for row in detail[1:]} == {"'=危险公式", "社区垃圾分类项目设计圆桌"}
    assert all("机构负责人" not in str(cell) for row in detail for cell in row)


def test_a_funder_exports_counts_only(personas, client_for):
    programme = make_programme(personas)
    make_activity(personas, programme)

    response = client_for(personas.frank_funder).get(f"/programmes/{programme.pk}/support/ledger.xlsx")

    book = load_workbook(BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["按类型统计", "按月统计"]


def test_the_organisation_export_opens_with_chinese_headers(personas, client_for):
    make_activity(personas)

    response = client_for(personas.gina_grantee).get(f"/organisations/{personas.grantee.pk}/support/ledger.xlsx")

    book = load_workbook(BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["支持记录", "按类型合计", "未完成跟进事项"]
    history = list(book["支持记录"].iter_rows(values_only=True))
    assert history[0][:4] == ("时间", "类别", "类型", "主题")
    assert history[1][2:4] == ("圆桌辅导会", "社区垃圾分类项目设计圆桌")
    assert (
        client_for(personas.oscar_other).get(f"/organisations/{personas.grantee.pk}/support/ledger.xlsx").status_code
        == 404
    )
