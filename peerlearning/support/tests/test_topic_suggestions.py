"""Topics suggested from what a person writes: the forms of requests and offers have a
"Suggest topics from what I wrote" button that shows the form again as typed, with the topics
its title and description name added to those chosen; a form sent with no topic while its text
names some comes back with them filled in, to confirm, and nothing is saved until then. The API
suggests the same topics."""

import json
import re

import pytest
from django.test import Client

from peerlearning.exchanges.models import Outcome, OutcomeKind
from peerlearning.network.testing import client_for
from peerlearning.support.models import SupportOffer, SupportRequest

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

TITLE = "Case management for unaccompanied children"
DESCRIPTION = (
    "We need help to set up case management for the unaccompanied children who arrive at the "
    "border: who follows each child, and how."
)
PLAIN = "Ten new staff start in March; we would like them trained."
SUGGESTED = (
    "Suggested from your text: case management and unaccompanied children — keep, remove or add "
    "topics, then save."
)
NOTHING_FOUND = "No topic found in your text: choose them below."
TO_CONFIRM = "You chose no topic, and your text names case management and unaccompanied children"
NO_TOPIC_ERROR = "Choose at least one topic: matching needs it."


def request_data(**changes):
    data = {
        "title": TITLE,
        "description": DESCRIPTION,
        "kind": "training",
        "languages": ["en", "es"],
        "urgency": "high",
        "region": "americas",
        "visibility": "network",
    }
    data.update(changes)
    return data


def chosen(page, slug):
    """The topics picker holds the topic as chosen (the form's value)."""
    return f'<option value="{slug}" selected>' in page


def post(user, path, data, language="en"):
    client = client_for(user)
    client.cookies["django_language"] = language
    return client.post(path, data)


