"""The PDF report of a check: a real PDF with the findings, in the interface's language."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from peerlearning.terminology.models import SavedCheck
from peerlearning.terminology.tests.check_world import CONTROL, SPANISH, load_lexicon
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lexicon():
    load_lexicon()


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(content)).pages
    )


def test_it_makes_a_pdf_of_the_findings():
    response = Client().post("/terminology/report/", {"text": SPANISH, "lang": "es"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="terminology-check-' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Terminology check" in text
    assert "Spanish" in text
    assert "Euphemisms for detention 2" in text or "Euphemisms for detention\n2" in text
    # Each finding with its context, its category and its plain term; then the terms.
    assert "estación migratoria" in text and "serán presentadas ante el Instituto" in text
    assert "centro de detención migratoria" in text
    assert "La “presentación” ante la autoridad migratoria es una detención." in text
    assert "https://example.org/recommendation-4" in text
    # Not the whole text: the control sentence's end is not in the report.
    assert "abre todos los días" not in text
    assert SavedCheck.objects.count() == 0


def test_it_says_nothing_was_flagged():
    response = Client().post("/terminology/report/", {"text": CONTROL, "lang": "es"})
    assert response.status_code == 200
    assert "Nothing flagged" in pdf_text(response.content)


def test_it_is_written_in_the_interface_language_right_to_left_in_arabic():
    client = Client()
    client.cookies["django_language"] = "ar"
    response = client.post("/terminology/report/", {"text": SPANISH, "lang": "es"})
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.root_object.get("/Lang") == "ar"


def test_it_refuses_a_get_and_bad_text():
    assert Client().get("/terminology/report/").status_code == 405
    response = Client().post("/terminology/report/", {"text": ""})
    assert response.status_code == 400
    assert b"There is no text to check." in response.content


def test_it_makes_the_pdf_of_a_saved_check_for_its_owner():
    owner = make_user("owner@test.example")
    client = Client()
    client.force_login(owner)
    client.post("/terminology/checks/save/", {"text": SPANISH, "title": "Ley de Migración"})
    saved = SavedCheck.objects.get()
    response = client.get(f"/terminology/checks/{saved.public_id}/report/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Ley de Migración" in text and "estación migratoria" in text
