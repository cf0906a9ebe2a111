"""Finding 1 (High): anyone could claim any organisation and at once get its rights.

Replayed as the insider who found it: a signed-in person in no community claims the Thai
ministry (the `network` fixture's government) and HOST International on "My organisations", then
tries everything the claim used to open. Each is refused while the claim waits, and works once a
confirmed member of the organisation or a coordinator confirms it (the positive control).
"""

import pytest
from allauth.account.models import EmailAddress

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges.models import Contribution, Registration, RegistrationStatus
from peerlearning.network.models import Affiliation, Organisation, OrganisationDomain
from peerlearning.network.testing import client_for
from peerlearning.support.models import Decision, RequestStatus
from peerlearning.testing import make_user, post_json

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

MINISTRY = "ministry-of-interior-th"


def claim(client, organisation: str, title: str = ""):
    """Through the page, as the insider did."""
    return client.post("/profile/organisations/", {"organisation": organisation, "title": title})


def confirm(client, *claims: Affiliation):
    return client.post(
        "/manage/affiliations/decide/",
        {"claims": [str(c.uuid) for c in claims], "decision": "confirm"},
    )


@pytest.fixture
def claimant(network):
    """The outsider (signed in, in no community), with a claim to the ministry."""
    client = client_for(network.outsider)
    response = claim(client, "Ministry of Interior", "Director-General")
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(person=network.outsider, organisation=network.ministry)
    assert affiliation.status == Affiliation.Status.CLAIMED
    return client, affiliation


class TestAClaimShowsAsWaiting:
    def test_it_is_listed_as_waiting_and_can_be_withdrawn(self, network, claimant):
        client, affiliation = claimant
        page = client.get("/profile/organisations/").content.decode()
        assert "Ministry of Interior" in page
        assert "waiting for confirmation" in page
        assert "Withdraw" in page
        client.post(f"/profile/organisations/{affiliation.uuid}/remove/")
        assert not Affiliation.objects.filter(pk=affiliation.pk).exists()
        assert AuditEntry.objects.filter(action="affiliation.withdrawn").exists()

    def test_the_directory_does_not_show_a_claim(self, network, claimant):
        _client, affiliation = claimant
        page = client_for(network.member).get(f"/directory/organisations/{MINISTRY}/")
        assert "Otto Outsider" not in page.content.decode()
        assert "Chandra Member" in page.content.decode()  # confirmed: shown
        confirm(client_for(network.community_member), affiliation)
        page = client_for(network.member).get(f"/directory/organisations/{MINISTRY}/")
        assert "Otto Outsider" in page.content.decode()


