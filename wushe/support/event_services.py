"""Writes for workshops and trainings: the event and its materials, registration with a hard
capacity and a waiting list, attendance (rotating QR code or an officer's tick) and feedback.

Capacity is kept under simultaneous registrations by locking the event row (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions already let one writer in at a time) and
counting the confirmed seats inside the same transaction: two organisations registering the last
seat at once get one confirmed and one waitlisted registration, never two confirmed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wushe.access.door import require, require_create
from wushe.access.models import Membership
from wushe.accounts.services import notify
from wushe.core.audit import acting_as, audit_event
from wushe.core.uploads import MATERIALS, check_upload, content_type_for
from wushe.core.validators import normalise_phone, validate_mobile
from wushe.orgs.models import Organisation
from wushe.programmes.models import Programme, ProgrammeStatus
from wushe.support import checkin
from wushe.support.models import (
    AttendanceStatus,
    Event,
    EventMaterial,
    Feedback,
    Registration,
    RegistrationStatus,
)

EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "speakers",
    "starts_at",
    "ends_at",
    "place",
    "venue",
    "online_url",
    "capacity",
    "registration_closes_at",
)
LATE_AFTER = timedelta(minutes=15)
CHECKIN_OPENS_BEFORE = timedelta(hours=1)
ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def _local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


# --- events -----------------------------------------------------------------------------------


def _check_event(event: Event) -> None:
    errors: dict[str, list[str]] = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors["ends_at"] = [_("结束时间须晚于开始时间。")]
    if event.registration_closes_at and event.starts_at and event.registration_closes_at > event.starts_at:
        errors["registration_closes_at"] = [_("报名截止时间不能晚于活动开始时间。")]
    if not (event.place_id or event.venue.strip() or event.online_url.strip()):
        errors["venue"] = [_("请填写活动地点或线上会议链接。")]
    if errors:
        raise ValidationError(errors)
    event.full_clean(exclude=["created_by", "programme"])


def event_create(*, programme: Programme, by: Any, data: Mapping[str, Any]) -> Event:
    require_create(by, Event, programme)
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError(_("资助计划已结项,不能再安排活动。"))
    event = Event(programme=programme, created_by=by, **{k: v for k, v in data.items() if k in EVENT_FIELDS})
    _check_event(event)
    with transaction.atomic(), acting_as(by):
        event.save()
        audit_event(obj=event, actor=by, event="event.create", changes={"title": ["", event.title]})
        return event


def event_update(*, event: Event, by: Any, data: Mapping[str, Any]) -> Event:
    """Change an event; its capacity can't drop below the seats already confirmed, and seats
    added go to the waiting list in order."""
    require(by, "change", event)
    with transaction.atomic(), acting_as(by):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        before = {k: str(getattr(locked, k)) for k in EVENT_FIELDS}
        for key, value in data.items():
            if key in EVENT_FIELDS:
                setattr(locked, key, value)
        _check_event(locked)
        confirmed = _confirmed_count(locked)
        if locked.capacity < confirmed:
            raise ValidationError({"capacity": [_("已有 %(n)s 人确认报名,名额不能少于 %(n)s。") % {"n": confirmed}]})
        locked.save()
        _promote(locked, seats=locked.capacity - confirmed, by=by)
        changes = {
            k: [before[k], str(getattr(locked, k))] for k in EVENT_FIELDS if before[k] != str(getattr(locked, k))
        }
        audit_event(obj=locked, actor=by, event="event.update", changes=changes)
        return locked


# --- materials --------------------------------------------------------------------------------


def material_content_type(name: str) -> str:
    return content_type_for(name)


def material_add(*, event: Event, by: Any, upload: Any, name: str = "") -> EventMaterial:
    """Type- and size-checked by extension and the file's first bytes."""
    require_create(by, EventMaterial, event)
    check_upload(upload, allowed=MATERIALS, max_megabytes=20)
    filename = str(getattr(upload, "name", "") or "")
    name = (name or "").strip() or filename.rsplit("/", 1)[-1]
    with transaction.atomic(), acting_as(by):
        material = EventMaterial.objects.create(event=event, file=upload, name=name[:120], uploaded_by=by)
        audit_event(obj=event, actor=by, event="event.material_add", changes={"material": ["", material.name]})
        return material


