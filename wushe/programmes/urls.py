from django.urls import path

from wushe.programmes import views

urlpatterns = [
    path("calls/", views.call_list, name="call-list"),
    path("calls/<int:pk>/", views.call_detail, name="call-detail"),
    path("calls/<int:pk>/extend/", views.call_extend_view, name="call-extend"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create_view, name="programme-create"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path("programmes/<int:programme_pk>/calls/new/", views.call_create_view, name="call-create"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call-edit"),
]
