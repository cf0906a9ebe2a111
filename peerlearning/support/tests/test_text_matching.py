"""The matcher reads what people write (issue 19): requests and offers made through the actions
are read, and their texts count in the ranking a coordinator sees — across languages through the
thesaurus ("gestión de casos" meets "case management"), never across a language gate or into
another field; an edited request, and every request after a thesaurus change, is read again; and
peer suggestions count what a request's text names."""

import re

import pytest

from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.network.models import Country
from peerlearning.network.testing import client_for, confirmed_affiliation
from peerlearning.support import actions, matching, suggestions
from peerlearning.support.models import PeerSuggestion, SupportOffer
from peerlearning.testing import assert_queries_bounded, make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

SPANISH_TITLE = "Gestión de casos para niños no acompañados"
SPANISH_DESCRIPTION = (
    "Queremos poner en marcha la gestión de casos para los niños no acompañados que llegan a "
    "la frontera, desde la primera entrevista hasta su salida del albergue."
)


@pytest.fixture
def staff(network):
    """Someone who speaks for HOST International, and so may offer in its name."""
    person = make_user("staff@host.example", display_name="Hana Host", country="AU")
    confirmed_affiliation(person, network.ngo, title="Programme officer")
    return person


def ask(network, topics, **fields):
    """A request the community member makes for the ministry, through the action."""
    fields.setdefault("kind", "training")
    fields.setdefault("languages", ["es"])
    fields.setdefault("language", "es")
    return actions.create_request(
        by=network.community_member, concepts=topics, organisation=network.ministry, **fields
    )


def offer(staff, network, topics, **fields):
    """An offer HOST's officer makes, through the action."""
    fields.setdefault("kinds", ["training"])
    fields.setdefault("languages", ["en", "es"])
    fields.setdefault("language", "en")
    return actions.create_offer(by=staff, concepts=topics, organisation=network.ngo, **fields)


def ranking(network, request, language="en"):
    """The offers the coordinator is shown for a request, best first, as the API gives them."""
    client = client_for(network.facilitator)
    client.cookies["django_language"] = language
    response = client.get(f"/api/v1/support/requests/{request.uuid}/offers")
    assert response.status_code == 200
    return {item["offer"]["title"]: item for item in response.json()}


