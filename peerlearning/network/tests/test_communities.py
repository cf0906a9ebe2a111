import re

import pytest
from django.test import Client

from peerlearning.accounts.models import AuditEntry, Invitation, User
from peerlearning.network.models import (
    Community,
    CommunityJoinRequest,
    Country,
    Membership,
    OrganisationMembership,
    Role,
)
from peerlearning.network.testing import client_for
from peerlearning.testing import assert_queries_bounded, make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


def body(response) -> str:
    return response.content.decode()


class TestListAndDetail:
    def test_a_private_community_is_invisible_to_non_members(self, network):
        for user in [None, network.outsider, network.member, network.other_facilitator]:
            client = client_for(user)
            assert "Cross-regional platform" not in body(client.get("/communities/"))
            # Signed out: asked to sign in, as for a community that does not exist (issue 13).
            expected = 302 if user is None else 404
            assert client.get("/communities/cross-regional/").status_code == expected

    def test_members_see_their_private_community(self, network):
        client = client_for(network.community_member)
        assert "Cross-regional platform" in body(client.get("/communities/"))
        assert client.get("/communities/cross-regional/").status_code == 200

    def test_the_page_shows_purpose_co_leads_and_members_as_their_profiles_allow(self, network):
        anonymous = body(Client().get("/communities/asia-pacific/"))
        assert "HOST International" in anonymous
        assert "Public Person" in anonymous
        assert "Chandra Member" not in anonymous  # a network profile: members only
        assert "Hidden Person" not in anonymous
        signed_in = body(client_for(network.outsider).get("/communities/asia-pacific/"))
        assert "Chandra Member" in signed_in
        assert "Amal" in signed_in
        assert "Real Name Behind" not in signed_in
        assert "Hidden Person" not in signed_in
        assert "1 more member keeps their profile private" in signed_in

    def test_filters_by_level_and_region(self, network):
        page = body(Client().get("/communities/?region=mena&level=regional"))
        assert "MENA network" not in page  # no MENA country attached
        page = body(Client().get("/communities/?region=m49-035"))
        assert "Asia Pacific platform" in page
        assert "MENA network" not in page
        assert Client().get("/communities/?level=nonsense&region=atlantis").status_code == 200

    def test_pages_keep_a_bounded_number_of_queries(self, network):
        def grow(n):
            start = Community.objects.count()
            for i in range(n):
                community = Community.objects.create(
                    slug=f"c{start + i}", name=f"C{i}", purpose="p", level="local"
                )
                community.countries.set(Country.objects.filter(code__in=["TH", "MY"]))
                OrganisationMembership.objects.create(
                    community=community, organisation=network.ngo, role=Role.CO_LEAD
                )
                person = make_user(f"p{start + i}@test.example")
                Membership.objects.create(community=network.asia, person=person)
                Membership.objects.create(community=community, person=person)

        client = client_for(network.facilitator)
        assert assert_queries_bounded(client, "/communities/", grow) <= 10

        def more_exchanges(n):
            from datetime import timedelta

            from django.utils import timezone

            from peerlearning.exchanges.models import Exchange

            start = Exchange.objects.count()
            for i in range(n):
                for days in (-30, 30):
                    Exchange.objects.create(
                        slug=f"grow-{start}-{i}-{days}",
                        community=network.asia,
                        title=f"E{i}",
                        format="webinar",
                        status="open",
                        visibility="public",
                        starts_at=timezone.now() + timedelta(days=days),
                    )

        # 18: whether the reader follows the community, and the header's unread count (issue 18).
        assert assert_queries_bounded(client, "/communities/asia-pacific/", more_exchanges) <= 18
        assert assert_queries_bounded(client, "/communities/asia-pacific/", grow) <= 18
        assert assert_queries_bounded(client, "/communities/asia-pacific/members/", grow) <= 14


