"""Issue 13, requirement 8 for the facilitator: an exchange taken through its stages in a real
browser, every page checked with axe-core (WCAG 2.1 AA), a screenshot at each step (under
test-artifacts/screenshots/), and a pass in Arabic on a 360 px phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from peerlearning.exchanges.models import (
    AgendaSession,
    Exchange,
    ExchangeInvitation,
    Outcome,
    Report,
    Status,
)
from peerlearning.testing import TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_AR = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
}  # Arabic chosen by the facilitator once signed in (the language cookie)


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def current_stage(page) -> str:
    return page.locator('.stages [aria-current="step"] .stage-label').inner_text()


def time_passes(exchange: Exchange) -> None:
    """The exchange took place: it ended an hour ago."""
    end = timezone.now() - timedelta(hours=1)
    Exchange.objects.filter(pk=exchange.pk).update(starts_at=end - timedelta(hours=3), ends_at=end)


def test_the_facilitator_takes_an_exchange_through_its_stages(visit, network):
    exchange = network.open_exchange
    Exchange.objects.filter(pk=exchange.pk).update(
        registration_opens_at=timezone.now() + timedelta(days=7)
    )
    page = visit.page
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)

    # Announced: registration opens next week, by its date; the facilitator opens it now.
    visit.goto("/exchanges/asia-open/")
    assert current_stage(page) == "Announced"
    assert page.get_by_text("Registration opens on").is_visible()
    assert page.get_by_role("button", name="Mark as held").count() == 0
    visit.screenshot("1-announced")
    page.get_by_role("button", name="Open registration now").click()
    visit.audit()
    assert current_stage(page) == "Open for registration"
    assert page.get_by_role("button", name="Close registration now").is_visible()
    visit.screenshot("2-registration-open")

    # An agenda session, added, changed, then removed after confirmation.
    page.get_by_label("Title").fill("Opening round")
    page.get_by_label("Starts").fill("2031-03-01T09:00")
    page.get_by_label("Ends").fill("2031-03-01T10:00")
    page.get_by_role("button", name="Add the session").click()
    visit.audit()
    page.get_by_role("link", name="Change “Opening round”").click()
    visit.audit()
    page.get_by_label("Title").fill("Opening round with the hosts")
    page.get_by_role("button", name="Save the session").click()
    visit.audit()
    assert page.get_by_text("Opening round with the hosts", exact=True).is_visible()
    visit.screenshot("3-session-changed")
    page.get_by_role("link", name="Remove “Opening round with the hosts”").click()
    visit.audit()
    assert page.get_by_text("Remove “Opening round with the hosts” from the agenda?").is_visible()
    visit.screenshot("4-session-remove-confirm")
    page.get_by_role("button", name="Yes, remove the session").click()
    visit.audit()
    assert page.get_by_text("The session has been removed from the agenda.").is_visible()
    assert not AgendaSession.objects.filter(exchange=exchange).exists()

    # Before it ends, "held" is not offered, and said why; after, it is.
    assert page.get_by_text("It can be marked as held once it has ended").is_visible()
    time_passes(exchange)
    visit.goto("/exchanges/asia-open/")
    assert current_stage(page) == "Registration closed"
    visit.screenshot("5-ended")
    page.get_by_role("button", name="Mark as held").click()
    visit.audit()
    assert current_stage(page) == "Held"
    visit.screenshot("6-held")

    # An outcome, recorded then changed.
    visit.goto("/exchanges/asia-open/outcomes/")
    page.get_by_label("Kind").select_option("learning")
    page.get_by_label("Text").fill("Screen children on arrival.")
    page.get_by_role("button", name="Add", exact=True).click()
    visit.audit()
    page.get_by_role("link", name="Change (Key learning").click()
    visit.audit()
    page.get_by_label("Text").fill("Screen every child on arrival, within a day.")
    page.get_by_role("button", name="Save the outcome").click()
    visit.audit()
    assert page.get_by_text("Screen every child on arrival, within a day.").is_visible()
    visit.screenshot("7-outcome-changed")
    assert Outcome.objects.get(exchange=exchange).text.endswith("within a day.")

    # The report: drafted from the outcomes, previewed as readers will see it, published.
    visit.goto("/exchanges/asia-open/")
    page.get_by_role("link", name="Preview and publish the report").click()
    visit.audit()  # no report yet: the editor, with a draft from the outcomes
    page.get_by_label("Summary").fill("What the delegations learnt.")
    page.get_by_role("button", name="Save and preview").click()
    visit.audit()
    assert page.get_by_role("heading", name="Preview of the report").is_visible()
    assert page.get_by_text("Screen every child on arrival, within a day.").is_visible()
    assert page.get_by_text("check that nothing below names or points to a speaker").is_visible()
    visit.screenshot("8-report-preview")
    page.get_by_role("button", name="Publish the report").click()
    visit.audit()
    assert page.get_by_text("The report is published.").is_visible()
    visit.screenshot("9-report-published")
    assert Report.objects.get(exchange=exchange).published_at is not None
    visit.goto("/exchanges/asia-open/")
    assert current_stage(page) == "Report published"
    assert page.get_by_role("link", name="Read the report").is_visible()
    assert page.get_by_text("Add to my calendar").count() == 0
    visit.screenshot("10-past-exchange")


@pytest.mark.browser_context(**PHONE_AR)
def test_the_stages_read_right_to_left_on_a_phone_in_arabic(visit, network):
    exchange = network.open_exchange
    time_passes(exchange)
    page = visit.page
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    visit.use_language("ar")
    visit.goto("/exchanges/asia-open/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    bar = page.locator(".stages")
    assert bar.locator('[aria-current="step"]').count() == 1
    assert fits(page, 360)
    # The bar starts at the right-hand side, as Arabic reads.
    first = bar.locator("li").first.bounding_box()
    last = bar.locator("li").last.bounding_box()
    assert first and last and first["x"] > last["x"] or first["y"] < last["y"]
    visit.screenshot("1-stages-ar-360")
    # A session's speakers, chosen by the names they show, on the phone.
    session = AgendaSession.objects.create(
        exchange=exchange,
        title="Opening round",
        starts_at=exchange.starts_at,
        ends_at=exchange.starts_at + timedelta(hours=1),
    )
    session.speakers.set([network.public])
    visit.goto(f"/exchanges/asia-open/agenda/{session.uuid}/edit/")
    visit.screenshot("1b-session-speakers-ar-360")
    assert page.locator(".picker >> text=Public Person >> visible=true").count() == 1
    assert "@" not in page.locator("form").last.inner_text()
    assert fits(page, 360)
    visit.goto("/exchanges/asia-open/")
    page.locator("form[action$='/held/'] button").click()
    visit.audit()
    assert Exchange.objects.get(pk=exchange.pk).status == Status.HELD
    assert fits(page, 360)
    visit.screenshot("2-held-ar-360")
    # The other pages of the exchange's life fit the phone too.
    ExchangeInvitation.objects.create(exchange=exchange, person=network.public)
    Outcome.objects.create(exchange=exchange, kind="learning", text="Screen early.")
    Report.objects.create(exchange=exchange, body="Screen early.")
    for step, path in [
        ("3-participants-ar-360", "/exchanges/asia-open/participants/"),
        ("4-outcomes-ar-360", "/exchanges/asia-open/outcomes/"),
        ("5-report-preview-ar-360", "/exchanges/asia-open/report/preview/"),
        ("6-cancel-invitation-ar-360", None),
    ]:
        if path is None:
            invitation = ExchangeInvitation.objects.get(exchange=exchange)
            path = f"/exchanges/asia-open/participants/invitations/{invitation.uuid}/cancel/"
        visit.goto(path)
        assert fits(page, 360), path
        visit.screenshot(step)
