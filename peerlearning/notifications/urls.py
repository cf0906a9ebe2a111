from django.urls import path

from peerlearning.notifications import views

app_name = "notifications"

urlpatterns: list = [
    # The notification list (issue 18).
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.notification_read_all, name="read_all"),
    path("notifications/<uuid:uuid>/read/", views.notification_read, name="read"),
    path("notifications/<uuid:uuid>/open/", views.notification_open, name="open"),
]
