"""Hostile files and free text (issue 20, part 4): Hypothesis feeds the importers arbitrary lines
and JSON — and valid records with one field broken — and the forms and pages that read free
text arbitrary strings.

An importer either imports or raises its own refusal, which names every problem by its line;
never another exception, and never a part of a file: the rows are counted before and after. A
form or page given any text answers (never a 500) and a value it cannot read is a form error.
Examples are derandomized and capped so that CI gets the same run every time, in seconds."""

import json
import string
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Model
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from peerlearning.countries.models import StatisticPoint, StatisticSeries
from peerlearning.countries.periods import PeriodError, parse_period
from peerlearning.countries.statistics_io import ImportRejected as StatisticsRejected
from peerlearning.countries.statistics_io import import_statistics
from peerlearning.knowledge.models import Practice, PracticeEvent
from peerlearning.knowledge.practices_io import ImportRejected as PracticesRejected
from peerlearning.knowledge.practices_io import import_practices
from peerlearning.terminology.lexicon_io import LexiconInvalid, load
from peerlearning.terminology.models import ContextRule, Revision, Term

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=False,
)

# Any JSON value: what a broken or hostile file may hold in a field.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
# Text with what breaks parsers and databases: NUL, brackets, quotes, line breaks, RTL marks.
NASTY = st.text(
    st.characters(codec="utf-8") | st.sampled_from(["\x00", "[", "]", '"', "\n", "\u202e", "%"]),
    max_size=40,
)


def counts(*models: type[Model]) -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in models}


