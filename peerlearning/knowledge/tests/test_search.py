import csv
import io
import json

import pytest
from django.test import Client

from peerlearning.knowledge import search, thesaurus
from peerlearning.knowledge.models import Concept, Practice, Update
from peerlearning.knowledge.practices_io import import_practices
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


@pytest.fixture
def library(db):
    """A small bilingual library: English practices, a Spanish one, a French update."""
    Concept.objects.create(
        slug="case-management",
        labels={
            "en": "case management",
            "es": "gestión de casos",
            "fr": "gestion de cas",
            "ar": "إدارة الحالات",
        },
        synonyms={"en": ["casework"], "es": ["manejo de casos"]},
    )
    Concept.objects.create(
        slug="unaccompanied-children",
        labels={
            "en": "unaccompanied children",
            "es": "niños no acompañados",
            "fr": "enfants non accompagnés",
            "ar": "الأطفال غير المصحوبين",
        },
    )
    search.forget_thesaurus()
    records = [
        {
            "id": "us-family-case-management",
            "title": "Family Case Management Program",
            "country_iso2": "US",
            "region": "Americas",
            "years": "2016-2017",
            "target_groups": ["asylum-seeking families"],
            "summary": "Case managers followed released families to court hearings.",
            "source": [{"url": "https://example.org/fcmp", "title": "Report"}],
            "type": "programme",
        },
        {
            "id": "mx-shelters-for-children",
            "title": "Albergues para niños no acompañados",
            "country_iso2": "MX",
            "region": "Americas",
            "years": "2020-",
            "target_groups": ["unaccompanied children"],
            "summary": "Los niños no acompañados son canalizados a albergues del sistema DIF.",
            "source": [{"url": "https://example.org/dif", "title": "Informe"}],
            "type": "legal_reform",
            "language": "es",
        },
        {
            "id": "th-mou-children",
            "title": "Memorandum on alternatives for children",
            "country_iso2": "TH",
            "region": "Asia Pacific",
            "years": "2019",
            "target_groups": ["children"],
            "summary": "Thailand agreed to end child detention and to use case management.",
            "source": [{"url": "https://example.org/mou", "title": "MOU"}],
            "type": "policy",
        },
    ]
    import_practices(json.dumps(r) for r in records)
    update = Update.objects.create(
        slug="note-fr",
        title="Gestion de cas au Maroc",
        language="fr",
        body="La gestion de cas des familles migrantes progresse.",
        region="mena",
    )
    search.index([search.update_entry(update)])


def keys(results) -> list[str]:
    return [hit.key for hit in results.hits]


def test_it_finds_words_with_their_stems(library):
    results = search.search("managers", audiences=["public"])
    assert keys(results)[0] == "us-family-case-management"


def test_a_spanish_query_finds_english_practices_through_the_thesaurus(library):
    results = search.search("gestión de casos", audiences=["public"])
    assert {"us-family-case-management", "th-mou-children", "note-fr"} <= set(keys(results))


def test_an_english_query_finds_the_spanish_practice(library):
    results = search.search("unaccompanied children", audiences=["public"])
    assert "mx-shelters-for-children" in keys(results)


def test_accents_and_case_do_not_matter(library):
    assert keys(search.search("ALBERGUES NINOS", audiences=["public"])) == [
        "mx-shelters-for-children"
    ]


def test_typos_are_tolerated_and_said(library):
    results = search.search("famlies", audiences=["public"])
    assert "us-family-case-management" in keys(results)
    assert "famlies" in results.corrections


def test_snippets_mark_the_words_and_escape_the_text(library):
    Update.objects.create(
        slug="xss", title="<script>x</script> families", body="<b>families</b> & friends"
    )
    search.index([search.update_entry(Update.objects.get(slug="xss"))])
    hit = next(h for h in search.search("families", audiences=["public"]).hits if h.key == "xss")
    assert "&lt;b&gt;<mark>families</mark>&lt;/b&gt; &amp; friends" in hit.snippet


def test_facets_count_and_filter(library):
    results = search.search("children", audiences=["public"])
    assert dict(results.facets["country"]) == {"MX": 1, "TH": 1}
    filtered = search.search("children", audiences=["public"], filters={"country": "TH"})
    assert keys(filtered) == ["th-mou-children"]
    assert dict(search.search("children", audiences=["public"]).facets["type"]) == {"practice": 2}


def test_drafts_are_found_by_editors_only(library, network):
    draft = Practice.objects.get(external_id="th-draft-practice")
    draft.summary = "A secret draft about children."
    draft.save()
    search.index([search.practice_entry(draft)])
    assert "th-draft-practice" not in keys(search.search("secret draft", audiences=["public"]))
    page = client_for(network.facilitator).get("/search/?q=secret+draft").content.decode()
    assert "A draft" in page
    assert "A draft" not in Client().get("/search/?q=secret+draft").content.decode()


