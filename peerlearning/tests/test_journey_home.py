"""Journeys from the personal home (issue 13, requirement 8), in a real browser on the demo as
loaded today, axe on every page and a screenshot at each step
(test-artifacts/screenshots/<test>--<step>.png):

- the member, on a 360 px phone, signs in, lands on their home, finds the invitation waiting,
  opens it and registers;
- the person with lived experience, in Arabic on a 360 px phone, signs in, finds the match
  waiting for their answer, accepts it and reads what happens next;
- the facilitator, with two factors, finds the request to join on their home and accepts it;
- a new member, in no community yet, is told on their home what to do first.
"""

import pytest

from peerlearning.demo import accounts as personas
from peerlearning.testing import PASSWORD, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}


def sign_in(visit, email: str, password: str = personas.DEMO_PASSWORD) -> None:
    """Through the sign-in form, by its fields' names (the labels follow the language)."""
    visit.goto("/accounts/login/")
    form = visit.page.locator("form[action='/accounts/login/']")
    form.locator("input[name='login']").fill(email)
    form.locator("input[name='password']").fill(password)
    form.locator("button[type='submit']").click()
    visit.audit()


def fits_the_screen(visit) -> bool:
    return visit.page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser_context(**PHONE)
def test_the_member_on_a_phone_finds_the_invitation_on_their_home_and_registers(demo_loaded, visit):
    page = visit.page
    sign_in(visit, "member@example.org")
    assert page.url.endswith("/home/")
    assert page.get_by_role("heading", name="Invitations to answer").is_visible()
    assert fits_the_screen(visit)
    visit.screenshot("1-home-with-the-invitation")

    page.get_by_role("link", name="Answer the invitation").click()
    visit.audit()
    assert "/exchanges/online-exchange-case-management" in page.url
    assert page.get_by_text("Europe/Madrid").first.is_visible()
    assert page.get_by_role("heading", name="Agenda").is_visible()
    visit.screenshot("2-the-exchange")

    page.get_by_role("link", name="Register", exact=True).click()
    visit.audit()
    page.get_by_label("I accept the rule of this exchange").check()
    visit.screenshot("3-the-registration-form")
    page.get_by_role("button", name="Register").click()
    visit.audit()
    assert page.get_by_text("You are registered.", exact=True).is_visible()
    visit.screenshot("4-registered")

    visit.goto("/home/")
    assert not page.get_by_role("heading", name="Invitations to answer").is_visible()
    assert page.get_by_text("You are registered").first.is_visible()
    assert fits_the_screen(visit)
    visit.screenshot("5-home-after")


@pytest.mark.browser_context(**PHONE, locale="ar")
def test_the_person_with_lived_experience_in_arabic_accepts_the_match_and_reads_what_next(
    demo_loaded, visit
):
    page = visit.page
    visit.use_language("ar")
    sign_in(visit, "lived@example.org")
    assert page.url.endswith("/home/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    answer = page.locator("a[href*='/support/matches/'][href$='#answer-title']")
    assert answer.is_visible()
    assert fits_the_screen(visit)
    visit.screenshot("1-home-with-the-match")

    answer.click()
    visit.audit()
    form = page.locator("form[action$='/answer/']")
    form.locator("input[name='decision'][value='accept']").check()
    visit.screenshot("2-the-match")
    form.locator("button[type='submit']").click()
    visit.audit()
    assert page.locator("#next-title").is_visible()
    assert page.locator(".message-success").is_visible()
    assert fits_the_screen(visit)
    visit.screenshot("3-what-happens-next")

    visit.goto("/home/")
    assert page.locator("a[href$='#answer-title']").count() == 0


def test_the_facilitator_with_two_factors_accepts_a_request_to_join_from_their_home(
    demo_loaded, visit
):
    persona = next(p for p in personas.PERSONAS if p.email == "facilitator@example.org")
    page = visit.page
    visit.sign_in(persona.email, personas.DEMO_PASSWORD, totp_secret=persona.totp_secret)
    assert page.url.endswith("/home/")
    assert page.get_by_text("Demo Outsider asks to join").is_visible()
    assert page.get_by_role("link", name="New exchange").first.is_visible()
    visit.screenshot("1-home-with-the-request")

    page.get_by_role("link", name="Decide").first.click()
    visit.audit()
    assert "/members/" in page.url
    visit.screenshot("2-the-members-page")
    page.get_by_role("button", name="Approve Demo Outsider").click()
    visit.audit()
    assert page.get_by_text("The request has been answered.").is_visible()
    visit.screenshot("3-approved")

    visit.goto("/home/")
    assert not page.get_by_text("Demo Outsider asks to join").is_visible()
    visit.screenshot("4-home-after")


@pytest.mark.browser_context(**PHONE)
def test_a_new_member_in_no_community_is_told_what_to_do_first(visit):
    make_user("newcomer@test.example", display_name="New Comer")
    page = visit.page
    sign_in(visit, "newcomer@test.example", PASSWORD)
    assert page.url.endswith("/home/")
    assert page.get_by_text("Nothing waits for you right now.").is_visible()
    assert page.get_by_text("Start here").is_visible()
    assert fits_the_screen(visit)
    visit.screenshot("1-empty-home")
    page.get_by_role("link", name="Browse the communities").click()
    visit.audit()
    assert page.url.endswith("/communities/")
