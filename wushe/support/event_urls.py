from django.urls import path

from wushe.support import checkin_views, event_views, feedback_views

urlpatterns = [
    path("events/", event_views.event_list, name="event-list"),
    path("programmes/<int:programme_pk>/events/", event_views.event_list, name="programme-events"),
    path("programmes/<int:programme_pk>/events/new/", event_views.event_create, name="event-create"),
    path("events/<int:pk>/", event_views.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", event_views.event_edit, name="event-edit"),
    path("events/<int:pk>/register/", event_views.event_register, name="event-register"),
    path("events/<int:pk>/materials/", event_views.event_material_upload, name="event-material-upload"),
    path("events/<int:pk>/attendance/", checkin_views.event_attendance, name="event-attendance"),
    path("events/<int:pk>/attendance/close/", checkin_views.event_attendance_close, name="event-attendance-close"),
    path("events/<int:pk>/walk-in/", checkin_views.event_walk_in, name="event-walk-in"),
    path(
        "events/<int:pk>/walk-in/organisations/",
        checkin_views.event_walk_in_organisations,
        name="event-walk-in-organisations",
    ),
    path("events/<int:pk>/checkin/", checkin_views.event_checkin, name="event-checkin"),
    path("events/<int:pk>/checkin/display/", checkin_views.checkin_display, name="checkin-display"),
    path("events/<int:pk>/checkin/qr/", checkin_views.checkin_qr, name="checkin-qr"),
    path("events/<int:pk>/checkin/kiosk/", checkin_views.checkin_kiosk, name="checkin-kiosk"),
    path("events/<int:pk>/checkin/kiosk/card/", checkin_views.checkin_kiosk_card, name="checkin-kiosk-card"),
    path("events/<int:pk>/feedback/", event_views.event_feedback, name="event-feedback"),
    path("events/<int:pk>/feedback/summary/", event_views.event_feedback_summary, name="event-feedback-summary"),
    path("events/<int:pk>/feedback/qr/", feedback_views.event_feedback_qr, name="event-feedback-qr"),
    path("events/<int:pk>/feedback/renew/", feedback_views.event_feedback_link_renew, name="event-feedback-renew"),
    path("f/<str:code>/", feedback_views.event_feedback_link, name="event-feedback-link"),
    path("event-materials/<int:pk>/", event_views.event_material_download, name="event-material-download"),
    path("event-materials/<int:pk>/delete/", event_views.event_material_delete, name="event-material-delete"),
    path("registrations/<int:pk>/cancel/", event_views.registration_cancel, name="registration-cancel"),
    path("registrations/<int:pk>/attendance/", checkin_views.event_attendance_mark, name="event-attendance-mark"),
]
