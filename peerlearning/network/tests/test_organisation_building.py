"""Organisations built on the platform (issue 17, item 6): platform facilitators create them,
members propose them and facilitators decide, duplicates are merged keeping every link; only
the directory's organisations are ever listed or chosen."""

import pytest
from django.db import models

from peerlearning.accounts.models import AuditEntry
from peerlearning.network import actions
from peerlearning.network.models import (
    Affiliation,
    Country,
    Organisation,
    OrganisationDomain,
    OrganisationMembership,
    OrganisationStatus,
    Role,
    StakeholderType,
)
from peerlearning.network.testing import client_for, confirmed_affiliation
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db

NEW = "/directory/organisations/new/"
PROPOSE = "/directory/organisations/propose/"
PROPOSALS = "/manage/organisations/proposals/"


def decide(slug: str) -> str:
    return f"/manage/organisations/{slug}/decide/"


def merge(slug: str) -> str:
    return f"/directory/organisations/{slug}/merge/"


def proposal(by, name="Lantern Legal Aid", **fields) -> Organisation:
    return actions.build_organisation(
        by=by,
        propose=True,
        name=name,
        stakeholder_type=fields.pop("stakeholder_type", StakeholderType.CIVIL_SOCIETY),
        **fields,
    )


def form_data(**fields) -> dict:
    return {
        "name": "Lantern Legal Aid",
        "acronym": "LLA",
        "stakeholder_type": "civil-society",
        "countries": ["TH"],
        "parent": "",
        "website": "https://lantern.example",
        "description": "Legal aid at the border.",
        "name_fr": "Aide juridique Lanterne",
        **fields,
    }


# Visibility: only the directory's organisations are listed or chosen --------------------------


class TestVisibility:
    def test_it_lists_a_proposal_nowhere_and_shows_it_to_its_proposer_and_facilitators_only(
        self, network
    ):
        waiting = proposal(network.member, name="Lantern Legal Aid", acronym="LLA")
        member = client_for(network.member)
        facilitator = client_for(network.facilitator)
        for client in (member, facilitator, client_for(None)):
            page = client.get("/directory/organisations/?q=Lantern").content.decode()
            assert "Lantern Legal Aid" not in page and f"/{waiting.slug}/" not in page
            # Positive control: the directory's organisations are listed.
            assert "HOST International" in client.get("/directory/organisations/").content.decode()
        for client in (member, facilitator):
            picked = client.get("/pickers/organisations/?q=Lantern").content.decode()
            assert "Lantern Legal Aid" not in picked and waiting.slug not in picked
            assert "HOST" in client.get("/pickers/organisations/?q=HOST").content.decode()
        api = client_for(network.facilitator).get("/api/v1/organisations?q=Lantern").json()
        assert api["items"] == []
        # Its page: the proposer and the facilitators, nobody else.
        address = f"/directory/organisations/{waiting.slug}/"
        assert member.get(address).status_code == 200
        assert "Proposed" in member.get(address).content.decode()
        assert facilitator.get(address).status_code == 200
        for other in (network.outsider, network.community_member, network.other_facilitator, None):
            assert client_for(other).get(address).status_code == 404
        assert client_for(None).get(f"/api/v1/organisations/{waiting.slug}").status_code == 404

    def test_it_hides_a_refused_one_from_all_but_its_proposer_and_facilitators(self, network):
        refused = proposal(network.member)
        actions.decide_organisation_proposal(
            refused, by=network.facilitator, accept=False, reason="It is HOST International."
        )
        address = f"/directory/organisations/{refused.slug}/"
        page = client_for(network.member).get(address)
        assert page.status_code == 200 and "It is HOST International." in page.content.decode()
        assert client_for(network.facilitator).get(address).status_code == 200
        assert client_for(network.community_member).get(address).status_code == 404
        assert client_for(None).get(address).status_code == 404

    def test_it_lets_nobody_claim_a_proposal_until_it_is_accepted(self, network):
        waiting = proposal(network.member)
        client = client_for(network.member)
        page = client.get("/profile/organisations/").content.decode()
        assert f'value="{waiting.slug}"' not in page
        assert 'value="host-international"' in page  # positive control
        for value in (waiting.slug, waiting.name):
            response = client.post("/profile/organisations/", {"organisation": value})
            assert response.status_code == 400
        assert not Affiliation.objects.filter(organisation=waiting).exists()
        with pytest.raises(actions.NetworkError):
            actions.claim_affiliation(network.member, waiting)
        # Nor added to a community.
        with pytest.raises(actions.NetworkError):
            actions.add_organisation(network.asia, waiting, by=network.facilitator)

        actions.decide_organisation_proposal(waiting, by=network.facilitator, accept=True)
        response = client.post("/profile/organisations/", {"organisation": waiting.slug})
        assert response.status_code == 302
        assert Affiliation.objects.filter(organisation=waiting, person=network.member).exists()

    def test_it_does_not_name_a_proposed_department_on_its_parents_page(self, network):
        unit = proposal(network.member, name="Screening Unit", parent=network.ministry)
        page = client_for(network.facilitator).get(
            "/directory/organisations/ministry-of-interior-th/"
        )
        assert "Screening Unit" not in page.content.decode()
        assert unit.slug not in page.content.decode()
        actions.decide_organisation_proposal(unit, by=network.facilitator, accept=True)
        page = client_for(None).get("/directory/organisations/ministry-of-interior-th/")
        assert "Screening Unit" in page.content.decode()

    def test_it_sends_a_merged_ones_address_to_the_one_kept(self, network):
        duplicate = Organisation.objects.create(
            slug="host", name="HOST", stakeholder_type=StakeholderType.CIVIL_SOCIETY
        )
        actions.merge_organisations(duplicate, network.ngo, by=network.facilitator)
        for user in (None, network.member):
            response = client_for(user).get("/directory/organisations/host/")
            assert response.status_code == 302
            assert response["Location"] == "/directory/organisations/host-international/"
        listed = client_for(None).get("/directory/organisations/?q=HOST").content.decode()
        assert 'href="/directory/organisations/host/"' not in listed


