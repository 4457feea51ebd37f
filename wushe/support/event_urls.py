from django.urls import path

from wushe.support import event_views as views

urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("programmes/<int:programme_pk>/events/", views.event_list, name="programme-events"),
    path("programmes/<int:programme_pk>/events/new/", views.event_create, name="event-create"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("events/<int:pk>/register/", views.event_register, name="event-register"),
    path("events/<int:pk>/materials/", views.event_material_upload, name="event-material-upload"),
    path("events/<int:pk>/attendance/", views.event_attendance, name="event-attendance"),
    path("events/<int:pk>/attendance/close/", views.event_attendance_close, name="event-attendance-close"),
    path("events/<int:pk>/walk-in/", views.event_walk_in, name="event-walk-in"),
    path(
        "events/<int:pk>/walk-in/organisations/",
        views.event_walk_in_organisations,
        name="event-walk-in-organisations",
    ),
    path("events/<int:pk>/checkin/", views.event_checkin, name="event-checkin"),
    path("events/<int:pk>/checkin/display/", views.checkin_display, name="checkin-display"),
    path("events/<int:pk>/checkin/qr/", views.checkin_qr, name="checkin-qr"),
    path("events/<int:pk>/checkin/kiosk/", views.checkin_kiosk, name="checkin-kiosk"),
    path("events/<int:pk>/checkin/kiosk/card/", views.checkin_kiosk_card, name="checkin-kiosk-card"),
    path("events/<int:pk>/feedback/", views.event_feedback, name="event-feedback"),
    path("events/<int:pk>/feedback/summary/", views.event_feedback_summary, name="event-feedback-summary"),
    path("event-materials/<int:pk>/", views.event_material_download, name="event-material-download"),
    path("event-materials/<int:pk>/delete/", views.event_material_delete, name="event-material-delete"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration-cancel"),
    path("registrations/<int:pk>/attendance/", views.event_attendance_mark, name="event-attendance-mark"),
]
