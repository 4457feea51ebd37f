"""The support activity rows of the access matrix (gathered by ``access_matrix.py``).

From the product's rules: officers of the support organisation running the programme (and
platform admins) manage its support activities and see their private notes; an organisation's
people see the activities it received, never the private notes; funders of the programme see
its activities but not private notes or follow-up items; government viewers, reviewers, other
organisations and people with no organisation see none. The five built-in kinds are known to
everyone signed in. A personal calendar feed is its owner's alone; an organisation's feed
belongs to its admins and staff. The reminder log is bookkeeping only platform admins may read.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.access.matrix import ADMIN, NOBODY, SIGNED_IN, only
from tests.lifecycle import make_programme
from tests.support.builders import make_activity
from wushe.support.calendar_services import calendar_feed_create
from wushe.support.followup_services import followup_add
from wushe.support.kind_services import kind_add
from wushe.support.models import ActivityKind, ReminderLog

MANAGERS = only("alice_admin", "olivia_officer")
SEE_ACTIVITY = MANAGERS | only("frank_funder", "gina_grantee", "sam_staff")
SEE_FOLLOW_UP = MANAGERS | only("gina_grantee", "sam_staff")
GRANTEE_STAFF = only("gina_grantee", "sam_staff")

EXPECTED: dict[str, tuple[str, dict[str, frozenset[str]]]] = {
    "support: a roundtable held for the grantee": (
        "support.SupportActivity",
        {
            "visible": SEE_ACTIVITY,
            "view": SEE_ACTIVITY,
            "change": MANAGERS,
            "view_private": MANAGERS,
            "add_follow_up": MANAGERS,
        },
    ),
    "support: a built-in kind": ("support.ActivityKind", {"visible": SIGNED_IN, "view": SIGNED_IN}),
    "support: a programme's own kind": ("support.ActivityKind", {"visible": SIGNED_IN, "view": SIGNED_IN}),
    "support: a follow-up owned by gina": (
        "support.FollowUp",
        {"visible": SEE_FOLLOW_UP, "view": SEE_FOLLOW_UP, "complete": MANAGERS | only("gina_grantee")},
    ),
    "support: olivia's calendar feed": (
        "support.CalendarFeed",
        {"visible": only("olivia_officer"), "view": only("olivia_officer"), "revoke": only("olivia_officer")},
    ),
    "support: the grantee's calendar feed": (
        "support.CalendarFeed",
        {"visible": GRANTEE_STAFF, "view": GRANTEE_STAFF, "revoke": GRANTEE_STAFF},
    ),
    "support: a reminder sent": ("support.ReminderLog", {"visible": ADMIN, "view": ADMIN}),
}

CREATE: dict[str, frozenset[str]] = {
    "support.SupportActivity": MANAGERS,  # in a programme they run
    "support.ActivityKind": MANAGERS,  # for a programme they run
    "support.FollowUp": MANAGERS,  # on an activity of a programme they run
    "support.CalendarFeed": SIGNED_IN,  # one's own
    "support.ReminderLog": NOBODY,  # written by the reminder task only
}

CREATE_PARENT = {
    "support.SupportActivity": "support: the programme",
    "support.ActivityKind": "support: the programme",
    "support.FollowUp": "support: a roundtable held for the grantee",
}


def targets(personas: Any) -> dict[str, Any]:
    programme = make_programme(personas)
    activity = make_activity(personas, programme)
    follow_up = followup_add(
        activity=activity,
        by=personas.olivia_officer,
        description="提交修订后的议事规则",
        owner=personas.gina_grantee,
        due_on=timezone.localdate() + timedelta(days=10),
    )
    own_feed, _secret = calendar_feed_create(by=personas.olivia_officer)
    org_feed, _secret = calendar_feed_create(by=personas.gina_grantee, organisation=personas.grantee)
    return {
        "support: the programme": programme,
        "support: a roundtable held for the grantee": activity,
        "support: a built-in kind": ActivityKind.objects.get(code="field_visit", programme=None),
        "support: a programme's own kind": kind_add(programme=programme, by=personas.olivia_officer, name="财务辅导"),
        "support: a follow-up owned by gina": follow_up,
        "support: olivia's calendar feed": own_feed,
        "support: the grantee's calendar feed": org_feed,
        "support: a reminder sent": ReminderLog.objects.create(key="test:reminder", user=personas.gina_grantee),
    }
