"""What the demo's people follow, and what they have been told of since (issue 18): the member
and the person with lived experience follow the topics most practices are about and their own
country; the facilitator follows them too. The newest practices and updates on those are then
announced as the platform would have, so each persona's notifications and digest have content."""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from peerlearning.accounts.models import User
from peerlearning.knowledge.models import Concept, Practice, Update
from peerlearning.network.models import Country
from peerlearning.notifications import actions
from peerlearning.notifications.models import Follow, Kind, Notification

FOLLOWERS = ("member@example.org", "lived@example.org", "facilitator@example.org")


def load() -> int:
    """Add the follows and the notifications they bring; returns how many notifications."""
    people = list(User.objects.filter(email__in=FOLLOWERS))
    if not people or Follow.objects.filter(user__in=people).exists():
        return 0
    topics = list(
        Concept.objects.annotate(used=Count("practices"))
        .filter(used__gt=0)
        .order_by("-used", "slug")[:2]
    )
    for person in people:
        for topic in topics:
            actions.follow(person, topic)
        country = Country.objects.filter(code=person.country).first()
        if country is not None:
            actions.follow(person, country)
    before = Notification.objects.count()
    now = timezone.now()
    practices = Practice.objects.filter(status="published", concepts__in=topics).distinct()
    for age, practice in enumerate(practices.order_by("-pk")[:6]):
        actions.fan_out(Kind.NEW_PRACTICE, practice)
        Notification.objects.filter(practice=practice).update(
            created_at=now - timedelta(hours=5 + 19 * age)
        )
    updates = (
        Update.objects.filter(is_published=True, concepts__in=topics)
        .distinct()
        .order_by("-published_on", "-pk")[:4]
    )
    for age, update in enumerate(updates):
        actions.fan_out(Kind.NEW_UPDATE, update)
        Notification.objects.filter(update=update).update(
            created_at=now - timedelta(hours=2 + 23 * age)
        )
    return Notification.objects.count() - before
