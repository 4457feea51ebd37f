"""On PostgreSQL, organisation search is served by trigram indexes, not a scan of the table."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.factories import OrganisationFactory
from wushe.orgs.models import Organisation

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's"),
]


def plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table would be scanned anyway
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_it_has_the_search_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [Organisation._meta.db_table])
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "org_search_name_trgm",
        "org_search_short_name_trgm",
        "org_search_pinyin_trgm",
        "org_search_initials_trgm",
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["社会工作", "shehuigongzuo", "shgz"])
def test_it_searches_through_the_indexes(query):
    OrganisationFactory(name="北京市东城区和美社会工作服务中心")
    explained = plan(Organisation.objects.search(query).order_by())  # as counted for the page
    assert "Seq Scan" not in explained
    assert "_trgm" in explained
    assert Organisation.objects.search(query).count() == 1
