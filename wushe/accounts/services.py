"""Writes for users, API tokens and notifications."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wushe.access.door import require, require_create
from wushe.accounts.models import ApiToken, Notification, User
from wushe.core.validators import normalise_phone


def user_create(*, name: str, password: str, email: str | None = None, phone: str | None = None) -> User:
    """A new account; the e-mail or mobile must be free and the password strong enough."""
    errors: dict[str, list[str]] = {}
    email = (email or "").strip().lower() or None
    phone = normalise_phone(phone or "") or None
    if email and User.objects.filter(email__iexact=email).exists():
        errors["email"] = [_("该电子邮箱已被注册。")]
    if phone and User.objects.filter(phone=phone).exists():
        errors["phone"] = [_("该手机号已被注册。")]
    user = User(name=(name or "").strip(), email=email, phone=phone)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        for key, msgs in exc.message_dict.items():
            if key == "__all__":
                key = "email"
            errors.setdefault(key, []).extend(msgs)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user.set_password(password)
        user.save()
    return user


def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new personal token and its secret, which is never stored and shown only now."""
    require_create(user, ApiToken)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("请填写令牌的用途,例如“数据同步”。")]})
    if len(name) > 60:
        raise ValidationError({"name": [_("用途最多 60 个字。")]})
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(user=user, name=name, hint=secret[:8], token_hash=ApiToken.hash(secret))
    return token, secret


def api_token_revoke(*, token: ApiToken, by: Any) -> ApiToken:
    require(by, "revoke", token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(secret: str) -> User | None:
    """The active user holding ``secret``, or None; records when the token was last used."""
    if not secret or not secret.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(token_hash=ApiToken.hash(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def notify(*, users: Iterable[Any], title: str, body: str = "", url: str = "") -> list[Notification]:
    """One in-app notification per (distinct, active) user; written by the platform itself, so
    there is no acting user to check. Callers pass text already in the recipients' language."""
    title = (title or "").strip()[:120]
    if not title:
        raise ValidationError({"title": [_("通知须有标题。")]})
    seen: set[int] = set()
    rows = []
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(user=user, title=title, body=(body or "")[:4000], url=(url or "")[:300]))
    with transaction.atomic():
        return Notification.objects.bulk_create(rows)


def notify_and_email(*, users: Iterable[Any], message: Callable[[], tuple[str, str]], path: str) -> int:
    """Tell each (distinct, active) user in the app and, when they have an e-mail address, by
    e-mail, each in their own language: ``message()`` is called once per user with that
    language active and returns the ``(title, body)``; the e-mail links to ``path`` on
    ``settings.SITE_URL``. Returns the number of people told.

    The mails go out last and a failure to hand them over raises, so a caller that marks its
    record as told in the same transaction leaves it untold and a retry sends everything."""
    link = settings.SITE_URL.rstrip("/") + path
    told: set[int] = set()
    mails = []
    for user in users:
        if not user.is_active or user.pk in told:
            continue
        told.add(user.pk)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            title, body = message()
            notify(users=[user], title=title, body=body, url=path)
            if user.email:
                text = _("%(name)s,你好:\n\n%(body)s\n\n详情请登录平台查看:%(link)s\n") % {
                    "name": user.name,
                    "body": body,
                    "link": link,
                }
                mails.append((title, text, None, [user.email]))
    send_mass_mail(mails, fail_silently=False)
    return len(told)


def notification_mark_read(*, user: Any, notification: Notification | None = None) -> int:
    """Mark one notification (or, without one, all of ``user``'s) as read; returns how many changed."""
    qs = Notification.objects.filter(user_id=user.pk, read_at__isnull=True)
    if notification is not None:
        require(user, "mark_read", notification)
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())
