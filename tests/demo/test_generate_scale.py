"""generate_scale: bulk data that looks like what save() would have written, marked so that
--reset removes exactly it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import OrganisationFactory
from wushe.access.models import Membership
from wushe.accounts.models import User
from wushe.core.validators import validate_uscc
from wushe.demo.scale import SCALE_DOMAIN, Scale, generate, generated_organisations, generated_places
from wushe.orgs.models import Organisation, OrganisationKind, Place, PlaceLevel

TINY = Scale("tiny", streets=4, communities=300, organisations=60)


@pytest.fixture
def tiny(db):
    return generate(scale=TINY)


def test_it_generates_the_scale_asked_for(tiny):
    assert generated_organisations().count() == 60
    assert Place.objects.filter(level=PlaceLevel.COMMUNITY).count() >= 300
    users = User.objects.filter(email__endswith="@" + SCALE_DOMAIN)
    assert users.count() == Membership.objects.filter(organisation__in=generated_organisations()).count()
    assert 2 * 60 <= users.count() <= 4 * 60
    assert tiny.organisations == 60


def test_it_writes_the_search_keys_save_would(tiny):
    for org in generated_organisations()[:20]:
        pinyin, initials = org.search_pinyin, org.search_initials
        org.refresh_search_keys()
        assert (org.search_pinyin, org.search_initials) == (pinyin, initials)
    for place in generated_places().select_related("parent")[:20]:
        stored = (place.full_name, place.pinyin, place.initials)
        place.save()
        assert (place.full_name, place.pinyin, place.initials) == stored


def test_it_gives_every_organisation_what_the_pages_show(tiny):
    for org in generated_organisations().prefetch_related("service_places", "fields_of_work", "memberships"):
        assert org.home_place_id is not None
        assert 1 <= len(org.service_places.all()) <= 3
        assert 1 <= len(org.fields_of_work.all()) <= 3
        assert len(org.memberships.all()) >= 2
        if org.kind == OrganisationKind.COMMUNITY_GROUP:
            assert org.uscc is None
        else:
            validate_uscc(org.uscc)
        org.full_clean(exclude=["logo"])


def test_it_names_organisations_plausibly_and_uniquely(tiny):
    names = list(generated_organisations().values_list("name", flat=True))
    assert len(set(names)) == len(names)
    assert all(
        any(word in name for word in ("中心", "事务所", "协会", "基金会", "小组", "队", "会", "办事处", "政府", "坊"))
        for name in names
    )


def test_it_refuses_to_generate_twice(tiny):
    with pytest.raises(CommandError, match="--reset"):
        call_command("generate_scale", "--scale", "small", stdout=StringIO())


def test_it_replaces_only_generated_rows_on_reset(tiny):
    kept = OrganisationFactory(name="不是生成的组织")
    call_command("generate_scale", "--scale", "small", "--reset", stdout=StringIO())
    assert Organisation.objects.filter(pk=kept.pk).exists()
    assert generated_organisations().count() == 600
