"""feedback_submit and the summary: only an attendee who came, once, scores 1–5."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from tests.support.event_builders import make_event, make_member
from wushe.support import checkin
from wushe.support.attendance_services import FeedbackExists, checkin_by_code, feedback_submit
from wushe.support.event_selectors import feedback_summary
from wushe.support.models import Feedback
from wushe.support.registration_services import registration_add

pytestmark = pytest.mark.django_db


def _attended(personas, event, user):
    registration_add(event=event, organisation=personas.grantee, by=personas.gina_grantee, user=user)
    with freeze_time(event.starts_at):
        return checkin_by_code(event=event, code=checkin.current_code(event), user=user)


def test_an_attendee_gives_feedback_once(personas):
    event = make_event(personas)
    registration = _attended(personas, event, personas.sam_staff)
    feedback = feedback_submit(
        registration=registration, by=personas.sam_staff, satisfaction=5, usefulness="4", comments=" 很实用 "
    )
    assert (feedback.satisfaction, feedback.usefulness, feedback.comments) == (5, 4, "很实用")
    with pytest.raises(FeedbackExists, match="只能提交一次"):
        feedback_submit(registration=registration, by=personas.sam_staff, satisfaction=1, usefulness=1)
    assert Feedback.objects.get().satisfaction == 5


@pytest.mark.parametrize("score", [0, 6, -1, "五", None, 3.5])
def test_scores_must_be_one_to_five(personas, score):
    event = make_event(personas)
    registration = _attended(personas, event, personas.sam_staff)
    with pytest.raises(ValidationError) as info:
        feedback_submit(registration=registration, by=personas.sam_staff, satisfaction=score, usefulness=score)
    assert info.value.message_dict == {"satisfaction": ["请打 1 到 5 分。"], "usefulness": ["请打 1 到 5 分。"]}
    assert not Feedback.objects.exists()


def test_it_refuses_someone_who_did_not_attend(personas):
    event = make_event(personas)
    registration = registration_add(
        event=event, organisation=personas.grantee, by=personas.gina_grantee, user=personas.sam_staff
    )
    with pytest.raises(ValidationError, match="签到参加活动后"):
        feedback_submit(registration=registration, by=personas.sam_staff, satisfaction=5, usefulness=5)
    assert not Feedback.objects.exists()


def test_it_refuses_feedback_on_someone_elses_registration(personas):
    event = make_event(personas)
    registration = _attended(personas, event, personas.sam_staff)
    for who in (personas.gina_grantee, personas.olivia_officer):
        with pytest.raises(PermissionDenied):
            feedback_submit(registration=registration, by=who, satisfaction=5, usefulness=5)
    assert not Feedback.objects.exists()


def test_the_summary_counts_means_spread_and_comments(personas):
    event = make_event(personas)
    scores = [(5, 4, "案例很接地气"), (4, 4, ""), (3, 5, "希望多一些练习")]
    for i, (sat, use, text) in enumerate(scores):
        person = make_member(personas.grantee, f"学员{i}")
        registration = _attended(personas, event, person)
        feedback_submit(registration=registration, by=person, satisfaction=sat, usefulness=use, comments=text)
    _attended(personas, event, personas.sam_staff)  # came, gave no feedback

    summary = feedback_summary(event)

    assert (summary["count"], summary["attended"], summary["response_rate"]) == (3, 4, 75)
    assert (summary["satisfaction"], summary["usefulness"]) == (4.0, 4.33)
    assert summary["distribution"]["satisfaction"] == [0, 0, 1, 1, 1]
    assert summary["distribution"]["usefulness"] == [0, 0, 0, 2, 1]
    assert summary["comments"] == ["案例很接地气", "希望多一些练习"]


def test_an_empty_summary_has_no_means(personas):
    summary = feedback_summary(make_event(personas))
    assert (summary["count"], summary["satisfaction"], summary["response_rate"]) == (0, None, None)
