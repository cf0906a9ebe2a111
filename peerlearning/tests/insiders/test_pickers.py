"""The pickers' suggestions (peerlearning/pickers.py) as an insider would probe them: a member
typing an e-mail address or the real name behind a pseudonym, a signed-out visitor, a value
forged into the form for a person the facilitator may not see. Each with its positive control."""

import re

import pytest
from django.test import Client

from peerlearning.accounts.models import User
from peerlearning.exchanges.models import ExchangeInvitation
from peerlearning.knowledge.models import Concept
from peerlearning.network.models import CommunityInvitation, Organisation, OrganisationDomain
from peerlearning.network.testing import client_for
from peerlearning.testing import assert_queries_bounded, make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True


def suggested(client: Client, source: str, text: str) -> list[str]:
    """The names a picker offers for the text, as a person reads them."""
    response = client.get(f"/pickers/{source}/", {"q": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert "@" not in page, "an e-mail address in the suggestions"
    return re.findall(r'data-label="([^"]*)"', page)


class TestPeople:
    def test_part_of_an_e_mail_address_finds_nobody_and_the_shown_name_finds_them(self, network):
        client = client_for(network.community_member)
        for text in ["lived@", "lived@test.example", "test.example", "public@"]:
            assert suggested(client, "people", text) == [], text
        # Positive controls: the names the network is shown.
        assert suggested(client, "people", "Amal") == ["Amal"]
        assert suggested(client, "people", "public pers") == ["Public Person"]

    def test_the_real_name_behind_a_pseudonym_finds_nobody(self, network):
        client = client_for(network.community_member)
        assert suggested(client, "people", "Real Name") == []
        assert suggested(client, "people", "Behind") == []
        response = client.get("/pickers/people/", {"q": "Amal"})
        assert "Real Name Behind" not in response.content.decode()
        assert suggested(client, "people", "ama") == ["Amal"]

    def test_a_hidden_profile_never_appears_to_a_member(self, network):
        for viewer in (network.community_member, network.facilitator, network.outsider):
            assert suggested(client_for(viewer), "people", "Hidden") == [], viewer
        # Positive control: an administrator sees every profile.
        assert suggested(client_for(network.administrator), "people", "Hidden") == ["Hidden Person"]

    def test_a_signed_out_visitor_is_asked_to_sign_in(self, network):
        for source in ["people", "organisations", "topics", "countries", "languages"]:
            response = Client().get(f"/pickers/{source}/", {"q": "a"})
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/?next=/pickers/")
        assert suggested(client_for(network.outsider), "people", "Chandra") == ["Chandra Member"]


def test_a_signed_out_visitor_s_directory_filter_is_a_plain_select(network):
    anonymous = Client().get("/directory/people/").content.decode()
    assert '<select name="country"' in anonymous
    assert "data-picker=" not in anonymous  # it would only be asked to sign in
    member = client_for(network.community_member).get("/directory/people/").content.decode()
    assert 'data-picker="/pickers/countries/"' in member
    filtered = client_for(network.community_member).get("/directory/people/", {"country": "MY"})
    assert "Amal" in filtered.content.decode()
    assert "Chandra Member" not in filtered.content.decode()


class TestInvitationByName:
    def test_a_facilitator_invites_a_member_by_the_name_they_are_shown_by(self, network):
        amal = network.pseudonymous
        response = client_for(network.facilitator).post(
            "/exchanges/asia-open/participants/invite/", {"person": str(amal.uuid)}, follow=True
        )
        assert "Amal is invited." in response.content.decode()
        assert ExchangeInvitation.objects.filter(exchange=network.open_exchange, person=amal)

    def test_a_hidden_profile_forged_into_the_form_is_refused_and_nothing_written(self, network):
        response = client_for(network.facilitator).post(
            "/exchanges/asia-open/participants/invite/", {"person": str(network.hidden.uuid)}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "Select a valid choice" in page
        assert "Hidden Person" not in page
        assert not ExchangeInvitation.objects.filter(person=network.hidden).exists()

    def test_the_form_lists_people_by_shown_name_never_by_address(self, network):
        page = client_for(network.facilitator).get("/exchanges/asia-open/participants/")
        text = page.content.decode()
        assert f'<option value="{network.pseudonymous.uuid}">Amal</option>' in text
        assert "Real Name Behind" not in text
        assert "Hidden Person" not in text
        assert "lived@test.example" not in text


class TestCommunityInvitationByName:
    def test_a_member_of_the_network_is_invited_by_shown_name_and_no_address_is_shown(
        self, network, mailoutbox, django_capture_on_commit_callbacks
    ):
        client = client_for(network.facilitator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/communities/asia-pacific/members/invite/",
                {"person": str(network.member.uuid), "role": "member", "language": "en"},
                follow=True,
            )
        page = response.content.decode()
        assert "Mona Member is invited, unless already a member." in page
        assert network.member.email not in page
        assert mailoutbox[-1].to == [network.member.email]  # the invitation went out
        assert CommunityInvitation.objects.filter(
            community=network.asia, invitation__email=network.member.email
        ).exists()

    def test_a_hidden_profile_forged_into_the_form_is_refused_and_nothing_sent(
        self, network, mailoutbox
    ):
        response = client_for(network.facilitator).post(
            "/communities/mena/members/invite/",
            {"person": str(network.hidden.uuid), "role": "member", "language": "en"},
        )
        assert response.status_code in (400, 403, 404)
        response = client_for(network.facilitator).post(
            "/communities/asia-pacific/members/invite/",
            {"person": str(network.hidden.uuid), "role": "member", "language": "en"},
        )
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()
        assert mailoutbox == []


class TestOrganisationsTopicsCountries:
    def test_an_organisation_is_found_by_name_or_acronym_never_by_its_e_mail_domain(self, network):
        OrganisationDomain.objects.create(organisation=network.ngo, domain="hostmail.example")
        client = client_for(network.community_member)
        assert suggested(client, "organisations", "hostmail") == []
        assert suggested(client, "organisations", "HOST") == ["HOST International"]
        assert suggested(client, "organisations", "interior") == ["Ministry of Interior"]

    def test_countries_and_topics_are_found_by_their_names_in_the_reader_s_language(self, network):
        Concept.objects.create(
            slug="case-management",
            labels={"en": "case management", "es": "gestión de casos"},
            synonyms={"es": ["manejo de casos"]},
        )
        client = client_for(network.community_member)
        assert suggested(client, "countries", "thai") == ["Thailand"]
        assert suggested(client, "topics", "case") == ["case management"]
        client.cookies["django_language"] = "es"
        assert "México" in suggested(client, "countries", "mexico")  # accents need not be typed
        assert suggested(client, "topics", "manejo") == ["gestión de casos"]
        assert suggested(client, "languages", "franc") == ["Francés"]


def test_each_suggestion_list_asks_a_bounded_number_of_queries(network):
    client = client_for(network.community_member)
    counter = {"n": 0}

    def grow(count: int) -> None:
        for _ in range(count):
            counter["n"] += 1
            n = counter["n"]
            make_user(f"grown{n}@test.example", display_name=f"Grown Person {n}")
            Organisation.objects.create(slug=f"grown-{n}", name=f"Grown Organisation {n}")
            Concept.objects.create(slug=f"grown-{n}", labels={"en": f"grown topic {n}"})

    for source in ["people", "organisations", "topics", "countries", "languages"]:
        queries = assert_queries_bounded(client, f"/pickers/{source}/?q=grown", grow)
        assert queries <= 5, source
    assert User.objects.filter(email__startswith="grown").count() > 20
