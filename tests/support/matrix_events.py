"""The workshop and training rows of the access matrix (gathered by ``access_matrix.py``).

From the product's rules: events of programmes that are not drafts are visible to everyone signed
in; the officers of the support organisation running the programme (and platform admins) manage
them, take attendance and read the feedback; an organisation's admins and staff register its
people and see, and may cancel, its registrations; guests' phone numbers are for officers only;
feedback is seen by the one who gave it and the programme's officers.
"""

from __future__ import annotations

from typing import Any

from freezegun import freeze_time

from tests.access.matrix import ADMIN, SIGNED_IN, only
from tests.lifecycle import make_programme
from tests.support.event_builders import make_event
from wushe.programmes.models import ProgrammeStatus
from wushe.support import checkin
from wushe.support.attendance_services import checkin_by_code, feedback_submit
from wushe.support.models import EventMaterial
from wushe.support.registration_services import registration_add

OFFICERS = ADMIN | only("olivia_officer")
# Admins or staff of some organisation: olivia (support), frank (funder), gina and sam (grantee), oscar (other).
REGISTRARS = only("olivia_officer", "frank_funder", "gina_grantee", "sam_staff", "oscar_other")
GRANTEE_REGISTRARS = only("gina_grantee", "sam_staff")

EXPECTED = {
    "event: a workshop": (
        "support.Event",
        {
            "visible": SIGNED_IN,
            "view": SIGNED_IN,
            "change": OFFICERS,
            "register": REGISTRARS,
            "take_attendance": OFFICERS,
            "view_feedback": OFFICERS,
        },
    ),
    "event: a workshop of a draft programme": (
        "support.Event",
        {
            "visible": OFFICERS,
            "view": OFFICERS,
            "change": OFFICERS,
            "register": only("olivia_officer"),
            "take_attendance": OFFICERS,
            "view_feedback": OFFICERS,
        },
    ),
    "event: a material": ("support.EventMaterial", {"visible": SIGNED_IN, "view": SIGNED_IN, "delete": OFFICERS}),
    "event: a guest registered by the grantee": (
        "support.Registration",
        {
            "visible": OFFICERS | GRANTEE_REGISTRARS,
            "view": OFFICERS | GRANTEE_REGISTRARS,
            "cancel": OFFICERS | GRANTEE_REGISTRARS,
            "mark_attendance": OFFICERS,
            "view_phone": OFFICERS,
        },
    ),
    "event: sam's feedback": (
        "support.Feedback",
        {"visible": OFFICERS | only("sam_staff"), "view": OFFICERS | only("sam_staff")},
    ),
}

CREATE = {
    "support.Event": OFFICERS,
    "support.EventMaterial": OFFICERS,
    "support.Registration": GRANTEE_REGISTRARS,
    "support.Feedback": only("sam_staff"),
}

CREATE_PARENT = {
    "support.Event": "event: the programme",
    "support.EventMaterial": "event: a workshop",
    "support.Registration": "event: the grantee organisation",
    "support.Feedback": "event: sam's registration",
}


def targets(personas: Any) -> dict[str, Any]:
    event = make_event(personas)
    draft = make_event(personas, programme=make_programme(personas, status=ProgrammeStatus.DRAFT))
    # A row that names a file without writing one: the matrix is about who may see it.
    material = EventMaterial.objects.create(
        event=event, file="events/matrix/handout.pdf", name="讲义", uploaded_by=personas.olivia_officer
    )
    guest = registration_add(
        event=event,
        organisation=personas.grantee,
        by=personas.gina_grantee,
        guest_name="赵来宾",
        guest_phone="13812345678",
    )
    sam = registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff
    )
    with freeze_time(event.starts_at):
        checkin_by_code(event=event, code=checkin.current_code(event), user=personas.sam_staff)
    feedback = feedback_submit(registration=sam, by=personas.sam_staff, satisfaction=5, usefulness=4)
    return {
        "event: the programme": event.programme,
        "event: the grantee organisation": personas.grantee,
        "event: a workshop": event,
        "event: a workshop of a draft programme": draft,
        "event: a material": material,
        "event: a guest registered by the grantee": guest,
        "event: sam's registration": sam,
        "event: sam's feedback": feedback,
    }