def material_delete(*, material: EventMaterial, by: Any) -> None:
    require(by, "delete", material)
    with transaction.atomic(), acting_as(by):
        audit_event(
            obj=material.event, actor=by, event="event.material_delete", changes={"material": [material.name, ""]}
        )
        material.file.delete(save=False)
        material.delete()


# --- registration -----------------------------------------------------------------------------


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def registration_closes_at(event: Event) -> Any:
    return event.registration_closes_at or event.starts_at


def registration_is_open(event: Event, moment: Any = None) -> bool:
    return (moment or timezone.now()) < registration_closes_at(event)


def _check_person(
    event: Event, organisation: Organisation | None, user: Any, guest_name: str, guest_phone: str
) -> tuple[str, str]:
    guest_name = (guest_name or "").strip()
    guest_phone = normalise_phone(guest_phone or "").replace("-", "")  # 138-0013-8000 is a mobile too
    if user is not None and (guest_name or guest_phone):
        raise ValidationError(_("请选择本机构成员,或填写来宾姓名和手机号,二者选一。"))
    if user is None:
        errors: dict[str, list[str]] = {}
        if not guest_name or len(guest_name) > 50:
            errors["guest_name"] = [_("请填写来宾姓名(最多 50 字)。")]
        try:
            validate_mobile(guest_phone)
        except ValidationError as exc:
            errors["guest_phone"] = exc.messages
        if errors:
            raise ValidationError(errors)
        return guest_name, guest_phone
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"user": [_("只能为本机构的成员报名;其他人请作为来宾填写姓名和手机号。")]})
    return "", ""


def _duplicate(event: Event, user: Any, guest_phone: str) -> Registration | None:
    active = Registration.objects.filter(event=event).exclude(status=RegistrationStatus.CANCELLED)
    if user is not None:
        return active.filter(user=user).first()
    return active.filter(user__isnull=True, guest_phone=guest_phone).first()


def registration_add(
    *,
    event: Event,
    organisation: Organisation,
    by: Any,
    user: Any = None,
    guest_name: str = "",
    guest_phone: str = "",
) -> Registration:
    """Register a member of ``organisation`` (``user``) or a named guest. A confirmed seat while
    any is left; after that a place on the waiting list (see :func:`registration_outcome`)."""
    require(by, "register", event)
    require_create(by, Registration, organisation)
    if not organisation.is_active:
        raise ValidationError({"organisation": [_("该组织已停用,不能报名。")]})
    guest_name, guest_phone = _check_person(event, organisation, user, guest_name, guest_phone)
    with transaction.atomic(), acting_as(by):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not registration_is_open(locked):
            raise ValidationError(_("报名已于 %(t)s 截止。") % {"t": _local(registration_closes_at(locked))})
        existing = _duplicate(locked, user, guest_phone)
        if existing is not None:
            who = existing.display_name
            raise ValidationError(
                _("%(who)s 已经报名了这个活动(%(status)s),不能重复报名。")
                % {"who": who, "status": existing.get_status_display()}
            )
        registration = Registration(
            event=locked,
            organisation=organisation,
            user=user,
            guest_name=guest_name,
            guest_phone=guest_phone,
            registered_by=by,
        )
        if _confirmed_count(locked) < locked.capacity:
            registration.status = RegistrationStatus.CONFIRMED
        else:
            _join_waitlist(registration)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:  # the same member registered at the same moment elsewhere
            raise ValidationError(_("这位成员已经报名了这个活动,不能重复报名。")) from None
        audit_event(
            obj=registration,
            actor=by,
            event="registration.add",
            changes={"status": ["", registration.status]},
        )
        return registration