class TestTheSupportRequestOfTheOrganisation:
    def test_its_private_request_stays_private_until_the_claim_is_confirmed(
        self, network, world, claimant
    ):
        client, affiliation = claimant
        api = f"/api/v1/support/requests/{world.private.uuid}"
        page = f"/support/requests/{world.private.uuid}/"
        assert client.get(api).status_code == 404
        assert client.get(page).status_code == 404
        assert world.private.title not in client.get("/support/?mine=1").content.decode()
        assert world.private.title not in client.get("/api/v1/support/requests").content.decode()

        response = confirm(client_for(network.community_member), affiliation)
        assert response.status_code == 302
        assert client.get(api).status_code == 200
        assert client.get(page).status_code == 200

    def test_it_cannot_be_closed_or_reopened_by_a_claimant(self, network, world, claimant):
        client, affiliation = claimant
        move = f"/support/requests/{world.private.uuid}/status/"
        assert client.post(move, {"status": "closed"}).status_code == 404
        world.private.refresh_from_db()
        assert world.private.status == RequestStatus.OPEN

        confirm(client_for(network.facilitator), affiliation)  # a coordinator confirms
        assert client.post(move, {"status": "closed"}).status_code == 302
        world.private.refresh_from_db()
        assert world.private.status == RequestStatus.CLOSED
        assert client.post(move, {"status": "open"}).status_code == 302
        world.private.refresh_from_db()
        assert world.private.status == RequestStatus.OPEN

    def test_a_claimant_cannot_answer_for_either_side_of_a_match(self, network, world):
        client = client_for(network.outsider)
        claim(client, "HOST")  # the offering side of the match
        claim(client, "Ministry of Interior")  # the requesting side
        match = world.match
        assert client.post(
            f"/support/matches/{match.uuid}/answer/", {"decision": "accept"}
        ).status_code in (403, 404)
        assert (
            post_json(client, f"/api/v1/support/matches/{match.uuid}/answer", {"accept": True})
        ).status_code == 404
        match.refresh_from_db()
        assert (match.requester_decision, match.offerer_decision) == (
            Decision.PENDING,
            Decision.PENDING,
        )

        host = Affiliation.objects.get(person=network.outsider, organisation=network.ngo)
        confirm(client_for(network.facilitator), host)
        response = post_json(
            client, f"/api/v1/support/matches/{match.uuid}/answer", {"accept": True}
        )
        assert response.status_code == 200
        match.refresh_from_db()
        # HOST's side only: the ministry claim is still waiting.
        assert (match.requester_decision, match.offerer_decision) == (
            Decision.PENDING,
            Decision.ACCEPTED,
        )

    def test_no_request_or_offer_is_made_in_the_organisations_name(self, network, claimant):
        client, affiliation = claimant
        response = post_json(
            client,
            "/api/v1/support/offers",
            {
                "title": "A site visit",
                "kinds": ["site-visit"],
                "topics": [],
                "languages": ["en"],
                "organisation": MINISTRY,
            },
        )
        assert response.status_code == 400
        form = client.get("/support/requests/new/").content.decode()
        assert "Ministry of Interior" not in form

        confirm(client_for(network.community_member), affiliation)
        form = client.get("/support/requests/new/").content.decode()
        assert "Ministry of Interior" in form

    def test_the_organisations_mail_goes_to_its_confirmed_people_only(
        self, network, world, claimant, mailoutbox, django_capture_on_commit_callbacks
    ):
        claim(client_for(network.member), "HOST")
        world.match.delete()
        coordinator = client_for(network.facilitator)
        with django_capture_on_commit_callbacks(execute=True):
            coordinator.post(
                f"/support/requests/{world.request.uuid}/propose/", {"offer": world.host.uuid}
            )
        recipients = {message.to[0] for message in mailoutbox}
        assert network.member.email not in recipients  # a claimant of HOST
        assert network.community_member.email in recipients  # the requester

        host = Affiliation.objects.get(person=network.member, organisation=network.ngo)
        confirm(coordinator, host)
        mailoutbox.clear()
        world.request.matches.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            coordinator.post(
                f"/support/requests/{world.request.uuid}/propose/", {"offer": world.host.uuid}
            )
        assert network.member.email in {message.to[0] for message in mailoutbox}


def participants_table(response) -> str:
    return response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]


class TestTheDelegation:
    def test_a_claimant_cannot_register_in_the_delegation_nor_read_the_room(
        self, network, claimant
    ):
        client, affiliation = claimant
        exchange = network.open_exchange
        said = Contribution.objects.create(
            exchange=exchange, kind="learning", text="What a delegate said in the room."
        )
        register = f"/exchanges/{exchange.slug}/register/"
        form = client.get(register).content.decode()
        assert "Ministry of Interior" not in form
        response = client.post(register, {"organisation": network.ministry.pk, "accept_rule": "on"})
        assert response.status_code == 400
        response = post_json(
            client,
            f"/api/v1/exchanges/{exchange.slug}/registration",
            {"organisation": MINISTRY, "accept_rule": True},
        )
        assert response.status_code == 400
        assert not Registration.objects.filter(person=network.outsider).exists()
        participants = client_for(network.facilitator).get(
            f"/exchanges/{exchange.slug}/participants/"
        )
        # The table of participants (the invitation form beside it lists the network by name).
        assert "Otto Outsider" not in participants_table(participants)
        assert client.get(f"/exchanges/{exchange.slug}/contributions/").status_code == 403
        assert (
            said.text
            not in client.get(f"/api/v1/exchanges/{exchange.slug}/contributions").content.decode()
        )

        confirm(client_for(network.community_member), affiliation)
        response = client.post(register, {"organisation": network.ministry.pk, "accept_rule": "on"})
        assert response.status_code == 302
        registration = Registration.objects.get(person=network.outsider)
        assert registration.status == RegistrationStatus.REGISTERED
        assert registration.delegation.organisation == network.ministry
        participants = client_for(network.facilitator).get(
            f"/exchanges/{exchange.slug}/participants/"
        )
        assert "Otto Outsider" in participants_table(participants)
        page = client.get(f"/exchanges/{exchange.slug}/contributions/")
        assert page.status_code == 200
        assert said.text in page.content.decode()


