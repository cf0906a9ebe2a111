"""Lessons are made where they are learnt (issue 17), in a real browser: a facilitator, signed
in with two factors, on a 360 px phone in Arabic, opens a webinar like the Thailand one, turns
three of its key learnings into lessons and reads them on the lessons page. axe on every page and
a screenshot at each step."""

from datetime import timedelta

import pytest
from django.utils import timezone

from peerlearning.conftest import make_facilitator
from peerlearning.exchanges.models import Exchange, Outcome, Report
from peerlearning.knowledge.models import Lesson
from peerlearning.network.models import Community, Membership, Role
from peerlearning.testing import PASSWORD, TOTP_SECRET, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
LEARNINGS = [
    "Ending child detention took years: it needs a strategy and funding that last.",
    "Linking national work to regional efforts moved things on the ground.",
    "A coalition only works with skilled coordination and a shared agenda.",
    "Officials listened more readily when advocates came with solutions.",
]


def webinar(facilitator) -> Exchange:
    community = Community.objects.create(
        slug="asia-pacific",
        name="Asia Pacific platform",
        purpose="Learn.",
        level="regional",
        regions=["asia-pacific"],
    )
    Membership.objects.create(community=community, person=facilitator, role=Role.FACILITATOR)
    exchange = Exchange.objects.create(
        slug="movement-webinar",
        community=community,
        title="Building a movement to end immigration detention",
        format="webinar",
        mode="online",
        rule="open",
        status="reported",
        visibility="public",
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30),
        time_zone="Asia/Bangkok",
    )
    for position, text in enumerate(LEARNINGS):
        Outcome.objects.create(exchange=exchange, kind="learning", text=text, position=position)
    Report.objects.create(exchange=exchange, body="Learnings.", published_at=timezone.now())
    return exchange


def sign_in_with_two_factors(visit, email: str) -> None:
    """Through the sign-in form and the two-factor step, by their fields' names (the labels
    are in Arabic)."""
    visit.goto("/accounts/login/")
    form = visit.page.locator("form[action='/accounts/login/']")
    form.locator("input[name='login']").fill(email)
    form.locator("input[name='password']").fill(PASSWORD)
    form.locator("button[type='submit']").click()
    visit.audit()
    visit.page.locator("main input[name='code']").fill(totp_code(TOTP_SECRET))
    visit.page.locator("main input[name='code']").press("Enter")
    visit.audit()


def fits_the_screen(visit) -> bool:
    return visit.page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser_context(**PHONE, locale="ar")
def test_a_facilitator_in_arabic_turns_key_learnings_into_lessons(visit):
    facilitator = make_facilitator()
    exchange = webinar(facilitator)
    page = visit.page
    visit.use_language("ar")
    sign_in_with_two_factors(visit, facilitator.email)

    visit.goto(exchange.get_absolute_url())
    assert page.locator("html").get_attribute("dir") == "rtl"
    link = page.locator("#make-lessons a")
    assert link.is_visible()
    assert fits_the_screen(visit)
    visit.screenshot("1-the-exchange")

    link.click()
    visit.audit()
    assert page.url.endswith(f"/exchanges/{exchange.slug}/lessons/")
    choices = page.locator("main input[name='outcomes']")
    assert choices.count() == 4
    for n in range(3):
        choices.nth(n).check()
    assert page.locator("main select[name='region']").input_value() == "asia-pacific"
    assert fits_the_screen(visit)
    visit.screenshot("2-choosing-the-learnings")

    page.locator("main form[method='post'] button[type='submit']").click()
    visit.audit()
    assert page.locator(".message-success").is_visible()
    assert page.locator("main input[name='outcomes']").count() == 1
    assert page.locator("main a[href*='/lessons/#lesson-']").count() == 3
    assert fits_the_screen(visit)
    visit.screenshot("3-made")

    page.locator("main a[href*='/lessons/#lesson-']").first.click()
    visit.audit()
    for text in LEARNINGS[:3]:
        assert page.get_by_text(text).is_visible()
    assert not page.get_by_text(LEARNINGS[3]).is_visible()
    assert page.get_by_role("link", name=exchange.title).first.is_visible()
    assert fits_the_screen(visit)
    visit.screenshot("4-the-lessons-page")
    assert Lesson.objects.filter(exchange=exchange).count() == 3
