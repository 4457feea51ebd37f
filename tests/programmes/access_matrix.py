"""The programme rows of the access matrix (see ``tests/access/matrix.py``).

From the product's rules: a programme that is not a draft is seen by everyone signed in; a
draft only by the support organisation running it and platform admins; officers of the running
support organisation manage it and its calls. Published calls are public, even to anonymous
visitors; unpublished ones belong to the officers.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.access.matrix import ANON, SIGNED_IN, only
from tests.lifecycle import make_call, make_programme
from wushe.programmes.models import ProgrammeStatus
from wushe.programmes.services import call_extend

RUNNERS = only("alice_admin", "olivia_officer")
EVERYONE = SIGNED_IN | {ANON}

EXPECTED = {
    "programme: an active programme": (
        "programmes.Programme",
        {"visible": SIGNED_IN, "view": SIGNED_IN, "change": RUNNERS, "manage_calls": RUNNERS},
    ),
    "programme: a draft programme": (
        "programmes.Programme",
        {"visible": RUNNERS, "view": RUNNERS, "change": RUNNERS, "manage_calls": RUNNERS},
    ),
    "programme: a published call": (
        "programmes.Call",
        {"visible": EVERYONE, "view": EVERYONE, "change": RUNNERS, "extend": RUNNERS},
    ),
    "programme: an unpublished call": (
        "programmes.Call",
        {"visible": RUNNERS, "view": RUNNERS, "change": RUNNERS, "extend": RUNNERS},
    ),
    "programme: a co-funder": ("programmes.ProgrammeFunder", {"visible": SIGNED_IN, "view": SIGNED_IN}),
    "programme: a phase": ("programmes.ProgrammePhase", {"visible": SIGNED_IN, "view": SIGNED_IN}),
    "programme: a deadline extension": ("programmes.CallExtension", {"visible": SIGNED_IN, "view": SIGNED_IN}),
}

CREATE = {
    "programmes.Programme": RUNNERS,
    "programmes.Call": RUNNERS,
    "programmes.ProgrammeFunder": RUNNERS,
    "programmes.ProgrammePhase": RUNNERS,
    "programmes.CallExtension": RUNNERS,
}

CREATE_PARENT = {
    "programmes.Programme": "programme: the support organisation",
    "programmes.Call": "programme: an active programme",
    "programmes.ProgrammeFunder": "programme: an active programme",
    "programmes.ProgrammePhase": "programme: an active programme",
    "programmes.CallExtension": "programme: an active programme",
}


def targets(personas: Any) -> dict[str, Any]:
    from wushe.programmes.models import ProgrammePhase

    programme = make_programme(personas)
    draft = make_programme(personas, status=ProgrammeStatus.DRAFT)
    call = make_call(programme)
    unpublished = make_call(programme, is_published=False)
    call = call_extend(
        call=call, by=personas.olivia_officer, new_closes_at=timezone.now() + timedelta(days=60), reason="延期"
    )
    phase = ProgrammePhase.objects.create(
        programme=programme, name="项目实施", starts_on=programme.starts_on, ends_on=programme.ends_on
    )
    return {
        "programme: an active programme": programme,
        "programme: a draft programme": draft,
        "programme: a published call": call,
        "programme: an unpublished call": unpublished,
        "programme: a co-funder": programme.funders.get(),
        "programme: a phase": phase,
        "programme: a deadline extension": call.extensions.get(),
        "programme: the support organisation": personas.support,
    }