class TestWhoDecides:
    def test_a_claimant_cannot_confirm_their_own_claim(self, network, claimant):
        client, affiliation = claimant
        assert client.get("/manage/affiliations/").status_code == 403
        assert confirm(client, affiliation).status_code == 403
        affiliation.refresh_from_db()
        assert affiliation.status == Affiliation.Status.CLAIMED

        # Not even a coordinator decides their own claim.
        coordinator = client_for(network.facilitator)
        claim(coordinator, "HOST")
        own = Affiliation.objects.get(person=network.facilitator, organisation=network.ngo)
        assert str(own.uuid) not in coordinator.get("/manage/affiliations/").content.decode()
        assert confirm(coordinator, own).status_code == 404
        own.refresh_from_db()
        assert own.status == Affiliation.Status.CLAIMED
        assert confirm(client_for(network.administrator), own).status_code == 302
        own.refresh_from_db()
        assert own.status == Affiliation.Status.CONFIRMED

    def test_a_person_with_an_unconfirmed_claim_cannot_confirm_others(self, network, claimant):
        client, _own = claimant
        claim(client_for(network.member), "Ministry of Interior")
        other = Affiliation.objects.get(person=network.member)
        assert confirm(client, other).status_code == 403
        other.refresh_from_db()
        assert other.status == Affiliation.Status.CLAIMED

        response = confirm(client_for(network.community_member), other)
        assert response.status_code == 302
        other.refresh_from_db()
        assert other.status == Affiliation.Status.CONFIRMED
        assert other.decided_by == network.community_member
        entry = AuditEntry.objects.get(action="affiliation.confirmed")
        assert entry.actor == network.community_member
        assert entry.details == {"person": str(network.member.uuid)}

    def test_a_confirmed_member_decides_claims_on_their_organisation_only(self, network, claimant):
        _client, to_ministry = claimant
        claim(client_for(network.member), "HOST")
        to_host = Affiliation.objects.get(person=network.member)
        member = client_for(network.community_member)  # confirmed at the ministry
        page = member.get("/manage/affiliations/").content.decode()
        assert str(to_ministry.uuid) in page
        assert str(to_host.uuid) not in page
        assert confirm(member, to_host).status_code == 404
        # Both in one request: nothing is written when one of them is not theirs.
        assert confirm(member, to_ministry, to_host).status_code == 404
        to_ministry.refresh_from_db()
        assert to_ministry.status == Affiliation.Status.CLAIMED
        # A coordinator sees and decides all, in bulk.
        coordinator = client_for(network.facilitator)
        page = coordinator.get("/manage/affiliations/").content.decode()
        assert str(to_ministry.uuid) in page and str(to_host.uuid) in page
        assert confirm(coordinator, to_ministry, to_host).status_code == 302
        assert set(
            Affiliation.objects.filter(pk__in=[to_ministry.pk, to_host.pk]).values_list(
                "status", flat=True
            )
        ) == {Affiliation.Status.CONFIRMED}

    def test_a_member_of_a_department_does_not_decide_for_its_parent(self, network, claimant):
        _client, to_ministry = claimant
        department = Organisation.objects.create(
            slug="immigration-bureau-th",
            name="Immigration Bureau",
            stakeholder_type="government",
            parent=network.ministry,
        )
        Affiliation.objects.create(
            person=network.member, organisation=department, status=Affiliation.Status.CONFIRMED
        )
        member = client_for(network.member)
        assert str(to_ministry.uuid) not in member.get("/manage/affiliations/").content.decode()
        assert confirm(member, to_ministry).status_code == 404
        to_ministry.refresh_from_db()
        assert to_ministry.status == Affiliation.Status.CLAIMED

    def test_a_declined_claim_gives_nothing_and_may_be_asked_again(self, network, world, claimant):
        client, affiliation = claimant
        response = client_for(network.community_member).post(
            "/manage/affiliations/decide/",
            {"claims": [str(affiliation.uuid)], "decision": "decline"},
        )
        assert response.status_code == 302
        affiliation.refresh_from_db()
        assert affiliation.status == Affiliation.Status.DECLINED
        assert client.get(f"/api/v1/support/requests/{world.private.uuid}").status_code == 404
        assert "declined" in client.get("/profile/organisations/").content.decode()
        claim(client, "Ministry of Interior")
        affiliation.refresh_from_db()
        assert affiliation.status == Affiliation.Status.CLAIMED

    def test_a_claim_behind_a_pseudonym_is_decided_by_coordinators_only(self, network):
        pseudonymous = make_user("quiet@test.example", display_name="Real Name", pseudonym="Quiet")
        claim(client_for(pseudonymous), "Ministry of Interior")
        hidden = Affiliation.objects.get(person=pseudonymous)
        page = client_for(network.community_member).get("/manage/affiliations/").content.decode()
        assert str(hidden.uuid) not in page and "Real Name" not in page
        page = client_for(network.facilitator).get("/manage/affiliations/").content.decode()
        assert str(hidden.uuid) in page

    def test_a_claim_by_a_hidden_profile_is_decided_by_coordinators_only(self, network):
        claim(client_for(network.hidden), "Ministry of Interior")
        hidden = Affiliation.objects.get(person=network.hidden)
        member = client_for(network.community_member)
        assert "Hidden Person" not in member.get("/manage/affiliations/").content.decode()
        assert confirm(member, hidden).status_code == 404
        page = client_for(network.facilitator).get("/manage/affiliations/").content.decode()
        assert "Hidden Person" in page


