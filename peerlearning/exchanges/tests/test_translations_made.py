"""Exchanges, their agenda and their report translated by editors and the exchange's
facilitators, and read in the reader's language (issue 17, item 7)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges.models import AgendaSession, Exchange, Report
from peerlearning.network.models import Membership, Role
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

EX = "/exchanges/asia-exchange/"
SPANISH = {
    "language": "es",
    "title": "Intercambio de Asia sobre el cribado",
    "description": "Cómo se identifica a los niños al llegar.",
}


@pytest.fixture
def world(network):
    exchange = network.exchange
    exchange.description = "How children are identified on arrival."
    exchange.save()
    network.session = AgendaSession.objects.create(
        exchange=exchange,
        starts_at=exchange.starts_at,
        ends_at=exchange.starts_at + timedelta(hours=1),
        title="Opening round",
        description="Each country in turn.",
    )
    Report.objects.filter(exchange=exchange).update(
        published_at=timezone.now(), summary="Screening works."
    )
    return network


def session_fields(session, title: str, description: str = "") -> dict[str, str]:
    return {
        f"session_{session.uuid}_title": title,
        f"session_{session.uuid}_description": description,
    }


def translate_to_spanish(world) -> None:
    response = client_for(world.facilitator).post(
        f"{EX}translate/",
        {**SPANISH, **session_fields(world.session, "Ronda de apertura", "Cada país.")},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"{EX}?lang=es"


def test_a_facilitator_translates_the_exchange_and_its_agenda_and_it_reads_in_spanish(world):
    translate_to_spanish(world)
    world.exchange.refresh_from_db()
    assert world.exchange.translations == {
        "es": {"title": SPANISH["title"], "description": SPANISH["description"]}
    }
    assert AuditEntry.objects.filter(action="exchange.translated").exists()

    page = client_for(world.community_member).get(f"{EX}?lang=es").content.decode()
    assert SPANISH["title"] in page
    assert SPANISH["description"] in page
    assert "Ronda de apertura" in page and "Opening round" not in page
    assert "Not yet available in your language" not in page  # no fallback note: it is there
    assert "Translated from English" in page
    assert f'<h1 lang="es" dir="auto">{SPANISH["title"]}</h1>' in page


def test_in_french_the_original_is_shown_with_the_note_listing_spanish(world):
    translate_to_spanish(world)
    page = client_for(world.community_member).get(f"{EX}?lang=fr").content.decode()
    assert "Asia exchange on screening" in page
    assert SPANISH["title"] not in page
    assert "Not yet available in your language: this is the original, in English." in page
    assert 'href="?lang=es" lang="es"' in page  # the Spanish version is a click away
    assert "Opening round" in page


def test_an_interface_in_spanish_shows_the_spanish_version_without_asking(world):
    translate_to_spanish(world)
    client = client_for(world.community_member)
    page = client.get(EX, headers={"accept-language": "es"}).content.decode()
    assert SPANISH["title"] in page


def test_the_report_translated_reads_in_spanish_and_its_pdf_is_in_spanish(world):
    translate_to_spanish(world)
    response = client_for(world.facilitator).post(
        f"{EX}report/translate/",
        {"language": "es", "summary": "El cribado funciona.", "body": "Aprendizajes clave."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{EX}report/?lang=es"
    reader = client_for(world.community_member)

    page = reader.get(f"{EX}report/?lang=es").content.decode()
    assert "Aprendizajes clave." in page and "Learnings." not in page
    assert SPANISH["title"] in page  # the exchange's translated title heads it
    assert f'href="{EX}report.pdf?lang=es"' in page  # the PDF in each language
    assert f'href="{EX}report.pdf"' in page

    original = reader.get(f"{EX}report/").content.decode()
    assert "Learnings." in original and "Aprendizajes clave." not in original

    pdf = reader.get(f"{EX}report.pdf?lang=es")
    assert pdf.status_code == 200
    assert "-es.pdf" in pdf["Content-Disposition"]
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Aprendizajes clave." in text and "El cribado funciona." in text
    assert "Resumen" in text  # the PDF's own headings in Spanish too
    assert "Informe" in text
    assert "Learnings." not in text
    assert SPANISH["title"] in text

    english = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(reader.get(f"{EX}report.pdf").content)).pages
    )
    assert "Learnings." in english and "Summary" in english

    # A language it is not translated into: the original, as written.
    french = reader.get(f"{EX}report.pdf?lang=fr")
    assert "-fr" not in french["Content-Disposition"]


def test_a_translation_into_the_items_own_language_is_refused_and_nothing_changes(world):
    client = client_for(world.facilitator)
    response = client.post(f"{EX}translate/", {**SPANISH, "language": "en"})
    assert response.status_code == 400
    assert "choose another language" in response.content.decode()
    assert SPANISH["title"] in response.content.decode()  # what was typed is kept
    response = client.post(f"{EX}report/translate/", {"language": "en", "body": "Same."})
    assert response.status_code == 400
    response = client.post(f"{EX}translate/", {**SPANISH, "language": "xx"})
    assert response.status_code == 400
    assert "Choose one of the platform" in response.content.decode()
    world.exchange.refresh_from_db()
    assert world.exchange.translations == {}
    assert Report.objects.get(exchange=world.exchange).translations == {}
    assert not AuditEntry.objects.filter(action__contains="translated").exists()


def test_an_existing_translation_is_prefilled_and_an_empty_title_removes_it(world):
    translate_to_spanish(world)
    client = client_for(world.facilitator)
    page = client.get(f"{EX}translate/?lang=es").content.decode()
    assert SPANISH["title"] in page and "Ronda de apertura" in page
    assert "Leave it empty to remove the translation" in page

    response = client.post(f"{EX}translate/", {"language": "es", "title": "", "description": ""})
    assert response.status_code == 302
    world.exchange.refresh_from_db()
    world.session.refresh_from_db()
    assert world.exchange.translations == {}
    assert world.session.translations == {}  # its sessions' go with it
    assert "Asia exchange on screening" in (
        client_for(world.community_member).get(f"{EX}?lang=es").content.decode()
    )


def test_a_description_without_a_title_is_refused_rather_than_lost(world):
    response = client_for(world.facilitator).post(
        f"{EX}translate/", {"language": "es", "title": "", "description": "Algo."}
    )
    assert response.status_code == 400
    world.exchange.refresh_from_db()
    assert world.exchange.translations == {}


def test_an_editor_who_is_no_facilitator_translates_what_they_may_see(world):
    editor = make_user(
        "editor@test.example", display_name="Eda Editor", is_editor=True, two_factor=True
    )
    Membership.objects.create(community=world.asia, person=editor, role=Role.MEMBER)
    response = client_for(editor).post(f"{EX}translate/", SPANISH)
    assert response["Location"] == f"{EX}?lang=es"
    assert f"{EX}translate/" in client_for(editor).get(EX).content.decode()
    world.exchange.refresh_from_db()
    assert "es" in world.exchange.translations


def test_a_facilitator_of_another_community_and_a_member_are_refused(world):
    for person in (world.other_facilitator, world.community_member):
        client = client_for(person)
        assert client.get(f"{EX}translate/").status_code == 403
        assert client.post(f"{EX}translate/", SPANISH).status_code == 403
        assert client.get(f"{EX}report/translate/").status_code == 403
        assert (
            client.post(f"{EX}report/translate/", {"language": "es", "body": "X"}).status_code
            == 403
        )
    page = client_for(world.community_member).get(EX).content.decode()
    assert f"{EX}translate/" not in page  # no way in offered
    world.exchange.refresh_from_db()
    assert world.exchange.translations == {}


def test_a_private_exchange_is_not_found_for_an_outsider(world):
    hidden = Exchange.objects.create(
        slug="private-exchange",
        community=world.private,
        title="Quiet exchange",
        format="workshop",
        status="held",
        visibility="community",
        rule="chatham-house",
    )
    Report.objects.create(exchange=hidden, body="Private words.", published_at=timezone.now())
    for person in (world.outsider, world.other_facilitator):
        client = client_for(person)
        for path in ("translate/", "report/translate/"):
            response = client.get(f"/exchanges/{hidden.slug}/{path}")
            assert response.status_code == 404
            assert "Quiet exchange" not in response.content.decode()
    # The positive control: its facilitator translates it.
    assert (
        client_for(world.facilitator).get(f"/exchanges/{hidden.slug}/translate/").status_code == 200
    )


def test_the_report_translation_waits_for_a_report(world):
    Report.objects.filter(exchange=world.exchange).delete()
    assert client_for(world.facilitator).get(f"{EX}report/translate/").status_code == 404


def test_the_translate_pages_name_no_contributor(world):
    """Under the rule: the pages show the exchange's and the report's words, nobody behind
    a contribution, no speaker."""
    world.session.speakers.add(world.community_member)
    client = client_for(world.facilitator)
    for path, shown in (("translate/", world.session.title), ("report/translate/", "Summary")):
        response = client.get(f"{EX}{path}")
        assert response.status_code == 200, path
        page = response.content.decode()
        assert shown in page  # control: the page shows what is translated
        assert "Chandra Member" not in page
        assert "cm@test.example" not in page
        assert "We screen every child on arrival." not in page


def test_the_exchange_page_in_a_language_asks_a_bounded_number_of_queries(
    world, django_assert_max_num_queries
):
    translate_to_spanish(world)
    for number in range(12):
        AgendaSession.objects.create(
            exchange=world.exchange,
            starts_at=world.exchange.starts_at + timedelta(hours=number + 2),
            ends_at=world.exchange.starts_at + timedelta(hours=number + 3),
            title=f"Session {number}",
            translations={"es": {"title": f"Sesión {number}", "description": ""}},
        )
    client = client_for(world.community_member)
    client.get(f"{EX}?lang=es")  # warm the session and the caches
    with django_assert_max_num_queries(40):
        page = client.get(f"{EX}?lang=es").content.decode()
    assert "Sesión 11" in page
    with django_assert_max_num_queries(25):
        assert client_for(world.facilitator).get(f"{EX}translate/?lang=es").status_code == 200
