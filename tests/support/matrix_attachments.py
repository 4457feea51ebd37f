"""The rows of the access matrix for the files of support activities (gathered by
``access_matrix.py``).

From the product's rules: a file of an activity is seen by whoever sees the activity (the
programme's officers and the people of the support organisation, the organisations served, the
programme's funders); only the officers managing the activity (and platform admins) add or delete
files. Government viewers, reviewers, other organisations and people with no organisation see none.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.matrix import only
from tests.lifecycle import make_programme
from tests.support.builders import make_activity
from wushe.support.attachment_services import activity_attachment_add

MANAGERS = only("alice_admin", "olivia_officer")
SEE_ACTIVITY = MANAGERS | only("frank_funder", "gina_grantee", "sam_staff")

EXPECTED: dict[str, tuple[str, dict[str, frozenset[str]]]] = {
    "attachment: the sign-in sheet of a roundtable": (
        "support.ActivityAttachment",
        {"visible": SEE_ACTIVITY, "view": SEE_ACTIVITY, "delete": MANAGERS},
    ),
}

CREATE: dict[str, frozenset[str]] = {
    "support.ActivityAttachment": MANAGERS,  # on an activity of a programme they run
}

CREATE_PARENT = {"support.ActivityAttachment": "attachment: the roundtable"}


def targets(personas: Any) -> dict[str, Any]:
    activity = make_activity(personas, make_programme(personas))
    sheet = SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 sign-in sheet", content_type="application/pdf")
    return {
        "attachment: the roundtable": activity,
        "attachment: the sign-in sheet of a roundtable": activity_attachment_add(
            activity=activity, by=personas.olivia_officer, upload=sheet
        ),
    }