class TestDomains:
    def test_a_verified_address_on_the_organisations_domain_confirms_at_once(self, network, world):
        coordinator = client_for(network.facilitator)
        response = coordinator.post(
            f"/directory/organisations/{MINISTRY}/domains/", {"domain": "moi.go.th"}
        )
        assert response.status_code == 302
        official = make_user("official@moi.go.th")
        client = client_for(official)
        claim(client, "Ministry of Interior")
        affiliation = Affiliation.objects.get(person=official)
        assert affiliation.status == Affiliation.Status.CONFIRMED
        assert affiliation.confirmed_by_domain == "moi.go.th"
        assert client.get(f"/api/v1/support/requests/{world.private.uuid}").status_code == 200
        entry = AuditEntry.objects.get(action="affiliation.auto_confirmed")
        assert entry.details["domain"] == "moi.go.th"

    def test_an_unverified_address_on_the_domain_confirms_nothing(self, network):
        OrganisationDomain.objects.create(organisation=network.ministry, domain="moi.go.th")
        person = make_user("someone@example.net")
        EmailAddress.objects.create(user=person, email="someone@moi.go.th", verified=False)
        claim(client_for(person), "Ministry of Interior")
        assert Affiliation.objects.get(person=person).status == Affiliation.Status.CLAIMED
        EmailAddress.objects.filter(email="someone@moi.go.th").update(verified=True)
        # Withdrawn and claimed again, now with the address verified: confirmed.
        client = client_for(person)
        client.post(f"/profile/organisations/{Affiliation.objects.get(person=person).uuid}/remove/")
        claim(client, "Ministry of Interior")
        assert Affiliation.objects.get(person=person).status == Affiliation.Status.CONFIRMED

    @pytest.mark.parametrize("domain", ["gmail.com", "gmx.de", "yahoo.co.uk", "proton.me"])
    def test_a_public_mail_domain_is_never_registered(self, network, domain):
        response = client_for(network.administrator).post(
            f"/directory/organisations/{MINISTRY}/domains/", {"domain": domain}
        )
        assert response.status_code == 400
        assert "public mail service" in response.content.decode()
        assert not OrganisationDomain.objects.exists()
        person = make_user(f"someone@{domain}")
        claim(client_for(person), "Ministry of Interior")
        assert Affiliation.objects.get(person=person).status == Affiliation.Status.CLAIMED

    def test_a_parents_domain_does_not_confirm_a_department_nor_the_reverse(self, network):
        department = Organisation.objects.create(
            slug="immigration-bureau-th",
            name="Immigration Bureau",
            stakeholder_type="government",
            parent=network.ministry,
        )
        OrganisationDomain.objects.create(organisation=network.ministry, domain="moi.go.th")
        OrganisationDomain.objects.create(organisation=department, domain="immigration.go.th")
        official = make_user("official@moi.go.th")
        claim(client_for(official), "Immigration Bureau")
        assert Affiliation.objects.get(person=official).status == Affiliation.Status.CLAIMED
        officer = make_user("officer@immigration.go.th")
        claim(client_for(officer), "Ministry of Interior")
        assert Affiliation.objects.get(person=officer).status == Affiliation.Status.CLAIMED
        # Positive control: each on its own organisation.
        claim(client_for(official), "Ministry of Interior")
        assert (
            Affiliation.objects.get(person=official, organisation=network.ministry).status
            == Affiliation.Status.CONFIRMED
        )

    def test_a_domain_belongs_to_one_organisation(self, network):
        OrganisationDomain.objects.create(organisation=network.ministry, domain="moi.go.th")
        response = client_for(network.facilitator).post(
            "/directory/organisations/host-international/domains/", {"domain": "MOI.go.th"}
        )
        assert response.status_code == 400
        assert OrganisationDomain.objects.get().organisation == network.ministry

    def test_a_confirmed_member_registers_the_domain_of_their_own_address_only(
        self, network, claimant
    ):
        _client, pending = claimant  # outsider@test.example, waiting
        member = client_for(network.community_member)  # cm@test.example, confirmed
        response = member.post(
            f"/directory/organisations/{MINISTRY}/domains/", {"domain": "moi.go.th"}
        )
        assert response.status_code == 400
        assert not OrganisationDomain.objects.exists()
        response = member.post(
            f"/directory/organisations/{MINISTRY}/domains/", {"domain": "test.example"}
        )
        assert response.status_code == 302
        # A waiting claim from a verified address on the new domain is confirmed with it.
        pending.refresh_from_db()
        assert pending.status == Affiliation.Status.CONFIRMED
        actions = set(AuditEntry.objects.values_list("action", flat=True))
        assert {"organisation.domain_added", "affiliation.auto_confirmed"} <= actions

    def test_a_claimant_cannot_register_a_domain(self, network, claimant):
        client, _affiliation = claimant
        assert client.get(f"/directory/organisations/{MINISTRY}/domains/").status_code == 403
        response = client.post(
            f"/directory/organisations/{MINISTRY}/domains/", {"domain": "test.example"}
        )
        assert response.status_code == 403
        assert not OrganisationDomain.objects.exists()
        # The same requests from a confirmed member of the ministry register it.
        member = client_for(network.community_member)
        assert member.get(f"/directory/organisations/{MINISTRY}/domains/").status_code == 200
        response = member.post(
            f"/directory/organisations/{MINISTRY}/domains/", {"domain": "test.example"}
        )
        assert response.status_code == 302
        assert OrganisationDomain.objects.get().domain == "test.example"

    def test_removing_a_domain_is_audited_and_stops_confirming(self, network):
        coordinator = client_for(network.facilitator)
        coordinator.post(f"/directory/organisations/{MINISTRY}/domains/", {"domain": "moi.go.th"})
        row = OrganisationDomain.objects.get()
        response = coordinator.post(
            f"/directory/organisations/{MINISTRY}/domains/{row.uuid}/remove/"
        )
        assert response.status_code == 302
        assert not OrganisationDomain.objects.exists()
        assert AuditEntry.objects.filter(action="organisation.domain_removed").exists()
        official = make_user("official@moi.go.th")
        claim(client_for(official), "Ministry of Interior")
        assert Affiliation.objects.get(person=official).status == Affiliation.Status.CLAIMED


