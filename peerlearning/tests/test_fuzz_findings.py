"""What the fuzzing of issue 20 (test_api_fuzz.py, test_import_fuzz.py) found, each kept as a
plain test naming the input, with its positive control."""

import json
from decimal import Decimal

import pytest

from peerlearning.accounts.actions import create_api_token
from peerlearning.accounts.models import ApiToken
from peerlearning.countries.models import StatisticSeries
from peerlearning.countries.statistics_io import ImportRejected as StatisticsRejected
from peerlearning.countries.statistics_io import import_statistics
from peerlearning.knowledge.models import Practice
from peerlearning.knowledge.practices_io import ImportRejected as PracticesRejected
from peerlearning.knowledge.practices_io import import_practices
from peerlearning.terminology.lexicon_io import LexiconInvalid, load
from peerlearning.terminology.models import Term
from peerlearning.tests.test_import_fuzz import PRACTICE, SERIES, TERM


@pytest.fixture
def editor_token(network) -> dict[str, str]:
    _token, secret = create_api_token(
        network.facilitator, name="findings", scope=ApiToken.Scope.READ_WRITE
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post(client, path: str, body: str, headers: dict[str, str]):
    return client.post(path, data=body, content_type="application/json", **headers)


def test_a_nul_in_an_api_query_is_a_json_422_and_on_a_page_a_400(client, network) -> None:
    response = client.get("/api/v1/organisations?country=%00")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "This address holds a character no page takes."}
    assert client.get("/api/v1/organisations?country=TH").status_code == 200
    page = client.get("/exchanges/?q=%00")
    assert page.status_code == 400
    assert "no page takes" in page.content.decode()


def test_a_practice_whose_source_is_http_open_bracket_is_refused_not_a_500(
    client, network, editor_token
) -> None:
    broken = {**PRACTICE, "source": [{"url": "http://[", "title": "A report"}]}
    response = post(client, "/api/v1/practices", json.dumps(broken), editor_token)
    assert response.status_code == 422
    assert "“http://[” is not a web address" in response.json()["error"]
    assert not Practice.objects.filter(external_id=PRACTICE["id"]).exists()
    response = post(client, "/api/v1/practices", json.dumps(PRACTICE), editor_token)
    assert response.status_code == 201


def test_a_json_body_holding_a_nul_is_refused_with_its_reason(
    client, network, editor_token
) -> None:
    path = f"/api/v1/exchanges/{network.exchange.slug}/contributions"
    network.exchange.status = "open"
    network.exchange.save(update_fields=["status"])
    body = {"kind": "practice", "text": "Screening\u0000 on arrival."}
    response = post(client, path, json.dumps(body), editor_token)
    assert response.status_code == 400
    assert response.json()["error"] == "The request holds a null character (\\u0000): remove it."
    body["text"] = "Screening on arrival."
    assert post(client, path, json.dumps(body), editor_token).status_code != 400


def test_a_body_that_is_not_json_is_refused_in_the_api_s_own_words(
    client, network, editor_token
) -> None:
    path = "/api/v1/support/topics/suggest"
    response = post(client, path, '{"title": ', editor_token)
    assert response.status_code == 400
    assert response.json() == {"error": "The request body must be a JSON object."}
    assert post(client, path, '{"title": "children"}', editor_token).status_code == 200


def test_a_statistics_value_given_as_a_list_of_decimals_is_refused_by_line(db) -> None:
    line = json.dumps({**SERIES, "series": [{**SERIES["series"][0], "value": [1.5]}]})
    with pytest.raises(StatisticsRejected) as refused:
        import_statistics([line])
    assert [str(error) for error in refused.value.errors] == [
        'line 1, point 1: “value” must be a number, not ["1.5"]'
    ]
    assert not StatisticSeries.objects.exists()
    import_statistics([json.dumps(SERIES)])
    assert StatisticSeries.objects.get().points.get(position=2).value == Decimal("12.5")


@pytest.mark.parametrize(
    ("run", "refusal", "problem"),
    [
        (
            lambda: import_practices([json.dumps({**PRACTICE, "title": "A\u0000B"})]),
            PracticesRejected,
            "line 1: the line holds a null character (\\u0000): remove it",
        ),
        (
            lambda: import_statistics([json.dumps({**SERIES, "notes": "\u0000"})]),
            StatisticsRejected,
            "line 1: the line holds a null character (\\u0000): remove it",
        ),
        (
            lambda: load({"terms": [{**TERM, "plain": "\u0000"}]}),
            LexiconInvalid,
            "term 1: it holds a null character (\\u0000): remove it",
        ),
    ],
)
def test_an_import_holding_a_nul_is_refused_by_line_on_every_database(
    db, run, refusal, problem
) -> None:
    with pytest.raises(refusal) as refused:
        run()
    assert problem in str(refused.value)
    assert not Practice.objects.exists()
    assert not StatisticSeries.objects.exists()
    assert not Term.objects.filter(term=TERM["term"]).exists()


def test_the_same_imports_without_the_nul_are_taken(db) -> None:
    assert import_practices([json.dumps(PRACTICE)]) == (1, 0)
    assert import_statistics([json.dumps(SERIES)]) == (1, 0)
    assert load({"terms": [TERM]}).created == 1
