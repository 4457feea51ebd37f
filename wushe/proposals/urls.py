from django.urls import path

from wushe.proposals import views

urlpatterns = [
    path("proposals/", views.proposal_list, name="proposal-list"),
    path("calls/<int:call_pk>/apply/", views.proposal_apply, name="proposal-apply"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/autosave/", views.proposal_autosave, name="proposal-autosave"),
    path("proposals/<int:pk>/budget/", views.proposal_budget, name="proposal-budget"),
    path("proposals/<int:pk>/transition/", views.proposal_transition_view, name="proposal-transition"),
    path("proposals/<int:pk>/diff/", views.proposal_diff, name="proposal-diff"),
    path("proposals/<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete_view, name="attachment-delete"),
    path("comments/<int:pk>/reply/", views.comment_reply_view, name="comment-reply"),
]
