"""Names shown through another record go through the visibility rule (peerlearning/access):
these filters only hand the template's values to it."""

from django import template

from peerlearning import access
from peerlearning.exchanges.models import Exchange
from peerlearning.network.models import Community

register = template.Library()


@register.filter
def community_name_for(community: Community | None, viewer: access.Viewer) -> str:
    """`{{ request.community|community_name_for:user }}`: the name, or "a private community"."""
    return access.community_name_for(viewer, community) if community else ""


@register.filter
def exchange_title_for(exchange: Exchange | None, viewer: access.Viewer) -> str:
    """`{{ outcome.exchange|exchange_title_for:user }}`: the title, or "a private exchange"."""
    return access.exchange_title_for(viewer, exchange) if exchange else ""


@register.filter
def exchange_visible_to(exchange: Exchange | None, viewer: access.Viewer) -> bool:
    return access.may_see_exchange(viewer, exchange)


@register.filter
def community_visible_to(community: Community | None, viewer: access.Viewer) -> bool:
    return access.may_see_community(viewer, community)