def test_every_change_is_audited(network):
    client = client_for(network.outsider)
    claim(client, "Ministry of Interior")
    claim(client, "Ministry of Interior", "Adviser")
    claim(client, "HOST")
    ministry = Affiliation.objects.get(person=network.outsider, organisation=network.ministry)
    host = Affiliation.objects.get(person=network.outsider, organisation=network.ngo)
    confirm(client_for(network.community_member), ministry)
    client_for(network.facilitator).post(
        "/manage/affiliations/decide/", {"claims": [str(host.uuid)], "decision": "decline"}
    )
    client.post(f"/profile/organisations/{ministry.uuid}/remove/")
    client.post(f"/profile/organisations/{host.uuid}/remove/")
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "actor")) == [
        ("affiliation.claimed", network.outsider.pk),
        ("affiliation.saved", network.outsider.pk),
        ("affiliation.claimed", network.outsider.pk),
        ("affiliation.confirmed", network.community_member.pk),
        ("affiliation.declined", network.facilitator.pk),
        ("affiliation.removed", network.outsider.pk),
        ("affiliation.withdrawn", network.outsider.pk),
    ]


# The access matrix as a claimant: the outsider with claims to the ministry and to HOST gets, on
# every route, exactly what the outsider gets. (A persona column in test_access_matrix.py would
# widen every row of a table other branches also extend; this crawls the same table instead.)

