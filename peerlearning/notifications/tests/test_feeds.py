"""The Atom feeds (issue 18): read as a feed reader reads them (feedparser), each holds only what
an anonymous visitor may see, whoever asks; the personal feed at its secret address, until it is
replaced or stopped, and only while its reader may see each item."""

import re
from datetime import date, timedelta

import feedparser
import pytest
from django.test import Client
from django.utils import timezone

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges.models import Exchange, Report
from peerlearning.knowledge.models import Concept, Practice, PracticeTranslation, Update
from peerlearning.network.testing import client_for
from peerlearning.notifications import actions
from peerlearning.notifications.models import Kind
from peerlearning.testing import assert_queries_bounded

pytestmark = pytest.mark.django_db
SHARED_WORLD = True

PUBLIC_FEEDS = (
    "/feeds/updates.atom",
    "/feeds/practices.atom",
    "/feeds/reports.atom",
    "/feeds/exchanges.atom",
    "/communities/asia-pacific/feed.atom",
)


def read(client: Client, path: str) -> feedparser.FeedParserDict:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (path, feed.bozo_exception)
    assert feed.version == "atom10"
    return feed


def titles(feed: feedparser.FeedParserDict) -> set[str]:
    return {entry.title for entry in feed.entries}


def update(slug: str, **fields) -> Update:
    fields = {
        "title": slug.replace("-", " ").capitalize(),
        "body": f"Text of {slug}.",
        "published_on": date(2026, 5, 1),
        **fields,
    }
    return Update.objects.create(slug=slug, **fields)


def exchange(slug: str, community, **fields) -> Exchange:
    fields = {"visibility": "public", "status": "open", **fields}
    return Exchange.objects.create(
        slug=slug,
        community=community,
        title=slug.replace("-", " ").capitalize(),
        description=f"About {slug}.",
        format="webinar",
        **fields,
    )


def reported(item: Exchange, *, published: bool = True) -> Report:
    return Report.objects.create(
        exchange=item,
        summary=f"What {item.slug} found.",
        body="Learnings.",
        published_at=timezone.now() if published else None,
    )


@pytest.fixture
def items(network):
    """Public items, each beside one an anonymous visitor may not see."""
    update("public-news")
    update("private-community-news", community=network.private)
    update("unpublished-news", is_published=False)
    update("asia-news", community=network.asia)
    public = exchange("public-webinar", network.asia)
    reported(public)
    reported(exchange("unreported-webinar", network.asia), published=False)
    exchange("draft-webinar", network.asia, status="draft")
    exchange("private-webinar", network.private)
    # The community-only exchange's report, published.
    Report.objects.filter(exchange=network.exchange).update(published_at=timezone.now())
    return network


def test_it_lists_in_each_public_feed_only_what_an_anonymous_visitor_may_see(items):
    anonymous = Client()
    assert titles(read(anonymous, "/feeds/updates.atom")) == {"Public news", "Asia news"}
    assert titles(read(anonymous, "/feeds/practices.atom")) == {
        "Community case management for children"  # not "A draft"
    }
    assert titles(read(anonymous, "/feeds/reports.atom")) == {"Report: Public webinar"}
    # Public exchanges, not drafts; not the community-only nor the private community's.
    assert titles(read(anonymous, "/feeds/exchanges.atom")) == {
        "Public webinar",
        "Unreported webinar",
    }


def test_it_gives_a_signed_in_member_the_same_public_feeds_as_a_stranger(items):
    """The member of the private community, and a facilitator who may see every draft, read in
    a feed what a stranger reads: a feed reader cannot sign in, and a feed is shared."""
    for path in PUBLIC_FEEDS:
        stranger = read(Client(), path)
        assert stranger.entries, path  # the control: there is something to compare
        for person in (items.community_member, items.facilitator, items.administrator):
            assert titles(read(client_for(person), path)) == titles(stranger), (person, path)


def test_it_gives_each_entry_a_title_an_absolute_link_dates_a_summary_a_language_and_an_id(
    items,
):
    entry = read(Client(), "/feeds/reports.atom").entries[0]
    assert entry.link == "http://testserver/exchanges/public-webinar/report/"
    assert entry.id == entry.link
    assert entry.summary == "What public-webinar found."
    assert entry.published_parsed and entry.updated_parsed
    assert entry.title_detail.language == "en"
    practice = read(Client(), "/feeds/practices.atom").entries[0]
    assert practice.link == "http://testserver/practices/th-community-case-management/"
    assert practice.summary.startswith("Children are released")


def test_it_writes_a_summary_as_plain_text_never_as_markup(items):
    update("markup", body="Fewer <b>people</b> & families\n\ndetained.")
    entry = next(e for e in read(Client(), "/feeds/updates.atom").entries if e.title == "Markup")
    assert entry.summary == "Fewer <b>people</b> & families detained."


