"""Following a community, an exchange, a topic, a country or an organisation from its page; what
one may not see cannot be followed; joining and registering follow; the page of what one follows
names only what one may still see."""

import re

import pytest

from peerlearning.exchanges.models import Exchange, Registration
from peerlearning.knowledge.models import Concept
from peerlearning.network.models import (
    Community,
    CommunityJoinRequest,
    CommunityVisibility,
    Country,
    Organisation,
)
from peerlearning.network.testing import (
    client_for,
    confirmed_affiliation,
    network,  # noqa: F401
)
from peerlearning.notifications.models import Follow
from peerlearning.testing import assert_queries_bounded

pytestmark = pytest.mark.django_db
SHARED_WORLD = True

FOLLOW = "Follow<span"
STOP = "Following — stop following"


def body(response) -> str:
    return response.content.decode()


def main(response) -> str:
    """The page without its header and footer (whose menus name communities, countries…)."""
    return body(response).split("<main", 1)[1].split("</main>", 1)[0]


def follows(person, **target) -> bool:
    return Follow.objects.filter(user=person, **target).exists()


@pytest.fixture
def topic(network):  # noqa: F811
    return Concept.objects.create(
        slug="alternatives-to-detention", labels={"en": "Alternatives to detention"}
    )


def test_it_follows_and_stops_following_each_kind_from_its_page(network, topic):  # noqa: F811
    person = network.community_member
    client = client_for(person)
    cases = [
        ("community", "asia-pacific", "/communities/asia-pacific/", {"community": network.asia}),
        ("exchange", "asia-open", "/exchanges/asia-open/", {"exchange": network.open_exchange}),
        ("concept", topic.slug, "/thesaurus/", {"concept": topic}),
        ("country", "TH", "/countries/TH/", {"country_id": "TH"}),
        (
            "organisation",
            "host-international",
            "/directory/organisations/host-international/",
            {"organisation": network.ngo},
        ),
    ]
    for target, key, page, row in cases:
        Follow.objects.filter(user=person).delete()
        assert FOLLOW in body(client.get(page)), page
        assert STOP not in body(client.get(page)), page

        response = client.post(f"/follow/{target}/{key}/", {"next": page}, follow=True)
        assert response.redirect_chain[0] == (page, 302)
        assert "You follow" in body(response), page
        assert STOP in body(response), page
        assert follows(person, **row)
        client.post(f"/follow/{target}/{key}/", {"next": page})  # again: still one
        assert Follow.objects.filter(user=person).count() == 1

        response = client.post(f"/follow/{target}/{key}/stop/", {"next": page}, follow=True)
        assert "You no longer follow" in body(response), page
        assert FOLLOW in body(response) and STOP not in body(response), page
        assert not follows(person, **row)


def test_it_follows_nothing_one_may_not_see(network):  # noqa: F811
    outsider = client_for(network.outsider)
    # A private community, a community's exchange, an unknown kind and an unknown key: the same
    # answer, and nothing written.
    for url in (
        "/follow/community/cross-regional/",
        "/follow/exchange/asia-exchange/",
        "/follow/person/asia-pacific/",
        "/follow/community/no-such-community/",
    ):
        assert outsider.post(url).status_code == 404, url
    assert not Follow.objects.filter(user=network.outsider).exists()
    # Control: their members follow them; the outsider follows what they may see.
    member = client_for(network.community_member)
    assert member.post("/follow/community/cross-regional/").status_code == 302
    assert member.post("/follow/exchange/asia-exchange/").status_code == 302
    assert follows(network.community_member, community=network.private)
    assert follows(network.community_member, exchange=network.exchange)
    assert outsider.post("/follow/community/asia-pacific/").status_code == 302
    assert follows(network.outsider, community=network.asia)


