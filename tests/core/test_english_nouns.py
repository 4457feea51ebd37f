"""Chinese nouns have no plural, English ones do: in English the menu, list pages and breadcrumbs
name the collection ("Organisations") while field labels and detail lines name one thing
("Organisation"), and a number before a noun takes the noun's right form ("1 place left")."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings

from tests.grants.builders import make_grant
from tests.support.event_builders import make_event

pytestmark = pytest.mark.django_db


def english_page(client, url: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    return page


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def menu(page: str) -> list[str]:
    block = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>', page, re.S).group(1)
    return [text(label) for label in re.findall(r"<a\b[^>]*>(.*?)</a>", block, re.S)]


def breadcrumb(page: str) -> list[str]:
    block = re.search(r'<ol class="breadcrumb[^"]*">(.*?)</ol>', page, re.S).group(1)
    return [text(item) for item in re.findall(r"<li\b[^>]*>(.*?)</li>", block, re.S)]


def heading(page: str) -> str:
    return text(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1))


def details(page: str) -> dict[str, str]:
    return {
        text(term): text(value)
        for term, value in re.findall(r"<dt\b[^>]*>(.*?)</dt>\s*<dd\b[^>]*>(.*?)</dd>", page, re.S)
    }


def test_the_menu_and_the_list_page_name_the_collection(personas, client_for):
    page = english_page(client_for(personas.gina_grantee), "/organisations/")

    items = menu(page)
    for collection in ("Calls", "Programmes", "Proposals", "Events", "Organisations", "Places"):
        assert collection in items
    assert "Organisation" not in items
    assert heading(page) == "Organisations"
    assert re.search(r"<title>Organisations\b", page)


def test_the_audit_log_names_each_object_in_the_singular_under_a_plural_menu(personas, client_for):
    page = english_page(client_for(personas.alice_admin), "/audit/")

    assert "Organisations" in menu(page)
    assert '<option value="organisation">Organisation</option>' in page
    # Each row reads "<type>:<object>"; the type is the model's singular name.
    assert "Organisation:北京市协作者社会工作发展中心" in page
    assert "Organisations:" not in page


def test_a_grant_links_back_to_the_agreements_and_names_its_one_proposal(personas, client_for):
    grant = make_grant(personas)

    page = english_page(client_for(personas.olivia_officer), f"/grants/{grant.pk}/")

    assert "Grant agreements" in menu(page)
    assert breadcrumb(page)[0] == "Grant agreements"
    assert details(page)["Proposal"] == grant.proposal.title
    assert "Proposals" not in details(page)
    headings = [text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]
    assert "Tranches" in headings
    assert "Disbursements" in headings


def test_the_proposal_links_to_its_one_grant_agreement(personas, client_for):
    grant = make_grant(personas)

    page = english_page(client_for(personas.gina_grantee), f"/proposals/{grant.proposal_id}/")

    assert breadcrumb(page)[0] == "Proposals"
    link = re.search(r'<a\b[^>]*data-testid="grant-link"[^>]*>(.*?)</a>', page, re.S).group(1)
    assert text(link) == "Grant agreement"


def test_an_event_has_one_place_and_counts_the_places_left(personas, client_for):
    event = make_event(personas, capacity=1)

    page = english_page(client_for(personas.gina_grantee), f"/events/{event.pk}/")

    assert "Places" in menu(page)
    assert details(page)["Place"].startswith(personas.street.full_name)
    assert "1 place left;" in page
    assert "1 places left" not in page


def test_the_place_count_is_plural_beyond_one(personas, client_for):
    event = make_event(personas, capacity=3)

    page = english_page(client_for(personas.gina_grantee), f"/events/{event.pk}/")

    assert "3 places left;" in page


def test_chinese_keeps_the_one_word_for_both(personas, client_for):
    client = client_for(personas.gina_grantee)
    grant = make_grant(personas)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    page = client.get(f"/proposals/{grant.proposal_id}/").content.decode()

    assert "项目书" in menu(page)
    assert breadcrumb(page)[0] == "项目书"
    link = re.search(r'<a\b[^>]*data-testid="grant-link"[^>]*>(.*?)</a>', page, re.S).group(1)
    assert text(link) == "资助协议"
