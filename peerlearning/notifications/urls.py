from django.urls import path

from peerlearning.notifications import feeds

app_name = "notifications"

urlpatterns: list = [
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
]