def test_it_writes_entries_in_the_language_asked_when_translated(items):
    Update.objects.filter(slug="public-news").update(
        translations={"es": {"title": "Noticia pública", "text": "Texto."}}
    )
    practice = Practice.objects.get(external_id="th-community-case-management")
    PracticeTranslation.objects.create(
        practice=practice, language="es", title="Gestión de casos", summary="Niños liberados."
    )
    updates = read(Client(), "/feeds/updates.atom?lang=es")
    assert updates.feed.language == "es"
    by_title = {entry.title: entry for entry in updates.entries}
    assert by_title["Noticia pública"].title_detail.language == "es"
    # Not translated: as written, and tagged so.
    assert by_title["Asia news"].title_detail.language == "en"
    practices = read(Client(), "/feeds/practices.atom?lang=es")
    assert titles(practices) == {"Gestión de casos"}
    # The control: in English, as written.
    assert "Public news" in titles(read(Client(), "/feeds/updates.atom"))


def test_it_lists_a_communitys_public_updates_exchanges_and_reports_only(items):
    feed = read(Client(), "/communities/asia-pacific/feed.atom")
    assert titles(feed) == {
        "Asia news",
        "Public webinar",
        "Unreported webinar",
        "Report: Public webinar",
    }
    assert feed.feed.link == "http://testserver/communities/asia-pacific/"


def test_it_answers_404_for_a_private_communitys_feed_whoever_asks(items):
    for person in (None, items.community_member, items.facilitator, items.administrator):
        client = client_for(person)
        assert client.get("/communities/cross-regional/feed.atom").status_code == 404
        # The control: a listed community's feed, for the same person.
        assert client.get("/communities/asia-pacific/feed.atom").status_code == 200
    assert Client().get("/communities/no-such-community/feed.atom").status_code == 404


def test_it_lists_on_a_topic_feed_only_the_published_practices_and_updates_on_it(items):
    topic = Concept.objects.create(slug="screening", labels={"en": "Screening"})
    other = Concept.objects.create(slug="reporting", labels={"en": "Reporting"})
    on_topic = Practice.objects.get(external_id="th-community-case-management")
    on_topic.concepts.add(topic)
    Practice.objects.get(external_id="th-draft-practice").concepts.add(topic)
    Practice.objects.create(
        external_id="other", title="Elsewhere", summary="S.", status="published", sources=[]
    ).concepts.add(other)
    Update.objects.get(slug="public-news").concepts.add(topic)
    Update.objects.get(slug="private-community-news").concepts.add(topic)
    feed = read(Client(), "/topics/screening/feed.atom")
    assert titles(feed) == {"Community case management for children", "Public news"}
    assert feed.feed.title == "Screening · Peer Learning Platform"
    assert titles(read(Client(), "/topics/reporting/feed.atom")) == {"Elsewhere"}
    assert Client().get("/topics/no-such-topic/feed.atom").status_code == 404


def test_it_answers_405_to_anything_but_reading_a_feed(items):
    assert Client().post("/feeds/updates.atom").status_code == 405
    assert Client().head("/feeds/updates.atom").status_code == 200


def test_it_advertises_the_feeds_on_their_pages(items):
    Concept.objects.create(slug="screening", labels={"en": "Screening"})
    for page, feed in (
        ("/updates/", "/feeds/updates.atom"),
        ("/practices/", "/feeds/practices.atom"),
        ("/exchanges/", "/feeds/exchanges.atom"),
        ("/exchanges/", "/feeds/reports.atom"),
        ("/communities/asia-pacific/", "/communities/asia-pacific/feed.atom"),
    ):
        html = Client().get(page).content.decode()
        assert re.search(
            rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="{feed}">',
            html,
        ), page
        assert re.search(rf'<a class="feed-link" type="application/atom\+xml" href="{feed}">', html)
    assert "Atom feed" in Client().get("/updates/").content.decode()
    thesaurus = Client().get("/thesaurus/").content.decode()
    assert 'href="/topics/screening/feed.atom"' in thesaurus
    # A private community's page, read by its member, offers no feed: it would not be found.
    page = client_for(items.community_member).get("/communities/cross-regional/").content.decode()
    assert "application/atom+xml" not in page
    assert "/communities/cross-regional/feed.atom" not in page


def test_it_offers_a_communitys_feed_exactly_where_a_stranger_may_see_the_community(items):
    from django.contrib.auth.models import AnonymousUser

    from peerlearning import access
    from peerlearning.network.models import Community

    seen = set(access.communities_visible_to(Community.objects.all(), AnonymousUser()))
    offered = {c for c in Community.objects.all() if access.is_public_community(c)}
    assert offered == seen
    assert items.asia in offered and items.private not in offered


# The personal feed -----------------------------------------------------------------------------


