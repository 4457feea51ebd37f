"""Access cells the persona matrix cannot show: a plain member of an organisation (not admin or
staff) sees their own registration and feedback, not their colleagues'."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from tests.support.event_builders import make_event, make_member
from wushe.access.door import can, visible_to
from wushe.support import checkin
from wushe.support.attendance_services import checkin_by_code, feedback_submit
from wushe.support.models import Feedback, Registration
from wushe.support.registration_services import registration_add

pytestmark = pytest.mark.django_db


def test_an_attendee_sees_and_may_cancel_their_own_registration_only(personas):
    event = make_event(personas)
    member = make_member(personas.grantee, "钱成员")
    colleague = make_member(personas.grantee, "孙成员")
    mine = registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=member)
    theirs = registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=colleague)

    assert list(visible_to(member, Registration)) == [mine]
    assert can(member, "cancel", mine)
    assert not can(member, "cancel", theirs)
    assert not can(member, "view_phone", mine)
    assert not can(member, "mark_attendance", mine)


def test_an_attendee_sees_their_own_feedback_only(personas):
    event = make_event(personas)
    people = [make_member(personas.grantee, name) for name in ("周成员", "吴成员")]
    for person in people:
        registration = registration_add(
            event=event, organisation=personas.grantee, by=personas.gina_grantee, user=person
        )
        with freeze_time(event.starts_at):
            checkin_by_code(event=event, code=checkin.current_code(event), user=person)
        feedback_submit(registration=registration, by=person, satisfaction=4, usefulness=4)

    assert [f.registration.user for f in visible_to(people[0], Feedback)] == [people[0]]
    assert visible_to(personas.gina_grantee, Feedback).count() == 0  # the organisation's admin does not read it
    assert visible_to(personas.olivia_officer, Feedback).count() == 2
