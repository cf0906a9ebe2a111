"""The button to follow an item, or to stop following it: `{% load following %}` then
`{% follow_button community following %}`, `following` given by the view (it knows it in one
query; a list of items, in one query for all)."""

from typing import Any

from django import template
from django.db.models import Model

from peerlearning.notifications.following_views import button_context

register = template.Library()


@register.inclusion_tag("notifications/follow_button.html", takes_context=True)
def follow_button(context: template.Context, item: Model, following: bool) -> dict[str, Any]:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {}
    return {
        **button_context(request, item, following=bool(following)),
        "csrf_token": context.get("csrf_token"),
    }