# Creating and proposing ------------------------------------------------------------------------


class TestCreate:
    def test_it_lets_a_platform_facilitator_add_an_organisation_to_the_directory(self, network):
        client = client_for(network.facilitator)
        assert client.get(NEW).status_code == 200
        response = client.post(
            NEW, form_data(parent="ministry-of-interior-th", is_coalition_member="on")
        )
        assert response.status_code == 302
        made = Organisation.objects.get(name="Lantern Legal Aid")
        assert response["Location"] == made.get_absolute_url()
        assert made.status == OrganisationStatus.ACTIVE and made.proposed_by is None
        assert made.parent == network.ministry and made.is_coalition_member
        assert made.name_translations == {"fr": "Aide juridique Lanterne"}
        assert list(made.countries.values_list("code", flat=True)) == ["TH"]
        assert (
            "Lantern Legal Aid"
            in client_for(None).get("/directory/organisations/?q=Lantern").content.decode()
        )
        assert AuditEntry.objects.filter(action="organisation.created").exists()

    @pytest.mark.parametrize("persona", ["member", "community_member", "other_facilitator"])
    def test_it_refuses_a_member_or_community_facilitator_to_create_directly(
        self, network, persona
    ):
        client = client_for(getattr(network, persona))
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, form_data()).status_code == 403
        assert not Organisation.objects.filter(name="Lantern Legal Aid").exists()
        assert client.get(PROPOSE).status_code == 200  # proposing is open to them

    def test_it_keeps_what_was_typed_and_says_why_for_bad_input(self, network):
        client = client_for(network.facilitator)
        response = client.post(NEW, form_data(website="javascript:alert(1)"))
        assert response.status_code == 400
        page = response.content.decode()
        assert "http:// or https://" in page and "Legal aid at the border." in page
        response = client.post(NEW, form_data(name="HOST International"))
        assert response.status_code == 400
        assert "is in the directory already" in response.content.decode()
        assert not Organisation.objects.filter(name="Lantern Legal Aid").exists()

    def test_it_accepts_only_a_directory_organisation_as_parent(self, network):
        waiting = proposal(network.member, name="Waiting Ministry")
        client = client_for(network.facilitator)
        response = client.post(NEW, form_data(parent=waiting.slug))
        assert response.status_code == 400
        assert not Organisation.objects.filter(name="Lantern Legal Aid").exists()
        with pytest.raises(actions.NetworkError):
            actions.build_organisation(
                by=network.facilitator,
                propose=False,
                name="Lantern",
                stakeholder_type="civil-society",
                parent=waiting,
            )

    def test_it_takes_a_members_proposal_without_the_coalition_flag(self, network):
        client = client_for(network.member)
        page = client.get(PROPOSE).content.decode()
        assert 'name="is_coalition_member"' not in page
        assert (
            'name="is_coalition_member"'
            in client_for(network.facilitator).get(NEW).content.decode()
        )
        response = client.post(PROPOSE, form_data(is_coalition_member="on"))
        assert response.status_code == 302
        made = Organisation.objects.get(name="Lantern Legal Aid")
        assert made.status == OrganisationStatus.PROPOSED
        assert made.proposed_by == network.member and not made.is_coalition_member
        # The proposer finds it on their organisations page.
        mine = client.get("/profile/organisations/").content.decode()
        assert "Lantern Legal Aid" in mine and PROPOSE in mine

    def test_it_gives_the_directory_pages_their_links(self, network):
        listed = client_for(network.member).get("/directory/organisations/").content.decode()
        assert PROPOSE in listed and NEW not in listed and PROPOSALS not in listed
        listed = client_for(network.facilitator).get("/directory/organisations/").content.decode()
        assert NEW in listed and PROPOSALS in listed
        assert PROPOSE not in client_for(None).get("/directory/organisations/").content.decode()

    def test_it_never_gives_a_new_organisation_an_address_of_the_directorys_pages(self, network):
        made = proposal(network.member, name="New")
        assert made.slug not in ("new", "propose")
        again = proposal(network.member, name="New")
        assert again.slug != made.slug


