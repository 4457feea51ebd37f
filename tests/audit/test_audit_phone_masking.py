"""The audit page masks phone numbers in change details as lists do (138****5678), and shows
everything else as it was recorded."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from wushe.access.services import invitation_create
from wushe.audit.masking import mask_phones_in, masked_changes
from wushe.orgs.services import organisation_update

URL = "/audit/"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("13812345678", "138****5678"),
        ("+8613812345678", "138****5678"),
        ("电话 13812345678,周一到周五", "电话 138****5678,周一到周五"),
        ("座机 010-64001234", "座机 010-****34"),
        ("协议编号 LY-2021-0007", "协议编号 LY-2021-0007"),
        ("金额 13812345678.50", "金额 13812345678.50"),  # not a phone: a number with decimals
        ("统一社会信用代码 91110101138123456X", "统一社会信用代码 91110101138123456X"),
        ("2021-02-26 15:00", "2021-02-26 15:00"),
    ],
)
def test_phone_numbers_standing_alone_in_text_are_masked(text, shown):
    assert mask_phones_in(text) == shown


def test_phone_fields_are_masked_whole_and_other_fields_kept():
    changes = {
        "contact_phone": ["010-64000000", "13812345678"],
        "phone": ["None", "13900001111"],
        "name": ["旧名", "新名"],
        "short_name": ["", "三正"],
        "service_places": {"type": "m2m", "operation": "add", "objects": ["东城区前门街道"]},
    }

    assert masked_changes(changes) == {
        "contact_phone": ["010-****00", "138****5678"],
        "phone": ["None", "139****1111"],
        "name": ["旧名", "新名"],
        "short_name": ["", "三正"],
        "service_places": {"type": "m2m", "operation": "add", "objects": ["东城区前门街道"]},
    }


def test_the_page_masks_an_organisations_contact_phone(personas, client_for):
    organisation_update(
        organisation=personas.grantee,
        by=personas.gina_grantee,
        data={"contact_phone": "13812345678", "contact_name": "王老师", "short_name": "三正"},
    )

    response = client_for(personas.alice_admin).get(URL, {"model": "organisation"})
    body = response.content.decode()

    assert response.status_code == 200
    assert "13812345678" not in body
    assert "138****5678" in body
    assert "<code>contact_phone</code>" in body
    assert "王老师" in body  # other fields as recorded
    assert "三正" in body
    # The stored entry keeps the number whole.
    entry = LogEntry.objects.get_for_object(personas.grantee).first()
    assert entry.changes_dict["contact_phone"][1] == "13812345678"


def test_the_page_masks_an_invitations_phone(personas, client_for):
    invitation_create(organisation=personas.grantee, by=personas.gina_grantee, name="新同事", phone="13987654321")

    body = client_for(personas.alice_admin).get(URL, {"model": "invitation"}).content.decode()

    assert "13987654321" not in body
    assert "139****4321" in body
    assert "新同事" in body
