"""Writes for taking part in a workshop or training: registration with a hard capacity and a
waiting list, cancellation (the seat freed goes to the first waiting), and walk-ins registered
by an officer at the door.

Capacity is kept under simultaneous registrations by locking the event row (``SELECT … FOR
UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions already let one writer in at a time) and
counting the confirmed seats inside the same transaction: two organisations registering the last
seat at once get one confirmed and one waitlisted registration, never two confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wushe.access.door import require, require_create
from wushe.access.models import Membership
from wushe.accounts.services import notify
from wushe.core.audit import acting_as, audit_event
from wushe.core.text import local_minute
from wushe.core.validators import normalise_phone, validate_mobile
from wushe.orgs.models import Organisation
from wushe.support.attendance_services import ATTENDED, CHECKIN_OPENS_BEFORE, attendance_for, check_in
from wushe.support.models import Event, Registration, RegistrationStatus

# --- registration -----------------------------------------------------------------------------


def confirmed_count(event: Event) -> int:
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
            raise ValidationError(_("报名已于 %(t)s 截止。") % {"t": local_minute(registration_closes_at(locked))})
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
        if confirmed_count(locked) < locked.capacity:
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


# --- the waiting list and cancellation --------------------------------------------------------


def _join_waitlist(registration: Registration) -> None:
    """Put an unsaved registration at the end of its (locked) event's waiting list."""
    registration.status = RegistrationStatus.WAITLISTED
    last = Registration.objects.filter(event=registration.event, status=RegistrationStatus.WAITLISTED).aggregate(
        last=Max("waitlist_position")
    )["last"]
    registration.waitlist_position = (last or 0) + 1


def _leave_waitlist(event: Event, position: int | None) -> None:
    """Close the gap a registration leaves in the waiting list."""
    if position is not None:
        Registration.objects.filter(
            event=event, status=RegistrationStatus.WAITLISTED, waitlist_position__gt=position
        ).update(waitlist_position=F("waitlist_position") - 1)


def promote_from_waitlist(event: Event, seats: int, by: Any) -> list[Registration]:
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
            % {"name": registration.display_name, "t": local_minute(event.starts_at)},
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
            promote_from_waitlist(event, seats=event.capacity - confirmed_count(event), by=by)
        audit_event(
            obj=locked,
            actor=by,
            event="registration.cancel",
            changes={"status": [before, RegistrationStatus.CANCELLED]},
        )
        return locked


# --- walk-ins at the door ---------------------------------------------------------------------


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
            % {"t": local_minute(event.starts_at - CHECKIN_OPENS_BEFORE)}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(by):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if now >= locked.ends_at:
            raise ValidationError(_("活动已于 %(t)s 结束,不能再现场报名。") % {"t": local_minute(locked.ends_at)})
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
        confirmed = confirmed_count(locked)
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
    check_in(existing, event, by=by, now=now)
    return WalkIn(existing, existing=True)
