from django.urls import path

from wushe.insights import views

urlpatterns = [
    path("programmes/<int:pk>/", views.programme_dashboard, name="programme-dashboard"),
]
