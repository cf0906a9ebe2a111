"""Names shown through another record go through the visibility rule."""

from typing import Any

from django import template

from peerlearning import access

register = template.Library()


@register.filter
def community_name_for(community: Any, viewer: Any) -> str:
    """`{{ request.community|community_name_for:user }}`: the name, or "a private community"."""
    return access.community_name_for(viewer, community) if community else ""


@register.filter
def exchange_title_for(exchange: Any, viewer: Any) -> str:
    """`{{ outcome.exchange|exchange_title_for:user }}`: the title, or "a private exchange"."""
    return access.exchange_title_for(viewer, exchange) if exchange else ""


@register.filter
def exchange_visible_to(exchange: Any, viewer: Any) -> bool:
    return access.may_see_exchange(viewer, exchange)


@register.filter
def community_visible_to(community: Any, viewer: Any) -> bool:
    return access.may_see_community(viewer, community)
