"""Notifications, follows and feeds: a notification is shown (on the page, in an e-mail, in a
digest, in a feed) only while its reader may see the item it is about, decided again every time
by the rules of that item's domain."""

import uuid as uuid_module

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from peerlearning.access.communities import communities_visible_to
from peerlearning.access.countries import countries_visible_to
from peerlearning.access.exchanges import (
    exchanges_visible_to,
    reports_visible_to,
    with_readable_outcomes,
)
from peerlearning.access.knowledge import (
    concepts_visible_to,
    practices_visible_to,
    updates_visible_to,
)
from peerlearning.access.people import organisations_visible_to
from peerlearning.access.roles import Viewer, is_member, lacks_required_two_factor
from peerlearning.access.support import matches_visible_to
from peerlearning.accounts.models import User, hash_token
from peerlearning.exchanges.models import Exchange, Outcome, Report
from peerlearning.knowledge.models import Concept, Practice, Update
from peerlearning.network.models import Community, Country, Organisation
from peerlearning.notifications.models import FeedToken, Notification
from peerlearning.support.models import Match


def notifications_visible_to[QS: QuerySet[Notification]](queryset: QS, viewer: Viewer) -> QS:
    """The viewer's own notifications whose item the viewer may see now: an item made private
    since, unpublished or withdrawn takes its notification with it (from the page, the unread
    count, the next e-mail and the feed). One query, whatever the number of notifications."""
    if not is_member(viewer) or not isinstance(viewer, User):
        return queryset.none()
    exchanges = exchanges_visible_to(Exchange.objects.all(), viewer)
    visible: dict[str, QuerySet] = {
        "exchange": exchanges,
        "practice": practices_visible_to(Practice.objects.all(), viewer),
        "update": updates_visible_to(Update.objects.all(), viewer),
        "report": reports_visible_to(Report.objects.all(), viewer),
        "match": matches_visible_to(Match.objects.all(), viewer),
        "outcome": Outcome.objects.filter(exchange__in=with_readable_outcomes(exchanges, viewer)),
    }
    # One condition, each item's rule asked only of the rows read (a correlated EXISTS): the
    # list reads its page, the header's count its unread rows, whatever the size of the base.
    readable = Q()
    for name, items in visible.items():
        readable &= Q(**{f"{name}__isnull": True}) | Q(
            Exists(items.filter(pk=OuterRef(f"{name}_id")))
        )
    return queryset.filter(readable, user=viewer)


def notifications_to_email[QS: QuerySet[Notification]](queryset: QS, recipient: Viewer) -> QS:
    """What an e-mail (immediate or digest) may tell its recipient: what their page would show,
    and nothing while their role needs two factors they have not set up (such an account may
    do nothing else; its personal feed answers 404 likewise). What an immediate e-mail could not
    tell stays on the page; what a digest could not tell goes in the first digest after the
    set-up."""
    if lacks_required_two_factor(recipient):
        return queryset.none()
    return notifications_visible_to(queryset, recipient)


def get_notification_for_user(viewer: Viewer, uuid: str) -> Notification:
    """One of the viewer's notifications that they may still see; anyone else's is not found."""
    found = (
        notifications_visible_to(Notification.objects.filter(uuid=uuid), viewer).first()
        if _is_uuid(uuid)
        else None
    )
    if found is None:
        raise Http404
    return found


def _is_uuid(value: str) -> bool:
    try:
        uuid_module.UUID(str(value))
    except ValueError:
        return False
    return True


# Following -------------------------------------------------------------------------------------

FOLLOWABLE: dict[str, type[Model]] = {
    "community": Community,
    "exchange": Exchange,
    "concept": Concept,
    "country": Country,
    "organisation": Organisation,
}


def followable_visible_to(target: str, viewer: Viewer) -> QuerySet:
    """What the viewer may follow of one kind of target: what they may see of it."""
    rules = {
        "community": lambda: communities_visible_to(Community.objects.all(), viewer),
        "exchange": lambda: exchanges_visible_to(Exchange.objects.all(), viewer),
        "concept": lambda: concepts_visible_to(Concept.objects.all(), viewer),
        "country": lambda: countries_visible_to(Country.objects.all(), viewer),
        "organisation": lambda: organisations_visible_to(Organisation.objects.all(), viewer),
    }
    if target not in rules or not is_member(viewer):
        raise Http404
    return rules[target]()


def get_followable_for_user(viewer: Viewer, target: str, key: str) -> Model:
    """The community, exchange, topic, country or organisation to follow, by its public key
    (a slug, or a country's code): not found (404) for whoever may not see it, so following
    something one may not see changes nothing and tells nothing."""
    field = {"country": "code"}.get(target, "slug")
    value = key.upper() if target == "country" else key
    found = followable_visible_to(target, viewer).filter(**{field: value}).first()
    if found is None:
        raise Http404
    return found


# The personal feed -----------------------------------------------------------------------------


def feed_user(token: str) -> User | None:
    """The person whose secret feed address this is, while it is not revoked and their account
    may act: like an API token, the address acts as its owner, so not while their role waits
    for two factors (the two-factor middleware sees no session here)."""
    found = (
        FeedToken.objects.filter(
            token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )
    if found is None or lacks_required_two_factor(found.user):
        return None
    return found.user
