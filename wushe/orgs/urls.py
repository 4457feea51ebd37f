from django.urls import path

from wushe.orgs import views

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_create_view, name="organisation-create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/logo/", views.organisation_logo, name="organisation-logo"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:pk>/archive/", views.organisation_archive, name="organisation-archive"),
    path("organisations/<int:pk>/invite/", views.organisation_invite, name="organisation-invite"),
    path("memberships/<int:pk>/role/", views.membership_role, name="membership-role"),
    path("memberships/<int:pk>/remove/", views.membership_remove_view, name="membership-remove"),
    path("places/", views.place_list, name="place-list"),
    path("places/pick/", views.place_pick, name="place-pick"),
]
