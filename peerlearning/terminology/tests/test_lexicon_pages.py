"""The lexicon's pages: anyone reads the terms and rules in use, with the rules' examples run;
editors add and change terms and rules, take them out of use and read the history (who changed
what), which nobody else sees."""

import json

import pytest

from peerlearning.network.testing import client_for
from peerlearning.terminology import checking, lexicon_io
from peerlearning.terminology.models import ContextRule, Revision, Term
from peerlearning.terminology.tests.lexicon_fixtures import SMALL, load_small
from peerlearning.testing import count_queries, make_user, page_text

pytestmark = pytest.mark.django_db

LEXICON = "/terminology/lexicon/"
NEW_TERM = "/terminology/lexicon/terms/new/"
NEW_RULE = "/terminology/lexicon/rules/new/"
HISTORY = "/terminology/lexicon/history/"


@pytest.fixture(autouse=True)
def _fresh_lexicon():
    checking.forget_lexicon()
    yield
    checking.forget_lexicon()


@pytest.fixture
def editor():
    return make_user(
        "lexicon-editor@test.example",
        two_factor=True,
        is_editor=True,
        display_name="Valentina Editora",
    )


@pytest.fixture
def member():
    return make_user("reader@test.example")


@pytest.fixture
def small():
    load_small()
    return SMALL


def read(response) -> str:
    return page_text(response.content)


def term(name: str) -> Term:
    return Term.objects.get(term=name)


def rule(name: str) -> ContextRule:
    return ContextRule.objects.get(name=name)


def term_url(name: str) -> str:
    return f"/terminology/lexicon/terms/{term(name).public_id}/"


def rule_url(name: str) -> str:
    return f"/terminology/lexicon/rules/{rule(name).public_id}/"


TERM_POST = {
    "language": "es",
    "term": "aseguramiento",
    "forms": "asegurado\nasegurada\nasegurado\n\nasegurar",
    "category": "euphemism",
    "plain": "detención",
    "explanation": "El «aseguramiento» de una persona extranjera es su detención.",
    "sources": "Ley de Migración | https://example.org/ley\nhttps://example.org/otra",
    "needs_context": "on",
    "note": "",
}


# The public lexicon ------------------------------------------------------------------------------


def test_it_shows_anyone_the_terms_and_rules_with_their_examples_run(small):
    response = client_for(None).get(LEXICON)
    assert response.status_code == 200
    text = read(response)
    assert "4 terms, 2 rules: ✓ all 4 examples pass." in text
    for words in (
        "alojamiento",
        "alojado, alojados, alojada, alojadas",
        "Say instead: detención",
        "Una persona extranjera alojada en una estación migratoria está detenida.",
        "Contexto migratorio",
        "Flagged only if one of these words is within 20 words: “extranjero*”, “migra*”.",
        "Applies to: alojamiento, presentación",
        "Applies to: every term of its language",
        "✓ Passes must be flagged Las personas extranjeras alojadas en la estación migratoria.",
        "✓ Passes must not be flagged El alojamiento del hotel incluye desayuno. Nothing flagged.",
    ):
        assert words in text, words
    html = response.content.decode()
    assert (
        '<a href="https://example.org/ley" rel="noopener" dir="auto">Ley de Migración</a>' in html
    )
    # What was flagged is highlighted: the bracketed word, without its brackets.
    assert '<mark title="alojamiento">alojadas</mark>' in html
    assert "[alojadas]" not in text
    # Editors' links are for editors.
    for words in ("Add a term", "Add a rule", "History"):
        assert words not in text


def test_it_shows_an_example_that_fails_as_failing(small):
    lexicon_io.load(
        {
            "terms": [],
            "rules": [
                {
                    **SMALL["rules"][0],
                    "must_match": [
                        *SMALL["rules"][0]["must_match"],
                        "Huéspedes [alojados] en el hotel.",
                    ],
                }
            ],
        }
    )
    text = read(client_for(None).get(LEXICON))
    assert "4 terms, 2 rules: ✗ 1 example fails." in text
    assert "✗ Fails must be flagged Huéspedes alojados en el hotel. Nothing flagged." in text
    # The others still pass.
    assert "✓ Passes must be flagged Las personas extranjeras alojadas" in text
    rule_page = read(client_for(None).get(rule_url("Contexto migratorio")))
    assert "1 example of this rule fails" in rule_page


