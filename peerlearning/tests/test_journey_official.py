"""The government official's journey (issue 13, requirement 8), in a real browser with axe-core
on every page: registers their ministry's delegation for an upcoming exchange, sees the joining
details appear only once registered, downloads the invitation letter for the visa, and after
the exchange downloads the attendance certificate. A screenshot at each step
(test-artifacts/screenshots/, see the README)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from peerlearning.exchanges.models import Exchange, Registration
from peerlearning.network.testing import confirmed_affiliation
from peerlearning.testing import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = "https://meet.example.org/asia-open-4711"
VENUE = "UN Conference Centre, Room 3"


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def official(network):
    """A director of the Ministry of Interior (confirmed), member of the community, and an
    upcoming exchange open for registration with joining details written."""
    person = make_user("official@test.example", display_name="Somchai Official", country="TH")
    confirmed_affiliation(person, network.ministry, title="Director")
    from peerlearning.network.models import Membership

    Membership.objects.create(community=network.asia, person=person)
    Exchange.objects.filter(pk=network.open_exchange.pk).update(
        joining_link=LINK,
        joining_venue=VENUE,
        joining_notes="Interpretation on channel 2.",
        place="Kuala Lumpur",
        starts_at=timezone.now() + timedelta(days=30),
        ends_at=timezone.now() + timedelta(days=30, hours=6),
    )
    return person


def download(visit, link_name: str):
    """Click a download link; return the file's suggested name and bytes."""
    with visit.page.expect_download() as waiting:
        visit.page.get_by_role("link", name=link_name).click()
    file = waiting.value
    path = file.path()
    assert path is not None
    with open(path, "rb") as handle:
        return file.suggested_filename, handle.read()


def test_an_official_registers_gets_the_letter_and_later_the_certificate(visit, network, official):
    page = visit.page
    visit.sign_in(official.email)

    # Before registering: the exchange, and no way to join it yet.
    visit.goto("/exchanges/asia-open/")
    assert page.get_by_role("heading", name="Open regional meeting").is_visible()
    assert LINK not in page.content() and VENUE not in page.content()
    assert page.get_by_role("link", name="Register").is_visible()
    visit.screenshot("1-before-registering")

    # Registering the ministry's delegation.
    page.get_by_role("link", name="Register").click()
    visit.audit()
    page.get_by_label("Your delegation").select_option(label="Ministry of Interior")
    page.get_by_label("Interpretation needs").fill("Thai")
    page.get_by_label("I accept the rule of this exchange").check()
    visit.screenshot("2-registration-form")
    page.get_by_role("button", name="Register").click()
    visit.audit()
    assert page.get_by_text("You are registered. A confirmation is on its way.").is_visible()
    assert Registration.objects.get(exchange=network.open_exchange, person=official).status == (
        "registered"
    )

    # Registered: the joining details appear, with the letter for the visa.
    assert page.get_by_role("heading", name="How to join").is_visible()
    assert page.get_by_role("link", name=LINK).is_visible()
    assert page.get_by_text(VENUE).is_visible()
    visit.screenshot("3-joining-details-after-registering")

    # The invitation letter: a PDF naming the official and the ministry.
    response = page.request.get(visit.base_url + "/exchanges/asia-open/invitation-letter.pdf")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment;")
    name, data = download(
        visit, "Invitation letter for my delegation (PDF, for visas and travel approval)"
    )
    assert name == "asia-open-invitation-ministry-of-interior-th.pdf"
    assert data.startswith(b"%PDF-")
    letter = pdf_text(data)
    assert "Somchai Official" in letter and "Ministry of Interior" in letter
    assert "Open regional meeting" in letter and "Asia Pacific platform" in letter
    visit.screenshot("4-letter-downloaded")

    # No certificate before the exchange.
    assert page.get_by_role("link", name="My attendance certificate (PDF)").count() == 0

    # After the exchange: held, and over.
    Exchange.objects.filter(pk=network.open_exchange.pk).update(
        status="held",
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=6),
    )
    visit.goto("/exchanges/asia-open/")
    assert page.get_by_role("link", name="My attendance certificate (PDF)").is_visible()
    assert page.get_by_role("heading", name="Your papers").is_visible()
    assert LINK not in page.content()  # an exchange over needs no video link
    visit.screenshot("5-after-the-exchange")
    name, data = download(visit, "My attendance certificate (PDF)")
    assert name == "asia-open-certificate.pdf"
    certificate = pdf_text(data)
    assert "Certificate of attendance" in certificate and "Somchai Official" in certificate
    assert "Ministry of Interior" not in certificate  # the person, not their delegation
    visit.screenshot("6-certificate-downloaded")


@pytest.mark.browser_context(viewport={"width": 360, "height": 740}, locale="ar")
def test_on_a_phone_in_arabic_the_joining_details_and_the_letter_are_there(
    visit, network, official
):
    from peerlearning.exchanges import actions

    actions.register(
        network.open_exchange, official, organisation=network.ministry, accepted_rule=True
    )
    # Signed in already (the sign-in page is walked in English above).
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(official)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    visit.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": visit.base_url}]
    )
    visit.use_language("ar")
    page = visit.page
    visit.goto("/exchanges/asia-open/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_by_role("link", name=LINK).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    visit.screenshot("phone-arabic-joining-details")
    response = page.request.get(visit.base_url + "/exchanges/asia-open/invitation-letter.pdf")
    assert response.status == 200
    root = PdfReader(io.BytesIO(response.body())).trailer["/Root"]
    assert str(root["/Lang"]) == "ar"  # type: ignore[index]
