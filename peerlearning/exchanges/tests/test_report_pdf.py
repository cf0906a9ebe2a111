"""The report PDF carries its identity — the platform, the community, the date, a citation line —
and is a tagged PDF (PDF/UA-1) that a screen reader can follow (issue 13, requirement 5)."""

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from pypdf import PdfReader

from peerlearning.exchanges.models import Report
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

PDF = "/exchanges/asia-exchange/report.pdf"
# 23:30 UTC on 14 June is already 15 June in Bangkok, the exchange's zone.
PUBLISHED = datetime(2031, 6, 14, 23, 30, tzinfo=UTC)


@pytest.fixture
def published(network):
    Report.objects.filter(exchange=network.exchange).update(
        published_at=PUBLISHED, summary="Screening works."
    )
    return network


def reader_of(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_it_names_the_platform_the_community_the_date_and_how_to_cite_it(published):
    text = text_of(reader_of(client_for(published.community_member).get(PDF)))
    assert "Peer Learning Platform" in text
    assert "Asia Pacific platform · Report of June 15, 2031" in text
    citation = (
        "Cite as: Asia Pacific platform, “Asia exchange on screening”, report, June 15, 2031."
    )
    assert citation in text
    after = text.split(citation)[1].replace(" ", "")  # a long address may wrap
    assert after.startswith("http://testserver/exchanges/asia-exchange/report/")
    assert "Screening works." in text  # the report itself is still there


def test_it_is_a_tagged_pdf_ua_document(published):
    reader = reader_of(client_for(published.community_member).get(PDF))
    root: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # the structure tree a screen reader follows
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) == "en"  # the report's language
    assert reader.metadata is not None and reader.metadata.title == "Asia exchange on screening"
    xmp = reader.xmp_metadata
    assert xmp is not None and b"pdfuaid" in xmp.stream.get_data()  # declares PDF/UA-1


def test_it_names_no_participant(published):
    text = text_of(reader_of(client_for(published.facilitator).get(PDF)))
    for name in ("Chandra Member", "Ministry of Interior", "cm@test.example", "screen every child"):
        assert name not in text, name
    assert "fewer than 5 people" in text  # aggregates only


def test_a_draft_report_has_the_date_it_was_last_saved(network):
    Report.objects.filter(exchange=network.exchange).update(
        updated_at=datetime(2031, 1, 9, 12, 0, tzinfo=UTC)
    )
    text = text_of(reader_of(client_for(network.facilitator).get(PDF)))
    assert "Report of Jan. 9, 2031" in text
    # Not published: nobody but the facilitators reads it (the positive control above).
    assert client_for(network.community_member).get(PDF).status_code == 404