from peerlearning.tests.test_access_matrix import CASES, answers  # noqa: E402


def crawl(network, case) -> int:
    """One request as the outsider; what it writes (and the data filled in) is rolled back."""
    method, path, body, _expected = case
    _filled, responses = answers(network, {"outsider": network.outsider}, method, path, body)
    return responses["outsider"].status_code


def as_claimant(network) -> None:
    for organisation in (network.ministry, network.ngo):
        Affiliation.objects.create(person=network.outsider, organisation=organisation)


@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}:{c[0]}:{c[1]}" for n, c in CASES])
def test_a_claimant_gets_what_an_outsider_gets(network, name, case):
    as_claimant(network)
    assert crawl(network, case) == case[3]["outsider"], f"{case[0].upper()} {case[1]}"


# Positive control: the same person, once both affiliations are confirmed, gets what the claim
# used to give at once — the routes where speaking for the ministry or HOST makes a difference.
SPOKESPERSON = {
    ("network:affiliation_claims", "get", "/manage/affiliations/"): 200,
    ("api:register", "post", "/api/v1/exchanges/asia-open/registration"): 201,
    ("support:request_detail", "get", "/support/requests/{support_private}/"): 200,
    ("support:request_edit", "get", "/support/requests/{support_private}/edit/"): 200,
    ("support:request_move", "post", "/support/requests/{support_private}/status/"): 302,
    ("support:match_detail", "get", "/support/matches/{support_match}/"): 200,
    ("support:match_answer", "post", "/support/matches/{support_match}/answer/"): 302,
    ("api:get_request", "get", "/api/v1/support/requests/{support_private}"): 200,
    ("api:create_offer", "post", "/api/v1/support/offers"): 201,
    ("api:get_match", "get", "/api/v1/support/matches/{support_match}"): 200,
    ("api:answer", "post", "/api/v1/support/matches/{support_match}/answer"): 200,
}
OPENED = [(n, c) for n, c in CASES if (n, c[0], c[1]) in SPOKESPERSON]


def test_the_control_rows_are_in_the_matrix():
    assert len(OPENED) == len(SPOKESPERSON)


@pytest.mark.parametrize(("name", "case"), OPENED, ids=[f"{n}:{c[0]}:{c[1]}" for n, c in OPENED])
def test_a_confirmed_spokesperson_gets_what_the_claim_did_not(network, name, case):
    as_claimant(network)
    assert crawl(network, case) == case[3]["outsider"]  # still a claim
    Affiliation.objects.filter(person=network.outsider).update(status=Affiliation.Status.CONFIRMED)
    assert crawl(network, case) == SPOKESPERSON[(name, case[0], case[1])]
