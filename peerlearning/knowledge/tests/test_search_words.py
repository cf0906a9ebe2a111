"""One word finds what its concept finds, in every language (issue 13): "niños" is one part of
the Spanish label of "children" ("niñas, niños y adolescentes"), and used to find nothing but
the documents holding that very word, while "enfants" and "الأطفال" found them all."""

import json

import pytest

from peerlearning.knowledge import search, thesaurus
from peerlearning.knowledge.models import Update
from peerlearning.knowledge.practices_io import import_practices

pytestmark = pytest.mark.django_db

ABOUT_CHILDREN = {"th-children-community-care", "mx-albergues-nna", "note-enfants", "note-atfal"}


@pytest.fixture
def library(db):
    """The shipped thesaurus, and a document about children in each language, as in the demo,
    beside one about something else."""
    thesaurus.load()
    search.forget_thesaurus()
    records = [
        {
            "id": "th-children-community-care",
            "title": "Community care for children",
            "country_iso2": "TH",
            "region": "Asia Pacific",
            "summary": "Released children live with foster families and see a case worker.",
            "source": [{"url": "https://example.org/th", "title": "Report"}],
            "type": "programme",
        },
        {
            "id": "mx-albergues-nna",
            "title": "Albergues abiertos para niñas, niños y adolescentes",
            "country_iso2": "MX",
            "region": "Americas",
            "summary": "Las niñas, niños y adolescentes son canalizados a albergues abiertos.",
            "source": [{"url": "https://example.org/mx", "title": "Informe"}],
            "type": "legal_reform",
            "language": "es",
        },
        {
            "id": "ph-shelter-women-girls",
            "title": "Shelter for women and girls",
            "country_iso2": "PH",
            "region": "Asia Pacific",
            "summary": "Women and girls leaving detention find a safe shelter.",
            "source": [{"url": "https://example.org/ph", "title": "Report"}],
            "type": "programme",
        },
        {
            "id": "kr-court-ruling",
            "title": "Court ruling on indefinite detention",
            "country_iso2": "KR",
            "region": "Asia Pacific",
            "summary": "The constitutional court struck down detention without a time limit.",
            "source": [{"url": "https://example.org/kr", "title": "Ruling"}],
            "type": "legal_reform",
        },
    ]
    import_practices(json.dumps(record) for record in records)
    for slug, language, title, body in [
        ("note-enfants", "fr", "Les enfants au Maroc", "Les enfants sont accueillis en foyer."),
        ("note-atfal", "ar", "الأطفال في المغرب", "يعيش الأطفال في دور الرعاية."),
    ]:
        update = Update.objects.create(
            slug=slug, title=title, language=language, body=body, region="mena"
        )
        search.index([search.update_entry(update)])


def found(query: str) -> set[str]:
    return {hit.key for hit in search.search(query, audiences=["public"]).hits}


@pytest.mark.parametrize("query", ["children", "niños", "enfants", "الأطفال"])
def test_the_word_for_children_finds_the_documents_about_children_in_every_language(library, query):
    assert found(query) == ABOUT_CHILDREN


def test_the_other_parts_of_the_list_name_the_concept_too(library):
    assert found("adolescentes") >= ABOUT_CHILDREN


def test_a_word_of_a_label_that_is_not_a_list_does_not_name_its_concept(library):
    # "migrantes" is part of "niños migrantes", a synonym of children that is not a list of
    # words: alone it does not mean children.
    assert not found("migrantes") & ABOUT_CHILDREN
    # Positive control: the documents are found by their own words.
    assert found("court ruling") == {"kr-court-ruling"}
    assert found("canalizados") == {"mx-albergues-nna"}


def test_a_part_of_an_arabic_list_names_its_concept(library):
    # "الفتيات" (girls) is one part of "النساء والفتيات" (women and girls), "و" joined on.
    assert found("الفتيات") == {"ph-shelter-women-girls"}
    assert found("girls") == {"ph-shelter-women-girls"}
    # "niñas" is a part of both "niñas, niños y adolescentes" and "mujeres y niñas".
    assert found("niñas") == ABOUT_CHILDREN | {"ph-shelter-women-girls"}