# Deciding proposals ----------------------------------------------------------------------------


class TestDecide:
    def test_it_lists_proposals_for_facilitators_and_accepts_one_telling_the_proposer(
        self, network, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
    ):
        from peerlearning.lib import mail

        languages = []
        send = mail.send_message

        def spy(prefix, address, context, *, language, headers=None):
            languages.append(language)
            send(prefix, address, context, language=language, headers=headers)

        monkeypatch.setattr(mail, "send_message", spy)
        network.member.interface_language = "fr"
        network.member.save(update_fields=["interface_language"])
        waiting = proposal(network.member)
        client = client_for(network.facilitator)
        page = client.get(PROPOSALS).content.decode()
        assert "Lantern Legal Aid" in page and decide(waiting.slug) in page
        home = client.get("/home/").content.decode()
        assert "Lantern Legal Aid" in home and PROPOSALS in home
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(decide(waiting.slug), {"decision": "accept"})
        assert response.status_code == 302
        waiting.refresh_from_db()
        assert waiting.status == OrganisationStatus.ACTIVE
        assert waiting.decided_by == network.facilitator
        assert [m.to for m in mailoutbox] == [[network.member.email]]
        assert languages == ["fr"]  # the proposer's language
        assert waiting.get_absolute_url() in mailoutbox[0].body
        assert f"#proposal-{waiting.slug}" not in client.get("/home/").content.decode()
        # Decided: no second decision.
        assert client.post(decide(waiting.slug), {"decision": "accept"}).status_code == 404

    def test_it_refuses_only_with_a_reason_sent_to_the_proposer(
        self, network, mailoutbox, django_capture_on_commit_callbacks
    ):
        waiting = proposal(network.member)
        client = client_for(network.facilitator)
        response = client.post(decide(waiting.slug), {"decision": "refuse", "reason": " "})
        assert response.status_code == 400
        assert "Give a reason" in response.content.decode()
        waiting.refresh_from_db()
        assert waiting.status == OrganisationStatus.PROPOSED
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                decide(waiting.slug), {"decision": "refuse", "reason": "Already listed as HOST."}
            )
        assert response.status_code == 302
        waiting.refresh_from_db()
        assert waiting.status == OrganisationStatus.REFUSED
        assert mailoutbox[-1].to == [network.member.email]
        assert "Already listed as HOST." in mailoutbox[-1].body

    @pytest.mark.parametrize("persona", ["member", "community_member", "other_facilitator"])
    def test_it_keeps_others_proposals_from_members(self, network, persona):
        waiting = proposal(network.outsider)
        client = client_for(getattr(network, persona))
        assert client.get(PROPOSALS).status_code == 403
        assert client.post(decide(waiting.slug), {"decision": "accept"}).status_code == 403
        assert "Lantern" not in client.get("/home/").content.decode()
        waiting.refresh_from_db()
        assert waiting.status == OrganisationStatus.PROPOSED

    def test_it_lets_no_facilitator_decide_their_own_proposal(self, network):
        own = proposal(network.facilitator)
        client = client_for(network.facilitator)
        assert "Lantern" not in client.get(PROPOSALS).content.decode()
        assert "Lantern" not in client.get("/home/").content.decode()
        assert client.post(decide(own.slug), {"decision": "accept"}).status_code == 404
        with pytest.raises(actions.NetworkError):
            actions.decide_organisation_proposal(own, by=network.facilitator, accept=True)
        own.refresh_from_db()
        assert own.status == OrganisationStatus.PROPOSED
        # Another facilitator (here the administrator) decides it.
        other = client_for(network.administrator)
        assert "Lantern" in other.get(PROPOSALS).content.decode()
        assert other.post(decide(own.slug), {"decision": "accept"}).status_code == 302

    def test_it_answers_404_for_a_guessed_or_active_slug(self, network):
        client = client_for(network.facilitator)
        assert client.post(decide("host-international"), {"decision": "refuse"}).status_code == 404
        assert client.post(decide("nothing"), {"decision": "accept"}).status_code == 404

    def test_it_lists_many_proposals_in_bounded_queries(
        self, network, django_assert_max_num_queries
    ):
        for number in range(30):
            made = proposal(make_user(f"p{number}@test.example"), name=f"Proposal {number}")
            made.countries.set(Country.objects.filter(code__in=["TH", "MY"]))
        client = client_for(network.facilitator)
        with django_assert_max_num_queries(20):
            response = client.get(PROPOSALS)
        assert response.content.decode().count('class="card"') == 30


