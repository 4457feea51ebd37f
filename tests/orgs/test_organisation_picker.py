"""The organisation picker shared by the support activity form (several organisations, as chips)
and the walk-in form (one organisation or none, as radio buttons): its suggestions (Chinese, full
pinyin or initials; active organisations only; capped, saying whether more matched; a choice
kept first) and what it renders in each mode."""

from __future__ import annotations

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory
from wushe.orgs.models import Organisation
from wushe.orgs.selectors import suggest_organisations
from wushe.orgs.widgets import OrganisationField, OrganisationsField

pytestmark = pytest.mark.django_db


def _names(found) -> list[str]:
    return [org.short_name for org in found]


@pytest.mark.parametrize("query", ["绿邻", "lvlin", "llsg", " LLSG "])
def test_it_suggests_by_chinese_pinyin_or_initials(personas, query):
    found, more = suggest_organisations(Organisation.objects.order_by("pk"), query=query, limit=5)

    assert _names(found) == ["绿邻社工"]
    assert not more


def test_it_never_suggests_an_archived_organisation_even_kept_first(personas):
    everyone = Organisation.objects.order_by("pk")

    assert suggest_organisations(everyone, query="已注销", limit=5) == ([], False)
    assert suggest_organisations(everyone, query="", limit=5, first=personas.archived.pk) == ([], False)


def test_an_empty_query_suggests_only_the_organisation_kept(personas):
    everyone = Organisation.objects.order_by("pk")

    assert suggest_organisations(everyone, query="  ", limit=5) == ([], False)
    assert suggest_organisations(everyone, query="", limit=5, first=personas.other.pk) == ([personas.other], False)
    assert suggest_organisations(everyone, query="", limit=5, first="not a number") == ([], False)


def test_it_caps_the_suggestions_and_says_more_matched(personas):
    OrganisationFactory.create_batch(4)  # 测试社会工作服务中心<n>
    ordered = Organisation.objects.order_by("pk")

    found, more = suggest_organisations(ordered, query="ceshi", limit=3)
    exactly, no_more = suggest_organisations(ordered, query="ceshi", limit=4)

    assert len(found) == 3
    assert more
    assert len(exactly) == 4
    assert not no_more


def test_the_organisation_kept_comes_first_and_counts_in_the_limit(personas):
    OrganisationFactory.create_batch(4)
    ordered = Organisation.objects.order_by("pk")

    found, more = suggest_organisations(ordered, query="ceshi", limit=3, first=personas.other.pk)
    again, _more = suggest_organisations(ordered, query="lvlin", limit=3, first=personas.other.pk)

    assert found[0] == personas.other
    assert len(found) == 3
    assert more
    assert again == [personas.other]  # matched and kept: shown once


def test_it_leaves_out_those_already_chosen_and_keeps_the_callers_scope(personas):
    found, _more = suggest_organisations(
        Organisation.objects.order_by("pk"), query="社工", limit=5, exclude=[personas.grantee.pk]
    )
    scoped, _more = suggest_organisations(
        Organisation.objects.exclude(pk=personas.other.pk), query="社工", limit=5, first=personas.other.pk
    )

    assert personas.grantee not in found
    assert personas.other in found
    assert personas.other not in scoped  # outside the scope given, even when asked to keep it


def test_it_asks_one_query_and_two_with_an_organisation_kept(personas):
    OrganisationFactory.create_batch(30)
    ordered = Organisation.objects.order_by("pk")

    with CaptureQueriesContext(connection) as plain:
        suggest_organisations(ordered, query="ceshi", limit=8)
    with CaptureQueriesContext(connection) as kept:
        suggest_organisations(ordered, query="ceshi", limit=8, first=personas.other.pk)

    assert (len(plain.captured_queries), len(kept.captured_queries)) == (1, 2)


# --- the widget -------------------------------------------------------------------------------


class OneOrNoneForm(forms.Form):
    organisation = OrganisationField(label="所属组织")


class SeveralForm(forms.Form):
    organisations = OrganisationsField(label="服务对象组织")


def test_one_or_none_is_radio_buttons_with_no_organisation_first(personas):
    html = str(OneOrNoneForm()["organisation"])

    assert 'data-multiple="0"' in html
    assert 'type="radio" name="organisation" value="" checked' in html
    assert "无组织(个人)" in html
    assert 'name="organisation_q"' in html
    assert 'role="combobox"' not in html


def test_one_or_none_keeps_the_organisation_chosen_checked(personas):
    form = OneOrNoneForm({"organisation": str(personas.other.pk)})

    html = str(form["organisation"])

    assert form.is_valid()
    assert form.cleaned_data["organisation"] == personas.other
    assert f'value="{personas.other.pk}" checked' in html
    assert 'value="" checked' not in html
    assert "朝阳区绿邻社会工作服务中心" in html


def test_one_or_none_shows_only_what_its_field_allows(personas):
    form = OneOrNoneForm({"organisation": str(personas.other.pk)})
    form.fields["organisation"].queryset = Organisation.objects.exclude(pk=personas.other.pk)

    html = str(form["organisation"])

    assert not form.is_valid()
    assert "organisation" in form.errors
    assert f'value="{personas.other.pk}"' not in html


def test_none_chosen_is_a_valid_answer_for_one_or_none(personas):
    form = OneOrNoneForm({"organisation": ""})

    assert form.is_valid()
    assert form.cleaned_data["organisation"] is None


def test_several_are_chips_with_a_hidden_input_each(personas):
    form = SeveralForm(initial={"organisations": [personas.grantee.pk, personas.other.pk]})

    html = str(form["organisations"])

    assert 'data-multiple="1"' in html
    assert 'role="combobox"' in html
    assert html.count('type="hidden" name="organisations"') == 2
    assert html.index("三正社工") < html.index("绿邻社工")
    assert 'type="radio"' not in html
