"""The practice form without guessing: the country, the implementing organisations, the topics
and the language chosen by name (pickers), kept when the form comes back with an error."""

import re

import pytest

from peerlearning.knowledge.models import Concept, Practice
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True

PRACTICE = {
    "title": "Case management in the community",
    "summary": "Case workers follow each family.",
    "country": "TH",
    "sources": "Report | https://example.org/report",
    "language": "th",
    "organisations": ["host-international"],
    "concepts": ["case-management"],
}


@pytest.fixture
def concept(db):
    return Concept.objects.create(
        slug="case-management", labels={"en": "case management", "es": "gestión de casos"}
    )


def test_an_editor_names_the_topics_organisations_country_and_language(network, concept):
    editor = client_for(network.facilitator)  # a platform facilitator who edits, two factors
    form = editor.get("/practices/new/").content.decode()
    assert 'data-picker="/pickers/topics/"' in form
    assert '<option value="case-management">case management</option>' in form
    assert "Language (code)" not in form
    assert editor.post("/practices/new/", PRACTICE).status_code == 302
    practice = Practice.objects.get(title="Case management in the community")
    assert [c.slug for c in practice.concepts.all()] == ["case-management"]
    assert [o.name for o in practice.organisations.all()] == ["HOST International"]
    assert [c.code for c in practice.countries.all()] == ["TH"]
    assert practice.language == "th"
    edit = editor.get(f"/practices/{practice.external_id}/edit/").content.decode()
    assert '<option value="case-management" selected>case management</option>' in edit


def test_what_was_chosen_is_kept_when_the_form_comes_back_with_an_error(network, concept):
    response = client_for(network.facilitator).post("/practices/new/", {**PRACTICE, "title": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<option value="case-management" selected>case management</option>' in page
    assert re.search(r'<option value="host-international" selected>HOST International', page)
    assert '<option value="TH" selected>Thailand</option>' in page
    assert not Practice.objects.filter(summary="Case workers follow each family.").exists()
