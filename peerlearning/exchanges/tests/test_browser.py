"""Exchanges in a real browser, every page checked with axe-core (WCAG 2.1 AA)."""

import pytest

from peerlearning.exchanges.models import Contribution, Registration
from peerlearning.network.models import Affiliation
from peerlearning.testing import TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_registers_contributes_and_gives_feedback(visit, network):
    Affiliation.objects.create(
        person=network.outsider, organisation=network.ngo, status="confirmed"
    )
    visit.sign_in(network.outsider.email)
    page = visit.page
    visit.goto("/exchanges/asia-open/")
    page.get_by_role("link", name="Register").click()
    visit.audit()
    page.get_by_role("button", name="Register").click()  # without accepting the rule
    visit.audit()
    # Said at the top of the form (a link to the field) and at the field itself.
    assert (
        page.locator(".form-errors")
        .get_by_text("You must accept the rule to take part.")
        .is_visible()
    )
    assert page.get_by_text("You must accept the rule to take part.").count() == 2
    page.get_by_label("I accept the rule of this exchange").check()
    page.get_by_label("Interpretation needs").fill("Arabic")
    page.get_by_role("button", name="Register").click()
    visit.audit()
    assert page.get_by_text("You are registered.").first.is_visible()
    assert Registration.objects.get(person=network.outsider).interpretation_needs == "Arabic"

    visit.goto("/exchanges/asia-open/contributions/")
    page.get_by_label("Kind").select_option("challenge")
    page.get_by_label("Your contribution").fill("Our shelters are full every winter.")
    page.get_by_role("button", name="Share").click()
    visit.audit()
    assert page.get_by_text("Our shelters are full every winter.").is_visible()
    assert Contribution.objects.filter(text="Our shelters are full every winter.").exists()
    visit.goto("/exchanges/asia-open/contributions/mine/")
    visit.goto("/exchanges/")
    visit.goto("/profile/calendar/")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_facilitator_pages_are_accessible(visit, network, language):
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    visit.use_language(language)
    for path in [
        "/exchanges/asia-exchange/",
        "/exchanges/asia-exchange/participants/",
        "/exchanges/asia-exchange/contributions/",
        "/exchanges/asia-exchange/contributions/review/",
        f"/exchanges/asia-exchange/contributions/{network.contribution.uuid}/moderate/",
        "/exchanges/asia-exchange/outcomes/",
        "/exchanges/asia-exchange/feedback/results/",
        "/exchanges/asia-exchange/report/edit/",
        "/exchanges/asia-exchange/report/",
        "/exchanges/asia-exchange/edit/",
        "/communities/asia-pacific/exchanges/new/",
        "/communities/asia-pacific/follow-ups/",
        "/communities/asia-pacific/",
        "/practices/new/",
        "/practices/th-draft-practice/",
        "/practices/th-community-case-management/translate/",
        "/resources/new/",
        "/resources/testimony/",
        "/resources/testimony/translate/",
    ]:
        visit.goto(path)


def test_a_participant_answers_the_anonymous_survey(visit, network):
    from peerlearning.exchanges.models import SurveyResponse

    visit.sign_in(network.community_member.email)
    page = visit.page
    visit.goto("/exchanges/asia-exchange/feedback/")
    for question in ["Overall", "Will you use", "Did you feel free"]:
        page.get_by_role("group", name=question).get_by_label("4").check()
    page.get_by_label("Anything else? (optional)").fill("Felt safe to speak.")
    page.get_by_role("button", name="Send").click()
    visit.audit()
    assert page.get_by_text("Your answers are anonymous").is_visible()
    assert SurveyResponse.objects.get().comment == "Felt safe to speak."
    # Reporting a contribution for review, without JavaScript needed.
    visit.goto("/exchanges/asia-exchange/contributions/")
    page.get_by_role("link", name="Report for review").first.click()
    visit.audit()
    page.get_by_label("Why the facilitators should review it").fill("It names a ministry.")
    page.get_by_role("button", name="Report it").click()
    visit.audit()
    assert page.get_by_text("only they know you reported it").is_visible()