class TestJoining:
    def test_a_member_asks_to_join_and_a_facilitator_approves(
        self, network, mailoutbox, django_capture_on_commit_callbacks
    ):
        client = client_for(network.outsider)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                "/communities/asia-pacific/join/", {"message": "We run a pilot in Chiang Mai."}
            )
        assert mailoutbox[-1].to == [network.facilitator.email]
        assert "We run a pilot in Chiang Mai." in mailoutbox[-1].body
        assert "Your request to join is waiting for a facilitator." in body(
            client.get("/communities/asia-pacific/")
        )
        join_request = CommunityJoinRequest.objects.get()
        facilitator = client_for(network.facilitator)
        assert "We run a pilot in Chiang Mai." in body(
            facilitator.get("/communities/asia-pacific/members/")
        )
        with django_capture_on_commit_callbacks(execute=True):
            facilitator.post(
                f"/communities/asia-pacific/requests/{join_request.uuid}/decide/",
                {"decision": "approve"},
            )
        assert Membership.objects.filter(community=network.asia, person=network.outsider).exists()
        assert mailoutbox[-1].to == [network.outsider.email]
        assert AuditEntry.objects.filter(action="community.request_approved").exists()

    def test_asking_twice_is_refused_politely(self, network):
        client = client_for(network.outsider)
        client.post("/communities/asia-pacific/join/", {})
        response = client.post("/communities/asia-pacific/join/", {}, follow=True)
        assert "already waiting" in body(response)
        assert CommunityJoinRequest.objects.count() == 1

    def test_declining_needs_a_reason_and_tells_the_person(
        self, network, mailoutbox, django_capture_on_commit_callbacks
    ):
        join_request = CommunityJoinRequest.objects.create(
            community=network.asia, person=network.outsider
        )
        facilitator = client_for(network.facilitator)
        url = f"/communities/asia-pacific/requests/{join_request.uuid}/decide/"
        response = facilitator.post(url, {"decision": "decline"}, follow=True)
        assert "Give a reason" in body(response)
        with django_capture_on_commit_callbacks(execute=True):
            facilitator.post(url, {"decision": "decline", "reason": "Governments only for now."})
        join_request.refresh_from_db()
        assert join_request.status == "declined"
        assert "Governments only for now." in mailoutbox[-1].body
        assert not Membership.objects.filter(
            community=network.asia, person=network.outsider
        ).exists()

    def test_guessing_a_private_communitys_address_reveals_nothing(self, network):
        client = client_for(network.outsider)
        private = client.post("/communities/cross-regional/join/", {})
        assert private.status_code == 404
        # The same answer as for a community that does not exist.
        assert client.post("/communities/no-such-community/join/", {}).status_code == 404
        assert CommunityJoinRequest.objects.count() == 0
        # Control: the same request to a community open to requests is taken.
        assert client.post("/communities/asia-pacific/join/", {}).status_code == 302
        assert CommunityJoinRequest.objects.count() == 1

    def test_a_member_leaves(self, network):
        client = client_for(network.community_member)
        client.post("/communities/asia-pacific/leave/")
        assert not Membership.objects.filter(
            community=network.asia, person=network.community_member
        ).exists()
        assert AuditEntry.objects.filter(
            action="community.left", actor=network.community_member
        ).exists()

    def test_the_last_facilitator_cannot_leave(self, network):
        response = client_for(network.facilitator).post(
            "/communities/asia-pacific/leave/", follow=True
        )
        assert "at least one facilitator" in body(response)
        assert Membership.objects.filter(
            community=network.asia, person=network.facilitator
        ).exists()


