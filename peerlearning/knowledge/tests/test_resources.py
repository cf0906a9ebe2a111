import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peerlearning.knowledge import search
from peerlearning.knowledge.models import Resource
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


def pdf_bytes(text: str) -> bytes:
    from django.template import engines

    template = engines["django"].from_string("<p>{{ text }}</p>")
    from weasyprint import HTML

    return HTML(string=template.render({"text": text})).write_pdf()


def docx_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            f"<w:document><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def add(client, **fields):
    data = {
        "title": "A report",
        "kind": "report",
        "language": "en",
        "description": "",
        "link": "",
        "consent_recorded": "",
        **fields,
    }
    return client.post("/resources/new/", data)


def test_an_editor_uploads_a_pdf_whose_text_is_searchable_and_served_by_the_rule(network):
    client = client_for(network.facilitator)
    upload = SimpleUploadedFile(
        "report.pdf", pdf_bytes("Community placement kept families together.")
    )
    response = add(client, title="Community placement report", file=upload)
    assert response.status_code == 302
    resource = Resource.objects.get(title="Community placement report")
    assert resource.content_type == "application/pdf"
    assert "kept families together" in resource.text
    hits = search.search("kept families together", audiences=["public"]).hits
    assert [h.key for h in hits] == [resource.slug]
    download = Client().get(f"/resources/{resource.slug}/file/")
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download.getvalue().startswith(b"%PDF-")


def test_a_docx_is_read_too(network):
    upload = SimpleUploadedFile("brief.docx", docx_bytes("Whole of government approach"))
    add(client_for(network.facilitator), title="Brief", kind="policy-brief", file=upload)
    assert "Whole of government approach" in Resource.objects.get(title="Brief").text


def test_a_file_that_claims_to_be_a_pdf_but_is_not_is_refused(network):
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 this is not a pdf")
    response = add(client_for(network.facilitator), file=upload, description="Kept description")
    assert response.status_code == 400
    text = response.content.decode()
    assert "its content is not of that type" in text
    assert "Kept description" in text
    assert not Resource.objects.filter(title="A report").exists()


def test_an_oversized_file_is_refused(network, settings):
    settings.RESOURCE_MAX_BYTES = 1_000_000
    upload = SimpleUploadedFile("big.txt", b"a" * 1_000_001)
    response = add(client_for(network.facilitator), file=upload)
    assert "larger than 1 MB" in response.content.decode()
    assert not Resource.objects.filter(title="A report").exists()


def test_a_testimony_needs_consent(network):
    response = add(client_for(network.facilitator), kind="testimony", link="https://example.org/t")
    assert "needs the consent" in response.content.decode()


def test_withdrawing_consent_unpublishes_a_testimony_at_once(network):
    resource = Resource.objects.get(slug="testimony")
    search.index([search.resource_entry(resource)])
    assert Client().get("/resources/testimony/").status_code == 200
    response = client_for(network.facilitator).post("/resources/testimony/consent/withdraw/")
    assert response.status_code == 302
    assert Client().get("/resources/testimony/").status_code == 404
    assert Client().get("/resources/testimony/file/").status_code == 404
    assert "Testimony testimony" not in Client().get("/resources/").content.decode()
    assert search.search("testimony", audiences=["public"]).total == 0


def test_only_editors_add_resources(network):
    upload = SimpleUploadedFile("r.txt", b"text")
    assert add(client_for(network.community_member), file=upload).status_code == 403
    assert not Resource.objects.filter(title="A report").exists()
    # The same request from an editor adds it.
    upload = SimpleUploadedFile("r.txt", b"text")
    assert add(client_for(network.facilitator), file=upload).status_code == 302
    assert Resource.objects.filter(title="A report").count() == 1
