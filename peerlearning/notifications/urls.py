from django.urls import path

from peerlearning.notifications import following_views

app_name = "notifications"

urlpatterns: list = [
    # Issue 18 — following (start)
    path("follow/<slug:target>/<slug:key>/", following_views.follow, name="follow"),
    path("follow/<slug:target>/<slug:key>/stop/", following_views.unfollow, name="unfollow"),
    path("profile/following/", following_views.following, name="following"),
    path(
        "profile/following/unseen/stop/",
        following_views.following_unseen_stop,
        name="following_unseen_stop",
    ),
    # Issue 18 — following (end)
]