def test_a_private_communitys_update_is_found_by_its_members_only(library, network):
    update = Update.objects.create(
        slug="quiet",
        title="Quiet news about screening",
        body="Screening.",
        community=network.private,
    )
    search.index([search.update_entry(update)])
    assert (
        "Quiet news"
        not in client_for(network.outsider).get("/search/?q=screening").content.decode()
    )
    assert (
        "Quiet news"
        in client_for(network.community_member).get("/search/?q=screening").content.decode()
    )


@pytest.mark.parametrize(
    "query", ['"', "*", "NEAR(", "title:", "a OR", "()", "- - -", "'; DROP TABLE"]
)
def test_operators_and_odd_characters_are_harmless(library, query):
    response = Client().get("/search/", {"q": query})
    assert response.status_code == 200
    assert Client().get("/api/v1/search", {"q": query}).status_code == 200


def test_an_overlong_or_empty_query_gets_a_clear_answer(library):
    response = Client().get("/search/", {"q": "x" * 10_000})
    assert response.status_code == 200
    assert "Keep the search under 500 characters" in response.content.decode()
    api = Client().get("/api/v1/search", {"q": "x" * 10_000})
    assert api.status_code == 422
    assert Client().get("/api/v1/search", {"q": ""}).json() == {
        "error": "Give the words to search for in “q”."
    }
    assert "Type a few words" in Client().get("/search/?q=").content.decode()


def test_the_api_answers_with_type_id_title_url_snippet_and_score(library):
    payload = Client().get("/api/v1/search", {"q": "albergues", "type": "practice"}).json()
    hit = payload["hits"][0]
    assert hit["type"] == "practice"
    assert hit["id"] == "mx-shelters-for-children"
    assert hit["url"].endswith("/practices/mx-shelters-for-children/")
    assert "<mark>" in hit["snippet"]
    assert hit["score"] > 0


