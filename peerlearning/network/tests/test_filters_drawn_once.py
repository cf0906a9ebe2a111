"""A list page's filters, unfiltered, are drawn once a process for each language (FilterForm's
`drawn_for_everyone`): what a person sees must be what a fresh drawing shows, whoever asked
before them, in whatever language, with whatever chosen, and after the thesaurus changed."""

import pytest
from django.http import QueryDict
from django.utils import translation

from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge.models import Concept
from peerlearning.network.forms import CommunityFilterForm, DirectoryFilterForm, FilterForm
from peerlearning.network.testing import client_for
from peerlearning.support.forms import RequestFilterForm

pytestmark = pytest.mark.django_db


def test_unfiltered_filters_are_drawn_once_and_as_a_fresh_drawing_would_be():
    first = RequestFilterForm(QueryDict("")).fields_html()
    # The next request's form (a page number is no filter) gets the same drawing, not a new one.
    again = RequestFilterForm(QueryDict("page=2")).fields_html()
    assert again is first
    assert first == RequestFilterForm(QueryDict(""))._draw()
    assert 'name="kind"' in first
    assert 'name="topic"' in first
    # Positive control: a form with choices of its own viewer is drawn on every request.
    assert not FilterForm.drawn_for_everyone
    plain = CommunityFilterForm(QueryDict(""))
    plain.drawn_for_everyone = False
    assert plain.fields_html() is not plain.fields_html()


def test_a_chosen_filter_is_shown_chosen_and_the_next_page_without_it_is_not(network):
    client = client_for(network.community_member)
    chosen = client.get("/support/?kind=training").content.decode()
    assert '<option value="training" selected>' in chosen
    unfiltered = client.get("/support/").content.decode()
    assert '<option value="training">' in unfiltered
    assert '<option value="training" selected>' not in unfiltered
    # And after the unfiltered drawing is kept, a chosen filter is still drawn for its request.
    again = client.get("/support/?kind=training&status=all").content.decode()
    assert '<option value="training" selected>' in again
    assert '<option value="all" selected>' in again


def test_a_value_that_is_no_choice_is_drawn_for_its_request_only():
    typed = DirectoryFilterForm(QueryDict("q=%20"), user=None)
    assert typed.fields_html() is not DirectoryFilterForm(QueryDict(""), user=None).fields_html()
    assert 'value=" "' in typed.fields_html()


def test_each_language_gets_its_own_drawing(network):
    english = client_for(network.community_member).get("/support/").content.decode()
    arabic_client = client_for(network.community_member)
    arabic_client.cookies["django_language"] = "ar"
    arabic = arabic_client.get("/support/").content.decode()
    with translation.override("ar"):
        any_kind = translation.gettext("Any kind")
    assert any_kind != "Any kind"
    assert f">{any_kind}</option>" in arabic
    assert ">Any kind</option>" not in arabic
    assert ">Any kind</option>" in english


def test_a_visitors_pickers_stay_plain_after_a_members_and_the_other_way(network):
    member = client_for(network.community_member)
    visitor = client_for(None)
    assert 'data-picker="/pickers/countries/"' in member.get("/directory/organisations/").text
    assert 'data-picker="/pickers/countries/"' not in visitor.get("/directory/organisations/").text
    assert 'data-picker="/pickers/countries/"' in member.get("/directory/organisations/").text


def test_a_concept_added_to_the_thesaurus_is_offered_at_once(
    network, django_capture_on_commit_callbacks
):
    client = client_for(network.community_member)
    assert "Alternatives to detention for families" not in client.get("/support/").text
    with django_capture_on_commit_callbacks(execute=True):
        knowledge_actions.create_concept(
            by=network.facilitator,
            labels={"en": "Alternatives to detention for families"},
            synonyms={},
            broader=None,
        )
    assert Concept.objects.filter(labels__en="Alternatives to detention for families").exists()
    page = client.get("/support/").text
    assert ">Alternatives to detention for families</option>" in page


@pytest.mark.parametrize(
    "path",
    [
        "/support/",
        "/practices/",
        "/lessons/",
        "/communities/",
        "/directory/people/",
        "/directory/experts/",
        "/directory/organisations/",
    ],
)
def test_every_list_with_filters_shows_its_fields(network, path):
    # Each page's filters are drawn by its form (`fields_html`): a page whose form could not
    # draw them would show an empty fold without an error.
    page = client_for(network.community_member).get(path).text
    assert page.count('<div class="filter">') >= 2
    assert '<button type="submit" class="button-small">Filter</button>' in page