def _join_waitlist(registration: Registration) -> None:
    """Put an unsaved registration at the end of its (locked) event's waiting list."""
    registration.status = RegistrationStatus.WAITLISTED
    last = Registration.objects.filter(event=registration.event, status=RegistrationStatus.WAITLISTED).aggregate(
        last=Max("waitlist_position")
    )["last"]
    registration.waitlist_position = (last or 0) + 1


class EventFull(ValidationError):
    """Every seat is confirmed; the walk-in may go on the waiting list instead."""


@dataclass(frozen=True)
class WalkIn:
    """What happened at the door: a new registration, or the one the person already had
    (``existing``), checked in rather than registered twice."""

    registration: Registration
    existing: bool = False

    def message(self) -> str:
        registration = self.registration
        name = registration.display_name
        if self.existing:
            return _("%(name)s 已经报名,已为其签到(%(attendance)s)。") % {
                "name": name,
                "attendance": registration.get_attendance_display(),
            }
        if registration.status == RegistrationStatus.WAITLISTED:
            return _("%(name)s 已加入候补名单,排第 %(pos)s 位;候补不能签到,有人取消时将按顺序递补。") % {
                "name": name,
                "pos": registration.waitlist_position,
            }
        if registration.attendance in ATTENDED:
            return _("%(name)s 已现场报名并签到(%(attendance)s)。") % {
                "name": name,
                "attendance": registration.get_attendance_display(),
            }
        return _("%(name)s 已现场报名。") % {"name": name}


def _same_person(event: Event, guest_phone: str) -> Registration | None:
    """The event's active registration of whoever has this mobile number: a guest registered
    with it, or a member whose account has it."""
    return (
        Registration.objects.select_for_update(of=("self",))
        .filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .filter(Q(guest_phone=guest_phone) | Q(user__phone=guest_phone))
        .select_related("user")
        .order_by("pk")
        .first()
    )


def _check_in(registration: Registration, event: Event, by: Any, now: Any) -> None:
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


