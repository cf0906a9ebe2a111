"""The check where texts are written: editors see the euphemisms of a practice they write or
review, editors and monitoring teams those of a recommendation's text, and whoever saves a place
of detention those of its official type — a warning each time, never a block; nobody else sees
them, and plain terms for detention are never warnings."""

import pytest

from peerlearning.knowledge.models import Practice
from peerlearning.monitoring.models import Place, Recommendation
from peerlearning.network.testing import client_for
from peerlearning.terminology import lexicon_io
from peerlearning.terminology.models import Term
from peerlearning.terminology.warnings import warnings_for
from peerlearning.testing import assert_queries_bounded, make_user, page_text

pytestmark = pytest.mark.django_db

LEXICON = {
    "terms": [
        {
            "language": "es",
            "term": "estación migratoria",
            "forms": ["estaciones migratorias"],
            "category": "euphemism",
            "plain": "centro de detención migratoria",
            "explanation": "Nombre oficial de los lugares donde se priva de la libertad.",
            "needs_context": False,
        },
        {
            "language": "es",
            "term": "alojamiento",
            "forms": ["alojar", "alojado", "alojada", "alojados", "alojadas"],
            "category": "euphemism",
            "plain": "detención",
            "explanation": "Encubre la privación de la libertad de personas extranjeras.",
        },
        {
            "language": "es",
            "term": "detención",
            "forms": ["detenido", "detenidos"],
            "category": "plain_detention_term",
            "plain": "detención",
            "explanation": "Nombra la privación de la libertad.",
            "needs_context": False,
        },
        {
            "language": "en",
            "term": "lodging",
            "forms": ["lodged"],
            "category": "euphemism",
            "plain": "detention",
            "explanation": "Hides the detention of foreigners.",
        },
    ],
    "rules": [
        {
            "language": "es",
            "name": "Contexto migratorio",
            "kind": "requires",
            "cues": ["migra*", "extranjer*"],
            "window": 20,
        },
        {
            "language": "en",
            "name": "Migration context",
            "kind": "requires",
            "cues": ["migra*", "foreign*"],
            "window": 20,
        },
    ],
}

HIDING = "Las personas extranjeras alojadas en la estación migratoria reciben asesoría."
CONTROL = "El alojamiento de las mujeres sobrevivientes de violencia en un albergue seguro."
WARNED = "may hide detention"


@pytest.fixture
def lexicon(db):
    lexicon_io.load(LEXICON)


def term_page(term: str) -> str:
    return f"/terminology/lexicon/terms/{Term.objects.get(term=term).public_id}/"


# The warnings themselves ---------------------------------------------------------------------


def test_it_warns_of_each_euphemism_of_each_field_and_never_of_a_plain_term(lexicon):
    found = warnings_for(
        {"title": "Detenidos en la estación migratoria", "summary": HIDING, "notes": CONTROL},
        "es",
    )
    assert [(w.field, w.term, w.words) for w in found] == [
        ("title", "estación migratoria", ("estación migratoria",)),
        ("summary", "alojamiento", ("alojadas",)),
        ("summary", "estación migratoria", ("estación migratoria",)),
    ]
    assert found[1].plain == "detención"
    assert found[1].term_key == str(Term.objects.get(term="alojamiento").public_id)
    # The control text, about a shelter for survivors of violence, is no warning at all.
    assert warnings_for({"notes": CONTROL}, "es") == []


def test_it_checks_in_the_language_given_and_gives_nothing_for_one_the_lexicon_lacks(lexicon):
    assert [w.term for w in warnings_for({"text": HIDING}, "es-MX")] == [
        "alojamiento",
        "estación migratoria",
    ]
    assert warnings_for({"text": HIDING}, "de") == []
    assert warnings_for({"text": HIDING}, "") == []
    assert [w.term for w in warnings_for({"text": "Foreigners lodged at the port."}, "en")] == [
        "lodging"
    ]


def test_it_never_raises_for_empty_fields(lexicon):
    assert warnings_for({}, "es") == []
    assert warnings_for({"title": "", "summary": "   "}, "es") == []
    assert warnings_for({"title": "", "summary": HIDING}, "es") != []


def test_it_flags_a_place_type_without_looking_for_its_context(lexicon):
    # "Alojamiento" alone says nothing of migration: as a text it is not flagged…
    assert warnings_for({"official_type": "Alojamiento temporal"}, "es") == []
    # …but as the official type of a place of detention it hides what the place is.
    found = warnings_for({"official_type": "Alojamiento temporal"}, "es", names_detention=True)
    assert [(w.term, w.words) for w in found] == [("alojamiento", ("Alojamiento",))]
    assert warnings_for({"official_type": "centro de detención"}, "es", names_detention=True) == []


