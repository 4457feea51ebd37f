from django.urls import path

from wushe.grants import views

urlpatterns = [
    path("grants/", views.grant_list, name="grant-list"),
    path("grants/from-proposal/<int:proposal_pk>/", views.grant_create, name="grant-create"),
    path("grants/<int:pk>/", views.grant_detail, name="grant-detail"),
    path("grants/<int:pk>/disburse/", views.grant_disburse_view, name="grant-disburse"),
    path("grants/<int:pk>/expenditures/new/", views.grant_expenditure, name="grant-expenditure"),
    path("grants/<int:pk>/transition/", views.grant_transition_view, name="grant-transition"),
    path("grants/<int:pk>/budget/", views.grant_budget, name="grant-budget"),
]
