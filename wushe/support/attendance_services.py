"""Writes for who came to a workshop or training: the attendee's own check-in with the rotating
code from the screen at the door, an officer's ticks on the attendance sheet, closing attendance
after the event, and the feedback questionnaire: signed-in attendees answer on the event's page,
everyone else (guests, walk-ins) through the event's feedback link, naming themselves by phone.

Check-in opens an hour before the start and closes at the end; anyone checked in later than a
quarter of an hour after the start is late. Walk-ins checked in at the door are in
``registration_services``, and use :func:`check_in` as well.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wushe.access.door import require, require_create
from wushe.core.audit import acting_as, audit_event
from wushe.core.text import local_minute
from wushe.core.validators import normalise_phone, validate_mobile
from wushe.support import checkin
from wushe.support.models import (
    AttendanceStatus,
    Event,
    Feedback,
    Registration,
    RegistrationStatus,
    new_feedback_code,
)

LATE_AFTER = timedelta(minutes=15)
CHECKIN_OPENS_BEFORE = timedelta(hours=1)
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


# --- check-in ---------------------------------------------------------------------------------


def attendance_for(event: Event, moment: Any) -> str:
    """Present if checked in by a quarter of an hour after the start, else late."""
    return AttendanceStatus.LATE if moment > event.starts_at + LATE_AFTER else AttendanceStatus.PRESENT


def checkin_is_open(event: Event, moment: Any = None) -> bool:
    moment = moment or timezone.now()
    return event.starts_at - CHECKIN_OPENS_BEFORE <= moment < event.ends_at


def check_in(registration: Registration, event: Event, *, by: Any, now: Any) -> None:
    """Record the (locked, confirmed) ``registration`` of ``event`` as present or late at ``now``,
    checked in by ``by``, inside the caller's transaction. Someone checked in already stays as
    they were: checking in twice changes nothing."""
    if registration.attendance in ATTENDED:
        return
    before = registration.attendance
    registration.attendance = attendance_for(event, now)
    registration.checked_in_at = now
    registration.checked_in_by = by
    registration.save(update_fields=["attendance", "checked_in_at", "checked_in_by"])
    audit_event(
        obj=registration,
        actor=by,
        event="registration.checkin",
        changes={"attendance": [before, registration.attendance]},
    )


def checkin_by_code(*, event: Event, code: str, user: Any) -> Registration:
    """Check the signed-in attendee in with the code from the screen at the door. An expired
    code, no registration or a place on the waiting list is refused and nothing is written;
    checking in twice changes nothing."""
    now = timezone.now()
    if not checkin.code_is_valid(event, code, now):
        raise ValidationError({"code": [_("签到二维码已过期或无效,请重新扫描现场屏幕上的最新二维码。")]})
    if not checkin_is_open(event, now):
        raise ValidationError(
            _("现在不在签到时间内(活动开始前 1 小时至活动结束:%(a)s — %(b)s)。")
            % {"a": local_minute(event.starts_at - CHECKIN_OPENS_BEFORE), "b": local_minute(event.ends_at)}
        )
    with transaction.atomic(), acting_as(user):
        registration = (
            Registration.objects.select_for_update()
            .filter(event=event, user_id=user.pk)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
        if registration is None:
            raise ValidationError(_("你没有报名这个活动,无法签到。请联系你所在机构的报名负责人或现场工作人员。"))
        if registration.status == RegistrationStatus.WAITLISTED:
            raise ValidationError(
                _("你在候补名单上(第 %(pos)s 位),尚未获得名额,无法签到。请联系现场工作人员。")
                % {"pos": registration.waitlist_position}
            )
        check_in(registration, event, by=user, now=now)
        return registration


# --- the attendance sheet ---------------------------------------------------------------------


def attendance_mark(*, registration: Registration, status: str, by: Any) -> Registration:
    """An officer ticks a name: present, late, no-show (or back to not yet checked in)."""
    require(by, "mark_attendance", registration)
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": [_("请选择出勤状态。")]})
    now = timezone.now()
    with transaction.atomic(), acting_as(by):
        locked = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        if locked.status != RegistrationStatus.CONFIRMED:
            raise ValidationError(_("只有已确认的报名才能记录出勤(当前:%(s)s)。") % {"s": locked.get_status_display()})
        if now < locked.event.starts_at - CHECKIN_OPENS_BEFORE:
            raise ValidationError(_("活动尚未开始,签到将于开始前 1 小时开放。"))
        before = locked.attendance
        locked.attendance = status
        if status in ATTENDED:
            locked.checked_in_at = locked.checked_in_at or now
            locked.checked_in_by = locked.checked_in_by or by
        else:
            locked.checked_in_at = None
            locked.checked_in_by = None
        locked.save(update_fields=["attendance", "checked_in_at", "checked_in_by"])
        audit_event(obj=locked, actor=by, event="registration.attendance", changes={"attendance": [before, status]})
        return locked


def attendance_close(*, event: Event, by: Any) -> int:
    """After the event: everyone confirmed who never checked in is recorded as a no-show."""
    require(by, "take_attendance", event)
    if timezone.now() < event.ends_at:
        raise ValidationError(_("活动结束(%(t)s)后才能结束签到。") % {"t": local_minute(event.ends_at)})
    with transaction.atomic(), acting_as(by):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        count = Registration.objects.filter(
            event=locked, status=RegistrationStatus.CONFIRMED, attendance=AttendanceStatus.UNKNOWN
        ).update(attendance=AttendanceStatus.NO_SHOW)
        audit_event(obj=locked, actor=by, event="event.attendance_close", changes={"no_show": ["", str(count)]})
        return count


# --- feedback ---------------------------------------------------------------------------------


class FeedbackExists(ValidationError):
    """The attendee has answered the questionnaire already."""


def _score(value: Any, field: str, errors: dict[str, list[str]]) -> int:
    try:
        score = int(str(value).strip())
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        errors[field] = [_("请打 1 到 5 分。")]
    return score


def _answers(satisfaction: Any, usefulness: Any, comments: str, errors: dict[str, list[str]]) -> tuple[int, int, str]:
    sat = _score(satisfaction, "satisfaction", errors)
    use = _score(usefulness, "usefulness", errors)
    comments = (comments or "").strip()
    if len(comments) > 2000:
        errors["comments"] = [_("意见建议最多 2000 字。")]
    return sat, use, comments


def _record_feedback(locked: Registration, by: Any, satisfaction: int, usefulness: int, comments: str) -> Feedback:
    """Write the answers of a locked registration, inside the caller's transaction; the one-to-one
    constraint turns a second answer from a racing request into :class:`FeedbackExists`."""
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                registration=locked, satisfaction=satisfaction, usefulness=usefulness, comments=comments
            )
    except IntegrityError:
        raise FeedbackExists(_("你已经提交过这个活动的反馈,每人只能提交一次。")) from None
    audit_event(obj=locked, actor=by, event="registration.feedback", changes={})
    return feedback


def feedback_submit(
    *, registration: Registration, by: Any, satisfaction: Any, usefulness: Any, comments: str = ""
) -> Feedback:
    """The attendee's own questionnaire, once, after they attended."""
    if not (registration.user_id and registration.user_id == getattr(by, "pk", None)):
        raise PermissionDenied(_("只有参加活动的本人才能填写反馈。"))
    require_create(by, Feedback, registration)
    errors: dict[str, list[str]] = {}
    sat, use, comments = _answers(satisfaction, usefulness, comments, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status != RegistrationStatus.CONFIRMED or locked.attendance not in ATTENDED:
            raise ValidationError(_("签到参加活动后才能填写反馈。"))
        if Feedback.objects.filter(registration=locked).exists():
            raise FeedbackExists(_("你已经提交过这个活动的反馈,每人只能提交一次。"))
        return _record_feedback(locked, by, sat, use, comments)


# --- the feedback link, for everyone who came --------------------------------------------------

FEEDBACK_OPEN_FOR = timedelta(days=30)


def feedback_link_closes_at(event: Event) -> datetime:
    return event.ends_at + FEEDBACK_OPEN_FOR


def feedback_link_is_open(event: Event, moment: Any = None) -> bool:
    """The link answers from the start of the event until 30 days after its end."""
    moment = moment or timezone.now()
    return event.starts_at <= moment < feedback_link_closes_at(event)


def feedback_submit_by_phone(
    *, event: Event, phone: str, satisfaction: Any, usefulness: Any, comments: str = "", by: Any = None
) -> Feedback:
    """Someone who came, with or without an account (a guest, a walk-in), answers through the
    event's feedback link and names themselves by the mobile number they registered with. Only a
    confirmed registration that was checked in can answer, once; whoever holds the link learns no
    more than whether a number was at the event."""
    errors: dict[str, list[str]] = {}
    number = normalise_phone(phone or "").replace("-", "")
    if not number:
        errors["phone"] = [_("请填写报名时登记的手机号。")]
    else:
        try:
            validate_mobile(number)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    sat, use, comments = _answers(satisfaction, usefulness, comments, errors)
    if errors:
        raise ValidationError(errors)
    if not feedback_link_is_open(event):
        raise ValidationError(
            _("反馈开放时间为活动开始至活动结束后 30 天(%(a)s — %(b)s)。")
            % {"a": local_minute(event.starts_at), "b": local_minute(feedback_link_closes_at(event))}
        )
    with transaction.atomic(), acting_as(by):
        came = list(
            Registration.objects.select_for_update(of=("self",))
            .filter(event=event, status=RegistrationStatus.CONFIRMED, attendance__in=ATTENDED)
            .filter(Q(guest_phone=number) | Q(user__phone=number))
            .order_by("pk")
        )
        if not came:
            raise ValidationError(
                {"phone": [_("这个手机号没有本次活动的签到记录。请填写报名时登记的手机号,或联系现场工作人员。")]}
            )
        answered = set(Feedback.objects.filter(registration__in=came).values_list("registration_id", flat=True))
        waiting = [registration for registration in came if registration.pk not in answered]
        if not waiting:
            raise FeedbackExists({"phone": [_("这个手机号已经提交过本次活动的反馈,谢谢!")]})
        return _record_feedback(waiting[0], by, sat, use, comments)


def feedback_link_renew(*, event: Event, by: Any) -> Event:
    """A new secret for the event's feedback link; the old link stops working at once."""
    require(by, "take_attendance", event)
    with transaction.atomic(), acting_as(by):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        locked.feedback_code = new_feedback_code()
        locked.save(update_fields=["feedback_code"])
        audit_event(obj=locked, actor=by, event="event.feedback_link_renew", changes={})
        return locked