# Practices -----------------------------------------------------------------------------------

PRACTICE = {
    "title": "Asesoría jurídica en Tapachula",
    "summary": HIDING,
    "description": "",
    "country": "MX",
    "region": "americas",
    "years": "2024-",
    "outcomes": "",
    "sources": "Informe | https://example.org/informe",
    "language": "es",
    "stage": "pilot",
    "people_reached": "",
    "compliance_rate": "",
    "cost_per_day": "",
    "place": "Tapachula",
}


@pytest.fixture
def editor(monitoring_world):
    return monitoring_world.editor


def test_an_editor_saving_a_practice_is_told_of_its_euphemisms_and_it_is_saved(lexicon, editor):
    client = client_for(editor)
    response = client.post("/practices/new/", PRACTICE, follow=True)
    practice = Practice.objects.get(title=PRACTICE["title"])  # saved: a warning, not a block
    text = page_text(response.content)
    assert response.redirect_chain[-1][0] == practice.get_absolute_url()
    assert "“alojadas”, “estación migratoria” " not in text  # one sentence per term
    assert "“alojadas” (Summary) may hide detention; the plain term: detención." in text
    assert "“estación migratoria” (Summary) may hide detention" in text
    # The review screen lists them too, each with a link to its term in the lexicon.
    assert "In “Summary”, these words may hide detention: alojadas" in text
    assert "the plain term: centro de detención migratoria" in text
    assert term_page("estación migratoria").encode() in response.content
    # The form page shows them above the fields when the practice is edited again.
    edit = page_text(client.get(f"/practices/{practice.external_id}/edit/").content)
    assert "In “Summary”, these words may hide detention: alojadas" in edit


def test_a_practice_with_no_euphemism_gets_no_warning(lexicon, editor):
    client = client_for(editor)
    response = client.post(
        "/practices/new/", {**PRACTICE, "title": "Albergue seguro", "summary": CONTROL}, follow=True
    )
    assert Practice.objects.filter(title="Albergue seguro").exists()
    assert response.status_code == 200
    assert WARNED not in page_text(response.content)
    # Positive control: the same editor is warned of the other one.
    warned = client.post("/practices/new/", PRACTICE, follow=True)
    assert WARNED in page_text(warned.content)


def test_a_practice_is_checked_in_its_own_language(lexicon, editor):
    client = client_for(editor)
    response = client.post(
        "/practices/new/", {**PRACTICE, "language": "en", "title": "In English"}, follow=True
    )
    assert Practice.objects.filter(title="In English").exists()
    assert WARNED not in page_text(response.content)


def test_a_refused_practice_form_shows_the_warnings_of_what_was_typed(lexicon, editor):
    response = client_for(editor).post("/practices/new/", {**PRACTICE, "sources": "no address"})
    assert response.status_code == 400
    text = page_text(response.content)
    assert "In “Summary”, these words may hide detention: alojadas" in text
    assert not Practice.objects.filter(title=PRACTICE["title"]).exists()


def test_nobody_but_an_editor_sees_a_practices_warnings(lexicon, editor):
    client_for(editor).post("/practices/new/", PRACTICE)
    practice = Practice.objects.get(title=PRACTICE["title"])
    Practice.objects.filter(pk=practice.pk).update(status="published")
    url = practice.get_absolute_url()
    member = make_user("reader@test.example")
    for client in (client_for(None), client_for(member)):
        text = page_text(client.get(url).content)
        assert "Tapachula" in text  # they read the practice…
        assert WARNED not in text  # …without the editors' warnings
    assert client_for(member).get(f"/practices/{practice.external_id}/edit/").status_code == 403
    # Positive control: the editor sees them on the same page.
    assert WARNED in page_text(client_for(editor).get(url).content)


def test_the_review_screen_reads_the_lexicon_in_a_bounded_number_of_queries(lexicon, editor):
    client_for(editor).post("/practices/new/", PRACTICE)
    practice = Practice.objects.get(title=PRACTICE["title"])

    def grow(n: int) -> None:
        lexicon_io.load(
            {
                "terms": [
                    {
                        "language": "es",
                        "term": f"palabra {i}",
                        "category": "euphemism",
                        "explanation": "Una palabra de prueba.",
                    }
                    for i in range(n)
                ]
            }
        )

    assert_queries_bounded(client_for(editor), practice.get_absolute_url(), grow)


