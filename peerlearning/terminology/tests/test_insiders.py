"""The check against people who would abuse it or see more than their own: a report of tens of
thousands of findings, a PDF that inflates to gigabytes, hostile Word files, a flood of saved
checks, odd input, an administrator's deletion preview, an edit that would widen a rule."""

import io
import zipfile
import zlib

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from pypdf import PdfReader

from peerlearning.accounts.models import User
from peerlearning.terminology.models import ContextRule, SavedCheck, Term
from peerlearning.terminology.tests.check_world import SPANISH, load_lexicon
from peerlearning.terminology.views import checks
from peerlearning.terminology.views.checks import SAVED_CHECKS_PER_PERSON
from peerlearning.testing import make_user, page_text, post_json

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def lexicon() -> None:
    load_lexicon()


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_of(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def inflating_pdf(megabytes: int) -> bytes:
    """One page whose content stream inflates to `megabytes` MB of spaces: a megabyte squeezed
    once, flushed so that each next one squeezes to the same bytes, repeated."""
    squeezer = zlib.compressobj(9)
    megabyte = b" " * (1024 * 1024)
    first = squeezer.compress(megabyte) + squeezer.flush(zlib.Z_FULL_FLUSH)
    again = squeezer.compress(megabyte) + squeezer.flush(zlib.Z_FULL_FLUSH)
    stream = first + again * (megabytes - 1) + squeezer.flush()
    return pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def test_the_report_lists_the_first_findings_and_says_how_many_more(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(checks, "REPORT_FINDINGS", 10)
    text = "Los extranjeros presentados. " * (10 + 40)
    response = Client().post("/terminology/report/", {"text": text, "lang": "es"})
    assert response.status_code == 200
    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "And 40 more findings, not listed here" in " ".join(pdf.split())
    # Positive control: under the cap nothing is said to be left out.
    small = Client().post("/terminology/report/", {"text": text[:150], "lang": "es"})
    assert "more finding" not in PdfReader(io.BytesIO(small.content)).pages[0].extract_text()


def test_a_pdf_that_inflates_to_gigabytes_is_refused_in_a_second() -> None:
    bomb = SimpleUploadedFile("ley.pdf", inflating_pdf(1200), content_type="application/pdf")
    response = Client().post("/terminology/", {"file": bomb, "lang": "es"})
    assert response.status_code == 400
    assert "The PDF cannot be read" in page_text(response.content)


@pytest.mark.parametrize("damage", ["encrypted", "corrupt", "unknown-compression"])
def test_a_hostile_word_file_is_refused_not_a_server_error(damage: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "x" * 5000 + "</w:document>")
    data = bytearray(buffer.getvalue())
    member = data.find(b"PK\x03\x04", 10)  # word/document.xml's local header
    central = data.find(b"PK\x01\x02word"[:4], member)
    central = data.find(b"word/document.xml", data.find(b"PK\x01\x02")) - 46
    if damage == "encrypted":
        data[member + 6] |= 1
        data[central + 8] |= 1
    elif damage == "unknown-compression":
        data[member + 8] = 99
        data[central + 10] = 99
    else:
        name_length = int.from_bytes(data[member + 26 : member + 28], "little")
        start = member + 30 + name_length
        data[start : start + 20] = b"\xff" * 20
    upload = SimpleUploadedFile("ley.docx", bytes(data))
    response = Client(raise_request_exception=False).post(
        "/terminology/", {"file": upload, "lang": "es"}
    )
    assert response.status_code == 400
    assert "Word document" in page_text(response.content)


def test_a_body_larger_than_a_file_and_a_text_is_refused_before_it_is_read() -> None:
    response = Client().post("/terminology/", {"text": "x"}, CONTENT_LENGTH=str(10**9))
    assert response.status_code == 413
    assert "at most 20 MB" in response.content.decode()


def test_saving_is_throttled_and_capped(settings) -> None:  # noqa: ANN001
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "terminology_check_member": "2/m/user",
    }
    member = make_user("member@test.example")
    client = signed_in(member)
    for _n in range(2):
        assert client.post("/terminology/checks/save/", {"text": SPANISH}).status_code == 302
    refused = client.post("/terminology/checks/save/", {"text": SPANISH})
    assert refused.status_code == 429
    assert SavedCheck.objects.filter(owner=member).count() == 2
    # The report of a saved check counts too.
    saved = SavedCheck.objects.filter(owner=member).first()
    assert saved is not None
    assert client.get(f"/terminology/checks/{saved.public_id}/report/").status_code == 429


def test_a_person_keeps_a_bounded_number_of_checks() -> None:
    member = make_user("member@test.example")
    SavedCheck.objects.bulk_create(
        SavedCheck(owner=member, title=f"c{n}", language="es", text="t", spans=[])
        for n in range(SAVED_CHECKS_PER_PERSON)
    )
    response = signed_in(member).post("/terminology/checks/save/", {"text": SPANISH})
    assert response.status_code == 400
    assert "the most one person may keep" in page_text(response.content)
    assert SavedCheck.objects.filter(owner=member).count() == SAVED_CHECKS_PER_PERSON
    # Positive control: another member saves.
    other = make_user("other@test.example")
    assert signed_in(other).post("/terminology/checks/save/", {"text": SPANISH}).status_code == 302


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"text": "Los extranjeros\x00 presentados", "lang": "es"}, "null characters"),
        ({"text": SPANISH, "lang": "x" * 100_000}, "That is not a language code"),
    ],
)
def test_odd_input_gets_a_short_reason(body: dict[str, str], reason: str) -> None:
    response = post_json(Client(), "/api/v1/terminology/check", body)
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert len(response.content) < 2000


