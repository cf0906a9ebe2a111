"""Support pages in a real browser, each checked with axe-core (WCAG 2.1 AA)."""

import pytest

from peerlearning.support.models import Match, SupportRequest
from peerlearning.support.testing import support_world
from peerlearning.testing import TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_coordinator_pages_are_accessible(visit, network, language):
    world = support_world(network)
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    visit.use_language(language)
    for path in [
        "/support/",
        world.request.get_absolute_url(),
        world.host.get_absolute_url(),
        world.match.get_absolute_url(),
        "/support/offers/",
        "/support/offers/new/",
        "/support/dashboard/",
        "/support/suggestions/",
    ]:
        visit.goto(path)


def test_a_member_asks_for_support_and_answers_a_match(visit, network):
    world = support_world(network)
    visit.sign_in(network.community_member.email)
    page = visit.page
    visit.goto("/support/requests/new/")
    page.get_by_label("Title").fill("Training for new staff")
    page.get_by_label("What is needed").fill("Ten new staff start in March.")
    # A text naming no topic: nothing to suggest, so the missing topic is an error (one that
    # names some is shown again with them filled in: test_topic_suggestions.py).
    page.get_by_label("Kind of support").select_option("training")
    page.get_by_label("English").check()
    page.get_by_role("button", name="Open the request").click()  # no topic chosen
    visit.audit()
    # Said at the top of the form (a link to the field) and at the field itself.
    assert (
        page.locator(".form-errors")
        .get_by_text("Choose at least one topic: matching needs it.")
        .is_visible()
    )
    assert page.get_by_text("Choose at least one topic: matching needs it.").count() == 2
    assert page.get_by_label("Title").input_value() == "Training for new staff"
    page.get_by_role("combobox", name="Topics").fill("case man")  # a picker (lib/pickers.py)
    page.get_by_role("option", name="case management").click()
    page.get_by_role("button", name="Open the request").click()
    visit.audit()
    assert page.get_by_text("Your request is open.").is_visible()
    assert SupportRequest.objects.filter(title="Training for new staff").exists()

    visit.goto("/support/")
    page.get_by_role(
        "link", name="Community placement for unaccompanied children ↔ HOST site visits"
    ).click()
    visit.audit()
    page.get_by_label("Decline").check()
    page.get_by_label("Reason").fill("We have found a partner nearer home.")
    page.get_by_role("button", name="Send the answer").click()
    visit.audit()
    assert page.get_by_text(
        "You declined the match; your reason goes with the answer."
    ).is_visible()
    world.match.refresh_from_db()
    assert world.match.status == "declined"
    assert Match.objects.get(pk=world.match.pk).requester_reason.startswith("We have found")


def test_a_coordinator_proposes_a_match_and_drafts_an_exchange(visit, network):
    from peerlearning.exchanges.models import Exchange
    from peerlearning.support.models import PeerSuggestion

    world = support_world(network)
    world.match.delete()
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    page = visit.page
    visit.goto(world.request.get_absolute_url())
    card = page.locator("li.card", has_text="HOST site visits")
    assert card.get_by_text("both on community placement").is_visible()
    card.get_by_role("button", name="Propose this match").click()
    visit.audit()
    # Nobody at HOST has a confirmed affiliation: only the request's side could be told.
    assert page.get_by_text("Nobody could be told for the offer", exact=False).is_visible()
    assert Match.objects.filter(request=world.request, offer=world.host).exists()

    visit.goto("/support/suggestions/")
    page.get_by_label("Format").select_option("regional-meeting")
    page.get_by_role("button", name="Draft the exchange").click()
    visit.audit()
    assert page.get_by_text("A draft exchange is made, with the delegations invited.").is_visible()
    exchange = Exchange.objects.get(title__startswith="Peer discussion")
    assert exchange.format == "regional-meeting"
    assert exchange.status == "draft"
    assert PeerSuggestion.objects.get(pk=world.suggestion.pk).exchange == exchange
