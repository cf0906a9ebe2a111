"""The check page: a text or a file checked, the result shown, bad input answered clearly with
what was typed kept, and nothing stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client

from peerlearning.terminology.checking import MAX_TEXT_CHARACTERS
from peerlearning.terminology.models import SavedCheck
from peerlearning.terminology.tests.check_world import CONTROL, SPANISH, load_lexicon
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lexicon():
    load_lexicon()


def check(client: Client, **data):
    return client.post("/terminology/", {"text": "", "lang": "", **data})


def text_pdf(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


def blank_pdf(password: str = "") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zipped(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx(text: str) -> bytes:
    return zipped(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": f"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
            "</w:body></w:document>",
        }
    )


def test_it_shows_the_form_with_the_languages_and_says_nothing_is_kept():
    response = Client().get("/terminology/")
    assert response.status_code == 200
    text = page_text(response.content)
    assert "Detect the language" in text and "Spanish" in text and "Arabic" in text
    assert "Nothing you check is kept" in text
    assert 'type="file"' in response.content.decode()
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_it_highlights_each_flagged_span_with_its_category_and_plain_term():
    response = check(Client(), text=SPANISH)
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(html)
    assert "2 euphemisms for detention" in text and "1 plain term for detention" in text
    assert "Language: Spanish (detected from the text)" in text
    assert '<mark class="flag flag-euphemism">presentadas</mark>' in html
    assert '<mark class="flag flag-euphemism">estación migratoria</mark>' in html
    assert '<mark class="flag flag-plain_detention_term">detenidos</mark>' in html
    # The label is text after the word, not colour alone.
    assert "presentadas Euphemism for detention · plain term: detención ante" in text
    # The control sentence is left alone.
    assert '<mark class="flag flag-euphemism">albergue</mark>' not in html
    # The terms found, with their count and explanation; the form stays filled.
    assert "found 1 time" in text
    assert "La “presentación” ante la autoridad migratoria es una detención." in text
    assert "Las personas extranjeras serán presentadas" in html.split("<textarea")[1]


def test_it_says_plainly_when_nothing_is_flagged():
    response = check(Client(), text=CONTROL, lang="es")
    assert response.status_code == 200
    text = page_text(response.content)
    assert "Nothing flagged" in text
    assert "Language: Spanish" in text and "detected" not in text.split("Language:")[1][:30]
    assert "<mark" not in response.content.decode()


def test_it_keeps_the_chosen_language_selected():
    response = check(Client(), text=SPANISH, lang="es")
    assert '<option value="es" selected>' in response.content.decode()
    assert "(detected from the text)" not in page_text(response.content)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "There is no text to check."),
        ({"text": "x" * (MAX_TEXT_CHARACTERS + 1)}, "is longer than 1,000,000 characters"),
        ({"text": "Las personas extranjeras", "lang": "xx"}, "is not one the checker knows"),
        ({"text": "zzz qqq"}, "could not be told"),
    ],
)
def test_it_refuses_bad_text_with_the_reason_and_keeps_it(data, message):
    response = check(Client(), **data)
    assert response.status_code == 400
    assert message in page_text(response.content)
    if data["text"].strip() and len(data["text"]) < 100:
        assert data["text"] in response.content.decode().split("<textarea")[1]
    assert SavedCheck.objects.count() == 0


def upload(content: bytes, name: str, **data):
    return check(Client(), file=SimpleUploadedFile(name, content), **data)


def test_it_checks_the_text_of_a_pdf_a_docx_and_a_text_file():
    for content, name in [
        (text_pdf(SPANISH), "ley.pdf"),
        (docx(SPANISH), "ley.docx"),
        (SPANISH.encode(), "ley.txt"),
    ]:
        response = upload(content, name)
        assert response.status_code == 200, name
        assert "2 euphemisms for detention" in page_text(response.content), name
    assert SavedCheck.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (blank_pdf(), "scan.pdf", "This PDF has no text layer: it is probably a scan"),
        (blank_pdf(password="secret"), "locked.pdf", "protected by a password"),
        (b"%PDF-1.7\n this is not a PDF at all", "broken.pdf", "The PDF cannot be read"),
        (zipped({"photo.txt": "hello"}), "law.docx", "The file is not a Word document (DOCX)."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "law.pdf", "its content is not of that type"),
        (b"\x00\x01\x02\xff\xfe", "data.bin", "Only PDF, Word (DOCX) and plain text files"),
    ],
    ids=["scan", "password", "corrupt", "zip-not-docx", "png-named-pdf", "binary"],
)
def test_it_refuses_a_file_it_cannot_read_with_the_reason(content, name, message):
    response = upload(content, name, text="what I typed")
    assert response.status_code == 400
    text = page_text(response.content)
    assert message in text
    assert "what I typed" in response.content.decode().split("<textarea")[1]
    assert SavedCheck.objects.count() == 0


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.RESOURCE_MAX_BYTES = 1_000_000
    response = upload(b"a" * 1_000_001, "big.txt")
    assert response.status_code == 400
    assert "The file is larger than 1 MB." in page_text(response.content)
    # Positive control: just under the limit, the file is read (and its text checked).
    response = upload(SPANISH.encode() + b" " * (999_000 - len(SPANISH.encode())), "ok.txt")
    assert response.status_code == 200


def test_it_reads_uploads_in_memory_never_on_disk(monkeypatch):
    def on_disk(*args, **kwargs):
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", on_disk)
    # Larger than Django's in-memory limit (2.5 MB), under the resource limit and the check's
    # 1,000,000 characters (“€” is three bytes).
    content = (SPANISH + "\n" + "€" * 900_000).encode()
    assert len(content) > 2_621_440
    response = upload(content, "long.txt", lang="es")
    assert response.status_code == 200
    assert "euphemisms for detention" in page_text(response.content)


def test_it_offers_members_to_save_and_visitors_not():
    anonymous = check(Client(), text=SPANISH)
    assert "Save this check" not in page_text(anonymous.content)
    assert "Download the report (PDF)" in page_text(anonymous.content)
    member = Client()
    member.force_login(make_user("member@test.example"))
    response = check(member, text=SPANISH)
    assert "Save this check" in page_text(response.content)
    assert 'action="/terminology/checks/save/"' in response.content.decode()
    assert SavedCheck.objects.count() == 0


def test_it_needs_a_csrf_token_from_a_browser():
    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/terminology/", {"text": SPANISH}).status_code == 403
    page = browser.get("/terminology/")
    token = page.cookies["csrftoken"].value
    response = browser.post("/terminology/", {"text": SPANISH, "csrfmiddlewaretoken": token})
    assert response.status_code == 200


def test_it_reads_a_bounded_number_of_queries(django_assert_max_num_queries):
    client = Client()
    client.force_login(make_user("member@test.example"))
    with django_assert_max_num_queries(12):
        response = check(client, text=SPANISH * 50)
    assert response.status_code == 200
    assert "50 plain terms for detention" in page_text(response.content)


def test_it_is_linked_from_the_navigation():
    assert 'href="/terminology/"' in Client().get("/").content.decode()