def test_an_administrators_deletion_preview_names_no_saved_check() -> None:
    owner = make_user("owner@test.example")
    response = signed_in(owner).post(
        "/terminology/checks/save/", {"text": SPANISH, "title": "Draft law for Tapachula"}
    )
    assert response.status_code == 302
    root = make_user("root@test.example", is_superuser=True, is_staff=True, two_factor=True)
    request = RequestFactory().get("/admin/")
    request.user = root
    to_delete, counts, _perms, _protected = admin.site._registry[User].get_deleted_objects(
        [owner], request
    )
    shown = repr(to_delete) + repr(counts)
    assert "Tapachula" not in shown
    assert "saved check" not in repr(counts)
    # The same note for everyone, whether they saved checks or not.
    assert "terminology checks the person saved" in shown


def test_editing_a_rule_keeps_the_terms_out_of_use_it_names() -> None:
    editor = make_user("editor@test.example", is_editor=True, two_factor=True)
    client = signed_in(editor)
    rule = ContextRule.objects.filter(terms__isnull=False).first()
    assert rule is not None
    (term,) = rule.terms.all()
    client.post(f"/terminology/lexicon/terms/{term.public_id}/use/", {"in_use": "", "note": "n"})
    assert not Term.objects.get(pk=term.pk).is_active
    response = client.post(
        f"/terminology/lexicon/rules/{rule.public_id}/edit/",
        {
            "name": rule.name,
            "language": rule.language,
            "kind": rule.kind,
            "cues": "\n".join(rule.cues),
            "window": "12",
            "note": "a wider window",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.window == 12
    assert list(rule.terms.all()) == [term]


def test_a_real_saved_check_is_its_owners_alone() -> None:
    owner = make_user("owner@test.example")
    signed_in(owner).post("/terminology/checks/save/", {"text": SPANISH, "title": "Mine"})
    saved = SavedCheck.objects.get(owner=owner)
    base = f"/terminology/checks/{saved.public_id}/"
    root = make_user("root@test.example", is_superuser=True, is_staff=True, two_factor=True)
    editor = make_user("editor@test.example", is_editor=True, two_factor=True)
    for someone in (root, editor, make_user("other@test.example")):
        client = signed_in(someone)
        assert client.get(base).status_code == 404
        assert client.get(base + "report/").status_code == 404
        assert client.post(base + "delete/").status_code == 404
        assert "Mine" not in page_text(client.get("/terminology/checks/").content)
    visitor = Client()
    for address in (base, base + "report/"):
        assert visitor.get(address).status_code == 302
    assert visitor.post(base + "delete/").status_code == 302
    assert SavedCheck.objects.filter(pk=saved.pk).exists()
    # Positive control: the owner reads it, gets its PDF and deletes it.
    mine = signed_in(owner)
    assert "Mine" in page_text(mine.get(base).content)
    assert mine.get(base + "report/").content.startswith(b"%PDF")
    assert mine.post(base + "delete/").status_code == 302
    assert not SavedCheck.objects.filter(pk=saved.pk).exists()


def test_a_term_out_of_use_is_hidden_from_everyone_but_editors() -> None:
    editor = make_user("editor@test.example", is_editor=True, two_factor=True)
    term = Term.objects.get(term="alojamiento")
    signed_in(editor).post(
        f"/terminology/lexicon/terms/{term.public_id}/use/", {"in_use": "", "note": "n"}
    )
    base = f"/terminology/lexicon/terms/{term.public_id}/"
    member = signed_in(make_user("member@test.example"))
    assert Client().get(base).status_code == 404
    assert member.get(base).status_code == 404
    assert member.get(base + "edit/").status_code == 404
    assert member.post(base + "use/", {"in_use": "on", "note": "n"}).status_code == 404
    assert not Term.objects.get(pk=term.pk).is_active
    # Positive control: the editor sees it and puts it back.
    assert signed_in(editor).get(base).status_code == 200
    signed_in(editor).post(base + "use/", {"in_use": "on", "note": "back"})
    assert Term.objects.get(pk=term.pk).is_active
