"""The low findings of the insider review, each replayed as the person who found it, with its
positive control."""

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from peerlearning.accounts.models import JoinRequest, User
from peerlearning.knowledge import search
from peerlearning.knowledge.models import Update
from peerlearning.network.models import Membership, Organisation
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db

LOOSELY = "some words were matched loosely"


class TestSearchCorrections:
    """Typo correction confirmed words that exist only in private, draft or withdrawn items."""

    @pytest.fixture
    def private_word(self, network):
        update = Update.objects.create(
            slug="quiet-note",
            title="Quiet note",
            body="The zanzibarian arrangement for returns.",
            community=network.private,
        )
        draft = Update.objects.create(
            slug="draft-note", title="Draft", body="A marrakeshian plan.", is_published=False
        )
        search.index([search.update_entry(update), search.update_entry(draft)])
        return update

    def test_an_outsider_gets_no_correction_towards_a_private_word(self, network, private_word):
        page = client_for(network.member).get("/search/?q=zanzibarien").content.decode()
        assert LOOSELY not in page
        assert "zanzibarian" not in page
        page = client_for(network.member).get("/search/?q=marrakeshien").content.decode()
        assert LOOSELY not in page
        page = Client().get("/search/?q=zanzibarien").content.decode()
        assert LOOSELY not in page

        # Positive control: a member of the private community is corrected, and finds it.
        page = client_for(network.community_member).get("/search/?q=zanzibarien").content.decode()
        assert LOOSELY in page
        assert "Quiet note" in page


def test_the_members_page_sorts_pseudonymous_people_by_their_public_name(network):
    """Sorted by the hidden real name ("Real Name Behind"), the pseudonym "Amal" came after
    "Public Person", which told the facilitator where the real name sits in the alphabet."""
    page = client_for(network.facilitator).get("/communities/asia-pacific/members/")
    text = page.content.decode()
    assert text.index("Amal") < text.index("Chandra Member") < text.index("Public Person")


class TestAddingByEmail:
    """Adding a person by e-mail needed no consent and answered with their pseudonym; the form
    told which addresses have accounts."""

    def test_the_answer_is_the_same_for_a_member_an_account_and_a_stranger(self, network):
        facilitator = client_for(network.facilitator)
        answers = []
        for email in (
            network.pseudonymous.email,
            network.community_member.email,
            "stranger@example.net",
        ):
            response = facilitator.post(
                "/communities/asia-pacific/members/invite/",
                {"email": email, "role": "member", "language": "en"},
                follow=True,
            )
            text = response.content.decode().replace(email, "ADDRESS")
            answers.append("An invitation has been sent to ADDRESS" in text)
        assert answers == [True, True, True]
        outsider_email = network.outsider.email
        response = facilitator.post(
            "/communities/asia-pacific/members/invite/",
            {"email": outsider_email, "role": "member", "language": "en"},
        )
        assert response.status_code == 302
        # No one joins unasked.
        assert not Membership.objects.filter(community=network.asia, person=network.outsider)

    def test_the_api_answers_without_naming_anyone(self, network):
        from peerlearning.network.tests.test_api import api, token_for

        status, payload = api(
            "post",
            "/communities/asia-pacific/members",
            token_for(network.facilitator),
            {"email": network.pseudonymous.email},
        )
        assert status == 202
        assert payload == {"status": "invited", "member": None}
        assert "Amal" not in json.dumps(payload)

    def test_the_platform_invitation_form_does_not_tell_who_has_an_account(
        self, facilitator_client, member
    ):
        for email in (member.email, "nobody.yet@example.net"):
            response = facilitator_client.post(
                "/manage/invitations/", {"email": email, "language": "en"}, follow=True
            )
            assert "Invitation sent to" in response.content.decode()
            assert "already has an account" not in response.content.decode()
        assert User.objects.filter(email="nobody.yet@example.net").count() == 0


def test_the_search_export_cannot_carry_a_formula(network):
    update = Update.objects.create(
        slug="formula", title='=HYPERLINK("http://evil.example","hyperlinked")', body="hyperlinked"
    )
    search.index([search.update_entry(update)])
    response = Client().get("/search/results.csv?q=hyperlinked")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    titles = [row[2] for row in rows[1:]]
    assert titles == ['\'=HYPERLINK("http://evil.example","hyperlinked")']


