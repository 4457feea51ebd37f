"""The JSON API, wired in one place: every router shares the auth and error handling here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationErrorContext
from ninja.errors import ValidationError as NinjaValidationError

from wushe.api import events, grants, me, organisations, places, programmes, proposals, reviews, support
from wushe.api.auth import BrowserSession, TokenAuth
from wushe.api.docs import LocalSwagger
from wushe.api.errors import body_field_locations, django_errors, schema_errors
from wushe.api.parser import JsonObjectParser


class WusheAPI(NinjaAPI):
    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext]
    ) -> NinjaValidationError:
        errors = []
        for context in error_contexts:
            body_param = getattr(context.model, "__read_from_single_attr__", None)
            found = super().validation_error_from_error_contexts([context]).errors
            errors.extend(body_field_locations(found, body_param))
        return NinjaValidationError(errors)


api = WusheAPI(
    title="Wushe API",
    version="1",
    description=(
        "五社联动平台 JSON API. Authenticate with `Authorization: Bearer <token>` "
        "(create a personal token under 我的账户 → API 令牌)."
    ),
    auth=[TokenAuth(), BrowserSession()],
    urls_namespace="api",
    docs=LocalSwagger(),
    parser=JsonObjectParser(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", organisations.router)
api.add_router("", places.router)
api.add_router("", me.router)
api.add_router("", programmes.router)
api.add_router("", proposals.router)
api.add_router("", grants.router)
api.add_router("", reviews.router)
api.add_router("", events.router)
api.add_router("", support.router)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": django_errors(exc)}, status=422)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": schema_errors(exc.errors)}, status=422)


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("你没有执行此操作的权限。")}, status=403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("未找到。")}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("需要登录或有效的 API 令牌。")}, status=401)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja could not parse the body
        message = _("请求正文应为一个 JSON 对象。")
    else:
        message = str(exc)
    return api.create_response(request, {"detail": message}, status=exc.status_code)