class TestSuggestButton:
    def test_it_asks_for_a_text_first_when_there_is_none(self, network, world):
        empty = post(
            network.community_member,
            "/support/requests/new/",
            request_data(title="", description=" ", **{"suggest-topics": "1"}),
        ).content.decode()
        assert "Write a title or a description first" in empty
        assert NOTHING_FOUND not in empty
        # Control: a text that names nothing is told so instead (the test after the next).

    def test_it_reads_no_more_than_the_form_keeps(self, network, world):
        """An over-long description is not read past the form's limit (5,000 characters)."""
        padding = "We need help. " * 400  # 5,600 characters naming nothing
        beyond = post(
            network.community_member,
            "/support/requests/new/",
            request_data(
                title="Help", description=padding + DESCRIPTION, **{"suggest-topics": "1"}
            ),
        ).content.decode()
        assert NOTHING_FOUND in beyond
        assert not chosen(beyond, "case-management")
        # Control: the same words within the limit are read.
        within = post(
            network.community_member,
            "/support/requests/new/",
            request_data(
                title="Help", description=padding[:2000] + DESCRIPTION, **{"suggest-topics": "1"}
            ),
        ).content.decode()
        assert chosen(within, "case-management")

    def test_it_keeps_what_was_typed_and_fills_in_the_topics_the_text_names(self, network, world):
        before = SupportRequest.objects.count()
        response = post(
            network.community_member,
            "/support/requests/new/",
            request_data(**{"suggest-topics": "1"}),
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert SUGGESTED in page
        assert chosen(page, "case-management") and chosen(page, "unaccompanied-children")
        # The broader "children" is left out for the narrower topic the text names.
        assert not chosen(page, "children")
        # Everything typed is kept.
        assert f'value="{TITLE}"' in page
        assert DESCRIPTION.replace("'", "&#x27;") in page
        assert '<option value="high" selected>' in page
        assert re.search(r'<input[^>]*name="languages" value="es"[^>]*checked', page)
        assert not re.search(r'<input[^>]*name="languages" value="fr"[^>]*checked', page)
        assert '<option value="americas" selected>' in page
        # No word yet about what is missing, and nothing saved.
        assert "Please correct the errors below." not in page
        assert SupportRequest.objects.count() == before

    def test_it_adds_the_suggestions_to_the_topics_already_chosen(self, network, world):
        page = post(
            network.community_member,
            "/support/requests/new/",
            request_data(**{"suggest-topics": "1", "concepts": ["advocacy"]}),
        ).content.decode()
        for slug in ("advocacy", "case-management", "unaccompanied-children"):
            assert chosen(page, slug)

    def test_it_keeps_the_other_fields_without_errors_when_they_are_missing(self, network, world):
        page = post(
            network.community_member,
            "/support/requests/new/",
            {"title": TITLE, "suggest-topics": "1"},
        ).content.decode()
        assert "Suggested from your text: case management and unaccompanied children" in page
        assert "Please correct the errors below." not in page
        assert "Choose the languages the support can be given in." not in page
        # Control: saving the same form says what is missing.
        saved = post(
            network.community_member,
            "/support/requests/new/",
            {"title": TITLE, "concepts": ["case-management"]},
        )
        assert saved.status_code == 400
        assert "Choose the languages the support can be given in." in saved.content.decode()

    def test_it_says_so_when_the_text_names_no_topic(self, network, world):
        page = post(
            network.community_member,
            "/support/requests/new/",
            request_data(title="Training", description=PLAIN, **{"suggest-topics": "1"}),
        ).content.decode()
        assert NOTHING_FOUND in page
        assert "Suggested from your text" not in page
        assert "Write a title or a description first" not in page  # there is a text
        assert 'value="Training"' in page

    def test_it_names_the_topics_in_the_readers_language(self, network, world):
        page = post(
            network.community_member,
            "/support/requests/new/",
            request_data(
                title="Gestión de casos para niños no acompañados",
                description="Necesitamos apoyo para la gestión de casos en la frontera.",
                **{"suggest-topics": "1"},
            ),
            language="es",
        ).content.decode()
        assert "gestión de casos y niños no acompañados" in page
        assert chosen(page, "case-management") and chosen(page, "unaccompanied-children")

    def test_the_button_is_on_every_request_and_offer_form(self, network, world):
        outcome = Outcome.objects.create(
            exchange=network.exchange,
            kind=OutcomeKind.SUPPORT_NEED,
            text="Case management for unaccompanied children after the border.",
        )
        button = 'name="suggest-topics" value="1" formnovalidate'
        for user, path in [
            (network.community_member, "/support/requests/new/"),
            (network.community_member, f"/support/requests/{world.request.uuid}/edit/"),
            (network.facilitator, f"/support/from-outcome/{outcome.uuid}/"),
            (network.community_member, "/support/offers/new/"),
            (network.facilitator, f"/support/offers/{world.host.uuid}/edit/"),
        ]:
            page = client_for(user).get(path).content.decode()
            assert button in page, path
        # The need's own text already proposes its topics.
        need = client_for(network.facilitator).get(f"/support/from-outcome/{outcome.uuid}/")
        assert chosen(need.content.decode(), "case-management")

    def test_it_works_on_the_edit_forms_and_the_offer_forms(self, network, world):
        edit = post(
            network.community_member,
            f"/support/requests/{world.request.uuid}/edit/",
            request_data(
                title=world.request.title,
                concepts=["unaccompanied-children", "community-placement"],
                **{"suggest-topics": "1"},
            ),
        ).content.decode()
        for slug in ("unaccompanied-children", "community-placement", "case-management"):
            assert chosen(edit, slug)
        assert f'value="{world.request.title}"' in edit
        assert not world.request.concepts.filter(slug="case-management").exists()

        offer = {
            "title": "Case management coaching",
            "description": "Coaching for teams caring for unaccompanied children.",
            "kinds": ["training"],
            "languages": ["en"],
            "capacity": "3",
            "suggest-topics": "1",
        }
        for user, path in [
            (network.community_member, "/support/offers/new/"),
            (network.facilitator, f"/support/offers/{world.host.uuid}/edit/"),
        ]:
            response = post(user, path, offer)
            page = response.content.decode()
            assert response.status_code == 200, path
            assert "Suggested from your text:" in page, path
            assert chosen(page, "case-management") and chosen(page, "unaccompanied-children")
            assert 'value="Case management coaching"' in page
            assert 'value="3"' in page
        assert not SupportOffer.objects.filter(title="Case management coaching").exists()


class TestSentWithoutTopics:
    def test_it_shows_the_suggestions_to_confirm_and_saves_nothing(self, network, world):
        before = SupportRequest.objects.count()
        response = post(network.community_member, "/support/requests/new/", request_data())
        page = response.content.decode()
        assert response.status_code == 200
        assert TO_CONFIRM in page
        assert NO_TOPIC_ERROR not in page
        assert chosen(page, "case-management") and chosen(page, "unaccompanied-children")
        assert SupportRequest.objects.count() == before
        # Sent again with the topics as shown: saved.
        confirmed = post(
            network.community_member,
            "/support/requests/new/",
            request_data(concepts=["case-management", "unaccompanied-children"]),
        )
        assert confirmed.status_code == 302
        created = SupportRequest.objects.get(title=TITLE)
        assert set(created.concepts.values_list("slug", flat=True)) == {
            "case-management",
            "unaccompanied-children",
        }

    def test_the_other_fields_errors_are_shown_with_the_suggestions(self, network, world):
        response = post(
            network.community_member, "/support/requests/new/", request_data(languages=[])
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert TO_CONFIRM in page
        assert "Choose the languages the support can be given in." in page
        assert NO_TOPIC_ERROR not in page

    def test_a_text_naming_no_topic_is_told_to_choose_one(self, network, world):
        before = SupportRequest.objects.count()
        response = post(
            network.community_member,
            "/support/requests/new/",
            request_data(title="Training", description=PLAIN),
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert NO_TOPIC_ERROR in page
        assert "You chose no topic" not in page
        assert SupportRequest.objects.count() == before

    def test_a_form_with_topics_chosen_is_saved_as_chosen(self, network, world):
        response = post(
            network.community_member,
            "/support/requests/new/",
            request_data(concepts=["advocacy"]),
        )
        assert response.status_code == 302
        created = SupportRequest.objects.get(title=TITLE)
        # What the person chose, not what the text names.
        assert list(created.concepts.values_list("slug", flat=True)) == ["advocacy"]

    def test_an_offer_sent_without_topics_is_shown_to_confirm(self, network, world):
        data = {
            "title": "Case management coaching",
            "description": "Coaching for teams caring for unaccompanied children.",
            "kinds": ["training"],
            "languages": ["en"],
            "capacity": "1",
        }
        response = post(network.facilitator, f"/support/offers/{world.host.uuid}/edit/", data)
        page = response.content.decode()
        assert "You chose no topic, and your text names" in page
        world.host.refresh_from_db()
        assert world.host.title == "HOST site visits"


class TestApi:
    URL = "/api/v1/support/topics/suggest"

    def ask(self, client, body, language="en"):
        client.cookies["django_language"] = language
        return client.post(self.URL, json.dumps(body), content_type="application/json")

    def test_it_suggests_the_topics_in_the_readers_language(self, network, world):
        body = {"title": "Gestión de casos", "description": DESCRIPTION, "language": "es"}
        answer = self.ask(client_for(network.member), body, language="es")
        assert answer.status_code == 200
        assert answer.json() == [
            {"slug": "case-management", "label": "gestión de casos"},
            {"slug": "unaccompanied-children", "label": "niños no acompañados"},
        ]
        english = self.ask(client_for(network.member), body).json()
        assert english[0] == {"slug": "case-management", "label": "case management"}

    def test_it_answers_an_empty_list_when_nothing_is_named(self, network, world):
        answer = self.ask(client_for(network.member), {"title": "Training", "description": PLAIN})
        assert answer.status_code == 200
        assert answer.json() == []

    def test_it_refuses_bad_input_with_a_reason(self, network, world):
        client = client_for(network.member)
        empty = self.ask(client, {"title": " ", "description": ""})
        assert empty.status_code == 400
        assert empty.json()["error"] == "Send a title or a description to suggest topics from."
        unknown = self.ask(client, {"title": TITLE, "language": "klingon"})
        assert unknown.status_code == 400
        assert "Unknown language" in unknown.json()["error"]
        long = self.ask(client, {"title": "x" * 251})
        assert long.status_code == 422
        assert long.json()["details"][0]["field"] == "title"

    def test_it_is_for_signed_in_members_only(self, network, world):
        anonymous = Client().post(
            self.URL, json.dumps({"title": TITLE}), content_type="application/json"
        )
        assert anonymous.status_code == 401
        assert "error" in anonymous.json()
        # Control: a member is answered.
        assert self.ask(client_for(network.outsider), {"title": TITLE}).status_code == 200
