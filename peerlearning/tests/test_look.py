"""The platform's look without a browser: the About, Privacy and Contact pages, the header and
footer on every page, Arabic dates and the direction of content (issue 13, items 5 and 6)."""

import re
from datetime import UTC, datetime

import pytest
from django.test import Client

from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db

OPERATOR = {
    "OPERATOR_NAME": "Example Network Secretariat",
    "OPERATOR_EMAIL": "peerlearning@example.org",
    "OPERATOR_ADDRESS": "1 Example Street, Geneva",
    "OPERATOR_URL": "https://example.org",
}


def in_language(language: str, client: Client | None = None) -> Client:
    client = client or Client()
    client.cookies["django_language"] = language
    return client


@pytest.mark.parametrize("language", ["en", "es", "fr", "ar"])
@pytest.mark.parametrize("path", ["/about/", "/privacy/", "/contact/"])
def test_about_privacy_and_contact_are_public_in_every_language(path, language):
    response = in_language(language).get(path)
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


def test_the_pages_name_the_operator_the_deployment_configures(settings):
    for name, value in OPERATOR.items():
        setattr(settings, name, value)
    about = Client().get("/about/").content.decode()
    assert "Example Network Secretariat" in about and 'href="https://example.org"' in about
    contact = Client().get("/contact/").content.decode()
    assert 'href="mailto:peerlearning@example.org"' in contact
    assert "1 Example Street, Geneva" in contact
    privacy = Client().get("/privacy/").content.decode()
    assert "Example Network Secretariat" in privacy
    assert "mailto:peerlearning@example.org" in privacy


def test_without_an_operator_the_pages_say_so_rather_than_show_blanks(settings):
    for name in OPERATOR:
        setattr(settings, name, "")
    assert "has not given its name yet" in Client().get("/about/").content.decode()
    contact = Client().get("/contact/").content.decode()
    assert "has not given a contact address yet" in contact and "mailto:" not in contact


def test_privacy_links_a_member_to_exporting_their_data_and_closing_their_account(member):
    signed_in = client_for(member).get("/privacy/").content.decode()
    assert 'href="/profile/export/"' in signed_in and 'href="/profile/close/"' in signed_in
    # Signed out, the same steps are told, with a way to sign in rather than dead links.
    signed_out = Client().get("/privacy/").content.decode()
    assert 'href="/profile/export/"' not in signed_out
    assert "Close your account" in signed_out and 'href="/accounts/login/"' in signed_out


@pytest.mark.parametrize("path", ["/", "/updates/", "/accounts/login/", "/about/"])
def test_every_page_has_the_wordmark_the_folding_menu_and_the_footer_links(path):
    page = Client().get(path).content.decode()
    assert '<svg class="brand-mark"' in page
    assert '<details class="menu"' in page and '<summary class="menu-button">' in page
    footer = page[page.index('<footer class="site-footer">') :]
    for link in ["/about/", "/privacy/", "/contact/"]:
        assert f'href="{link}"' in footer


def test_the_people_directory_folds_its_filters_behind_a_button(member):
    page = client_for(member).get("/directory/people/").content.decode()
    folded = re.search(
        r'<details class="fold"><summary class="fold-button">Filters</summary>', page
    )
    assert folded and page.index('<form method="get" class="filters"') > folded.start()


def test_an_arabic_date_uses_the_arabic_comma_and_arabic_order(network):
    network.exchange.starts_at = datetime(2027, 1, 20, 7, 0, tzinfo=UTC)  # 14:00 in Bangkok
    network.exchange.ends_at = None
    network.exchange.save()
    arabic = in_language("ar", client_for(network.facilitator))
    page = arabic.get("/exchanges/asia-exchange/").content.decode()
    assert "20 يناير 2027، 2 م" in page
    assert "يناير 20," not in page
    # The same exchange in English keeps Django's English format.
    english = client_for(network.facilitator).get("/exchanges/asia-exchange/").content.decode()
    assert "Jan. 20, 2027, 2 p.m." in english


def test_names_and_file_types_keep_their_own_direction_in_an_arabic_sentence(network):
    arabic = in_language("ar", client_for(network.facilitator))
    # An exchange still to come: it offers its calendar file.
    page = arabic.get("/exchanges/asia-open/").content.decode()
    assert '<bdi dir="ltr">(.ics)</bdi>' in page
    assert f"<bdi>{network.exchange.community.name}</bdi>" in page
    assert re.search(r'<h1 lang="en" dir="auto">', page)


def test_a_title_inside_a_translated_heading_keeps_its_own_direction(network):
    arabic = in_language("ar", client_for(network.facilitator))
    page = arabic.get("/exchanges/asia-exchange/participants/").content.decode()
    assert "<bdi>Asia exchange on screening</bdi>" in page
    # The page's <title> is plain text: no markup there.
    title = page[page.index("<title>") : page.index("</title>")]
    assert "<bdi>" not in title
