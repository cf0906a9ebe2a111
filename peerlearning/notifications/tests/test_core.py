"""The core of following and notifying: fan-out to followers, visibility at reading time,
immediate e-mail once, defaults by persona."""

from django.core import mail

from peerlearning import access
from peerlearning.knowledge.models import Concept, Practice
from peerlearning.network.models import Country
from peerlearning.network.testing import network  # noqa: F401
from peerlearning.notifications import actions
from peerlearning.notifications.models import EmailChoice, Frequency, Kind, Notification
from peerlearning.notifications.preferences import frequency_for


def _practice_on(concept, country, status="published"):
    practice = Practice.objects.create(
        external_id="new-practice",
        title="Reporting instead of holding",
        summary="People report weekly.",
        status=status,
        sources=[],
    )
    practice.concepts.add(concept)
    practice.countries.add(country)
    return practice


def test_it_tells_followers_of_a_topic_once_and_hides_an_unpublished_item(network):  # noqa: F811
    member = network.community_member
    concept = Concept.objects.create(slug="alternatives", labels={"en": "Alternatives"})
    actions.follow(member, concept)
    actions.follow(member, concept)  # again: a no-op
    practice = _practice_on(concept, Country.objects.get(code="TH"))

    assert actions.fan_out(Kind.NEW_PRACTICE, practice) == 1
    actions.fan_out(Kind.NEW_PRACTICE, practice)  # a retried task creates nothing twice
    seen = access.notifications_visible_to(Notification.objects.all(), member)
    assert [n.practice for n in seen] == [practice]
    # Nobody else is told, and nobody else may read the member's notification.
    assert not access.notifications_visible_to(Notification.objects.all(), network.outsider)

    practice.status = "draft"
    practice.save()
    assert not access.notifications_visible_to(Notification.objects.all(), member).exists()
    assert Notification.objects.filter(user=member).count() == 1  # kept, shown again if published


def test_it_emails_at_once_only_who_chose_it_and_only_once(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    member, other = network.community_member, network.public
    concept = Concept.objects.create(slug="alternatives", labels={"en": "Alternatives"})
    for person in (member, other):
        actions.follow(person, concept)
    EmailChoice.objects.create(user=member, kind=Kind.NEW_PRACTICE, frequency=Frequency.IMMEDIATELY)
    practice = _practice_on(concept, Country.objects.get(code="TH"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.fan_out(Kind.NEW_PRACTICE, practice)
    with django_capture_on_commit_callbacks(execute=True):
        actions.fan_out(Kind.NEW_PRACTICE, practice)
    assert [m.to for m in mail.outbox] == [[member.email]]
    # The other follower waits for their weekly digest (a member's default).
    assert frequency_for(other, Kind.NEW_PRACTICE) == Frequency.WEEKLY
    assert frequency_for(network.facilitator, Kind.NEW_PRACTICE) == Frequency.DAILY
    assert frequency_for(other, Kind.MATCH_PROPOSED) == Frequency.IMMEDIATELY


def test_it_sends_no_email_about_an_item_the_reader_may_no_longer_see(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    member = network.community_member
    concept = Concept.objects.create(slug="alternatives", labels={"en": "Alternatives"})
    practice = _practice_on(concept, Country.objects.get(code="TH"), status="draft")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        # A kind e-mailed at once by default: only the visibility can hold it back.
        actions.notify(Kind.PRACTICE_RETURNED, practice, [member])
    assert mail.outbox == []
    assert Notification.objects.filter(user=member, emailed_at__isnull=True).count() == 1
    # Positive control: published, the same call e-mails.
    practice.status = "published"
    practice.save()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(Kind.PRACTICE_RETURNED, practice, [member])
    assert len(mail.outbox) == 1
