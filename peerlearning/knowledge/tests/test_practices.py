import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from peerlearning.demo import PRACTICES_JSONL
from peerlearning.knowledge.models import Practice
from peerlearning.network.models import Country
from peerlearning.network.testing import client_for
from peerlearning.testing import assert_queries_bounded

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

SHARED = PRACTICES_JSONL
GOOD = {
    "id": "mx-community-placement",
    "title": "Community placement of children",
    "country_iso2": "MX",
    "region": "Americas",
    "years": "2019-",
    "target_groups": ["unaccompanied children", "families"],
    "summary": "Children leave immigration stations for shelters run by child protection.",
    "outcomes": "None reported.",
    "source": [{"url": "https://example.org/a", "title": "A report"}],
    "type": "pilot",
}


def write(tmp_path, *lines: str) -> Path:
    path = tmp_path / "practices.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("importpractices", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_demo_file_imports_and_exports_back_unchanged(tmp_path):
    out, _ = run(SHARED)
    assert "31 practice(s) created" in out
    exported = tmp_path / "out.jsonl"
    call_command("exportpractices", output=exported)
    original = {json.loads(line)["id"]: json.loads(line) for line in SHARED.open(encoding="utf-8")}
    again = {json.loads(line)["id"]: json.loads(line) for line in exported.open(encoding="utf-8")}
    assert again == original


def test_importing_the_same_ids_again_updates_instead_of_duplicating(tmp_path):
    run(write(tmp_path, json.dumps(GOOD)))
    out, _ = run(write(tmp_path, json.dumps({**GOOD, "title": "Renamed"})))
    assert "0 practice(s) created, 1 updated" in out
    assert Practice.objects.get().title == "Renamed"


def test_target_groups_are_mapped_and_the_wording_kept(tmp_path):
    run(write(tmp_path, json.dumps(GOOD)))
    practice = Practice.objects.get()
    assert practice.target_groups == ["unaccompanied-children", "children", "families"]
    assert practice.target_groups_as_given == ["unaccompanied children", "families"]
    assert practice.stage == "pilot"
    assert practice.region == "americas"


def test_a_file_with_any_bad_line_is_refused_whole_with_every_error_by_line(tmp_path):
    path = write(
        tmp_path,
        json.dumps(GOOD),
        "{not json",
        json.dumps({**GOOD, "id": "zz-nowhere", "country_iso2": "ZZ"}),
        json.dumps({**GOOD, "id": "mx-no-source", "source": []}),
        json.dumps(
            {**GOOD, "id": "mx-bad-url", "source": [{"url": "javascript:alert(1)", "title": "x"}]}
        ),
        json.dumps({**GOOD, "id": "mx-extra", "colour": "blue"}),
        json.dumps(GOOD),
        json.dumps({**GOOD, "id": "mx-region", "region": "Oceania"}),
    )
    with pytest.raises(CommandError, match="Nothing imported: 7 problem"):
        run(path)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("importpractices", str(path), stdout=StringIO(), stderr=err)
    report = err.getvalue()
    assert "line 2: not valid JSON" in report
    assert "line 3: “ZZ” is not an ISO 3166-1 alpha-2 country code" in report
    assert "line 4: “source” is required" in report
    assert "line 5: source 1: “javascript:alert(1)” is not a web address" in report
    assert "line 6: unknown field(s): colour" in report
    assert "line 7: “mx-community-placement” appears already on line 1" in report
    assert "line 8: “region” must be one of" in report
    assert Practice.objects.count() == 0


def test_an_empty_or_unreadable_file_is_refused_clearly(tmp_path):
    with pytest.raises(CommandError, match="Nothing imported"):
        run(write(tmp_path, ""))
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.jsonl")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(binary)


