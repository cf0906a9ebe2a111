"""Following: the button on the page of a community, an exchange, a thesaurus topic, a country
and an organisation, and the page of what one follows. What is followed is loaded only through
`access.get_followable_for_user`: following what one may not see is not found, and changes
nothing."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from peerlearning import access
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.models import Concept
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.network.models import Community, Country, Organisation
from peerlearning.notifications import actions
from peerlearning.notifications.actions import FollowTarget
from peerlearning.notifications.models import FOLLOW_TARGETS, Follow

TARGET_OF: dict[type[Model], str] = {model: name for name, model in access.FOLLOWABLE.items()}


def target_of(item: Model) -> str:
    return TARGET_OF[type(item)]


def key_of(item: Model) -> str:
    """The public key of a followable item in its address: a country's code, else its slug."""
    return item.code if isinstance(item, Country) else str(getattr(item, "slug", ""))


def name_of(item: Model) -> str:
    if isinstance(item, Exchange):
        return item.title
    if isinstance(item, Concept):
        return item.label(translation.get_language() or "en")
    if isinstance(item, Organisation):
        return item.display_name
    if isinstance(item, Community | Country):
        return item.name
    return str(item)


def page_of(item: Model) -> str:
    if isinstance(item, Concept):
        return f"{reverse('knowledge:thesaurus')}#concept-{item.slug}"
    if isinstance(item, Country):
        return reverse("countries:profile", args=[item.code])
    return str(item.get_absolute_url())  # type: ignore[attr-defined]


def button_context(request: HttpRequest, item: Model, *, following: bool) -> dict[str, Any]:
    """What templates/notifications/follow_button.html shows: the form to follow the item, or
    to stop following it (named for screen readers, as a page may hold several), coming back
    to the page it is on."""
    return {
        "user": request.user,
        "target": target_of(item),
        "key": key_of(item),
        "following": following,
        "name": name_of(item),
        "next": request.POST.get("next", "") if request.method == "POST" else _here(request, item),
    }


def _here(request: HttpRequest, item: Model) -> str:
    """The page the button stands on; on the item's own page, at the item (a topic's row)."""
    here = request.get_full_path()
    page = page_of(item)
    return page if here == page.split("#")[0] else here


def _back(request: HttpRequest, item: Model) -> str:
    """Back to the page the button was pressed on, if it is on this site; else the item's."""
    back = request.POST.get("next", "")
    safe = back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return back if safe else page_of(item)


def _answer(request: HttpRequest, item: Model, *, following: bool, notice: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # HTMX swaps the button alone; without JavaScript the page is loaded again.
        context = button_context(request, item, following=following)
        return render(request, "notifications/follow_button.html", {**context, "notice": notice})
    messages.success(request, notice)
    return redirect(_back(request, item))


@login_required
@require_POST
def follow(request: AuthenticatedHttpRequest, target: str, key: str) -> HttpResponse:
    item = cast(FollowTarget, access.get_followable_for_user(request.user, target, key))
    actions.follow(request.user, item)
    notice = _("You follow “%(name)s”: what is new there reaches your notifications.") % {
        "name": name_of(item)
    }
    return _answer(request, item, following=True, notice=notice)


@login_required
@require_POST
def unfollow(request: AuthenticatedHttpRequest, target: str, key: str) -> HttpResponse:
    item = cast(FollowTarget, access.get_followable_for_user(request.user, target, key))
    actions.unfollow(request.user, item)
    notice = _("You no longer follow “%(name)s”.") % {"name": name_of(item)}
    return _answer(request, item, following=False, notice=notice)


GROUP_TITLES = {
    "community": lambda: _("Communities"),
    "exchange": lambda: _("Exchanges"),
    "concept": lambda: _("Topics"),
    "country": lambda: _("Countries"),
    "organisation": lambda: _("Organisations"),
}


@login_required
@require_safe
def following(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the person follows, kind by kind, each named only while they may see it; what they
    may no longer see is counted, never named. One query a kind, and one for the count."""
    user = request.user
    mine = Follow.objects.filter(user=user)
    groups = []
    shown = 0
    for target in FOLLOW_TARGETS:
        items = list(
            access.followable_visible_to(target, user).filter(
                pk__in=mine.filter(**{f"{target}__isnull": False}).values(target)
            )
        )
        shown += len(items)
        rows = sorted(
            ((name_of(item), item, page_of(item)) for item in items),
            key=lambda row: row[0].casefold(),
        )
        groups.append({"target": target, "title": GROUP_TITLES[target](), "rows": rows})
    # Nothing tells how many follows are of what the person may no longer see: that count would
    # tell a community made private (still counted) from one deleted (its follows gone).
    return render(request, "notifications/following.html", {"groups": groups, "any": shown > 0})


@login_required
@require_POST
def following_unseen_stop(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Stop following what one may no longer see: its page, and so its button, are out of reach."""
    actions.unfollow_unseen(request.user)
    # The same words whether there was anything to stop or not (a count would tell).
    messages.success(request, _("You no longer follow anything you may not see."))
    return redirect("notifications:following")
