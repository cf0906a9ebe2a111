"""Issue 18, done when: a member follows a topic and a country; a practice on them, newly
published by an editor, reaches the member's notification list and their next digest, in their
language; made private since, it disappears; the anonymous Atom feed of a community parses in
a feed reader and holds only public items."""

import datetime as dt

import feedparser
from django.core import mail
from django.test import Client
from django.utils import timezone

from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge.models import Concept, Practice
from peerlearning.network.models import Country
from peerlearning.network.testing import network  # noqa: F401
from peerlearning.notifications.digests import build_digests
from peerlearning.notifications.models import Frequency, Notification
from peerlearning.notifications.unread import unread_count
from peerlearning.testing import make_user, page_text


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    client.cookies["django_language"] = person.preferred_language
    return client


def _practice_in_review(author) -> Practice:
    practice = Practice.objects.create(
        external_id="reporting-in-chiang-mai",
        title="Reporting in Chiang Mai",
        summary="People report to a community centre instead of being held.",
        status="in-review",
        created_by=author,
        sources=[{"url": "https://example.org/centre", "title": "Centre report"}],
    )
    practice.concepts.add(Concept.objects.get(slug="alternatives"))
    practice.countries.add(Country.objects.get(code="TH"))
    return practice


def test_a_followed_topic_and_country_bring_a_new_practice_to_the_list_and_the_digest(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    Concept.objects.create(slug="alternatives", labels={"en": "Alternatives", "es": "Alternativas"})
    member = network.community_member
    member.interface_language = "es"
    member.save(update_fields=["interface_language"])
    client = _signed_in(member)
    for address in ("/follow/concept/alternatives/", "/follow/country/TH/"):
        assert client.post(address).status_code == 302
    # Nobody else follows anything: the positive control of who is told.
    bystander = network.member

    editor = make_user("editor@test.example", display_name="Eda Editor", is_editor=True)
    practice = _practice_in_review(network.public)
    with django_capture_on_commit_callbacks(execute=True):
        knowledge_actions.review_practice(practice, by=editor, approve=True)

    # On the platform: in the list, counted in the header, in Spanish.
    page = client.get("/notifications/")
    text = page_text(page.content)
    assert "Reporting in Chiang Mai" in text
    assert '<html lang="es"' in page.content.decode()
    # One notification, although the member follows both the topic and the country.
    assert Notification.objects.filter(user=member).count() == 1
    other_page = _signed_in(bystander).get("/notifications/")
    assert "Reporting in Chiang Mai" not in page_text(other_page.content)
    assert unread_count(page.wsgi_request) == 1

    # In the next weekly digest (a member's default for what they follow), once, in Spanish.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        build_digests(Frequency.WEEKLY, now=timezone.now() + dt.timedelta(days=8))
    [digest] = [m for m in mail.outbox if m.to == [member.email]]
    assert "Reporting in Chiang Mai" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/unsubscribe/" in digest.extra_headers["List-Unsubscribe"]
    assert not [m for m in mail.outbox if m.to == [bystander.email]]

    # Made private since (back to draft): gone from the list and from the header's count.
    practice.status = "draft"
    practice.save(update_fields=["status"])
    page = client.get("/notifications/")
    assert "Reporting in Chiang Mai" not in page_text(page.content)
    assert unread_count(page.wsgi_request) == 0
    # Published again, it comes back: the notification was hidden, not lost.
    practice.status = "published"
    practice.save(update_fields=["status"])
    assert "Reporting in Chiang Mai" in page_text(client.get("/notifications/").content)


def test_the_anonymous_feed_of_a_community_parses_and_holds_only_public_items(
    network,  # noqa: F811
):
    from peerlearning.exchanges.models import Exchange

    public = Exchange.objects.create(
        slug="asia-public-webinar",
        community=network.asia,
        title="Public webinar on screening",
        format="webinar",
        status="open",
        visibility="public",
        starts_at=timezone.now() + dt.timedelta(days=3),
    )
    response = Client().get(f"/communities/{network.asia.slug}/feed.atom")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert public.title in titles  # the positive control
    # The members-only exchange under the rule and the network-only one are not in it.
    assert network.exchange.title not in titles
    assert network.open_exchange.title not in titles
    # A private community has no public feed: not found, whoever asks.
    assert Client().get(f"/communities/{network.private.slug}/feed.atom").status_code == 404
