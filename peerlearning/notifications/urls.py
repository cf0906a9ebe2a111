from django.urls import path

from peerlearning.notifications import email_views, feeds, following_views, views

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
    # Feeds (issue 18): what an anonymous visitor may see, and one's own at a secret address.
    path("feeds/updates.atom", feeds.UpdatesFeed(), name="updates_feed"),
    path("feeds/practices.atom", feeds.PracticesFeed(), name="practices_feed"),
    path("feeds/reports.atom", feeds.ReportsFeed(), name="reports_feed"),
    path("feeds/exchanges.atom", feeds.ExchangesFeed(), name="exchanges_feed"),
    path("communities/<slug:slug>/feed.atom", feeds.CommunityFeed(), name="community_feed"),
    path("topics/<slug:slug>/feed.atom", feeds.TopicFeed(), name="topic_feed"),
    path("feeds/<str:token>.atom", feeds.PersonalFeed(), name="personal_feed"),
    path("profile/feed/", feeds.feed_settings, name="feed_settings"),
    path("profile/feed/revoke/", feeds.feed_revoke, name="feed_revoke"),
    # Issue 18 — e-mail (start)
    path("profile/notifications/", email_views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", email_views.unsubscribe, name="unsubscribe"),
    # Issue 18 — e-mail (end)
    # The notification list (issue 18).
    path("notifications/", views.notification_list, name="list"),
    path("notifications/read/", views.notification_read_all, name="read_all"),
    path("notifications/<uuid:uuid>/read/", views.notification_read, name="read"),
    path("notifications/<uuid:uuid>/open/", views.notification_open, name="open"),
]
