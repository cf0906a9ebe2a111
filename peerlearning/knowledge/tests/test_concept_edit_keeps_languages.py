"""Editing a concept on the thesaurus editor changes the languages the form carries and keeps the
others: the thesaurus holds Portuguese synonyms (read in Portuguese texts) that no interface
language shows, and an editor fixing an English synonym must not wipe them."""

import pytest

from peerlearning.knowledge import reading, search
from peerlearning.knowledge.models import Concept
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_management(db):
    concept = Concept.objects.create(
        slug="case-management",
        labels={"en": "case management", "es": "gestión de casos"},
        synonyms={"en": ["casework"], "pt": ["gestão de casos", "acompanhamento de casos"]},
    )
    search.forget_thesaurus()
    return concept


def form_data(concept: Concept, **changes: str) -> dict[str, str]:
    """What the edit form posts: the four interface languages, as the page shows them."""
    data = {"broader": ""}
    for code in ("en", "es", "fr", "ar"):
        data[f"label_{code}"] = concept.labels.get(code, "")
        data[f"synonyms_{code}"] = "\n".join(concept.synonyms.get(code, []))
    return {**data, **changes}


def test_it_keeps_the_synonyms_of_a_language_the_form_does_not_carry(case_management):
    editor = make_user("editor@test.example", is_editor=True, two_factor=True)
    page = client_for(editor).get("/thesaurus/case-management/edit/").content.decode()
    assert "gestão de casos" not in page  # Portuguese is not on the form

    response = client_for(editor).post(
        "/thesaurus/case-management/edit/",
        form_data(case_management, synonyms_en="casework\ncase worker"),
    )

    assert response.status_code == 302
    case_management.refresh_from_db()
    # Control: the English synonyms changed as typed.
    assert case_management.synonyms["en"] == ["casework", "case worker"]
    # The Portuguese ones are still there, and still read.
    assert case_management.synonyms["pt"] == ["gestão de casos", "acompanhamento de casos"]
    assert case_management.token in reading.concepts_in(
        "A gestão de casos de famílias migrantes.", "pt"
    )


def test_it_still_clears_a_language_the_form_carries(case_management):
    editor = make_user("editor@test.example", is_editor=True, two_factor=True)

    client_for(editor).post(
        "/thesaurus/case-management/edit/", form_data(case_management, synonyms_en="")
    )

    case_management.refresh_from_db()
    assert "en" not in case_management.synonyms  # emptied on the form: emptied
    assert set(case_management.synonyms) == {"pt"}