def registration_walk_in(
    *,
    event: Event,
    by: Any,
    guest_name: str,
    guest_phone: str,
    organisation: Organisation | None = None,
    attended: bool = False,
    waitlist: bool = False,
) -> WalkIn:
    """An officer of the event's programme registers someone at the door (or ahead of the
    day): a name and a mobile number, for any active organisation or for none.

    ``attended`` checks them in at once (from an hour before the start). Capacity holds as for
    :func:`registration_add`: when every seat is confirmed, :class:`EventFull` is raised unless
    ``waitlist`` asks for a place on the waiting list. Someone already registered with this
    number is not registered twice: with ``attended`` their registration is checked in, else
    the officer is told. Nothing is written when anything is refused."""
    require(by, "take_attendance", event)
    errors: dict[str, list[str]] = {}
    if organisation is not None and not organisation.is_active:
        errors["organisation"] = [_("该组织已停用,不能报名。")]
    try:
        guest_name, guest_phone = _check_person(event, organisation, None, guest_name, guest_phone)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    now = timezone.now()
    if attended and now < event.starts_at - CHECKIN_OPENS_BEFORE:
        errors["attended"] = [
            _("签到将于活动开始前 1 小时(%(t)s)开放,现在只能报名。")
            % {"t": _local(event.starts_at - CHECKIN_OPENS_BEFORE)}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if now >= locked.ends_at:
            raise ValidationError(_("活动已于 %(t)s 结束,不能再现场报名。") % {"t": _local(locked.ends_at)})
        existing = _same_person(locked, guest_phone)
        if existing is not None:
            return _walk_in_again(existing, locked, by=by, guest_name=guest_name, attended=attended, now=now)
        registration = Registration(
            event=locked,
            organisation=organisation,
            guest_name=guest_name,
            guest_phone=guest_phone,
            registered_by=by,
            walk_in=True,
        )
        confirmed = _confirmed_count(locked)
        if confirmed < locked.capacity:
            registration.status = RegistrationStatus.CONFIRMED
            if attended:
                registration.attendance = attendance_for(locked, now)
                registration.checked_in_at = now
                registration.checked_in_by = by
        elif waitlist:
            _join_waitlist(registration)
        else:
            raise EventFull(
                _("名额已满(共 %(cap)s 个名额,已全部确认),不能再为 %(name)s 确认报名。可以把 %(name)s 加入候补名单。")
                % {"cap": locked.capacity, "name": guest_name}
            )
        registration.save()
        audit_event(
            obj=registration,
            actor=by,
            event="registration.walk_in",
            changes={"status": ["", registration.status], "attendance": ["", registration.attendance]},
        )
        return WalkIn(registration)


def _walk_in_again(
    existing: Registration, event: Event, *, by: Any, guest_name: str, attended: bool, now: Any
) -> WalkIn:
    """The person at the door is registered already: check them in if asked, else say so."""
    who = existing.display_name
    if who.replace(" ", "") != guest_name.replace(" ", ""):
        raise ValidationError(
            {
                "guest_phone": [
                    _("这个手机号已用于 %(who)s 的报名,与所填姓名“%(name)s”不一致,请核对。")
                    % {"who": who, "name": guest_name}
                ]
            }
        )
    if existing.status == RegistrationStatus.WAITLISTED:
        raise ValidationError(
            {
                "guest_phone": [
                    _("%(who)s 已在候补名单上(第 %(pos)s 位),尚未获得名额,不能签到或重复报名。")
                    % {"who": who, "pos": existing.waitlist_position}
                ]
            }
        )
    if not attended:
        raise ValidationError(
            {
                "guest_phone": [
                    _("%(who)s 已经报名了这个活动,不能重复报名;如已到场,请勾选“已到场”为其签到。") % {"who": who}
                ]
            }
        )
    existing.event = event
    if existing.attendance not in ATTENDED:
        _check_in(existing, event, by, now)
    return WalkIn(existing, existing=True)


def registration_outcome(registration: Registration) -> str:
    """What to tell the one who registered, in a sentence."""
    name = registration.display_name
    if registration.status == RegistrationStatus.CONFIRMED:
        return _("%(name)s 报名成功。") % {"name": name}
    if registration.status == RegistrationStatus.WAITLISTED:
        return _(
            "名额已满(共 %(cap)s 个名额),%(name)s 已加入候补名单,排第 %(pos)s 位;有人取消时将按顺序递补并通知。"
        ) % {
            "cap": registration.event.capacity,
            "name": name,
            "pos": registration.waitlist_position,
        }
    return _("%(name)s 的报名已取消。") % {"name": name}


def _leave_waitlist(event: Event, position: int | None) -> None:
    """Close the gap a registration leaves in the waiting list."""
    if position is not None:
        Registration.objects.filter(
            event=event, status=RegistrationStatus.WAITLISTED, waitlist_position__gt=position
        ).update(waitlist_position=F("waitlist_position") - 1)


def _promote(event: Event, seats: int, by: Any) -> list[Registration]:
    """Give up to ``seats`` free seats to the waiting list, first come first served, and tell them."""
    if seats <= 0:
        return []
    promoted = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(event=event, status=RegistrationStatus.WAITLISTED)
        .select_related("user", "registered_by", "organisation")
        .order_by("waitlist_position", "pk")[:seats]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_position = None
        registration.save(update_fields=["status", "waitlist_position"])
        audit_event(
            obj=registration,
            actor=by,
            event="registration.promote",
            changes={"status": [RegistrationStatus.WAITLISTED, RegistrationStatus.CONFIRMED]},
        )
        people = [u for u in (registration.user, registration.registered_by) if u is not None]
        notify(
            users=people,
            title=_("候补成功:%(title)s") % {"title": event.title},
            body=_("%(name)s 已从候补名单递补为正式报名。活动时间:%(t)s。")
            % {"name": registration.display_name, "t": _local(event.starts_at)},
            url=reverse("event-detail", args=[event.pk]),
        )
    if promoted:  # they were the front of the queue: everyone behind moves up as many places
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).update(
            waitlist_position=F("waitlist_position") - len(promoted)
        )
    return promoted