def page_of(network, request):
    response = client_for(network.facilitator).get(request.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def outside_fold(page):
    return re.sub(r'<details class="weak-matches">.*?</details>', "", page, flags=re.S)


@pytest.fixture
def spanish_request(network, world):
    """A Spanish request written as people write it; its topic is the children, the method it
    asks for is only in its text."""
    return ask(
        network,
        [world.concepts["unaccompanied-children"]],
        title=SPANISH_TITLE,
        description=SPANISH_DESCRIPTION,
    )


@pytest.fixture
def case_management_offer(network, world, staff):
    return offer(
        staff,
        network,
        [world.concepts["case-management"]],
        title="Case management training for teams receiving unaccompanied children",
        description=(
            "Two days on case management for unaccompanied children arriving at the border: "
            "first interview, individual plan, follow-up."
        ),
    )


@pytest.fixture
def placement_offer(network, world, staff):
    """Training for teams receiving the same children, on another method."""
    return offer(
        staff,
        network,
        [world.concepts["community-placement"]],
        title="Community placement training for teams receiving unaccompanied children",
        description=(
            "Two days on community placement for unaccompanied children arriving at the "
            "border: host families, visits, follow-up."
        ),
    )


class TestAcrossLanguages:
    def test_it_ranks_an_english_case_management_offer_first_for_a_spanish_request(
        self, network, spanish_request, placement_offer, case_management_offer
    ):
        ranked = ranking(network, spanish_request)
        order = list(ranked)
        assert order.index(case_management_offer.title) < order.index(placement_offer.title)
        assert ranked[case_management_offer.title]["score"] >= matching.GOOD

    def test_it_says_both_write_about_the_topic_in_the_readers_language(
        self, network, spanish_request, placement_offer, case_management_offer
    ):
        reasons = ranking(network, spanish_request)[case_management_offer.title]["reasons"]
        assert "both write about case management" in reasons
        spanish = ranking(network, spanish_request, "es")[case_management_offer.title]["reasons"]
        assert any("gestión de casos" in reason for reason in spanish), spanish
        # Control: the offer on another method does not write about case management.
        assert not any(
            "case management" in reason
            for reason in ranking(network, spanish_request)[placement_offer.title]["reasons"]
        )


class TestGates:
    def test_an_offer_in_no_language_of_the_requester_ranks_lower(
        self, network, world, staff, spanish_request, case_management_offer
    ):
        arabic = offer(
            staff,
            network,
            [world.concepts["case-management"]],
            title="Case management training, in Arabic",
            description=case_management_offer.description,
            languages=["ar"],
        )
        ranked = ranking(network, spanish_request)
        # Control: the same offer in Spanish is a good match.
        assert ranked[case_management_offer.title]["score"] >= matching.GOOD
        assert ranked[arabic.title]["score"] < matching.GOOD
        assert "no language in common" in ranked[arabic.title]["reasons"]
        assert "no language in common" not in ranked[case_management_offer.title]["reasons"]

    def test_an_offer_about_another_field_sharing_a_word_stays_weak(
        self, network, world, staff, spanish_request, case_management_offer
    ):
        software = offer(
            staff,
            network,
            [world.concepts["case-management"]],
            title="Case management software for hospitals",
            description="Patient records, appointments and billing in one case management tool.",
        )
        ranked = ranking(network, spanish_request)
        assert ranked[case_management_offer.title]["score"] >= matching.GOOD
        assert ranked[software.title]["score"] < matching.GOOD
        assert "its description is about another field" in ranked[software.title]["reasons"]
        assert (
            "its description is about another field"
            not in ranked[case_management_offer.title]["reasons"]
        )

    def test_a_request_only_an_off_field_offer_shares_a_topic_with_has_no_good_match(
        self, network, world, staff
    ):
        """The page says so, with the distractor folded away as weak."""
        SupportOffer.objects.all().delete()  # the world's offers: only the distractor is left
        request = ask(
            network,
            [world.concepts["case-management"]],
            title="Gestión de casos para familias migrantes",
            description="Un gestor de casos por familia migrante, desde la frontera.",
        )
        software = offer(
            staff,
            network,
            [world.concepts["case-management"]],
            title="Case management software for hospitals",
            description="Patient records, appointments and billing in one case management tool.",
        )
        assert all(item["score"] < matching.GOOD for item in ranking(network, request).values())
        page = page_of(network, request)
        assert "No good match yet." in page
        assert software.title not in outside_fold(page)
        # Control: once a real offer is there, the page proposes it.
        real = offer(
            staff,
            network,
            [world.concepts["case-management"]],
            title="Case management for migrant families",
            description="Coaching case workers who follow migrant families after the border.",
        )
        page = page_of(network, request)
        assert "No good match yet." not in page
        assert f'name="offer" value="{real.uuid}"' in outside_fold(page)


class TestReadAgain:
    def test_an_edited_description_is_read_again(
        self, network, world, spanish_request, case_management_offer
    ):
        plain = ask(
            network,
            [world.concepts["children"]],
            title="Apoyo para niños",
            description="Necesitamos apoyo para los niños.",
        )
        before = ranking(network, plain)[case_management_offer.title]
        assert "both write about case management" not in before["reasons"]

        actions.edit_request(
            plain,
            by=network.community_member,
            concepts=[world.concepts["children"]],
            description=(
                "Necesitamos apoyo en la gestión de casos de los niños no acompañados en la "
                "frontera."
            ),
        )

        after = ranking(network, plain)[case_management_offer.title]
        assert "both write about case management" in after["reasons"]
        assert after["score"] > before["score"]

    def test_a_new_synonym_is_read_in_every_request_after_the_thesaurus_changes(
        self, network, world, staff, case_management_offer, django_capture_on_commit_callbacks
    ):
        request = ask(
            network,
            [world.concepts["children"]],
            title="Acompañamiento individualizado para niños migrantes",
            description="Un acompañamiento individualizado para cada niño migrante en frontera.",
        )
        # Control: before the change, the request's words name no case management.
        before = ranking(network, request)[case_management_offer.title]
        assert "both write about case management" not in before["reasons"]

        concept = world.concepts["case-management"]
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            knowledge_actions.edit_concept(
                concept,
                by=network.administrator,
                labels=concept.labels,
                synonyms={"es": ["acompañamiento individualizado"]},
                broader=None,
            )
        assert callbacks, "the change scheduled the rereading"

        after = ranking(network, request)[case_management_offer.title]
        assert "both write about case management" in after["reasons"]
        assert after["score"] > before["score"]


class TestSuggestions:
    def test_a_request_naming_a_concept_in_its_title_counts_as_asking_about_it(
        self, network, world
    ):
        """Thailand's request is on advocacy but its title names case management; Malaysia asks
        about case management as a topic: both face it."""
        case_management = world.concepts["case-management"]
        actions.create_request(
            by=network.facilitator,
            concepts=[case_management],
            title="Malaysia asks about case management",
            description="For migrants in detention.",
            kind="training",
            languages=["en"],
            countries=Country.objects.filter(code="MY"),
        )
        thai = ask(
            network,
            [world.concepts["advocacy"]],
            title="Incidencia y gestión de casos para migrantes",
            description="Queremos convencer al gobierno.",
            countries=Country.objects.filter(code="TH"),
        )
        suggestions.refresh()
        made = PeerSuggestion.objects.filter(concept=case_management).first()
        assert made is not None
        assert sorted(country.code for country in made.facing.all()) == ["MY", "TH"]

        # Control: a text that names it once in passing does not make Thailand ask about it.
        actions.edit_request(
            thai,
            by=network.community_member,
            concepts=[world.concepts["advocacy"]],
            title="Incidencia para migrantes",
            description="Queremos convencer al gobierno, y quizás hablar de gestión de casos.",
        )
        PeerSuggestion.objects.all().delete()
        suggestions.refresh()
        assert not PeerSuggestion.objects.filter(concept=case_management).exists()


class TestQueries:
    def test_the_request_page_ranking_read_offers_stays_bounded(
        self, network, world, staff, spanish_request
    ):
        def grow(count):
            for i in range(count):
                offer(
                    staff,
                    network,
                    [world.concepts["case-management"]],
                    title=f"Case management training {SupportOffer.objects.count()}-{i}",
                    description="Case management for unaccompanied children at the border.",
                )

        client = client_for(network.facilitator)
        client.get(spanish_request.get_absolute_url())  # warm the caches (thesaurus, relations)
        assert_queries_bounded(client, spanish_request.get_absolute_url(), grow)
        page = client.get(spanish_request.get_absolute_url()).content.decode()
        assert "both write about case management" in page
