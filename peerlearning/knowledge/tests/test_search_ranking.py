"""Search ranks by what the query says: its concepts in any language, its words in a title,
its words as a phrase (issue 19, section 6)."""

import pytest

from peerlearning.knowledge import search
from peerlearning.knowledge.models import Concept, Update

pytestmark = pytest.mark.django_db

FILLER = " ".join(["The programme worked with local partners on many other matters."] * 12)


@pytest.fixture
def thesaurus(db):
    Concept.objects.create(
        slug="foster-care",
        labels={
            "en": "foster care",
            "es": "acogimiento familiar",
            "fr": "placement familial",
            "ar": "الأسر الحاضنة",
        },
        synonyms={"fr": ["famille d'accueil"]},
    )
    Concept.objects.create(
        slug="families",
        labels={"en": "families", "es": "familias", "fr": "familles", "ar": "الأسر"},
    )
    search.forget_thesaurus()


def publish(slug: str, title: str, body: str, language: str = "en") -> None:
    update = Update.objects.create(
        slug=slug, title=title, body=body, language=language, region="global"
    )
    search.index([search.update_entry(update)])


def keys(query: str) -> list[str]:
    return [hit.key for hit in search.search(query, audiences=["public"]).hits]


def test_it_ranks_a_document_titled_by_the_query_above_one_naming_it_deep_in_its_body(db):
    publish("passing", "Annual report of the network", f"{FILLER} Bridging visas were mentioned.")
    publish("titled", "Bridging visas", "How people leave detention on a visa while they wait.")
    assert keys("bridging visas") == ["titled", "passing"]


def test_it_ranks_by_the_body_when_no_title_names_the_query(db):
    # Control: neither title names the query; the document saying it more, and sooner, leads.
    publish("once", "Annual report of the network", f"{FILLER} Bridging visas were mentioned.")
    publish(
        "often",
        "Notes from a visit",
        "Bridging visas let people wait outside detention. Bridging visas have conditions.",
    )
    assert keys("bridging visas") == ["often", "once"]


def test_it_ranks_a_spanish_querys_english_practice_first_through_the_concept(thesaurus):
    publish(
        "foster", "Specialised foster care", "Children placed with trained foster care families."
    )
    publish(
        "families", "Support for families", "Families received advice and familiar faces helped."
    )
    publish("acogimiento-es", "Informe anual", f"{FILLER} Sin relación.", language="es")
    found = keys("acogimiento familiar")
    # "familiar" alone would name families: the two words together name foster care.
    assert found[0] == "foster"
    assert keys("famille d'accueil")[0] == "foster"


def test_a_query_naming_families_alone_still_finds_the_families_first(thesaurus):
    # Control: the words that name foster care together name families on their own.
    publish(
        "foster", "Specialised foster care", "Children placed with trained foster care families."
    )
    publish("families", "Support for families", "Families received advice from case workers.")
    assert keys("familias")[0] == "families"


def test_it_ranks_the_query_as_a_phrase_above_its_words_scattered(db):
    publish(
        "scattered",
        "Notes from a visit",
        "The court heard many cases. Later, in another country, a ruling on housing came.",
    )
    publish(
        "phrase",
        "Notes from another visit",
        "A court ruling ended the practice. The cases were heard again in another country.",
    )
    assert keys("court ruling") == ["phrase", "scattered"]


def test_scattered_words_are_still_found(db):
    # Control: a document holding the words apart is found, only after the phrase.
    publish(
        "scattered",
        "Notes from a visit",
        "The court heard many cases. Later, in another country, a ruling on housing came.",
    )
    assert keys("court ruling") == ["scattered"]


def test_it_finds_a_country_named_in_another_language(db):
    import json

    from peerlearning.knowledge.models import Practice
    from peerlearning.knowledge.practices_io import import_practices

    records = [
        {
            "id": f"{code.lower()}-guardians",
            "title": "Guardians for children",
            "country_iso2": code,
            "summary": "Every child alone is given a guardian.",
            "source": [{"url": "https://example.org", "title": "S"}],
        }
        for code in ("DE", "FR")
    ]
    import_practices(json.dumps(record) for record in records)
    assert Practice.objects.count() == 2
    assert keys("tutores Alemania")[0] == "de-guardians"
    assert keys("tuteurs Allemagne")[0] == "de-guardians"
    # Control: the other country's name puts the other practice first.
    assert keys("tutores Francia")[0] == "fr-guardians"
