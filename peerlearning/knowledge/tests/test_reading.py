"""Reading what people write (knowledge/reading.py, issue 19): the thesaurus concepts a text
names whatever its inflection, with a word slipped into a phrase, through a synonym, with
English phrases inside another language, and an ambiguous form only in a text about the field.
Read with the shipped thesaurus, as the platform reads."""

import pytest

from peerlearning.knowledge import reading, search, thesaurus
from peerlearning.knowledge.models import Concept

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(db):
    thesaurus.load()
    search.forget_thesaurus()  # forgets the reading too
    return {concept.slug: concept.token for concept in Concept.objects.all()}


def named(text: str, language: str) -> set[str]:
    """The slugs of the concepts a text names."""
    by_token = {concept.token: concept.slug for concept in Concept.objects.all()}
    return {by_token[token] for token in reading.concepts_in(text, language)}


@pytest.mark.parametrize(
    ("language", "text", "concept"),
    [
        # Plural, singular and feminine of "niños no acompañados".
        ("es", "Las niñas no acompañadas duermen en el albergue.", "unaccompanied-children"),
        ("es", "Un niño no acompañado llegó ayer.", "unaccompanied-children"),
        ("es", "La gestora de casos visita a la familia.", "case-management"),
        # A conjugated verb: "deber de presentarse ante la autoridad".
        ("es", "Las familias deben presentarse ante la autoridad.", "reporting-conditions"),
        # Singular of "mineurs isolés étrangers", feminine of "gestionnaires de cas".
        ("fr", "Un mineur isolé étranger attend au tribunal.", "unaccompanied-children"),
        ("fr", "La gestionnaire de cas suit la famille.", "case-management"),
        ("fr", "Une migrante attend son titre de séjour.", "migrants"),
        # Verb forms of "release under supervision", "interpretation".
        ("en", "Families were released under supervision.", "supervised-release"),
        ("en", "The court is releasing them under supervision.", "supervised-release"),
        ("en", "A volunteer was interpreting for the asylum-seeking family.", "interpretation"),
        ("en", "A case worker visits each family.", "case-management"),
    ],
)
def test_it_reads_an_inflected_form_as_the_concept(shipped, language, text, concept):
    assert concept in named(text, language)


def test_it_does_not_read_a_phrase_whose_meaning_a_word_changed(shipped):
    # Control: the phrase itself.
    assert "unaccompanied-children" in named("Los niños no acompañados llegan.", "es")
    # Children with their parents are not unaccompanied: "no" is missing.
    assert "unaccompanied-children" not in named(
        "Los niños acompañados por sus padres llegan.", "es"
    )


def test_it_reads_french_feminine_participles(shipped):
    # Accents are folded before stemming: "isolées" and "isolés" must still stem alike.
    assert "unaccompanied-children" in named("Des mineures isolées étrangères.", "fr")
    assert "unaccompanied-children" in named("Des mineurs isolés étrangers.", "fr")
    assert "deprivation-of-liberty" in named(
        "Une femme migrante privée de liberté depuis deux mois.", "fr"
    )


@pytest.mark.xfail(
    strict=True,
    reason=(
        "'casos' and 'casa' share the Spanish stem 'cas': 'casos de migrantes' reads as the "
        "shelter's synonym 'casa del migrante'"
    ),
)
def test_it_does_not_read_a_shelter_into_cases_of_migrants(shipped):
    # Control: the shelter's name is read.
    assert "shelter" in named("La Casa del Migrante recibe a cien personas.", "es")
    assert "shelter" not in named("Documentamos casos de migrantes detenidos.", "es")


def test_it_reads_a_phrase_with_one_word_slipped_in(shipped):
    # "gestión de casos" with "integral" inside, in a text about migrants.
    assert "case-management" in named("Gestión integral de casos para migrantes.", "es")
    # Two words inside are too many: the words no longer make the phrase.
    assert "case-management" not in named(
        "Gestión integral y coordinada de casos para migrantes.", "es"
    )


@pytest.mark.parametrize(
    ("language", "text", "concept"),
    [
        ("es", "Los menores extranjeros no acompañados viven en pisos.", "unaccompanied-children"),
        ("en", "Support for unaccompanied minors.", "unaccompanied-children"),
        ("fr", "Les MNA attendent une place.", "unaccompanied-children"),
        ("es", "Un programa de ATD para familias.", "alternatives-to-detention"),
        ("ar", "نحتاج إلى التدابير غير الاحتجازية للأسر.", "alternatives-to-detention"),
    ],
)
def test_it_reads_a_synonym_as_the_concept(shipped, language, text, concept):
    assert concept in named(text, language)
    # Control: the synonym is not the concept's label: the label is read too.
    label = Concept.objects.get(slug=concept).labels[language]
    assert concept in named(label, language)