def mutated(valid: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A valid record with one field replaced by any value, removed, or a field added."""
    names = st.sampled_from(sorted(valid))
    replaced = st.builds(lambda name, value: {**valid, name: value}, names, JSON | NASTY)
    removed = names.map(lambda name: {k: v for k, v in valid.items() if k != name})
    added = st.builds(lambda name, value: {**valid, name: value}, st.text(max_size=8), JSON)
    return replaced | removed | added


def lines_of(valid: dict[str, Any]) -> st.SearchStrategy[list[str]]:
    """A file: valid lines, broken records, arbitrary JSON, arbitrary text."""
    line = (
        st.just(json.dumps(valid)) | mutated(valid).map(json.dumps) | JSON.map(json.dumps) | NASTY
    )
    return st.lists(line, min_size=1, max_size=4)


def all_or_nothing(
    run: Callable[[], Any], refusal: type[Exception], models: list[type[Model]]
) -> Exception | None:
    """Run an import in a savepoint rolled back afterwards (every example meets the same data):
    its own refusal leaves every count as it was; any other exception fails the test."""
    with transaction.atomic():
        before = counts(*models)
        try:
            run()
        except refusal as error:
            assert counts(*models) == before
            transaction.set_rollback(True)
            return error
        transaction.set_rollback(True)
    return None


# Practices --------------------------------------------------------------------------------------

PRACTICE: dict[str, Any] = {
    "id": "th-fuzzed-practice",
    "title": "Community placement",
    "country_iso2": "TH",
    "region": "Asia Pacific",
    "years": "2020-",
    "target_groups": ["children"],
    "summary": "Children live with families while their case is decided.",
    "outcomes": "Fewer children held.",
    "source": [{"url": "https://example.org/report", "title": "A report"}],
    "type": "programme",
    "language": "en",
}


@FUZZ
@given(lines=lines_of(PRACTICE))
@example(lines=[json.dumps({**PRACTICE, "source": [{"url": "http://[", "title": "x"}]})])
@example(lines=[json.dumps(PRACTICE), json.dumps({**PRACTICE, "id": "TH"})])
@example(lines=[json.dumps({**PRACTICE, "title": "Null\x00byte"})])
@example(lines=[json.dumps({**PRACTICE, "target_groups": ["\x00"], "years": "\x00"})])
def test_the_practices_import_takes_a_whole_file_or_refuses_it_by_line(db, lines) -> None:
    models: list[type[Model]] = [Practice, PracticeEvent]
    refused = all_or_nothing(lambda: import_practices(lines), PracticesRejected, models)
    if isinstance(refused, PracticesRejected):
        assert refused.errors
        assert all(0 <= error.line <= len(lines) and error.message for error in refused.errors)


def test_the_practices_fuzzing_meets_both_outcomes(db) -> None:
    """Positive control: a valid file imports, a broken one is refused, through the helper."""
    valid = [json.dumps(PRACTICE)]
    assert all_or_nothing(lambda: import_practices(valid), PracticesRejected, []) is None
    broken = [json.dumps(PRACTICE), json.dumps({**PRACTICE, "id": "x"})]
    refused = all_or_nothing(lambda: import_practices(broken), PracticesRejected, [Practice])
    assert isinstance(refused, PracticesRejected)
    assert [error.line for error in refused.errors] == [2]


# Statistics -------------------------------------------------------------------------------------

SERIES: dict[str, Any] = {
    "id": "mx-fuzzed-series",
    "country_iso2": "MX",
    "indicator": "People detained",
    "unit": "people",
    "series": [
        {"period": "2019", "value": 182940, "source_url": "https://example.org/2019"},
        {"period": "2020-01/2020-06", "value": 12.5, "source_url": "https://example.org/h1"},
    ],
    "sources": [{"url": "https://example.org", "title": "Statistics office"}],
    "notes": "",
}
POINT: dict[str, Any] = SERIES["series"][0]


def statistics_lines() -> st.SearchStrategy[list[str]]:
    broken_point = mutated(POINT).map(lambda point: {**SERIES, "series": [point]})
    return st.one_of(lines_of(SERIES), st.lists(broken_point.map(json.dumps), min_size=1))


@FUZZ
@given(lines=statistics_lines())
@example(lines=[json.dumps({**SERIES, "series": [{**POINT, "value": 1e308}]})])
@example(lines=['{"id": 1' + "0" * 5000 + "}"])
@example(lines=[json.dumps({**SERIES, "indicator": "Null\x00byte"})])
@example(lines=[json.dumps({**SERIES, "series": [{**POINT, "note": "\x00"}]})])
def test_the_statistics_import_takes_a_whole_file_or_refuses_it_by_line(db, lines) -> None:
    models: list[type[Model]] = [StatisticSeries, StatisticPoint]
    refused = all_or_nothing(lambda: import_statistics(lines), StatisticsRejected, models)
    if isinstance(refused, StatisticsRejected):
        assert refused.errors
        assert all(0 <= error.line <= len(lines) and error.message for error in refused.errors)


def test_the_statistics_fuzzing_meets_both_outcomes(db) -> None:
    valid = [json.dumps(SERIES)]
    assert all_or_nothing(lambda: import_statistics(valid), StatisticsRejected, []) is None
    broken = [json.dumps(SERIES), json.dumps({**SERIES, "id": "other", "unit": 3})]
    refused = all_or_nothing(lambda: import_statistics(broken), StatisticsRejected, [])
    assert isinstance(refused, StatisticsRejected)
    assert [error.line for error in refused.errors] == [2]


# Lexicon ----------------------------------------------------------------------------------------

TERM: dict[str, Any] = {
    "language": "es",
    "term": "presentados",
    "forms": ["presentado"],
    "category": "euphemism",
    "plain": "detenidos",
    "explanation": "A word that hides detention.",
    "sources": [{"title": "A guide", "url": "https://example.org/guide"}],
    "needs_context": True,
}
RULE: dict[str, Any] = {
    "language": "es",
    "name": "Presentados ante la autoridad",
    "kind": "requires",
    "cues": ["autoridad"],
    "window": 10,
    "terms": ["presentados"],
    "description": "Only near an authority.",
    "must_match": [],
    "must_not_match": [],
}


def lexicons() -> st.SearchStrategy[Any]:
    terms = st.lists(st.just(TERM) | mutated(TERM) | JSON, max_size=3)
    rules = st.lists(st.just(RULE) | mutated(RULE) | JSON, max_size=2)
    document = st.fixed_dictionaries({"terms": terms, "rules": rules})
    return document | JSON


@FUZZ
@given(data=lexicons())
@example(data={"terms": [{**TERM, "language": ["es"]}], "rules": []})
@example(data={"terms": [{**TERM, "category": {}}], "rules": []})
@example(data={"terms": [{**TERM, "explanation": "Null\x00byte"}], "rules": []})
def test_the_lexicon_loads_whole_or_names_every_problem(db, data) -> None:
    models: list[type[Model]] = [Term, ContextRule, Revision]
    refused = all_or_nothing(lambda: load(data), LexiconInvalid, models)
    if isinstance(refused, LexiconInvalid):
        assert refused.errors and all(refused.errors)


def test_the_lexicon_fuzzing_meets_both_outcomes(db) -> None:
    valid = {"terms": [TERM], "rules": [RULE]}
    assert all_or_nothing(lambda: load(valid), LexiconInvalid, []) is None
    broken = {"terms": [TERM, {**TERM, "term": "otro", "category": "nope"}], "rules": []}
    refused = all_or_nothing(lambda: load(broken), LexiconInvalid, [Term])
    assert isinstance(refused, LexiconInvalid)
    assert refused.errors[0].startswith("term 2:")


# Free text in forms and pages -------------------------------------------------------------------


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(text=NASTY | st.text(string.digits + "-/FYEQ ", max_size=24))
def test_a_period_is_read_or_refused_with_a_reason(text) -> None:
    for strict in (False, True):
        try:
            period = parse_period(text, strict=strict)
        except PeriodError as error:
            assert str(error)
        else:
            assert period.text


@settings(FUZZ, max_examples=30)
@given(
    starts=NASTY | st.text(string.digits + "-: T", max_size=22),
    zone=NASTY | st.sampled_from(["Asia/Bangkok", "UTC", "Mars/Olympus", "../../etc"]),
)
@example(starts="2026-02-30 10:00", zone="Asia/Bangkok")
@example(starts="99999-01-01 10:00", zone="UTC")
def test_an_exchange_form_reads_any_time_or_says_what_is_wrong(db, starts, zone) -> None:
    from peerlearning.exchanges.forms import ExchangeForm

    form = ExchangeForm(
        data={
            "title": "A meeting",
            "format": "workshop",
            "mode": "online",
            "time_zone": zone,
            "starts_at": starts,
            "ends_at": starts,
            "registration_opens_at": starts,
            "language": "en",
            "rule": "chatham-house",
            "visibility": "network",
        }
    )
    if not form.is_valid():
        assert form.errors
        assert all(all(messages) for messages in form.errors.values())


@pytest.fixture
def member_pages(client, network):
    client.force_login(network.community_member)
    return client


PAGES = [
    "/search/?q={text}",
    "/search/?q=children&page={text}&type={text}",
    "/pickers/topics/?q={text}",
    "/pickers/people/?q={text}",
    "/pickers/organisations/?q={text}",
    "/practices/?q={text}&country={text}",
    "/monitoring/incidents/?year={text}&country={text}",
    "/countries/compare/?country={text}",
]


@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=NASTY)
@example(text="\x00")
@example(text="[")
@example(text="9" * 40)
def test_pages_reading_free_text_never_fail(member_pages, text) -> None:
    from urllib.parse import quote

    for page in PAGES:
        response = member_pages.get(page.format(text=quote(text)))
        assert response.status_code < 500, (page, text)
