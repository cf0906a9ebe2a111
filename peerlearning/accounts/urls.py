from django.urls import path

from peerlearning.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/join/", views.join_request, name="join_request"),
    path("accounts/invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("profile/", views.profile, name="profile"),
    path("profile/export/", views.profile_export, name="profile_export"),
    path("profile/close/", views.profile_close, name="profile_close"),
    path("profile/tokens/", views.api_tokens, name="api_tokens"),
    path("profile/tokens/<uuid:uuid>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("accounts/roles/", views.roles, name="roles"),
    path("accounts/roles/<uuid:uuid>/", views.role_change, name="role_change"),
    path("manage/invitations/", views.invitations, name="invitations"),
    path(
        "manage/invitations/<uuid:uuid>/revoke/", views.invitation_revoke, name="invitation_revoke"
    ),
    path("manage/join-requests/", views.join_requests, name="join_requests"),
    path(
        "manage/join-requests/<uuid:uuid>/decide/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path("manage/audit/", views.audit_log, name="audit_log"),
    path("manage/audit/entries.csv", views.audit_log_export, name="audit_log_export"),
]
