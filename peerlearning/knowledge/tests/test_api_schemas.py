"""The knowledge API answers with typed schemas, so its OpenAPI document describes what it
returns, and its records are still exactly the exchange format the export writes."""

import json

import pytest
from django.test import Client

from peerlearning.knowledge.models import Practice
from peerlearning.knowledge.practices_io import export_practices, import_practices
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db

FULL = {
    "id": "mx-community-placement",
    "title": "Community placement of children",
    "country_iso2": "MX",
    "region": "Americas",
    "years": "2019-",
    "target_groups": ["unaccompanied children", "families"],
    "summary": "Children leave immigration stations for shelters run by child protection.",
    "outcomes": "None reported.",
    "source": [{"url": "https://example.org/a", "title": "A report", "publisher": "UNICEF"}],
    "type": "pilot",
    "language": "es",
}
SPARE = {
    "id": "th-alternatives",
    "title": "Alternatives to detention",
    "country_iso2": "TH",
    "summary": "Case management in the community.",
    "source": [{"url": "https://example.org/b", "title": "B"}],
}


def exported(external_id: str) -> dict:
    return json.loads(next(export_practices([Practice.objects.get(external_id=external_id)])))


def test_practices_come_back_exactly_as_the_export_writes_them(db):
    import_practices([json.dumps(FULL), json.dumps(SPARE)])
    for external_id in ("mx-community-placement", "th-alternatives"):
        one = Client().get(f"/api/v1/practices/{external_id}").json()
        assert one == exported(external_id)
    # Fields left empty stay out of the record, as in the export.
    assert "years" not in Client().get("/api/v1/practices/th-alternatives").json()
    listed = Client().get("/api/v1/practices").json()
    assert listed["count"] == 2
    assert listed["items"] == [exported("mx-community-placement"), exported("th-alternatives")]


def test_an_editor_writing_a_practice_gets_the_record_back(network):
    response = client_for(network.facilitator).post(
        "/api/v1/practices", json.dumps(SPARE), content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json() == exported("th-alternatives")


def test_the_openapi_document_types_the_knowledge_endpoints(db):
    document = Client().get("/api/v1/openapi.json").json()

    def schema_of(path: str, method: str = "get", status: str = "200") -> dict:
        content = document["paths"][path][method]["responses"][status]["content"]
        return content["application/json"]["schema"]

    assert schema_of("/api/v1/practices")["$ref"].endswith("/PracticeList")
    assert schema_of("/api/v1/practices/{external_id}")["$ref"].endswith("/PracticeRecord")
    assert schema_of("/api/v1/practices", "post", "201")["$ref"].endswith("/PracticeRecord")
    assert schema_of("/api/v1/search")["$ref"].endswith("/SearchResults")
    record = document["components"]["schemas"]["PracticeRecord"]
    assert {"id", "title", "country_iso2", "summary", "source"} <= set(record["required"])
