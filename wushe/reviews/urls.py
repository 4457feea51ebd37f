from django.urls import path

from wushe.reviews import views

urlpatterns = [
    path("", views.review_list, name="review-list"),
    path("<int:pk>/", views.review_form, name="review-form"),
    path("<int:pk>/conflict/", views.review_conflict, name="review-conflict"),
    path("<int:pk>/submit/", views.review_submit_view, name="review-submit"),
    path("proposals/<int:pk>/", views.review_panel, name="review-panel"),
    path("proposals/<int:pk>/assign/", views.reviewer_assign_view, name="reviewer-assign"),
    path("proposals/<int:pk>/summary/", views.review_summary_view, name="review-summary"),
    path("proposals/<int:pk>/decision/", views.decision_make_view, name="decision-make"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision-detail"),
    path("calls/<int:call_pk>/rubric/", views.rubric_edit, name="rubric-edit"),
]