# Recommendations -----------------------------------------------------------------------------

RECOMMENDATION = {
    "body": "idc",
    "country": "MX",
    "authority": "Instituto Nacional de Migración",
    "text": "Cerrar la estación migratoria donde los extranjeros son alojados.",
    "language": "es",
    "date": "2024-05-02",
    "source_title": "Declaración",
    "source_url": "https://example.org/declaracion",
}


def test_whoever_records_a_recommendation_is_told_of_its_euphemisms(lexicon, monitoring_world):
    for person in (monitoring_world.editor, monitoring_world.monitor):
        client = client_for(person)
        response = client.post("/monitoring/recommendations/new/", RECOMMENDATION, follow=True)
        text = page_text(response.content)
        assert "“estación migratoria” (Recommendation) may hide detention" in text
        assert "“alojados” (Recommendation) may hide detention; the plain term: detención." in text
    recommendation = Recommendation.objects.filter(text=RECOMMENDATION["text"]).first()
    assert recommendation is not None  # recorded: a warning, not a block
    # Editing it, the form shows them above the fields.
    edit = client_for(monitoring_world.editor).get(
        f"/monitoring/recommendations/{recommendation.uuid}/edit/"
    )
    assert "In “Recommendation”, these words may hide detention: alojados" in page_text(
        edit.content
    )
    # The public page is as it was.
    assert WARNED not in page_text(client_for(None).get(recommendation.get_absolute_url()).content)


def test_a_recommendation_is_checked_in_the_language_of_its_text(lexicon, monitoring_world):
    client = client_for(monitoring_world.editor)
    plain = {**RECOMMENDATION, "text": "Cerrar los centros de detención para extranjeros."}
    assert WARNED not in page_text(
        client.post("/monitoring/recommendations/new/", plain, follow=True).content
    )
    as_english = {**RECOMMENDATION, "language": "en"}
    assert WARNED not in page_text(
        client.post("/monitoring/recommendations/new/", as_english, follow=True).content
    )
    english = {**RECOMMENDATION, "text": "Stop foreigners being lodged at ports.", "language": "en"}
    assert "“lodged” (Recommendation) may hide detention; the plain term: detention." in (
        page_text(client.post("/monitoring/recommendations/new/", english, follow=True).content)
    )


# Places of detention -------------------------------------------------------------------------

PLACE = {
    "country": "MX",
    "official_name": "Estación Migratoria Tapachula",
    "official_type": "estación migratoria",
    "language": "es",
    "plain_type": "immigration detention centre",
    "locality": "Tapachula, Chiapas",
    "latitude": "",
    "longitude": "",
    "capacity": "",
    "operator": "",
    "status": "open",
    "opened_on": "",
    "closed_on": "",
    "monitors_have_access": "unknown",
    "sources": "INM https://example.org/inm",
}
PLACE_NOTE = (
    "“estación migratoria” hides deprivation of liberty; "
    "the plain term: centro de detención migratoria."
)


def test_a_places_official_type_is_checked_when_it_is_saved(lexicon, monitoring_world):
    client = client_for(monitoring_world.monitor)
    response = client.post("/monitoring/places/new/", PLACE, follow=True)
    place = Place.objects.get(official_name=PLACE["official_name"])
    assert response.redirect_chain[-1][0] == place.get_absolute_url()
    assert PLACE_NOTE in page_text(response.content)
    # A type that needs its context elsewhere is flagged here: this is a place of detention.
    edited = client.post(
        f"/monitoring/places/{place.slug}/edit/",
        {**PLACE, "official_type": "alojamiento temporal"},
        follow=True,
    )
    assert "“alojamiento” hides deprivation of liberty; the plain term: detención." in (
        page_text(edited.content)
    )
    # The public page is as it was: the official type, and the plain description beside it.
    public = page_text(client_for(None).get(place.get_absolute_url()).content)
    assert "hides deprivation of liberty" not in public
    assert "immigration detention centre" in public


def test_a_plain_official_type_gets_no_note(lexicon, monitoring_world):
    client = client_for(monitoring_world.editor)
    plain = {**PLACE, "official_name": "Centro Tapachula", "official_type": "centro de detención"}
    response = client.post("/monitoring/places/new/", plain, follow=True)
    assert Place.objects.filter(official_name="Centro Tapachula").exists()
    assert "hides deprivation of liberty" not in page_text(response.content)
    # Positive control: the euphemism, saved by the same editor, is named.
    assert PLACE_NOTE in page_text(
        client.post("/monitoring/places/new/", PLACE, follow=True).content
    )