# Merging duplicates ----------------------------------------------------------------------------


def _reverse_relations() -> list[models.ForeignKey]:
    return [
        relation.field
        for relation in Organisation._meta.get_fields(include_hidden=True)
        if isinstance(relation, models.ManyToOneRel) and not relation.field.many_to_many
    ]


def _label(field) -> str:
    return f"{field.model._meta.label}.{field.name}"


def _one_of_each(network, organisation: Organisation) -> dict[str, models.Model]:
    """One row of every relation to an organisation, keyed by the relation. A relation added
    later and missing here fails the test below: the merge must be shown to move it."""
    from peerlearning.exchanges.models import Delegation, Exchange, Outcome
    from peerlearning.knowledge.models import Concept, Practice, Update
    from peerlearning.monitoring.models import Body, Place
    from peerlearning.notifications.models import Follow
    from peerlearning.support.models import PeerSuggestion, SupportOffer, SupportRequest

    exchange = network.exchange
    update = Update.objects.create(slug="a-statement", title="A statement", body="We sign.")
    practice = Practice.objects.get(external_id="th-community-case-management")
    concept = Concept.objects.create(slug="merging", labels={"en": "merging"})
    suggestion = PeerSuggestion.objects.create(key="k-merge", concept=concept, format="bilateral")
    person = make_user("worker@test.example")
    made: dict[str, models.Model] = {
        "network.Organisation.parent": Organisation.objects.create(
            slug="a-unit", name="A unit", stakeholder_type="government", parent=organisation
        ),
        "network.Organisation.merged_into": Organisation.objects.create(
            slug="older-duplicate",
            name="Older duplicate",
            stakeholder_type="government",
            status=OrganisationStatus.MERGED,
            merged_into=organisation,
        ),
        "network.Affiliation.organisation": confirmed_affiliation(person, organisation),
        "network.OrganisationDomain.organisation": OrganisationDomain.objects.create(
            organisation=organisation, domain="duplicate.example"
        ),
        "network.OrganisationMembership.organisation": OrganisationMembership.objects.create(
            community=network.mena, organisation=organisation
        ),
        "exchanges.Delegation.organisation": Delegation.objects.create(
            exchange=network.open_exchange, organisation=organisation
        ),
        "exchanges.Outcome.owner": Outcome.objects.create(
            exchange=exchange, kind="follow-up", text="Follow up.", owner=organisation
        ),
        "support.SupportRequest.organisation": SupportRequest.objects.create(
            title="Help", description="Please.", kind="training", organisation=organisation
        ),
        "support.SupportOffer.organisation": SupportOffer.objects.create(
            title="A visit", organisation=organisation
        ),
        "monitoring.Place.operator": Place.objects.create(
            slug="a-centre",
            country_id="TH",
            official_name="A centre",
            official_type="centre",
            plain_type="centre",
            operator=organisation,
        ),
        "monitoring.Body.organisation": Body.objects.create(
            slug="a-body", name="A body", kind="nhri", organisation=organisation
        ),
        "notifications.Follow.organisation": Follow.objects.create(
            user=person, organisation=organisation
        ),
    }
    organisation.countries.add(Country.objects.get(code="MX"))
    exchange.host_governments.add(organisation)
    exchange.co_conveners.add(organisation)
    update.signatories.add(organisation)
    practice.organisations.add(organisation)
    suggestion.organisations.add(organisation)
    for through, row in (
        (Organisation.countries.through, organisation),
        (Exchange.host_governments.through, exchange),
        (Exchange.co_conveners.through, exchange),
        (Update.signatories.through, update),
        (Practice.organisations.through, practice),
        (PeerSuggestion.organisations.through, suggestion),
    ):
        made[f"{through._meta.label}.organisation"] = row
    return made


