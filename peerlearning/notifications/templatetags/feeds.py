from django import template

from peerlearning.network.models import Community
from peerlearning.notifications import feeds

register = template.Library()


@register.simple_tag
def community_feed_url(community: Community) -> str:
    """The community's Atom feed address, or nothing when its feed would not be found (a
    private community: feed readers see what an anonymous visitor sees)."""
    return feeds.community_feed_url(community)
