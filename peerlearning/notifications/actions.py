"""Following and being told: every write of this app, and the two ways other apps' actions tell
people (through `peerlearning.derived`): `notify` for what concerns given people directly,
`announce` for what the followers of an item's community, exchange, topics, countries or
organisations want to hear of (fanned out by a background task)."""

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from peerlearning import access
from peerlearning.access.roles import Viewer
from peerlearning.accounts import audit
from peerlearning.accounts.models import User, hash_token
from peerlearning.exchanges.models import Exchange, Report
from peerlearning.knowledge.models import Concept, Practice, Update
from peerlearning.lib.mail import send_templated_email
from peerlearning.network.models import Community, Country, Organisation
from peerlearning.notifications.models import (
    FOLLOW_TARGETS,
    EmailChoice,
    Follow,
    Frequency,
    Kind,
    Notification,
    UnsubscribeLink,
    notification_key,
)
from peerlearning.notifications.preferences import frequencies

FollowTarget = Community | Exchange | Concept | Country | Organisation
_TARGET_FIELD: dict[type[models.Model], str] = {
    Community: "community",
    Exchange: "exchange",
    Concept: "concept",
    Country: "country",
    Organisation: "organisation",
}
FAN_OUT_CHUNK = 5000


# Following -------------------------------------------------------------------------------------


def follow(user: User, target: FollowTarget) -> Follow:
    """Follow a community, an exchange, a thesaurus topic, a country or an organisation; again
    is a no-op. Whoever calls this has checked the person may see the target (the access
    package's `get_followable_for_user`)."""
    field = _TARGET_FIELD[type(target)]
    lookup: dict[str, Any] = {"user": user, field: target}
    found, _created = Follow.objects.get_or_create(**lookup)
    return found


def unfollow(user: User, target: FollowTarget) -> None:
    Follow.objects.filter(user=user, **{_TARGET_FIELD[type(target)]: target}).delete()


def is_following(user: Viewer, target: FollowTarget) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, **{_TARGET_FIELD[type(target)]: target}).exists()


def followed_ids(user: Viewer, target: str) -> set[int | str]:
    """The keys of what the person follows of one kind (a country's code): a list of them
    (the thesaurus) shows each one's button in one query."""
    if not user.is_authenticated:
        return set()
    return set(
        Follow.objects.filter(user=user, **{f"{target}__isnull": False}).values_list(
            f"{target}_id", flat=True
        )
    )


def unseen_follows(user: User) -> models.QuerySet[Follow]:
    """The person's follows of what they may no longer see (a community made private, an
    exchange moved to its invitees): nothing about it reaches them while that lasts."""
    unseen = models.Q(pk__in=[])
    for target in FOLLOW_TARGETS:
        visible = access.followable_visible_to(target, user).values("pk")
        unseen |= models.Q(**{f"{target}__isnull": False}) & ~models.Q(**{f"{target}__in": visible})
    return Follow.objects.filter(unseen, user=user)


def unfollow_unseen(user: User) -> int:
    """Stop following everything the person may no longer see (they cannot reach its page to
    press its button). Returns how many follows ended."""
    deleted, _by_model = unseen_follows(user).delete()
    return deleted


# Telling people --------------------------------------------------------------------------------


def _item_field(item: models.Model) -> str:
    """The notification's field for this item: named as its model is."""
    name = item._meta.model_name or ""
    if name not in Notification.ITEMS:
        raise ValueError(f"A notification is not about a {name}")
    return name


def notify(
    kind: Kind,
    item: models.Model,
    people: Iterable[User],
    *,
    email: str = "",
    email_context: dict | None = None,
    builder: str = "",
    again: bool = False,
) -> None:
    """Tell these people of something that concerns them directly: a notification each (once,
    however often this is called), and an e-mail now to those who want this kind at once
    (never twice for one notification).

    `email` names the templates of the app's own e-mail for this kind (with its `email_context`
    and `builder`); without one, the generic notification e-mail is sent. `again`: the event
    happened anew (an invitation sent again, a registration after a cancelled one, the other
    side's answer to a match): the notification is new and unread again, and told again."""
    field = _item_field(item)
    key = notification_key(kind, item)
    people = [person for person in dict.fromkeys(people) if person.is_active]
    if not people:
        return
    if again:
        Notification.objects.filter(user__in=people, key=key).update(
            created_at=timezone.now(), read_at=None, emailed_at=None
        )
    Notification.objects.bulk_create(
        [Notification(user=person, kind=kind, key=key, **{field: item}) for person in people],
        ignore_conflicts=True,
    )
    wanted = frequencies([person.pk for person in people], kind)
    unsent = dict(
        Notification.objects.filter(user__in=people, key=key, emailed_at__isnull=True).values_list(
            "user_id", "pk"
        )
    )
    for person in people:
        if wanted[person.pk] == Frequency.IMMEDIATELY and person.pk in unsent:
            _email_now(unsent[person.pk], person, email, email_context or {}, builder)