def new_address(client: Client) -> str:
    response = client.post("/profile/feed/", follow=True)
    assert response.redirect_chain == [("/profile/feed/", 302)]
    found = re.search(r'value="http://testserver(/feeds/[^"]+\.atom)"', response.content.decode())
    assert found, "the new address is shown once"
    # Reloading the page neither shows it again nor makes another one.
    again = client.get("/profile/feed/").content.decode()
    assert found.group(1) not in again and "/feeds/" not in again
    assert "Your feed address works." in again
    return found.group(1)


def test_it_serves_a_persons_notifications_at_their_secret_address_until_stopped(items):
    member = items.community_member
    client = client_for(member)
    assert "Create my feed address" in client.get("/profile/feed/").content.decode()
    address = new_address(client)
    assert "/profile/feed/" in client_for(member).get("/profile/").content.decode()
    practice = Practice.objects.get(external_id="th-community-case-management")
    actions.notify(Kind.NEW_PRACTICE, practice, [member])
    feed = read(Client(), address)  # a feed reader, signed out
    assert titles(feed) == {"New practice published: “Community case management for children”."}
    assert feed.entries[0].link == "http://testserver/practices/th-community-case-management/"
    assert feed.entries[0].id.startswith("tag:testserver,")
    assert "Chandra" not in Client().get(address).content.decode()
    # Someone else's notifications are not in it.
    actions.notify(Kind.NEW_PRACTICE, practice, [items.outsider])
    assert len(read(Client(), address).entries) == 1
    assert AuditEntry.objects.filter(actor=member, action="feed.address_created").exists()

    # A new address stops the old one.
    newer = new_address(client)
    assert Client().get(address).status_code == 404
    assert read(Client(), newer).entries
    # Stopped: not found, and nothing else said.
    assert client.get("/profile/feed/revoke/").status_code == 405
    response = client.post("/profile/feed/revoke/")
    assert response.status_code == 302 and response["Location"] == "/profile/feed/"
    gone = Client().get(newer)
    assert gone.status_code == 404
    assert "Community case management" not in gone.content.decode()
    assert AuditEntry.objects.filter(actor=member, action="feed.address_revoked").exists()
    assert "Create my feed address" in client.get("/profile/feed/").content.decode()


def test_it_drops_from_the_personal_feed_an_item_made_private_since(items):
    member = items.community_member
    address = new_address(client_for(member))
    news = Update.objects.get(slug="asia-news")
    actions.notify(Kind.NEW_UPDATE, news, [member])
    assert titles(read(Client(), address)) == {"New update: “Asia news”."}
    Update.objects.filter(pk=news.pk).update(is_published=False)
    assert read(Client(), address).entries == []
    Update.objects.filter(pk=news.pk).update(is_published=True)  # published again: shown again
    assert len(read(Client(), address).entries) == 1


def test_it_answers_404_to_an_unknown_address_and_sends_a_stranger_to_sign_in(items):
    response = Client().get("/feeds/not-a-token.atom")
    assert response.status_code == 404
    assert Client().get("/profile/feed/").status_code == 302


# Bounded queries -------------------------------------------------------------------------------


def test_it_reads_each_feed_in_a_bounded_number_of_queries(items):
    member = items.community_member
    address = new_address(client_for(member))
    topic = Concept.objects.create(slug="screening", labels={"en": "Screening"})
    made = {"count": 0}

    def grow(count: int) -> None:
        from peerlearning.exchanges.models import Contribution

        for _ in range(count):
            made["count"] += 1
            n = made["count"]
            news = update(f"news-{n}", community=items.asia, translations={"es": {"title": "N"}})
            news.concepts.add(topic)
            practice = Practice.objects.create(
                external_id=f"practice-{n}", title=f"P{n}", summary="S.", status="published"
            )
            practice.concepts.add(topic)
            PracticeTranslation.objects.create(practice=practice, language="es", title="T")
            webinar = exchange(f"webinar-{n}", items.asia, starts_at=timezone.now())
            reported(webinar)
            Contribution.objects.create(
                exchange=webinar, kind="learning", text="Said.", moderation="hidden"
            )
            actions.notify(Kind.NEW_PRACTICE, practice, [member])
            actions.notify(Kind.REPORT_PUBLISHED, webinar.report, [member])
            actions.notify(Kind.NEW_EXCHANGE, webinar, [member])

    for path in (*PUBLIC_FEEDS, "/topics/screening/feed.atom", address):
        assert_queries_bounded(Client(), path, grow)
        assert len(read(Client(), path).entries) > 30, path  # it really grew


def test_it_carries_the_newest_fifty_entries(items):
    for n in range(55):
        update(f"news-{n}", published_on=date(2027, 1, 1) + timedelta(days=n))
    entries = read(Client(), "/feeds/updates.atom").entries
    assert len(entries) == 50
    assert entries[0].title == "News 54"