def test_it_shows_the_button_only_to_signed_in_people(network, topic):  # noqa: F811
    for page in ("/communities/asia-pacific/", "/countries/TH/", "/thesaurus/"):
        assert "/follow/" not in body(client_for(None).get(page)), page
        assert "/follow/" in body(client_for(network.outsider).get(page)), page
    # Signed out, following is asked to sign in first, and nothing is written.
    response = client_for(None).post("/follow/community/asia-pacific/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Follow.objects.exists()


def test_it_goes_back_to_a_page_of_this_site_only(network):  # noqa: F811
    client = client_for(network.outsider)
    back = client.post("/follow/country/th/", {"next": "/countries/compare/?country=TH"})
    assert back["Location"] == "/countries/compare/?country=TH"
    for elsewhere in ("https://evil.example/", "//evil.example/", ""):
        response = client.post("/follow/country/th/stop/", {"next": elsewhere})
        assert response["Location"] == "/countries/TH/", elsewhere


def test_it_comes_back_to_the_topic_on_the_thesaurus(network, topic):  # noqa: F811
    page = body(client_for(network.outsider).get("/thesaurus/"))
    assert 'value="/thesaurus/#concept-alternatives-to-detention"' in page


def test_it_swaps_the_button_alone_for_htmx(network):  # noqa: F811
    client = client_for(network.outsider)
    response = client.post(
        "/follow/organisation/host-international/",
        {"next": "/directory/organisations/host-international/"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = body(response)
    assert html.lstrip().startswith("<form") and "<html" not in html
    # The label says the state (so no aria-pressed beside it, which would say it twice).
    assert STOP in html and "aria-pressed" not in html
    assert 'action="/follow/organisation/host-international/stop/"' in html
    assert 'role="status"' in html and "You follow" in html
    assert follows(network.outsider, organisation=network.ngo)


def test_it_refuses_a_get(network):  # noqa: F811
    client = client_for(network.outsider)
    assert client.get("/follow/community/asia-pacific/").status_code == 405
    assert client.get("/follow/community/asia-pacific/stop/").status_code == 405
    assert not Follow.objects.exists()


# Following by joining and registering ----------------------------------------------------------


def test_it_follows_a_community_one_is_accepted_into(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    join_request = CommunityJoinRequest.objects.create(
        community=network.asia, person=network.outsider
    )
    assert not follows(network.outsider, community=network.asia)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(network.facilitator).post(
            f"/communities/asia-pacific/requests/{join_request.uuid}/decide/",
            {"decision": "approve"},
        )
    assert follows(network.outsider, community=network.asia)
    assert STOP in body(client_for(network.outsider).get("/communities/asia-pacific/"))


def test_it_follows_a_community_whose_invitation_one_accepts(
    network,  # noqa: F811
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(network.facilitator).post(
            "/communities/cross-regional/members/invite/",
            {"email": network.outsider.email, "role": "member", "language": "en"},
        )
    link = re.search(r"(/accounts/invitations/\S+/)", mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    assert not follows(network.outsider, community=network.private)  # invited is not joined
    client_for(network.outsider).post(link.group(1))
    assert follows(network.outsider, community=network.private)


def test_it_follows_a_sub_group_one_creates(network):  # noqa: F811
    client_for(network.facilitator).post(
        "/communities/asia-pacific/subgroups/new/",
        {
            "name": "Thai working group",
            "purpose": "Case management in Thailand.",
            "language": "en",
            "visibility": CommunityVisibility.LISTED,
        },
    )
    group = Community.objects.get(name="Thai working group")
    assert follows(network.facilitator, community=group)


def test_it_follows_an_exchange_one_registers_for_or_waits_for(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    Exchange.objects.filter(pk=network.open_exchange.pk).update(capacity=1)
    for person in (network.outsider, network.public):
        confirmed_affiliation(person, network.ngo)
        with django_capture_on_commit_callbacks(execute=True):
            client_for(person).post(
                "/exchanges/asia-open/register/",
                {"organisation": network.ngo.pk, "accept_rule": "on"},
            )
    statuses = dict(
        Registration.objects.filter(exchange=network.open_exchange).values_list("person", "status")
    )
    assert statuses == {network.outsider.pk: "registered", network.public.pk: "waitlisted"}
    assert follows(network.outsider, exchange=network.open_exchange)
    assert follows(network.public, exchange=network.open_exchange)
    # Control: who did not register follows nothing.
    assert not follows(network.member, exchange=network.open_exchange)


def test_it_keeps_following_a_community_one_leaves(network):  # noqa: F811
    """A decision: following is the person's own choice, apart from membership; the community's
    page (or the page of what they follow) stops it in one press."""
    client = client_for(network.community_member)
    client.post("/follow/community/asia-pacific/")
    client.post("/communities/asia-pacific/leave/")
    assert not network.asia.memberships.filter(person=network.community_member).exists()
    assert follows(network.community_member, community=network.asia)
    assert STOP in body(client.get("/communities/asia-pacific/"))


# What I follow --------------------------------------------------------------------------------


def test_it_lists_what_one_follows_kind_by_kind(network, topic):  # noqa: F811
    client = client_for(network.outsider)
    assert "You follow nothing yet." in body(client.get("/profile/following/"))
    for url in (
        "/follow/community/mena/",
        "/follow/exchange/asia-open/",
        f"/follow/concept/{topic.slug}/",
        "/follow/country/TH/",
        "/follow/organisation/ministry-of-interior-th/",
    ):
        # Followed to the page the notice is shown on, which leaves the next page without it.
        assert client.post(url, follow=True).redirect_chain[0][1] == 302
    page = main(client.get("/profile/following/"))
    order = [
        "Communities",
        "MENA network",
        "Exchanges",
        "Open regional meeting",
        "Topics",
        "Alternatives to detention",
        "Countries",
        "Thailand",
        "Organisations",
        "Ministry of Interior",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    assert page.count(STOP) == 5
    assert "You follow nothing yet." not in page
    response = client.post(
        "/follow/community/mena/stop/", {"next": "/profile/following/"}, follow=True
    )
    assert response.redirect_chain[0] == ("/profile/following/", 302)
    assert "You no longer follow “MENA network”." in body(response)
    assert 'href="/communities/mena/"' not in main(response)
    assert "Open regional meeting" in main(response)
    # Linked from the profile page.
    assert 'href="/profile/following/"' in body(client.get("/profile/"))


def test_it_never_names_a_followed_community_made_private(network):  # noqa: F811
    outsider = client_for(network.outsider)
    outsider.post("/follow/community/asia-pacific/")
    client_for(network.community_member).post("/follow/community/asia-pacific/")
    assert "Asia Pacific platform" in body(outsider.get("/profile/following/"))

    Community.objects.filter(pk=network.asia.pk).update(visibility=CommunityVisibility.PRIVATE)

    page = body(outsider.get("/profile/following/"))
    assert "Asia Pacific platform" not in page
    assert "asia-pacific" not in page
    # Not even a count: it would tell a community made private from one deleted.
    assert "1 item" not in page
    assert page.count("Stop following what I may no longer see") == 1
    # Control: its member still sees it named.
    assert "Asia Pacific platform" in body(
        client_for(network.community_member).get("/profile/following/")
    )
    # Its button is out of reach (404, nothing changed); the page stops such follows at once.
    assert outsider.post("/follow/community/asia-pacific/stop/").status_code == 404
    assert follows(network.outsider, community=network.asia)
    response = outsider.post("/profile/following/unseen/stop/", follow=True)
    assert "You no longer follow anything you may not see." in body(response)
    assert not follows(network.outsider, community=network.asia)
    assert follows(network.community_member, community=network.asia)


def test_the_following_page_reads_a_bounded_number_of_queries(network):  # noqa: F811
    person = network.outsider
    client = client_for(person)
    made = {"count": 0}

    def grow(n: int) -> None:
        for _ in range(n):
            made["count"] += 1
            number = made["count"]
            concept = Concept.objects.create(slug=f"topic-{number}", labels={"en": f"T{number}"})
            organisation = Organisation.objects.create(slug=f"org-{number}", name=f"O{number}")
            community = Community.objects.create(
                slug=f"c-{number}",
                name=f"C{number}",
                purpose="P.",
                level="regional",
                visibility=CommunityVisibility.PRIVATE if number % 2 else "listed",
            )
            Follow.objects.bulk_create(
                [
                    Follow(user=person, concept=concept),
                    Follow(user=person, organisation=organisation),
                    Follow(user=person, community=community),
                ]
            )
        country = Country.objects.exclude(
            pk__in=Follow.objects.filter(user=person, country__isnull=False).values("country")
        ).first()
        Follow.objects.create(user=person, country=country)

    assert_queries_bounded(client, "/profile/following/", grow)
    assert_queries_bounded(client, "/thesaurus/", grow)


def test_it_keeps_one_follow_when_two_organisations_are_merged(network):  # noqa: F811
    from peerlearning.network import actions as network_actions

    duplicate = Organisation.objects.create(slug="host-intl", name="HOST Intl")
    both, one = network.outsider, network.member
    for person, organisation in ((both, duplicate), (both, network.ngo), (one, duplicate)):
        client_for(person).post(f"/follow/organisation/{organisation.slug}/")
    network_actions.merge_organisations(duplicate, network.ngo, by=network.facilitator)
    assert list(
        Follow.objects.filter(organisation__isnull=False)
        .order_by("user__email")
        .values_list("user", "organisation")
    ) == [(one.pk, network.ngo.pk), (both.pk, network.ngo.pk)]