def registration_cancel(*, registration: Registration, by: Any) -> Registration:
    """Cancel; a confirmed seat freed goes to the first on the waiting list."""
    require(by, "cancel", registration)
    with transaction.atomic(), acting_as(by):
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status == RegistrationStatus.CANCELLED:
            raise ValidationError(_("这条报名已经取消。"))
        if timezone.now() >= event.starts_at:
            raise ValidationError(_("活动已开始,不能再取消报名。"))
        before, position = locked.status, locked.waitlist_position
        locked.status = RegistrationStatus.CANCELLED
        locked.waitlist_position = None
        locked.save(update_fields=["status", "waitlist_position"])
        if before == RegistrationStatus.WAITLISTED:
            _leave_waitlist(event, position)
        else:
            _promote(event, seats=event.capacity - _confirmed_count(event), by=by)
        audit_event(
            obj=locked,
            actor=by,
            event="registration.cancel",
            changes={"status": [before, RegistrationStatus.CANCELLED]},
        )
        return locked


# --- attendance -------------------------------------------------------------------------------


def attendance_for(event: Event, moment: Any) -> str:
    """Present if checked in by a quarter of an hour after the start, else late."""
    return AttendanceStatus.LATE if moment > event.starts_at + LATE_AFTER else AttendanceStatus.PRESENT


def checkin_is_open(event: Event, moment: Any = None) -> bool:
    moment = moment or timezone.now()
    return event.starts_at - CHECKIN_OPENS_BEFORE <= moment < event.ends_at


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
            % {"a": _local(event.starts_at - CHECKIN_OPENS_BEFORE), "b": _local(event.ends_at)}
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
        if registration.attendance in ATTENDED:
            return registration
        before = registration.attendance
        registration.attendance = attendance_for(event, now)
        registration.checked_in_at = now
        registration.checked_in_by = user
        registration.save(update_fields=["attendance", "checked_in_at", "checked_in_by"])
        audit_event(
            obj=registration,
            actor=user,
            event="registration.checkin",
            changes={"attendance": [before, registration.attendance]},
        )
        return registration


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
        raise ValidationError(_("活动结束(%(t)s)后才能结束签到。") % {"t": _local(event.ends_at)})
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


def feedback_submit(
    *, registration: Registration, by: Any, satisfaction: Any, usefulness: Any, comments: str = ""
) -> Feedback:
    """The attendee's own questionnaire, once, after they attended."""
    if not (registration.user_id and registration.user_id == getattr(by, "pk", None)):
        raise PermissionDenied(_("只有参加活动的本人才能填写反馈。"))
    require_create(by, Feedback, registration)
    errors: dict[str, list[str]] = {}
    sat = _score(satisfaction, "satisfaction", errors)
    use = _score(usefulness, "usefulness", errors)
    comments = (comments or "").strip()
    if len(comments) > 2000:
        errors["comments"] = [_("意见建议最多 2000 字。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.status != RegistrationStatus.CONFIRMED or locked.attendance not in ATTENDED:
            raise ValidationError(_("签到参加活动后才能填写反馈。"))
        if Feedback.objects.filter(registration=locked).exists():
            raise FeedbackExists(_("你已经提交过这个活动的反馈,每人只能提交一次。"))
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    registration=locked, satisfaction=sat, usefulness=use, comments=comments
                )
        except IntegrityError:
            raise FeedbackExists(_("你已经提交过这个活动的反馈,每人只能提交一次。")) from None
        audit_event(obj=locked, actor=by, event="registration.feedback", changes={})
        return feedback
