"""An activist checks a text on a phone (issue 16): on a 360 px phone with the interface in
Arabic, pastes a Spanish paragraph of a migration law with a control sentence about a shelter for
women survivors of violence, checks it, and sees the euphemisms highlighted with their plain
terms and the count, the shelter left alone. axe-core on every page; screenshots under
test-artifacts/screenshots/."""

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from peerlearning.terminology.models import SavedCheck
from peerlearning.terminology.tests.check_world import load_lexicon

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPH = (
    "Artículo 99. Las personas extranjeras que no acrediten su situación migratoria serán "
    "presentadas ante el Instituto y alojadas en la estación migratoria mientras se resuelve su "
    "situación. El albergue para mujeres víctimas de violencia recibe a quien lo pida."
)


@pytest.fixture
def lexicon(db):
    load_lexicon()


@pytest.mark.browser_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="ar")
def test_an_activist_checks_a_spanish_law_on_a_phone_in_arabic(visit, lexicon):
    page = visit.page
    visit.use_language("ar")
    visit.goto("/terminology/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    visit.screenshot("1-the-form")

    page.locator("#check-text").fill(PARAGRAPH)
    page.locator(".check-form button[type=submit]").click()
    visit.audit()

    marks = page.locator("mark.flag")
    assert [marks.nth(n).inner_text() for n in range(marks.count())] == [
        "presentadas",
        "estación migratoria",
    ]
    # Each mark is followed by its category and plain term as text, not colour alone.
    labels = page.locator(".flag-label")
    assert "centro de detención migratoria" in labels.nth(1).inner_text()
    # “alojadas” is not among the forms of this small lexicon; “albergue” (for women survivors
    # of violence) is left alone.
    assert page.locator("mark.flag", has_text="albergue").count() == 0
    # Two euphemisms, said as Arabic says two (the dual, without the figure).
    with translation.override("ar"):
        two = ngettext("%(n)s euphemism for detention", "%(n)s euphemisms for detention", 2) % {
            "n": 2
        }
    assert two.strip() in page.locator(".check-summary").inner_text()
    assert page.locator(".checked-text").get_attribute("lang") == "es"
    # The text stays in the form, to edit and check again.
    assert page.locator("#check-text").input_value().startswith("Artículo 99.")
    page.locator("#result-heading").scroll_into_view_if_needed()
    visit.screenshot("2-the-result")
    assert SavedCheck.objects.count() == 0