def _email_now(
    notification_id: int, person: User | int, template: str, context: dict, builder: str
) -> None:
    notification = Notification(pk=notification_id)
    send_templated_email(
        template or "notifications/email/notification",
        person if isinstance(person, User) else User(pk=person),
        {"notification": notification, **context},
        builder=[
            "peerlearning.notifications.emails.notification_mail_context",
            *([builder] if builder else []),
        ],
    )


def withdraw(kinds: Iterable[Kind], item: models.Model, people: Iterable[User]) -> None:
    """What was told these people directly is no longer true (an invitation cancelled, a
    registration cancelled): its notifications go, from the page, the feed and the next
    digest."""
    keys = [notification_key(kind, item) for kind in kinds]
    Notification.objects.filter(user__in=list(people), key__in=keys).delete()


def announce(kind: Kind, item: models.Model, *, by: User | None = None) -> None:
    """Tell the followers of what this item belongs to, in the background once the change is
    committed (an item on a popular topic may have tens of thousands of followers)."""
    from peerlearning.notifications.tasks import fan_out_task

    label = item._meta.label_lower
    pk = item.pk
    by_id = by.pk if by is not None else None
    transaction.on_commit(lambda: fan_out_task.enqueue(kind, label, pk, by_id))


def followers_of(item: models.Model) -> models.QuerySet[Follow]:
    """The follows that make a person hear of this item."""
    condition = models.Q(pk__in=[])
    if isinstance(item, Exchange):
        organisations = [
            *item.host_governments.values_list("pk", flat=True),
            *item.co_conveners.values_list("pk", flat=True),
        ]
        condition = models.Q(community_id=item.community_id) | models.Q(
            organisation__in=organisations
        )
    elif isinstance(item, Practice):
        condition = (
            models.Q(concept__in=item.concepts.all())
            | models.Q(country__in=item.countries.all())
            | models.Q(organisation__in=item.organisations.all())
        )
    elif isinstance(item, Update):
        condition = (
            models.Q(concept__in=item.concepts.all())
            | models.Q(country__in=item.countries.all())
            | models.Q(organisation__in=item.signatories.all())
        )
        if item.community_id is not None:
            condition |= models.Q(community_id=item.community_id)
    elif isinstance(item, Report):
        condition = models.Q(exchange_id=item.exchange_id) | models.Q(
            community_id=item.exchange.community_id
        )
    return Follow.objects.filter(condition, user__is_active=True)


def fan_out(kind: Kind, item: models.Model, *, by_id: int | None = None) -> int:
    """The notifications of one announced item, for each follower but its author, in chunks;
    running it again creates nothing twice and e-mails nobody twice. Returns how many
    followers it considered."""
    field = _item_field(item)
    key = notification_key(kind, item)
    follows = followers_of(item)
    if by_id is not None:
        follows = follows.exclude(user_id=by_id)
    follower_ids = list(follows.values_list("user_id", flat=True).distinct())
    now = timezone.now()
    for start in range(0, len(follower_ids), FAN_OUT_CHUNK):
        chunk = follower_ids[start : start + FAN_OUT_CHUNK]
        Notification.objects.bulk_create(
            [
                Notification(user_id=pk, kind=kind, key=key, created_at=now, **{field: item})
                for pk in chunk
            ],
            ignore_conflicts=True,
        )
        wanted = frequencies(chunk, kind)
        at_once = [pk for pk in chunk if wanted[pk] == Frequency.IMMEDIATELY]
        for user_id, notification_id in Notification.objects.filter(
            user_id__in=at_once, key=key, emailed_at__isnull=True
        ).values_list("user_id", "pk"):
            _email_now(notification_id, user_id, "", {}, "")
    return len(follower_ids)


# Reading ---------------------------------------------------------------------------------------


def mark_read(user: User, notifications: Iterable[Notification]) -> int:
    return Notification.objects.filter(
        user=user, pk__in=[n.pk for n in notifications], read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# Choosing how often ----------------------------------------------------------------------------


@transaction.atomic
def set_email_choices(user: User, choices: dict[str, str]) -> None:
    """The person's frequency for each kind given (the others keep theirs)."""
    for kind, frequency in choices.items():
        EmailChoice.objects.update_or_create(
            user=user, kind=Kind(kind), defaults={"frequency": Frequency(frequency)}
        )
    audit.record(user, "notifications.email_choices_changed", user)


# Unsubscribing ---------------------------------------------------------------------------------


def find_unsubscribe_link(token: str) -> UnsubscribeLink | None:
    """The link this token is the secret of (used or not), for an active person; a forged one
    finds nothing."""
    return (
        UnsubscribeLink.objects.filter(token_hash=hash_token(token), user__is_active=True)
        .select_related("user")
        .first()
    )


@transaction.atomic
def unsubscribe(link: UnsubscribeLink) -> bool:
    """Stop the e-mails the link names (one kind, or all) for its owner, and only theirs; the
    link works once. Returns False, changing nothing, if it was used already."""
    used = UnsubscribeLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not used:
        return False
    kinds = [link.kind] if link.kind else Kind.values
    set_email_choices(link.user, dict.fromkeys(kinds, Frequency.NEVER))
    return True
