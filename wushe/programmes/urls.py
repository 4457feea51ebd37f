from django.urls import path

from wushe.programmes import views

urlpatterns = [
    path("calls/", views.call_list, name="call-list"),
    path("calls/<int:pk>/", views.call_detail, name="call-detail"),
    path("calls/<int:pk>/extend/", views.call_extend_view, name="call-extend"),
    path("programmes/", views.programme_list, name="programme-list"),
]
