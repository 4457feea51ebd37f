from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from wushe.accounts.views import notification_list
from wushe.api.urls import api
from wushe.audit.views import audit_list
from wushe.core.health import healthz
from wushe.insights.views import home

handler400 = "wushe.core.views.bad_request"
handler403 = "wushe.core.views.permission_denied"
handler404 = "wushe.core.views.page_not_found"
handler500 = "wushe.core.views.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set-language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("wushe.accounts.urls")),
    path("", include("wushe.orgs.urls")),
    path("", include("wushe.programmes.urls")),
    path("", include("wushe.proposals.urls")),
    path("", include("wushe.grants.urls")),
    path("", include("wushe.insights.urls")),
    path("", include("wushe.support.urls")),
    path("", include("wushe.support.event_urls")),
    path("audit/", audit_list, name="audit-list"),
    path("notifications/", notification_list, name="notification-list"),
    path("reviews/", include("wushe.reviews.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
