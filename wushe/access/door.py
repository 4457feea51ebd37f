"""The one door. Every page, form, endpoint and command asks here.

Each app states its rules in ``<app>/policies.py`` as a :class:`Policy` registered with
:func:`register`; ``access`` itself imports no domain app. Reading an object one may not see
answers 404 (existence is not leaked); a forbidden action on a visible object answers 403.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from wushe.access.roles import Actor, actor_for

M = TypeVar("M", bound=Model)


class Policy:
    """Rules for one model. ``actions`` lists every action that exists on an object;
    ``create`` is asked separately with the parent object (or ``None``)."""

    model: ClassVar[type[Model]]
    actions: ClassVar[tuple[str, ...]] = ("view",)

    def visible(self, actor: Actor, qs: QuerySet[Any]) -> QuerySet[Any]:
        """Platform admins see everything, anonymous visitors nothing, and everyone else the rows
        :meth:`scope` admits. A policy whose rule has another shape overrides this instead."""
        if actor.platform_admin:
            return qs
        if not actor.authenticated:
            return qs.none()
        return qs.filter(self.scope(actor))

    def scope(self, actor: Actor) -> Q:
        """The rows a signed-in, non-admin ``actor`` may see."""
        raise NotImplementedError

    def can(self, actor: Actor, action: str, obj: Any) -> bool:
        """Asked only for objects the actor can see; 'view' is implied by visibility."""
        return action == "view"

    def can_create(self, actor: Actor, parent: Any = None) -> bool:
        return actor.platform_admin


_REGISTRY: dict[type[Model], Policy] = {}


def register(policy_cls: type[Policy]) -> type[Policy]:
    _REGISTRY[policy_cls.model] = policy_cls()
    return policy_cls


def registry() -> dict[type[Model], Policy]:
    return dict(_REGISTRY)


def policy_for(model: type[Model]) -> Policy:
    try:
        return _REGISTRY[model]
    except KeyError:
        raise LookupError(f"no access policy registered for {model.__name__}") from None


def visible_to(user: Any, qs: QuerySet[M] | type[M]) -> QuerySet[M]:
    """``qs`` narrowed to what ``user`` may see."""
    if not isinstance(qs, QuerySet):
        qs = qs._default_manager.all()
    return policy_for(qs.model).visible(actor_for(user), qs)


# Objects handed out by get_for_user remember which actors they were shown to, so asking
# can() about them afterwards costs no query.
_SEEN_ATTR = "_wushe_seen_by"


def _mark_seen(obj: Model, actor: Actor) -> None:
    obj.__dict__.setdefault(_SEEN_ATTR, []).append(actor)


def _seen(obj: Model, actor: Actor) -> bool:
    return any(seen is actor for seen in obj.__dict__.get(_SEEN_ATTR, ()))


def is_visible(user: Any, obj: Model) -> bool:
    actor = actor_for(user)
    if _seen(obj, actor):
        return True
    model = type(obj)
    if policy_for(model).visible(actor, model._default_manager.filter(pk=obj.pk)).exists():
        _mark_seen(obj, actor)
        return True
    return False


def can(user: Any, action: str, obj: Model) -> bool:
    """Whether ``user`` may do ``action`` on ``obj``; never for an object they cannot see,
    whoever asks (a page, the API, a service or a command)."""
    policy = policy_for(type(obj))
    if action not in policy.actions:
        raise ValueError(f"unknown action {action!r} for {type(obj).__name__}")
    return policy.can(actor_for(user), action, obj) and is_visible(user, obj)


def can_create(user: Any, model: type[Model], parent: Any = None) -> bool:
    return policy_for(model).can_create(actor_for(user), parent)


def require(user: Any, action: str, obj: Model) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(_("你没有执行此操作的权限。"))


def require_create(user: Any, model: type[Model], parent: Any = None) -> None:
    if not can_create(user, model, parent):
        raise PermissionDenied(_("你没有执行此操作的权限。"))


def get_for_user(user: Any, qs: QuerySet[M] | type[M], pk: Any, action: str = "view") -> M:
    """The object with ``pk`` if the user may see it (else 404) and do ``action`` (else 403)."""
    if not isinstance(qs, QuerySet):
        qs = qs._default_manager.all()
    try:
        obj = visible_to(user, qs).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    _mark_seen(obj, actor_for(user))
    if action != "view":
        require(user, action, obj)
    return obj
