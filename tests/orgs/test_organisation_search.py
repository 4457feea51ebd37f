"""Organisation search finds exactly what its definition says: a Chinese (or any) substring of the
name or short name, ignoring case; for Latin input also a substring of the full pinyin or of the
initials; an 18-character USCC. The query takes cheaper, indexable shapes for common input; these
tests hold it to the definition."""

from __future__ import annotations

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import OrganisationFactory
from wushe.core.text import normalise_query
from wushe.orgs.models import Organisation

ALPHABET = "北京市协作者社会工作服务中心绿邻和美长乐银行重庆" + "ABCXYZabcxyz" + "0129" + " -·&_%"


def by_definition(org: Organisation, query: str) -> bool:
    q = normalise_query(query)
    key = q.lower().replace(" ", "")
    if q.lower() in org.name.lower() or q.lower() in org.short_name.lower():
        return True
    if key.isascii() and (key in org.search_pinyin or key in org.search_initials):
        return True
    return key.isascii() and len(key) == 18 and key.upper() == (org.uscc or "")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(st.text(ALPHABET, min_size=2, max_size=14), min_size=1, max_size=6, unique=True),
    data=st.data(),
)
def test_it_finds_exactly_what_the_definition_says(db, names, data):
    with transaction.atomic():
        orgs = [OrganisationFactory(name=name, short_name=name[::-1][:10]) for name in names]
        org = data.draw(st.sampled_from(orgs))
        source = data.draw(st.sampled_from([org.name, org.short_name, org.search_pinyin, org.search_initials]))
        start = data.draw(st.integers(0, max(0, len(source) - 1)))
        query = data.draw(st.one_of(st.just(source[start : start + 5]), st.text(ALPHABET, min_size=1, max_size=4)))
        if not normalise_query(query):
            query = "x"
        found = set(Organisation.objects.search(query).values_list("pk", flat=True))
        expected = {o.pk for o in Organisation.objects.all() if by_definition(o, query)}
        assert found == expected, query
        transaction.set_rollback(True)


def test_it_finds_latin_letters_of_a_name_through_its_pinyin(db):
    org = OrganisationFactory(name="A2Z环保先锋", short_name="")
    assert list(Organisation.objects.search("a2z")) == [org]
    assert list(Organisation.objects.search("A2Z")) == [org]
    assert list(Organisation.objects.search("a2zhbxf")) == [org]


def test_it_finds_mixed_chinese_and_latin_ignoring_case(db):
    org = OrganisationFactory(name="A2Z环保先锋", short_name="")
    assert list(Organisation.objects.search("a2z环保")) == [org]


def test_it_finds_an_organisation_by_its_uscc(db):
    org = OrganisationFactory()
    assert list(Organisation.objects.search(org.uscc.lower())) == [org]