class TestPages:
    def test_published_practices_show_with_their_sources(self, network):
        text = Client().get("/practices/th-community-case-management/").content.decode()
        assert "Community case management for children" in text
        assert 'href="https://example.org/report"' in text

    def test_drafts_are_for_editors(self, network):
        assert "A draft" not in Client().get("/practices/").content.decode()
        assert Client().get("/practices/th-draft-practice/").status_code == 404
        assert "A draft" in client_for(network.facilitator).get("/practices/").content.decode()

    def test_filters(self, network):
        assert (
            "Community case management"
            in Client().get("/practices/?target_group=children").content.decode()
        )
        assert (
            "Community case management"
            not in Client().get("/practices/?region=europe").content.decode()
        )
        assert (
            "Community case management"
            in Client().get("/practices/?q=case+manager").content.decode()
        )
        assert Client().get("/practices/?country=ZZ&kind=nonsense&page=x").status_code == 200

    def test_the_export_holds_what_the_visitor_may_see(self, network):
        lines = Client().get("/practices/export.jsonl").content.decode().splitlines()
        assert [json.loads(line)["id"] for line in lines] == ["th-community-case-management"]

    def test_the_list_keeps_a_bounded_number_of_queries(self, network):
        def grow(n):
            start = Practice.objects.count()
            for i in range(n):
                practice = Practice.objects.create(
                    external_id=f"th-p{start + i}",
                    title=f"P{i}",
                    summary="s",
                    status="published",
                    sources=[],
                )
                practice.countries.set(Country.objects.filter(code="TH"))

        assert assert_queries_bounded(Client(), "/practices/", grow) <= 4


class TestApi:
    def test_an_editor_creates_then_updates_a_practice(self, network):
        client = client_for(network.facilitator)
        response = client.post(
            "/api/v1/practices", json.dumps(GOOD), content_type="application/json"
        )
        assert response.status_code == 201
        assert response.json()["id"] == "mx-community-placement"
        response = client.post(
            "/api/v1/practices",
            json.dumps({**GOOD, "title": "Renamed"}),
            content_type="application/json",
        )
        assert response.status_code == 200
        assert response.json()["title"] == "Renamed"

    def test_invalid_practices_get_a_422_with_the_reasons(self, network):
        client = client_for(network.facilitator)
        response = client.post(
            "/api/v1/practices",
            json.dumps({**GOOD, "country_iso2": "ZZ"}),
            content_type="application/json",
        )
        assert response.status_code == 422
        assert "not an ISO 3166-1 alpha-2 country code" in response.json()["error"]
        response = client.post("/api/v1/practices", "{oops", content_type="application/json")
        assert response.status_code == 422
        assert Practice.objects.filter(external_id="mx-community-placement").count() == 0

    def test_a_member_cannot_write_where_an_editor_can(self, network):
        response = client_for(network.community_member).post(
            "/api/v1/practices", json.dumps(GOOD), content_type="application/json"
        )
        assert response.status_code == 403
        assert not Practice.objects.filter(external_id="mx-community-placement").exists()
        # The same request from an editor creates it.
        response = client_for(network.facilitator).post(
            "/api/v1/practices", json.dumps(GOOD), content_type="application/json"
        )
        assert response.status_code == 201
        assert Practice.objects.filter(external_id="mx-community-placement").count() == 1

    def test_the_list_pages_in_the_database(self, network):
        payload = Client().get("/api/v1/practices?page=1").json()
        assert payload["count"] == 1
        assert Client().get("/api/v1/practices?page=0").status_code == 422


class TestLessons:
    def test_lessons_show_with_their_source_as_the_source_allows(self, network):
        from peerlearning.knowledge.models import Lesson

        Lesson.objects.create(
            exchange=network.exchange, text="Screen children before any decision."
        )
        Lesson.objects.create(
            practice=Practice.objects.get(external_id="th-community-case-management"),
            text="Case managers need small caseloads.",
        )
        anonymous = Client().get("/lessons/").content.decode()
        assert "Case managers need small caseloads." in anonymous
        assert (
            "Screen children before any decision." not in anonymous
        )  # the exchange is the community's
        member = client_for(network.community_member).get("/lessons/").content.decode()
        assert "Screen children before any decision." in member
        assert "Asia exchange on screening" in member
