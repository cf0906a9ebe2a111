"""The notification list in a real browser without JavaScript: opening a notification is one
click (a small form marks it read, then leads to the item); the header's count fits a wide
screen in Spanish and a phone in Arabic; every page passes the accessibility audit."""

import pytest
from playwright.sync_api import expect

from peerlearning.notifications.models import Kind, Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_the_first(visit, network, language: str) -> None:
    member = network.community_member
    Notification.objects.bulk_create(
        Notification(
            user=member, kind=Kind.NEW_EXCHANGE, key=f"k{i}", exchange=network.open_exchange
        )
        for i in range(120)
    )
    visit.use_language("en")
    visit.sign_in(member.email)
    visit.use_language(language)
    page = visit.page
    visit.goto("/notifications/")
    expect(page.locator(".nav-account .badge")).to_have_text("99+")
    visit.screenshot("list")
    first = page.locator("li.notification").first
    first.locator("form.inline-form button").click()
    visit.audit()
    assert page.url.endswith("/exchanges/asia-open/")
    visit.goto("/notifications/")
    expect(page.locator("li.notification-unread")).to_have_count(49)  # 119 unread, 50 a page
    expect(page.locator("li.notification:not(.notification-unread)")).to_have_count(1)
    visit.screenshot("after")


@pytest.mark.browser_context(
    viewport={"width": 1000, "height": 800}, locale="es", java_script_enabled=False
)
def test_it_opens_a_notification_without_javascript_on_a_wide_screen_in_spanish(visit, network):
    _open_the_first(visit, network, "es")


@pytest.mark.browser_context(
    viewport={"width": 360, "height": 740}, locale="ar", java_script_enabled=False
)
def test_it_opens_a_notification_without_javascript_on_a_phone_in_arabic(visit, network):
    _open_the_first(visit, network, "ar")