def test_results_download_as_csv(library):
    response = Client().get("/search/results.csv", {"q": "children"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["type", "id", "title", "url", "score"]
    assert {row[1] for row in rows[1:]} == {"mx-shelters-for-children", "th-mou-children"}


def test_the_search_page_keeps_a_bounded_number_of_queries(library):
    from peerlearning.testing import assert_queries_bounded

    def grow(n):
        start = Practice.objects.count()
        records = [
            {
                "id": f"mx-grow-{start + i}",
                "title": f"Children shelter {i}",
                "country_iso2": "MX",
                "summary": "Children and families.",
                "source": [{"url": "https://example.org", "title": "S"}],
            }
            for i in range(n)
        ]
        import_practices(json.dumps(r) for r in records)

    assert assert_queries_bounded(Client(), "/search/?q=children", grow) <= 12


def test_the_thesaurus_exports_as_skos(library):
    turtle = Client().get("/thesaurus/skos.ttl").content.decode()
    assert '"gestión de casos"@es' in turtle
    assert "skos:Concept" in turtle
    data = Client().get("/thesaurus/skos.jsonld").json()
    concept = next(n for n in data["@graph"] if n["@id"].endswith("/case-management"))
    assert {"@language": "ar", "@value": "إدارة الحالات"} in concept["skos:prefLabel"]
    assert {"@language": "es", "@value": "manejo de casos"} in concept["skos:altLabel"]


def test_imported_practices_are_tagged_with_concepts(library):
    practice = Practice.objects.get(external_id="mx-shelters-for-children")
    assert [c.slug for c in practice.concepts.all()] == ["unaccompanied-children"]


def test_the_shipped_thesaurus_covers_the_field_in_four_languages(db):
    if not thesaurus.THESAURUS_JSON.exists():
        pytest.fail("peerlearning/knowledge/data/thesaurus.json is missing")
    assert thesaurus.load() >= 60
    for concept in Concept.objects.all():
        assert set(concept.labels) >= {"en", "es", "fr", "ar"}, concept.slug
    assert Concept.objects.filter(broader__isnull=False).count() >= 20


def test_a_lesson_is_found_only_where_its_exchange_may_be_seen(library, network):
    from django.utils import timezone

    from peerlearning.exchanges.models import Report
    from peerlearning.knowledge.models import Lesson

    # The report is out: the exchange's key learnings are read by whoever may see it.
    Report.objects.update_or_create(
        exchange=network.exchange, defaults={"body": "Report.", "published_at": timezone.now()}
    )
    lesson = Lesson.objects.create(
        exchange=network.exchange, text="Screening before any decision to detain."
    )
    search.index([search.lesson_entry(lesson)])

    def anonymous_finds_it() -> bool:
        return "decision to detain" in Client().get("/search/?q=screening").content.decode()

    assert not anonymous_finds_it()
    # The exchange made public from its form: the lesson follows, and back again.
    from peerlearning.exchanges import actions as exchange_actions

    exchange_actions.update_exchange(network.exchange, by=network.facilitator, visibility="public")
    assert anonymous_finds_it()
    exchange_actions.update_exchange(
        network.exchange, by=network.facilitator, visibility="community"
    )
    assert not anonymous_finds_it()


def test_each_hit_says_what_it_is(library):
    from peerlearning.knowledge.models import Lesson

    lesson = Lesson.objects.create(text="Albergues need trained staff.")
    search.index([search.lesson_entry(lesson)])
    page = Client().get("/search/?q=albergues").content.decode()
    assert '<p class="meta">Lesson</p>' in page
    assert '<p class="meta">Practice</p>' in page
    assert '<p class="meta">Update</p>' not in page


class TestTheIndexFollowsTheItems:
    def test_a_deleted_practice_is_no_longer_found(self, library):
        assert "th-mou-children" in keys(search.search("memorandum", audiences=["public"]))
        Practice.objects.get(external_id="th-mou-children").delete()
        assert keys(search.search("memorandum", audiences=["public"])) == []

    def test_reindexing_drops_documents_of_items_that_are_gone(self, library):
        from peerlearning.knowledge.models import SearchDocument

        # As a document whose item left without a signal (a raw SQL delete, an old index).
        search.index(
            [
                search.Entry(
                    kind="practice",
                    key="gone-practice",
                    title="A memorandum that is gone",
                    body="Gone.",
                    url="/practices/gone-practice/",
                    language="en",
                    audience="public",
                )
            ]
        )
        assert "gone-practice" in keys(search.search("memorandum", audiences=["public"]))
        search.reindex_all()
        assert not SearchDocument.objects.filter(key="gone-practice").exists()
        assert keys(search.search("memorandum", audiences=["public"])) == ["th-mou-children"]

    def test_an_unpublished_update_is_found_by_nobody(self, library, network):
        # Published, the same search finds it for everyone.
        for user in (None, network.facilitator, network.administrator):
            page = client_for(user).get("/search/?q=gestion+de+cas").content.decode()
            assert "Gestion de cas au Maroc" in page
        update = Update.objects.get(slug="note-fr")
        update.is_published = False
        update.save()
        search.refresh(update)
        for user in (None, network.facilitator, network.administrator):
            page = client_for(user).get("/search/?q=gestion+de+cas").content.decode()
            assert "Gestion de cas au Maroc" not in page  # its page would be "not found"

    def test_an_import_never_publishes_a_draft(self, library):
        practice = Practice.objects.get(external_id="th-mou-children")
        practice.status = "draft"
        practice.save()
        record = {
            "id": "th-mou-children",
            "title": "Memorandum on alternatives for children (revised)",
            "country_iso2": "TH",
            "summary": "Revised.",
            "source": [{"url": "https://example.org/mou", "title": "MOU"}],
        }
        import_practices([json.dumps(record)])
        practice.refresh_from_db()
        assert practice.title.endswith("(revised)")
        assert practice.status == "draft"


class TestPagesPastTheEnd:
    def test_a_huge_page_number_is_an_answer_not_an_error(self, library):
        client = Client()
        assert client.get("/search/?q=children&page=99999999999999").status_code == 200
        for path in [
            "/api/v1/search?q=children&page=99999999999999",
            "/api/v1/practices?page=99999999999999",
            "/api/v1/people?page=99999999999999",
        ]:
            response = client.get(path)
            assert response.status_code == 422, path
            assert "error" in response.json()


class TestTheCsvExport:
    def test_it_is_one_search_whatever_the_number_of_hits(self, library):
        from peerlearning.testing import assert_queries_bounded

        def grow(count):
            for i in range(count * 4):
                update = Update.objects.create(
                    slug=f"children-{Update.objects.count()}-{i}",
                    title=f"Children {i}",
                    body="Children in families.",
                )
                search.index([search.update_entry(update)])

        assert_queries_bounded(Client(), "/search/results.csv?q=children", grow)
        rows = list(
            csv.reader(io.StringIO(Client().get("/search/results.csv?q=children").content.decode()))
        )
        assert len(rows) > 100

    def test_a_query_too_long_says_why(self, library):
        response = Client().get("/search/results.csv", {"q": "x" * 10_000})
        assert response.status_code == 400
        assert "Keep the search under 500 characters." in response.content.decode()


def test_the_filters_in_force_are_named_in_the_readers_language(library):
    client = Client()
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    page = client.get("/search/?q=children&type=practice&country=MX").content.decode()
    assert '<span class="badge">Tipo: Práctica</span>' in page
    assert '<span class="badge">País: México</span>' in page
    assert ">practice<" not in page
