"""Menus follow the roles as peerlearning/access decides them: `{% load roles %}`,
`{% if user|is_platform_facilitator %}`."""

from django import template

from peerlearning import access

register = template.Library()


@register.filter
def is_platform_facilitator(user: access.Viewer) -> bool:
    """The coordinators' pages (invitations, claims): platform facilitators and administrators."""
    return access.is_platform_facilitator(user)


@register.filter
def is_administrator(user: access.Viewer) -> bool:
    return access.is_administrator(user)
