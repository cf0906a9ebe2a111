from django.urls import path

from peerlearning.notifications import email_views

app_name = "notifications"

urlpatterns: list = [
    # Issue 18 — e-mail (start)
    path("profile/notifications/", email_views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", email_views.unsubscribe, name="unsubscribe"),
    # Issue 18 — e-mail (end)
]