def test_it_filters_by_language_and_category_with_a_plain_form(small):
    text = read(client_for(None).get(LEXICON + "?language=en"))
    assert "shelter" in text and "Immigration context" in text
    assert "alojamiento" not in text and "Contexto migratorio" not in text
    plain = read(client_for(None).get(LEXICON + "?language=es&category=plain_detention_term"))
    assert "estación migratoria" in plain
    assert "presentación" not in plain.replace("Applies to: alojamiento, presentación", "")
    # An unknown filter shows everything rather than failing.
    assert "shelter" in read(client_for(None).get(LEXICON + "?language=xx&category=zz"))


def test_it_downloads_the_lexicon_in_use_in_the_shape_it_is_loaded_from(small, editor):
    Term.objects.filter(term="shelter").update(is_active=False)
    response = client_for(None).get("/terminology/lexicon/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lexicon.json"'
    data = json.loads(response.content)
    assert sorted(t["term"] for t in data["terms"]) == [
        "alojamiento",
        "estación migratoria",
        "presentación",
    ]
    assert [r["terms"] for r in data["rules"]] == [[], ["alojamiento", "presentación"]]
    # A rule names only terms in use, and one left with none in use is not in the file.
    Term.objects.filter(term="presentación").update(is_active=False)
    data = json.loads(client_for(None).get("/terminology/lexicon/export.json").content)
    assert [r["terms"] for r in data["rules"]] == [[], ["alojamiento"]]
    Term.objects.filter(term="alojamiento").update(is_active=False)
    data = json.loads(client_for(None).get("/terminology/lexicon/export.json").content)
    assert [r["name"] for r in data["rules"]] == ["Immigration context"]
    assert client_for(None).post("/terminology/lexicon/export.json").status_code == 405


def test_it_keeps_the_lexicon_page_to_the_same_queries_with_5_or_50_terms(editor):
    def build(count: int) -> None:
        Term.objects.all().delete()
        lexicon_io.load(
            {
                "terms": [
                    {
                        "language": "es",
                        "term": f"término{n}",
                        "forms": [f"términos{n}"],
                        "category": "euphemism",
                        "explanation": "Una explicación.",
                        "sources": [{"title": "Fuente", "url": "https://example.org"}],
                    }
                    for n in range(count)
                ],
                "rules": [
                    {
                        "language": "es",
                        "name": f"Regla {n}",
                        "kind": "requires",
                        "cues": ["migra*"],
                        "terms": [f"término{n}"],
                        "must_match": [f"Migrantes [término{n}]."],
                    }
                    for n in range(min(count, 10))
                ],
            }
        )
        checking.forget_lexicon()

    counts = []
    for count in (5, 50):
        Revision.objects.all().delete()
        ContextRule.objects.all().delete()
        build(count)
        counts.append(
            (
                count_queries(client_for(None), LEXICON),
                count_queries(client_for(editor), LEXICON),
            )
        )
    assert counts[0] == counts[1]
    assert max(counts[1]) <= 12


# A term's page -----------------------------------------------------------------------------------


def test_it_shows_a_term_with_its_forms_and_the_rules_that_apply(small, editor):
    text = read(client_for(None).get(term_url("alojamiento")))
    assert "alojado, alojados, alojada, alojadas" in text
    assert "Context rules that apply to it" in text
    assert "Contexto migratorio" in text
    # A rule limited to other terms does not apply; one for every term does.
    assert "Only where the text speaks of migration or custody" in text
    plain = read(client_for(None).get(term_url("estación migratoria")))
    assert "Context rules that apply to it None." in plain
    assert "Wherever it appears: it only ever means detention." in plain
    # A rule names the terms in use only, to the public: an out-of-use one is named to editors.
    Term.objects.filter(term="presentación").update(is_active=False)
    assert "Applies to: alojamiento ✓ Passes" in read(
        client_for(None).get(LEXICON + "?language=es")
    )
    Term.objects.filter(term="alojamiento").update(is_active=False)
    checking.forget_lexicon()
    response = client_for(None).get(rule_url("Contexto migratorio"))
    assert "no term in use (those it names are out of use)" in read(response)
    assert term_url("alojamiento") not in response.content.decode()
    assert (
        term_url("alojamiento")
        in client_for(editor).get(rule_url("Contexto migratorio")).content.decode()
    )
    Term.objects.update(is_active=True)
    checking.forget_lexicon()
    # A term that needs its context but no rule in use limits: flagged everywhere, and said so.
    ContextRule.objects.filter(name="Contexto migratorio").update(is_active=False)
    unlimited = read(client_for(None).get(term_url("presentación")))
    assert "Wherever it appears, for now: no rule in use limits it" in unlimited
    assert "Immigration context" in read(client_for(None).get(term_url("shelter")))


def test_it_answers_404_to_the_public_for_a_term_out_of_use_and_shows_it_to_an_editor(
    small, editor, member
):
    url = term_url("shelter")
    assert client_for(None).get(url).status_code == 200
    Term.objects.filter(term="shelter").update(is_active=False)
    assert client_for(None).get(url).status_code == 404
    assert client_for(member).get(url).status_code == 404
    response = client_for(editor).get(url)
    assert response.status_code == 200
    assert "Out of use: this term is no longer flagged by the checker." in read(response)
    # And on the lexicon page, marked as such, for editors only.
    assert "shelter out of use" in read(client_for(editor).get(LEXICON))
    public = client_for(None).get(LEXICON + "?language=en")
    assert str(term("shelter").public_id) not in public.content.decode()
    assert "0 terms, 1 rule" in read(public)
    missing = "/terminology/lexicon/terms/00000000-0000-0000-0000-000000000000/"
    assert client_for(None).get(missing).status_code == 404


def test_it_shows_the_history_with_editors_names_to_editors_only(small, editor):
    editor_client = client_for(editor)
    response = editor_client.post(
        term_url("shelter") + "edit/",
        {
            "language": "en",
            "term": "shelter",
            "forms": "shelters\nsheltered",
            "category": "euphemism",
            "plain": "immigration detention centre",
            "explanation": "A place people may not leave is a place of detention.",
            "sources": "",
            "needs_context": "on",
            "note": "The plain term in the law's own words",
        },
    )
    assert response.status_code == 302
    editor_page = read(editor_client.get(term_url("shelter")))
    assert "Valentina Editora" in editor_page
    assert "Why: The plain term in the law's own words" in editor_page
    assert (
        "Plain term to use instead: detention centre → immigration detention centre" in editor_page
    )
    public_page = read(client_for(None).get(term_url("shelter")))
    assert "immigration detention centre" in public_page
    assert "Valentina Editora" not in public_page
    assert "The plain term in the law's own words" not in public_page


# Adding and changing a term ----------------------------------------------------------------------


def test_it_adds_a_term_with_its_revision(small, editor):
    client = client_for(editor)
    assert client.get(NEW_TERM).status_code == 200
    response = client.post(NEW_TERM, TERM_POST)
    assert response.status_code == 302
    added = term("aseguramiento")
    assert response["Location"] == f"/terminology/lexicon/terms/{added.public_id}/"
    # Forms deduplicated, empty lines dropped; sources read from their lines.
    assert added.forms == ["asegurado", "asegurada", "asegurar"]
    assert added.sources == [
        {"title": "Ley de Migración", "url": "https://example.org/ley"},
        {"title": "", "url": "https://example.org/otra"},
    ]
    assert added.needs_context
    revision = added.revisions.get()
    assert (revision.change, revision.author, revision.note) == ("created", editor, "")
    page = read(client.get(response["Location"]))
    assert "The term is in the lexicon." in page
    assert "asegurado, asegurada, asegurar" in page


def test_it_asks_why_a_term_is_changed_and_records_it(small, editor):
    client = client_for(editor)
    url = term_url("alojamiento") + "edit/"
    form = client.get(url)
    assert form.status_code == 200
    assert "alojado\nalojados\nalojada\nalojadas" in form.content.decode()
    posted = {**TERM_POST, "term": "alojamiento", "forms": "alojado\nalojada", "note": ""}
    refused = client.post(url, posted)
    assert refused.status_code == 400
    assert "This field is required." in read(refused)
    response = client.post(url, {**posted, "note": "Fewer forms"})
    assert response.status_code == 302
    revision = term("alojamiento").revisions.order_by("-pk")[0]
    assert (revision.change, revision.author, revision.note) == ("changed", editor, "Fewer forms")
    assert revision.snapshot["forms"] == ["alojado", "alojada"]


def test_it_refuses_a_duplicate_term_keeping_what_was_typed(small, editor):
    response = client_for(editor).post(
        NEW_TERM, {**TERM_POST, "term": "alojamiento", "plain": "privación de libertad"}
    )
    assert response.status_code == 400
    assert "“alojamiento” is already in the lexicon in this language." in read(response)
    html = response.content.decode()
    assert 'value="privación de libertad"' in html
    assert "asegurado\nasegurada" in html
    assert Term.objects.filter(term="alojamiento").count() == 1
    # The same term in another language is another term.
    assert (
        client_for(editor)
        .post(NEW_TERM, {**TERM_POST, "language": "pt", "term": "alojamiento"})
        .status_code
        == 302
    )


def test_it_refuses_a_source_line_without_a_web_address_naming_the_line(small, editor):
    sources = "Ley | https://example.org/ley\nReglamento | javascript:alert(1)"
    response = client_for(editor).post(NEW_TERM, {**TERM_POST, "sources": sources})
    assert response.status_code == 400
    assert (
        "Line 2 (“Reglamento | javascript:alert(1)”) has no web address: write it as "
        "“title | https://…”." in read(response)
    )
    assert not Term.objects.filter(term="aseguramiento").exists()


def test_it_refuses_a_term_or_form_without_letters(small, editor):
    response = client_for(editor).post(NEW_TERM, {**TERM_POST, "term": "…", "forms": "--"})
    text = read(response)
    assert response.status_code == 400
    assert "The term has no letters." in text
    assert "The form “--” has no letters." in text


def test_it_warns_an_editor_when_a_change_breaks_an_example(small, editor):
    client = client_for(editor)
    posted = {
        **TERM_POST,
        "term": "alojamiento",
        "forms": "alojado",  # "alojadas" is no longer a form: an example breaks
        "note": "Fewer forms",
    }
    response = client.post(term_url("alojamiento") + "edit/", posted, follow=True)
    text = read(response)
    assert "The term is saved." in text
    assert (
        "After this change, 1 example of the rules fails: Contexto migratorio: "
        "“Las personas extranjeras alojadas en la estación migratoria.”" in text
    )
    # A change that breaks nothing gives no warning.
    posted["forms"] = "alojado\nalojadas"
    text = read(client.post(term_url("alojamiento") + "edit/", posted, follow=True))
    assert "The term is saved." in text
    assert "After this change" not in text


def test_it_takes_a_term_out_of_use_and_puts_it_back_with_a_note(small, editor):
    client = client_for(editor)
    url = term_url("shelter") + "use/"
    assert client.get(url).status_code == 405
    response = client.post(url, {"in_use": "False", "note": "Too many false alarms"})
    assert response.status_code == 302
    assert not term("shelter").is_active
    revision = term("shelter").revisions.order_by("-pk")[0]
    assert (revision.change, revision.author, revision.note) == (
        "retired",
        editor,
        "Too many false alarms",
    )
    client.post(url, {"in_use": "True", "note": "Back"})
    assert term("shelter").is_active
    assert term("shelter").revisions.order_by("-pk")[0].change == "restored"


# Rules -------------------------------------------------------------------------------------------

RULE_POST = {
    "name": "Custodia",
    "language": "es",
    "kind": "requires",
    "cues": "custodia\nmigra*\ncustodia",
    "window": "15",
    "description": "Solo cerca de la custodia.",
    "must_match": "Migrantes [presentados] ante la autoridad.",
    "must_not_match": "El trabajo [presentado] en el congreso.",
    "note": "",
}


def test_it_adds_a_rule_whose_examples_pass(small, editor):
    client = client_for(editor)
    form = client.get(NEW_RULE + "?language=es")
    assert form.status_code == 200
    # The terms offered are the language's terms in use.
    assert "presentación (es)" in read(form) and "shelter (en)" not in read(form)
    response = client.post(NEW_RULE, {**RULE_POST, "terms": [term("presentación").pk]}, follow=True)
    text = read(response)
    assert "The rule is in the lexicon." in text
    assert "All its examples pass." in text
    assert "Flagged only if one of these words is within 15 words: “custodia”, “migra*”." in text
    saved = rule("Custodia")
    assert saved.cues == ["custodia", "migra*"]
    assert list(saved.terms.all()) == [term("presentación")]
    revision = saved.revisions.get()
    assert (revision.change, revision.author) == ("created", editor)


def test_it_saves_a_rule_whose_examples_fail_and_says_so(small, editor):
    response = client_for(editor).post(
        NEW_RULE,
        {**RULE_POST, "must_match": "El trabajo [presentado] en el congreso."},
        follow=True,
    )
    text = read(response)
    assert "1 example of this rule fails: see below." in text
    assert "✗ Fails must be flagged El trabajo presentado en el congreso." in text
    assert rule("Custodia").is_active


def test_it_refuses_terms_of_another_language_and_a_window_out_of_range(small, editor):
    response = client_for(editor).post(
        NEW_RULE, {**RULE_POST, "window": "500", "terms": [term("shelter").pk]}
    )
    text = read(response)
    assert response.status_code == 400
    assert "These terms are not in the rule's language: shelter" in text
    assert "Ensure this value is less than or equal to 200." in text
    assert 'value="Custodia"' in response.content.decode()
    assert not ContextRule.objects.filter(name="Custodia").exists()


def test_it_changes_a_rule_with_a_note_and_shows_what_changed(small, editor):
    client = client_for(editor)
    url = rule_url("Contexto migratorio")
    assert "extranjero*\nmigra*" in client.get(url + "edit/").content.decode()
    response = client.post(
        url + "edit/",
        {
            **RULE_POST,
            "name": "Contexto migratorio",
            "window": "25",
            "cues": "extranjero*\nmigra*",
            "must_match": "Las personas extranjeras [alojadas] en la estación migratoria.",
            "must_not_match": "El [alojamiento] del hotel incluye desayuno.",
            "terms": [term("alojamiento").pk],
            "note": "Wider window",
        },
    )
    assert response.status_code == 302
    page = read(client.get(url))
    assert "Why: Wider window" in page
    assert "Within how many words: 20 → 25" in page
    assert "Terms it applies to: alojamiento (es); presentación (es) → alojamiento (es)" in page
    assert "Valentina Editora" in page
    assert "Valentina Editora" not in read(client_for(None).get(url))


def test_it_takes_a_rule_out_of_use_so_the_public_no_longer_sees_it(small, editor):
    url = rule_url("Immigration context")
    assert client_for(editor).get(url + "use/").status_code == 405
    client_for(editor).post(url + "use/", {"in_use": "False", "note": "Replaced"})
    assert client_for(None).get(url).status_code == 404
    text = read(client_for(editor).get(url))
    assert "Out of use: this rule no longer applies, and its examples are not run." in text
    revision = rule("Immigration context").revisions.order_by("-pk")[0]
    assert (revision.change, revision.author, revision.note) == ("retired", editor, "Replaced")


# Who may do what ---------------------------------------------------------------------------------


EDITOR_PAGES = ["new-term", "new-rule", "history", "edit-term", "edit-rule"]


def editor_url(name: str) -> str:
    return {
        "new-term": NEW_TERM,
        "new-rule": NEW_RULE,
        "history": HISTORY,
        "edit-term": term_url("alojamiento") + "edit/",
        "edit-rule": rule_url("Contexto migratorio") + "edit/",
    }[name]


@pytest.mark.parametrize("page", EDITOR_PAGES)
def test_it_keeps_editor_pages_from_members_and_visitors(small, editor, member, page):
    url = editor_url(page)
    assert client_for(editor).get(url).status_code == 200
    refused = client_for(member).get(url)
    assert refused.status_code == 403
    assert "Only editors can change the terminology lexicon." in read(refused)
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")


def test_it_refuses_members_taking_a_term_out_of_use(small, member):
    response = client_for(member).post(term_url("shelter") + "use/", {"in_use": "False"})
    assert response.status_code == 403
    assert term("shelter").is_active
    assert client_for(None).post(term_url("shelter") + "use/").status_code == 302


def test_it_answers_405_to_the_wrong_method(small, editor):
    client = client_for(editor)
    assert client.post(LEXICON).status_code == 405
    assert client.post(term_url("shelter")).status_code == 405
    assert client.post(rule_url("Immigration context")).status_code == 405
    assert client.post(HISTORY).status_code == 405
    assert client.put(NEW_TERM).status_code == 405


def test_it_lists_every_change_in_the_history_with_its_editor(small, editor):
    client = client_for(editor)
    client.post(NEW_TERM, {**TERM_POST, "note": "Del reglamento"})
    client.post(term_url("shelter") + "use/", {"in_use": "False", "note": "Too broad"})
    response = client.get(HISTORY)
    text = read(response)
    assert response.status_code == 200
    # Newest first: the retirement, then the creation, then the imported ones.
    assert text.index("Taken out of use") < text.index("Created") < text.index("Imported")
    assert "Valentina Editora" in text and "Too broad" in text and "Del reglamento" in text
    html = response.content.decode()
    assert f'href="{term_url("aseguramiento")}"' in html
    assert f'href="{rule_url("Contexto migratorio")}"' in html
    assert "Page 1 of" not in text  # one page for these few