class TestMerge:
    def test_it_moves_every_relation_of_an_organisation_to_the_one_kept(self, network):
        duplicate = Organisation.objects.create(
            slug="host-intl",
            name="HOST Intl",
            acronym="HI",
            stakeholder_type=StakeholderType.CIVIL_SOCIETY,
            website="https://host.example",
            name_translations={"es": "HOST Internacional"},
        )
        made = _one_of_each(network, duplicate)
        relations = {_label(field): field for field in _reverse_relations()}
        missing = sorted(set(relations) - set(made))
        assert not missing, f"Relations to Organisation with no row in this test: {missing}"
        for label, field in relations.items():
            manager = field.model._base_manager
            assert manager.filter(**{field.name: duplicate}).exists(), label

        moved = actions.merge_organisations(duplicate, network.ngo, by=network.facilitator)

        for label, field in relations.items():
            manager = field.model._base_manager
            assert not manager.filter(**{field.name: duplicate}).exists(), label
            assert manager.filter(**{field.name: network.ngo}).exists(), label
            assert moved.get(label, 0) >= 1, label
        duplicate.refresh_from_db()
        network.ngo.refresh_from_db()
        assert duplicate.status == OrganisationStatus.MERGED
        assert duplicate.merged_into == network.ngo
        assert network.ngo.name_translations["es"] == "HOST Internacional"
        assert network.ngo.website == "https://host.example"
        assert set(network.ngo.countries.values_list("code", flat=True)) == {"AU", "MX"}
        entry = AuditEntry.objects.get(action="organisation.merged")
        assert entry.details["duplicate"] == "host-intl"
        assert entry.details["moved"]["network.Affiliation.organisation"] == 1

    def test_it_keeps_one_link_where_both_had_one_the_stronger(self, network):
        duplicate = Organisation.objects.create(
            slug="host-2", name="HOST 2", stakeholder_type=StakeholderType.CIVIL_SOCIETY
        )
        keep = network.ngo
        # The same person: a claim to the kept one, confirmed on the duplicate.
        claimant = make_user("both@test.example")
        Affiliation.objects.create(person=claimant, organisation=keep)
        confirmed_affiliation(claimant, duplicate, title="Lawyer")
        # The same community: member with the kept one, co-lead with the duplicate (asia has
        # the kept one as co-lead already; mena is new).
        OrganisationMembership.objects.create(
            community=network.mena, organisation=keep, role=Role.MEMBER
        )
        OrganisationMembership.objects.create(
            community=network.mena, organisation=duplicate, role=Role.CO_LEAD
        )
        OrganisationMembership.objects.create(
            community=network.asia, organisation=duplicate, role=Role.OBSERVER
        )
        # The same exchange: a delegation each, a person registered in the duplicate's.
        from peerlearning.exchanges.models import Delegation, Registration

        mine = Delegation.objects.create(exchange=network.open_exchange, organisation=keep)
        theirs = Delegation.objects.create(exchange=network.open_exchange, organisation=duplicate)
        registration = Registration.objects.create(
            exchange=network.open_exchange, person=claimant, delegation=theirs
        )

        actions.merge_organisations(duplicate, keep, by=network.facilitator)

        affiliation = Affiliation.objects.get(person=claimant)
        assert affiliation.organisation == keep and affiliation.is_confirmed
        assert affiliation.title == "Lawyer"
        roles = dict(
            OrganisationMembership.objects.filter(organisation=keep).values_list(
                "community__slug", "role"
            )
        )
        assert roles == {"mena": Role.CO_LEAD, "asia-pacific": Role.CO_LEAD}
        registration.refresh_from_db()
        assert registration.delegation == mine
        assert not Delegation.objects.filter(pk=theirs.pk).exists()
        assert Delegation.objects.filter(exchange=network.open_exchange).count() == 1

    @pytest.mark.parametrize("case", ["itself", "merged", "refused", "proposed", "own unit"])
    def test_it_refuses_a_merge_that_cannot_be_and_changes_nothing(self, network, case):
        duplicate = network.ngo
        if case == "itself":
            keep = duplicate
        elif case == "own unit":
            keep = Organisation.objects.create(
                slug="host-unit", name="HOST unit", stakeholder_type="civil-society"
            )
            middle = Organisation.objects.create(
                slug="host-middle", name="HOST middle", stakeholder_type="civil-society"
            )
            middle.parent = duplicate
            middle.save()
            keep.parent = middle
            keep.save()
        else:
            keep = Organisation.objects.create(
                slug="elsewhere", name="Elsewhere", stakeholder_type="civil-society", status=case
            )
        memberships = OrganisationMembership.objects.filter(organisation=duplicate).count()
        client = client_for(network.facilitator)
        response = client.post(merge(duplicate.slug), {"keep": keep.slug, "confirm": "on"})
        assert response.status_code == 400
        with pytest.raises(actions.NetworkError):
            actions.merge_organisations(duplicate, keep, by=network.facilitator)
        duplicate.refresh_from_db()
        assert duplicate.status == OrganisationStatus.ACTIVE
        assert OrganisationMembership.objects.filter(organisation=duplicate).count() == memberships
        assert not AuditEntry.objects.filter(action="organisation.merged").exists()
        if case in ("itself", "own unit"):
            assert "merged into" in response.content.decode()

    def test_it_shows_what_moves_before_merging(self, network):
        duplicate = Organisation.objects.create(
            slug="host-au", name="HOST Australia", stakeholder_type="civil-society"
        )
        OrganisationMembership.objects.create(community=network.mena, organisation=duplicate)
        client = client_for(network.facilitator)
        assert client.get(merge(duplicate.slug)).status_code == 200
        page = client.post(merge(duplicate.slug), {"keep": "host-international"})
        assert page.status_code == 200
        text = page.content.decode()
        assert "What moves" in text and "HOST International" in text
        assert "organisation memberships" in text.lower() or "community" in text.lower()
        # Nothing changed yet.
        duplicate.refresh_from_db()
        assert duplicate.status == OrganisationStatus.ACTIVE
        response = client.post(
            merge(duplicate.slug), {"keep": "host-international", "confirm": "on"}
        )
        assert response.status_code == 302
        assert response["Location"] == "/directory/organisations/host-international/"
        assert OrganisationMembership.objects.filter(
            community=network.mena, organisation=network.ngo
        ).exists()

    @pytest.mark.parametrize("persona", ["member", "community_member", "other_facilitator"])
    def test_it_lets_only_platform_facilitators_merge(self, network, persona):
        client = client_for(getattr(network, persona))
        assert client.get(merge("host-international")).status_code == 403
        response = client.post(
            merge("host-international"), {"keep": "ministry-of-interior-th", "confirm": "on"}
        )
        assert response.status_code == 403
        network.ngo.refresh_from_db()
        assert network.ngo.status == OrganisationStatus.ACTIVE
        assert client.get(merge("nothing")).status_code == 404
        assert (
            "/merge/"
            not in client.get("/directory/organisations/host-international/").content.decode()
        )
        assert (
            "/merge/"
            in client_for(network.facilitator)
            .get("/directory/organisations/host-international/")
            .content.decode()
        )
