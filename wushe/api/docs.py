"""The interactive API documentation, served entirely from our own static files.

django-ninja falls back to Swagger UI from a CDN when ``ninja`` is not an installed app; we never
want that (intranets and Chinese networks block foreign CDNs), so the page is always rendered
from our template, with the Swagger UI files ninja ships collected as ordinary static files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI


class LocalSwagger(Swagger):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": settings, "api": api}
        return render(request, self.template, context)