class TestOrganisationWebsite:
    """An organisation's website accepted `javascript:` links, rendered as a link."""

    def test_only_a_web_address_is_accepted(self, network):
        from peerlearning.network.tests.test_api import api, token_for

        token = token_for(network.facilitator)
        status, payload = api(
            "post",
            "/organisations",
            token,
            {
                "name": "Trap",
                "slug": "trap",
                "stakeholder_type": "donor",
                "website": "javascript:fetch('/profile/export/')",
            },
        )
        assert status == 400
        assert "http" in payload["error"]
        assert not Organisation.objects.filter(slug="trap").exists()
        status, payload = api(
            "post",
            "/organisations",
            token,
            {
                "name": "Fine",
                "slug": "fine",
                "stakeholder_type": "donor",
                "website": "https://fine.example.org/",
            },
        )
        assert status == 201
        assert payload["website"] == "https://fine.example.org/"

    def test_the_model_refuses_it_in_the_admin_and_the_page_never_links_it(self, network):
        organisation = network.ngo
        organisation.website = "JavaScript:alert(1)"
        with pytest.raises(ValidationError):
            organisation.full_clean()
        organisation.save()  # stored before the rule: shown, never linked
        page = Client().get(organisation.get_absolute_url()).content.decode()
        assert 'href="JavaScript:' not in page
        assert "JavaScript:alert(1)" in page
        organisation.website = "https://host.example.org/"
        organisation.full_clean()
        organisation.save()
        page = Client().get(organisation.get_absolute_url()).content.decode()
        assert 'href="https://host.example.org/"' in page


class TestJoinFormThrottle:
    """Twenty anonymous requests to join e-mailed every administrator twenty times."""

    def request(self, email, ip="203.0.113.9"):
        return Client(REMOTE_ADDR=ip).post(
            "/accounts/join/",
            {
                "name": "Flood",
                "email": email,
                "organisation": "",
                "country": "MX",
                "reason": "Let me in.",
            },
        )

    def test_twenty_requests_from_one_place_make_five_and_one_email(
        self, administrator, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            statuses = [self.request(f"flood{i}@example.net").status_code for i in range(20)]
        assert statuses == [200] * 5 + [429] * 15
        refused = self.request("flood99@example.net")
        assert "Too many requests to join" in refused.content.decode()
        assert JoinRequest.objects.count() == 5
        assert [m.to for m in mailoutbox] == [[administrator.email]]
        # Positive control: someone else, elsewhere, is not held up.
        assert self.request("someone@example.org", ip="198.51.100.7").status_code == 200
        assert JoinRequest.objects.count() == 6

    def test_one_address_cannot_be_flooded_from_many_places(self, administrator):
        statuses = [
            self.request("victim@example.org", ip=f"192.0.2.{i}").status_code for i in range(1, 5)
        ]
        assert statuses == [200, 200, 429, 429]
        assert JoinRequest.objects.filter(email="victim@example.org").count() == 2


class TestCacheControl:
    """Confidential pages were sent without `Cache-Control: no-store`."""

    @staticmethod
    def directives(response) -> set[str]:
        return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}

    def test_every_page_for_a_signed_in_person_is_never_stored(self, network):
        client = client_for(network.community_member)
        for path in (
            "/profile/",
            "/communities/cross-regional/",
            "/exchanges/asia-exchange/",
            "/communities/",
            "/api/v1/communities",
        ):
            response = client.get(path)
            assert response.status_code == 200, path
            assert {"no-store", "private"} <= self.directives(response), path

    def test_token_pages_and_refusals_are_never_stored_for_visitors(self, network):
        for path in ("/accounts/invitations/not-a-real-token/", "/accounts/login/", "/profile/"):
            assert {"no-store", "private"} <= self.directives(Client().get(path)), path
        from peerlearning.network.tests.test_api import token_for

        response = Client().get(
            "/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {token_for(network.member)}"
        )
        assert response.status_code == 200
        assert "no-store" in self.directives(response)

    def test_public_pages_seen_anonymously_may_be_cached(self, network):
        for path in ("/communities/", "/communities/asia-pacific/"):
            response = Client().get(path)
            assert response.status_code == 200
            assert "no-store" not in self.directives(response), path


class TestLoadDemoGuard:
    """`loaddemo` ran against a production database: its accounts have a published password
    and two-factor secrets."""

    def test_it_refuses_with_debug_off(self, settings, monkeypatch):
        from django.core.management import call_command
        from django.core.management.base import CommandError

        settings.DEBUG = False
        monkeypatch.delenv("PEERLEARNING_DEMO", raising=False)
        with pytest.raises(CommandError, match="DEBUG off"):
            call_command("loaddemo", stdout=io.StringIO())
        assert not User.objects.filter(email="admin@example.org").exists()

    def test_it_refuses_a_database_with_real_accounts_even_when_forced(self, settings, member):
        from django.core.management import call_command
        from django.core.management.base import CommandError

        settings.DEBUG = False
        with pytest.raises(CommandError, match="not the demo's"):
            call_command("loaddemo", force=True, stdout=io.StringIO())
        assert not User.objects.filter(email="admin@example.org").exists()

    def test_forced_on_an_empty_database_it_loads(self, settings):
        from django.core.management import call_command

        settings.DEBUG = False
        call_command("loaddemo", force=True, stdout=io.StringIO())
        assert User.objects.filter(email="admin@example.org").exists()