class TestFacilitation:
    def members_url(self):
        return "/communities/asia-pacific/members/"

    def test_an_existing_person_joins_only_by_accepting(
        self, network, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(network.facilitator).post(
                "/communities/asia-pacific/members/invite/",
                {"email": "OUTSIDER@test.example", "role": "observer", "language": "fr"},
            )
        assert response.status_code == 302
        assert not Membership.objects.filter(community=network.asia, person=network.outsider)
        assert mailoutbox[-1].to == [network.outsider.email]
        assert "Asia Pacific platform" in mailoutbox[-1].subject
        link = re.search(r"https?://[^/\s]+(/accounts/invitations/\S+/)", mailoutbox[-1].body)
        assert link, mailoutbox[-1].body
        # Someone else signed in cannot take the seat.
        assert client_for(network.member).post(link.group(1)).status_code == 409
        client = client_for(network.outsider)
        assert "Asia Pacific platform" in body(client.get(link.group(1)))
        assert not Membership.objects.filter(community=network.asia, person=network.outsider)
        response = client.post(link.group(1))
        assert response.status_code == 302
        membership = Membership.objects.get(community=network.asia, person=network.outsider)
        assert membership.role == "observer"
        assert client.post(link.group(1)).status_code == 410

    def test_inviting_an_existing_member_changes_nothing(self, network):
        response = client_for(network.facilitator).post(
            "/communities/asia-pacific/members/invite/",
            {"email": network.community_member.email, "role": "facilitator", "language": "en"},
            follow=True,
        )
        assert "An invitation has been sent to" in body(response)
        assert (
            Membership.objects.get(community=network.asia, person=network.community_member).role
            == "member"
        )

    def test_an_invalid_address_is_refused(self, network):
        response = client_for(network.facilitator).post(
            "/communities/asia-pacific/members/invite/",
            {"email": "nobody@", "role": "member", "language": "en"},
        )
        assert response.status_code == 400
        assert "Enter a valid email address" in body(response)

    def test_a_new_person_is_invited_and_joins_when_they_accept(
        self, network, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            client_for(network.facilitator).post(
                "/communities/asia-pacific/members/invite/",
                {"email": "newcomer@example.net", "role": "member", "language": "en"},
            )
        assert Invitation.objects.get().email == "newcomer@example.net"
        match = re.search(r"(/accounts/invitations/\S+/)", mailoutbox[-1].body)
        assert match is not None
        link = match.group(1)
        Client().post(
            link,
            {
                "display_name": "Newcomer",
                "password1": "a-long-passphrase-1",
                "password2": "a-long-passphrase-1",
            },
        )
        newcomer = User.objects.get(email="newcomer@example.net")
        assert Membership.objects.filter(community=network.asia, person=newcomer).exists()

    def test_a_facilitator_changes_a_role(self, network):
        membership = Membership.objects.get(community=network.asia, person=network.community_member)
        client_for(network.facilitator).post(
            f"/communities/asia-pacific/members/{membership.uuid}/role/", {"role": "facilitator"}
        )
        membership.refresh_from_db()
        assert membership.role == "facilitator"
        entry = AuditEntry.objects.get(action="community.role_changed")
        assert entry.details == {
            "person": str(network.community_member.uuid),
            "before": "member",
            "after": "facilitator",
        }
        assert entry.actor == network.facilitator

    def test_nobody_changes_their_own_role(self, network, administrator):
        Membership.objects.create(
            community=network.asia, person=administrator, role=Role.FACILITATOR
        )
        own = Membership.objects.get(community=network.asia, person=administrator)
        response = client_for(administrator).post(
            f"/communities/asia-pacific/members/{own.uuid}/role/", {"role": "observer"}, follow=True
        )
        assert "cannot change your own role" in body(response)
        own.refresh_from_db()
        assert own.role == "facilitator"

    def test_the_last_facilitator_cannot_be_demoted(self, network, administrator):
        membership = Membership.objects.get(community=network.asia, person=network.facilitator)
        response = client_for(administrator).post(
            f"/communities/asia-pacific/members/{membership.uuid}/role/",
            {"role": "member"},
            follow=True,
        )
        assert "at least one facilitator" in body(response)
        membership.refresh_from_db()
        assert membership.role == "facilitator"

    def test_an_unknown_role_is_refused(self, network):
        membership = Membership.objects.get(community=network.asia, person=network.community_member)
        response = client_for(network.facilitator).post(
            f"/communities/asia-pacific/members/{membership.uuid}/role/",
            # Co-lead is a role now, given by the platform's facilitators
            # (test_community_building.py).
            {"role": "owner"},
            follow=True,
        )
        assert "Choose a role" in body(response)

    def test_a_facilitator_adds_an_organisation_by_name_or_acronym(self, network):
        client = client_for(network.facilitator)
        response = client.post(
            "/communities/asia-pacific/organisations/add/",
            {"organisation": "ministry of interior", "role": "member"},
        )
        assert response.status_code == 302
        assert OrganisationMembership.objects.filter(
            community=network.asia, organisation=network.ministry
        ).exists()
        response = client.post(
            "/communities/asia-pacific/organisations/add/",
            {"organisation": "HOST", "role": "member"},
        )
        assert "already in this community" in body(response)
        response = client.post(
            "/communities/asia-pacific/organisations/add/",
            {"organisation": "Ministry of Magic", "role": "member"},
        )
        assert "No organisation is called" in body(response)
        assert 'value="Ministry of Magic"' in body(response)

    def test_a_member_cannot_manage_where_the_facilitator_can(self, network):
        client = client_for(network.community_member)
        assert client.get("/communities/asia-pacific/members/").status_code == 403
        response = client.post(
            "/communities/asia-pacific/members/invite/",
            {"email": "x@example.net", "role": "member", "language": "en"},
        )
        assert response.status_code == 403
        assert Invitation.objects.count() == 0
        # The same requests from the community's facilitator.
        facilitator = client_for(network.facilitator)
        assert facilitator.get("/communities/asia-pacific/members/").status_code == 200
        response = facilitator.post(
            "/communities/asia-pacific/members/invite/",
            {"email": "x@example.net", "role": "member", "language": "en"},
        )
        assert response.status_code == 302
        assert Invitation.objects.get().email == "x@example.net"

    def test_a_community_facilitator_needs_two_factor_sign_in(self, network):
        person = make_user("newfac@test.example")
        Membership.objects.create(community=network.mena, person=person, role=Role.FACILITATOR)
        response = client_for(person).get("/communities/mena/members/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_facilitators_manage_hidden_members_but_closed_accounts_are_gone(network):
    """The members page is for managing: hidden profiles are listed there (and in the API's
    answers to a facilitator's change); a closed account leaves every community."""
    import json

    from peerlearning.accounts.actions import close_account
    from peerlearning.network.models import Membership

    client = client_for(network.facilitator)
    page = client.get("/communities/asia-pacific/members/").content.decode()
    assert "Hidden Person" in page
    hidden = Membership.objects.get(community=network.asia, person=network.hidden)
    response = client.patch(
        f"/api/v1/communities/asia-pacific/members/{hidden.uuid}",
        data=json.dumps({"role": "observer"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["role"] == "observer"
    # Readers of the directory still do not see the hidden person.
    members = client_for(network.outsider).get("/api/v1/communities/asia-pacific/members").json()
    assert "Hidden Person" not in json.dumps(members)
    unlisted = members["unlisted_people"]
    close_account(network.hidden)
    assert not Membership.objects.filter(person=network.hidden).exists()
    after = client_for(network.outsider).get("/api/v1/communities/asia-pacific/members").json()
    assert after["unlisted_people"] == unlisted - 1


def test_e_mails_name_a_pseudonymous_person_by_the_pseudonym(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    """A request to join and an invitation each name their author; never the real name behind
    a pseudonym."""
    person = make_user("veiled@test.example", display_name="Veiled Realname", pseudonym="Noor")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(person).post("/communities/asia-pacific/join/", {"message": "Hello."})
    request_mail = mailoutbox[-1]
    assert "Noor asks to join" in request_mail.body
    network.facilitator.pseudonym = "Facilitator Pseudonym"
    network.facilitator.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(network.facilitator).post(
            "/manage/invitations/", {"email": "someone.new@example.net", "language": "en"}
        )
    invitation_mail = mailoutbox[-1]
    assert invitation_mail.to == ["someone.new@example.net"]
    assert "Facilitator Pseudonym invites you" in invitation_mail.body
    for message in (request_mail, invitation_mail):
        assert "Veiled Realname" not in message.body
        assert "Fay Facilitator" not in message.body
