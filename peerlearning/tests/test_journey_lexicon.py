"""An editor, on a 360 px phone in Spanish, adds a Spanish term with its forms and a context
rule with one example that must be flagged and one that must not, and sees both pass on the rule's
page and on the lexicon; a visitor reads the same lexicon without the editors' links. Every page
is checked by axe and for sideways scrolling; screenshots are kept."""

import pytest
from playwright.sync_api import expect

from peerlearning.terminology import checking
from peerlearning.terminology.models import ContextRule, Term
from peerlearning.testing import TOTP_SECRET, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
EDITOR = "editora-lexico@test.example"
MUST = "Las personas extranjeras [aseguradas] en la estación migratoria."
MUST_NOT = "Los bienes [asegurados] por la fiscalía."


@pytest.mark.browser_context(**PHONE, locale="es")
def test_an_editor_adds_a_term_and_a_rule_whose_examples_pass_on_a_phone_in_spanish(visit):
    checking.forget_lexicon()
    make_user(EDITOR, two_factor=True, is_editor=True, display_name="Valentina Editora")
    page = visit.page
    main = page.locator("main")
    visit.use_language("en")
    visit.sign_in(EDITOR, totp_secret=TOTP_SECRET)
    visit.use_language("es")

    visit.goto("/terminology/lexicon/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.locator("main a[href='/terminology/lexicon/terms/new/']").click()
    visit.audit()
    form = page.locator("main form")
    form.locator("select[name='language']").select_option("es")
    form.locator("input[name='term']").fill("aseguramiento")
    form.locator("textarea[name='forms']").fill("asegurado\nasegurada\nasegurados\naseguradas")
    form.locator("select[name='category']").select_option("euphemism")
    form.locator("input[name='plain']").fill("detención")
    form.locator("textarea[name='explanation']").fill(
        "Una persona extranjera «asegurada» por la autoridad migratoria está detenida."
    )
    form.locator("textarea[name='sources']").fill(
        "Ley de Migración | https://www.diputados.gob.mx/LeyesBiblio/pdf/LMigra.pdf"
    )
    visit.screenshot("term-form")
    form.locator("button[type=submit]").click()
    visit.audit()
    term = Term.objects.get(language="es", term="aseguramiento")
    assert term.forms == ["asegurado", "asegurada", "asegurados", "aseguradas"]
    expect(main).to_contain_text("asegurado, asegurada, asegurados, aseguradas")
    visit.screenshot("term")

    visit.goto("/terminology/lexicon/rules/new/?language=es")
    form = page.locator("main form")
    form.locator("input[name='name']").fill("Contexto migratorio")
    form.locator("select[name='kind']").select_option("requires")
    form.locator("textarea[name='cues']").fill("extranjer*\nmigra*")
    form.locator("input[name='window']").fill("20")
    form.get_by_label("aseguramiento (es)").check()
    form.locator("textarea[name='must_match']").fill(MUST)
    form.locator("textarea[name='must_not_match']").fill(MUST_NOT)
    form.locator("textarea[name='description']").fill(
        "«Asegurar» bienes no es detener a nadie: solo cuando se habla de migración."
    )
    visit.screenshot("rule-form")
    form.locator("button[type=submit]").click()
    visit.audit()
    rule = ContextRule.objects.get(name="Contexto migratorio")
    assert list(rule.terms.all()) == [term]
    examples = page.locator("main .example")
    expect(examples).to_have_count(2)
    expect(page.locator("main li.example-pass")).to_have_count(2)
    expect(examples.nth(0)).to_contain_text("Las personas extranjeras aseguradas")
    expect(examples.nth(0).locator("mark")).to_have_text("aseguradas")
    expect(examples.nth(1)).to_contain_text("Los bienes asegurados por la fiscalía.")
    expect(examples.nth(1).locator("mark")).to_have_count(0)
    visit.screenshot("rule")

    visit.goto("/terminology/lexicon/?language=es")
    expect(page.locator("#summary")).to_contain_text("1")
    expect(page.locator("main .example-fail")).to_have_count(0)
    expect(page.locator("main .example-pass")).to_have_count(3)  # the summary and 2 examples
    visit.screenshot("lexicon")


@pytest.mark.browser_context(**PHONE, locale="es", java_script_enabled=False)
def test_a_visitor_reads_the_lexicon_on_a_phone_without_javascript(visit):
    from peerlearning.terminology.tests.lexicon_fixtures import load_small

    checking.forget_lexicon()
    load_small()
    page = visit.page
    visit.use_language("es")
    visit.goto("/terminology/lexicon/")
    page.locator("main select[name='language']").select_option("es")
    page.locator("main form[role='search'] button[type=submit]").click()
    visit.audit()
    assert "language=es" in page.url
    main = page.locator("main")
    expect(main).to_contain_text("alojamiento")
    expect(main).not_to_contain_text("shelter")
    expect(page.locator("main a[href='/terminology/lexicon/terms/new/']")).to_have_count(0)
    visit.screenshot("lexicon-for-a-visitor")
