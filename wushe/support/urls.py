from django.urls import path

from wushe.support import calendar_views, views

urlpatterns = [
    path("support/", views.activity_list, name="activity-list"),
    path("support/activities/<int:pk>/", views.activity_detail, name="activity-detail"),
    path("support/activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("support/activities/<int:pk>/held/", views.activity_held, name="activity-held"),
    path("support/activities/<int:pk>/cancel/", views.activity_cancel_view, name="activity-cancel"),
    path(
        "support/activities/<int:pk>/attachments/",
        views.activity_attachment_upload,
        name="activity-attachment-upload",
    ),
    path("support/attachments/<int:pk>/", views.activity_attachment_download, name="activity-attachment-download"),
    path(
        "support/attachments/<int:pk>/delete/",
        views.activity_attachment_delete_view,
        name="activity-attachment-delete",
    ),
    path("support/activities/<int:pk>/follow-ups/new/", views.follow_up_add, name="follow-up-add"),
    path("support/follow-ups/", views.follow_up_list, name="follow-up-list"),
    path("support/follow-ups/<int:pk>/complete/", views.follow_up_complete, name="follow-up-complete"),
    path("programmes/<int:programme_pk>/support/new/", views.activity_create_view, name="activity-create"),
    path(
        "programmes/<int:programme_pk>/support/organisations/",
        views.activity_organisation_pick,
        name="activity-organisation-pick",
    ),
    path("programmes/<int:programme_pk>/support/links/", views.activity_links, name="activity-links"),
    path("programmes/<int:programme_pk>/support/kinds/", views.activity_kind_add, name="activity-kind-add"),
    path("programmes/<int:pk>/support/", views.programme_support_ledger, name="programme-support-ledger"),
    path(
        "programmes/<int:pk>/support/ledger.xlsx",
        views.programme_support_ledger_export,
        name="programme-support-ledger-export",
    ),
    path("organisations/<int:pk>/support/", views.organisation_support_ledger, name="organisation-support-ledger"),
    path(
        "organisations/<int:pk>/support/ledger.xlsx",
        views.organisation_support_ledger_export,
        name="organisation-support-ledger-export",
    ),
    path("calendar/", calendar_views.my_calendar, name="calendar"),
    path("calendar/feeds/", calendar_views.calendar_feeds, name="calendar-feeds"),
    path("calendar/feeds/<int:pk>/revoke/", calendar_views.calendar_feed_revoke_view, name="calendar-feed-revoke"),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar-feed"),
    path("organisations/<int:pk>/calendar/", calendar_views.organisation_calendar, name="organisation-calendar"),
    path("programmes/<int:pk>/calendar/", calendar_views.programme_calendar, name="programme-calendar"),
]