def test_it_reads_an_english_phrase_inside_a_spanish_text(shipped):
    text = "Queremos conocer experiencias de alternatives to detention en la región."
    assert named(text, "es") == {"alternatives-to-detention"}
    # Control: without the English phrase, the sentence names nothing.
    assert named("Queremos conocer experiencias en la región.", "es") == set()


def test_it_reads_an_ambiguous_form_only_in_a_text_about_the_field(shipped):
    field = "Case management for asylum seekers at the border."
    hospital = "Case management software for hospitals: patient records and billing."
    # Control: in a text about the field, "case management" is read.
    assert "case-management" in named(field, "en")
    assert reading.read("", field, "en").in_field
    # Case-management software for hospitals is not about it.
    assert named(hospital, "en") == set()
    assert not reading.read("", hospital, "en").in_field
    # The same in Spanish.
    assert "case-management" in named("Gestión de casos para familias migrantes.", "es")
    assert "case-management" not in named("Software de gestión de casos para hospitales.", "es")


def test_it_reads_an_ambiguous_form_beside_a_concept_named_unambiguously(shipped):
    # No field word here, but "unaccompanied minors" places the text in the field.
    text = "Case management for unaccompanied minors."
    assert named(text, "en") == {"case-management", "unaccompanied-children"}
    assert named("Case management for small firms.", "en") == set()


def test_it_reads_arabic(shipped):
    text = "نبحث عن تدريب على إدارة الحالات للأطفال غير المصحوبين بذويهم"
    assert {"case-management", "unaccompanied-children"} <= named(text, "ar")
    assert "alternatives-to-detention" in named("بدائل الاحتجاز للأطفال غير المصحوبين", "ar")
    # Control: an Arabic sentence about something else names nothing, and case management in
    # hospitals is not the field's.
    assert named("الطقس جميل اليوم في المدينة", "ar") == set()
    assert named("إدارة الحالات في المستشفيات", "ar") == set()


def test_it_proposes_the_topics_a_spanish_request_names(shipped):
    title = "Gestión de casos para niños no acompañados en la frontera"
    description = (
        "Queremos capacitar a los equipos que atienden a la niñez migrante en la frontera norte: "
        "muchos menores no acompañados llegan sin documentos y la gestión de casos empieza "
        "tarde."
    )
    proposed = [concept.slug for concept in reading.suggest_topics(title, description, "es")]
    # The most named first (a title's mention counts twice).
    assert proposed[:2] == ["case-management", "unaccompanied-children"]
    assert "training" in proposed
    # "niñez migrante" names children, broader than the unaccompanied children named: left out.
    assert "children" not in proposed
    # Control: with no narrower concept named, children are proposed.
    alone = reading.suggest_topics(
        "Apoyo para la niñez migrante", "La niñez migrante espera en la frontera.", "es"
    )
    assert "children" in [concept.slug for concept in alone]


def test_it_proposes_nothing_for_a_text_outside_the_field(shipped):
    assert reading.suggest_topics("Software de gestión de casos", "Para hospitales.", "es") == []
    # Control: the same software for a migration authority is about the field.
    proposed = reading.suggest_topics(
        "Software de gestión de casos", "Para la autoridad migratoria.", "es"
    )
    assert "case-management" in [concept.slug for concept in proposed]


def test_it_places_an_arabic_text_in_the_field_by_a_field_word_with_its_article(shipped):
    # "المهاجرة" is "مهاجر" (migrant) with the article and a folded ta marbuta.
    # Families and housing are concepts any field shares: only the field word places it.
    assert reading.read("ندعم العائلات المهاجرة في السكن", "", "ar").in_field
    # Control: the same sentence about other families is not in the field.
    assert not reading.read("ندعم العائلات الفقيرة في السكن", "", "ar").in_field
    # "Instead of detention" names the alternatives.
    assert (
        "conceptalternativestodetention"
        in reading.read("برنامج بدلاً من الاحتجاز للعائلات", "", "ar").concepts
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Migrants and refugees. Migrate your records to the case management system."),
        ("es", "Las familias migrantes y la detención de niños. Personas refugiadas en México."),
        ("fr", "Les familles migrantes et la rétention administrative des enfants."),
        ("ar", "ندعم العائلات المهاجرة وللمهاجرين في السكن بدلاً من الاحتجاز"),
    ],
)
def test_the_field_words_index_finds_what_trying_every_phrase_finds(shipped, language, text):
    """The index of field phrases by first word (a clause is not tried against every phrase
    at every word) says the same as the phrases tried one by one, at every word."""
    phrases = reading.field_stems()[language]
    index = reading.field_index()[language]
    found = 0
    for clause in reading.CLAUSE_END.split(text):
        written = reading.words(clause)
        stemmed = [reading.stem(word, language) for word in written]
        for position in range(len(written)):
            one_by_one = any(reading._is_field_word(written, stemmed, position, p) for p in phrases)
            assert index.starting_at(written, stemmed, position) == one_by_one, written[position]
            found += one_by_one
    assert 0 < found < sum(len(reading.words(c)) for c in reading.CLAUSE_END.split(text))
