"""POST /api/v1/terminology/check and GET /api/v1/terminology/lexicon."""

import json

import pytest
from django.test import Client

from peerlearning.terminology.checking import MAX_TEXT_CHARACTERS
from peerlearning.terminology.models import SavedCheck
from peerlearning.terminology.tests.check_world import CONTROL, SPANISH, load_lexicon
from peerlearning.testing import make_user, post_json

pytestmark = pytest.mark.django_db
URL = "/api/v1/terminology/check"


@pytest.fixture(autouse=True)
def lexicon():
    load_lexicon()


def test_it_answers_the_spans_with_offsets_into_the_text_as_sent():
    response = post_json(Client(), URL, {"text": SPANISH, "lang": "es"})
    assert response.status_code == 200
    body = response.json()
    assert body["lang"] == "es" and body["detected"] is False
    assert [SPANISH[s["start"] : s["end"]] for s in body["spans"]] == [
        "presentadas",
        "detenidos",
        "estación migratoria",
    ]
    first = body["spans"][0]
    assert set(first) == {"start", "end", "term", "plain", "category", "explanation"}
    assert first["term"] == "presentación" and first["plain"] == "detención"
    assert first["category"] == "euphemism"
    assert body["spans"][1]["category"] == "plain_detention_term"


def test_it_counts_offsets_in_code_points_past_emoji_and_arabic():
    prefix = "👩‍👧 تقرير عن الاحتجاز 🇲🇽: "
    text = prefix + "los migrantes quedan en la estación migratoria."
    response = post_json(Client(), URL, {"text": text, "lang": "es"})
    spans = response.json()["spans"]
    assert [text[s["start"] : s["end"]] for s in spans] == ["estación migratoria"]
    assert spans[0]["start"] == text.index("estación")
    # Not UTF-16 units nor bytes: the emoji before count one each.
    assert spans[0]["start"] < len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("lang", [None, "auto", ""])
def test_it_detects_the_language_when_none_is_given(lang):
    response = post_json(Client(), URL, {"text": SPANISH, "lang": lang})
    assert response.status_code == 200
    assert response.json()["lang"] == "es" and response.json()["detected"] is True
    # Absent altogether, too.
    assert post_json(Client(), URL, {"text": SPANISH}).json()["lang"] == "es"


def test_it_leaves_the_control_text_alone():
    response = post_json(Client(), URL, {"text": CONTROL, "lang": "es"})
    assert response.status_code == 200 and response.json()["spans"] == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": ""}, "There is no text to check."),
        ({"text": "a" * (MAX_TEXT_CHARACTERS + 1)}, "longer than 1,000,000 characters"),
        ({"text": SPANISH, "lang": "xx"}, "is not one the checker knows"),
        ({"text": "zzz qqq"}, "could not be told"),
    ],
)
def test_it_refuses_bad_text_with_400_and_the_reason(body, message):
    response = post_json(Client(), URL, body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert SavedCheck.objects.count() == 0


@pytest.mark.parametrize(
    "raw", ["{not json", "[1, 2]", '{"lang": "es"}', '{"text": 5}', '"text"', ""]
)
def test_it_answers_malformed_json_with_422(raw):
    response = Client().post(URL, data=raw, content_type="application/json")
    assert response.status_code == 422
    assert "Send a JSON object" in response.json()["error"]


def test_it_takes_a_million_characters_of_arabic_escaped_in_json():
    text = "الاحتجاز" * (MAX_TEXT_CHARACTERS // 8)
    body = json.dumps({"text": text, "lang": "ar"})  # \uXXXX: six bytes a character
    assert len(body) > 6_000_000
    response = Client().post(URL, data=body, content_type="application/json")
    assert response.status_code == 200


def test_it_answers_413_to_a_body_too_large(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    response = post_json(Client(), URL, {"text": "a" * 2_000, "lang": "es"})
    assert response.status_code == 413
    assert "too large" in response.json()["error"]


def test_it_takes_a_browser_session_post_without_a_csrf_token():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user("member@test.example"))
    response = browser.post(
        URL, data=json.dumps({"text": SPANISH}), content_type="application/json"
    )
    assert response.status_code == 200
    assert len(response.json()["spans"]) == 3


def test_it_lists_the_terms_in_use():
    response = Client().get("/api/v1/terminology/lexicon")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    first = body["items"][0]
    assert (first["language"], first["term"]) == ("en", "detention centre")
    assert set(first) == {
        "language",
        "term",
        "forms",
        "category",
        "plain",
        "explanation",
        "sources",
    }
    spanish = Client().get("/api/v1/terminology/lexicon?language=es").json()
    presentation = next(t for t in spanish["items"] if t["term"] == "presentación")
    assert "presentados" in presentation["forms"]
    assert presentation["sources"][0]["url"] == "https://example.org/recommendation-4"
    assert Client().get("/api/v1/terminology/lexicon?page=0").status_code == 422
