"""The demo's countries (issue 14, item 6): Mexico's and Ecuador's reforms and rulings, each value
and event with its public source; loading again adds nothing and undoes no editor's value."""

import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from peerlearning import demo
from peerlearning.accounts.models import User
from peerlearning.countries.actions import record_value
from peerlearning.countries.models import CountryEvent, Indicator, IndicatorValue
from peerlearning.demo import countries
from peerlearning.network.models import Country
from peerlearning.testing import built_once

pytestmark = pytest.mark.django_db

WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def load_demo() -> str:
    out = StringIO()
    demo.load(out.write)
    return out.getvalue()


@pytest.fixture(scope="module", autouse=True)
def loaded(request):
    """The whole demo, loaded once for the module (it takes seconds); each test runs in its own
    savepoint inside it."""
    with built_once(request, load_demo) as output:
        yield output


def current(code: str, slug: str) -> IndicatorValue:
    return IndicatorValue.objects.current().get(country_id=code, indicator__slug=slug)


def history(code: str, slug: str) -> list[IndicatorValue]:
    return list(
        IndicatorValue.objects.filter(country_id=code, indicator__slug=slug).order_by(
            "recorded_at", "pk"
        )
    )


def counts() -> tuple[int, int]:
    return IndicatorValue.objects.count(), CountryEvent.objects.count()


def write_file(tmp_path: Path, values: list[dict[str, Any]], events: list[dict[str, Any]]) -> Path:
    path = tmp_path / "countries.json"
    path.write_text(json.dumps({"values": values, "events": events}), encoding="utf-8")
    return path


SOURCE = {"title": "A public source", "url": "https://example.org/source"}


def entry(**fields: Any) -> dict[str, Any]:
    return fields


def test_it_gives_mexico_its_ban_on_detaining_children_since_it_took_effect():
    value = current("MX", "child-detention-prohibited")
    assert value.answer == "yes"
    assert value.instrument == "law"
    assert value.since == datetime.date(2021, 1, 11)
    assert value.source_url.startswith("https://www.loc.gov/")
    assert "Library of Congress" in value.source_title
    reform = CountryEvent.objects.get(country_id="MX", kind="law-reform", date="2020-11-11")
    assert reform.precision == "day"
    assert "children" in reform.title


def test_it_gives_mexico_the_supreme_courts_36_hours_after_the_laws_periods():
    value = current("MX", "maximum-detention-period")
    assert (value.number, value.unit, value.instrument) == (Decimal(36), "hours", "court-ruling")
    assert value.since == datetime.date(2023, 3, 15)
    assert "scjn.gob.mx" in value.source_url
    before, after = history("MX", "maximum-detention-period")
    assert (before.number, before.unit, before.instrument) == (Decimal(60), "days", "law")
    assert "working days" in before.note
    assert not before.is_current and after == value
    ruling = CountryEvent.objects.get(country_id="MX", kind="court-ruling")
    assert (ruling.date, ruling.precision) == (datetime.date(2023, 3, 15), "day")
    assert "36 hours" in ruling.title


def test_it_gives_mexico_57_official_places_from_the_inms_2022_bulletin():
    value = current("MX", "official-places-of-detention")
    assert (value.number, value.unit) == (Decimal(57), "places")
    assert value.as_of == datetime.date(2022, 12, 31)
    assert "INM Statistical Bulletin 2022" in value.source_title
    assert value.source_url.startswith("https://idcoalition.org/")
    assert "444,439" in value.note


def test_it_gives_ecuador_its_organic_law_on_human_mobility_and_only_what_it_supports():
    law = CountryEvent.objects.get(country_id="EC", date="2017-01-28")
    assert (law.kind, law.precision) == ("law-reform", "day")
    assert "Human Mobility" in law.title
    assert current("EC", "child-detention-prohibited").answer == "yes"
    slugs = set(IndicatorValue.objects.filter(country_id="EC").values_list("indicator__slug"))
    assert slugs == {("child-detention-prohibited",)}


def test_a_date_known_to_the_year_or_month_says_no_more():
    south_africa = CountryEvent.objects.get(country_id="ZA")
    assert (south_africa.date, south_africa.precision) == (datetime.date(2004, 1, 1), "year")
    korea = CountryEvent.objects.get(country_id="KR", date="2023-03-01")
    assert korea.precision == "month"
    assert CountryEvent.objects.filter(precision="day").exists()


def test_every_value_and_event_has_a_public_web_source():
    sources = [
        *IndicatorValue.objects.values_list("source_title", "source_url"),
        *CountryEvent.objects.values_list("source_title", "source_url"),
    ]
    values, events = countries.read()
    assert len(sources) == len(values) + len(events) > 20
    for title, url in sources:
        assert title.strip()
        WEB_ADDRESS(url)
    with pytest.raises(ValidationError):  # the check itself refuses what is not a web address
        WEB_ADDRESS("idcoalition.org")


def test_it_records_each_value_as_the_demo_editor_did():
    editor = User.objects.get(email="editor@example.org")
    assert set(IndicatorValue.objects.values_list("recorded_by", flat=True)) == {editor.pk}


def test_loading_again_adds_nothing(loaded):
    assert "Countries: 25 indicator value(s) and timeline event(s) added." in loaded
    before = counts()
    assert countries.load() == 0
    assert counts() == before


def test_loading_again_adds_back_only_what_is_missing():
    IndicatorValue.objects.filter(country_id="EC").delete()
    CountryEvent.objects.filter(country_id="EC", date="2017-01-28").delete()
    before = counts()
    assert countries.load() == 2
    assert counts() == (before[0] + 1, before[1] + 1)
    assert current("EC", "child-detention-prohibited").answer == "yes"


def test_loading_again_does_not_undo_an_editors_later_value():
    editor = User.objects.get(email="editor@example.org")
    indicator = Indicator.objects.get(slug="maximum-detention-period")
    mexico = Country.objects.get(code="MX")
    later = record_value(
        indicator,
        mexico,
        by=editor,
        as_of=datetime.date(2024, 6, 1),
        source_title="A later source",
        source_url="https://example.org/later",
        number=Decimal(24),
        unit="hours",
        instrument="law",
    )
    # Even with the demo's 36 hours gone from the history, the load does not put it back on top.
    IndicatorValue.objects.filter(country=mexico, indicator=indicator, number=36).delete()
    assert countries.load() == 0
    assert current("MX", "maximum-detention-period") == later
    # Positive control: with no value at all, the same load records the demo's history again.
    IndicatorValue.objects.filter(country=mexico, indicator=indicator).delete()
    assert countries.load() == 2
    assert current("MX", "maximum-detention-period").number == 36


def test_loading_again_keeps_an_event_an_editor_reworded():
    ruling = CountryEvent.objects.get(country_id="MX", kind="court-ruling")
    ruling.title = "Reworded by an editor"
    ruling.save(update_fields=["title"])
    assert countries.load() == 0
    assert CountryEvent.objects.filter(country_id="MX", kind="court-ruling").count() == 1


def test_an_entry_without_a_source_stops_the_load_and_writes_nothing(tmp_path):
    good = entry(
        id="pt-good",
        country="PT",
        indicator="alternatives-in-law",
        answer="yes",
        as_of="2020-01-01",
        source=SOURCE,
    )
    event = entry(id="pt-event", country="PT", kind="law-reform", date="2019", title="A reform")
    event["source"] = SOURCE
    before = counts()
    with pytest.raises(countries.DemoDataError) as refused:
        countries.load(
            write_file(
                tmp_path,
                [good, {k: v for k, v in good.items() if k != "source"} | {"id": "no-source"}],
                [event | {"id": "no-address", "source": {"title": "A title"}}],
            )
        )
    assert refused.value.problems == [
        "no-source: the source is missing: give it as {title, url}.",
        "no-address: the source has no address (url).",
    ]
    assert counts() == before
    # Positive control: the same file without the wrong entry loads.
    assert countries.load(write_file(tmp_path, [good], [event])) == 2
    assert current("PT", "alternatives-in-law").source_url == SOURCE["url"]


def test_every_problem_of_the_file_is_named_by_its_entry(tmp_path):
    dated = {"as_of": "2020-01-01", "source": SOURCE}
    values = [
        entry(
            id="no-country", country="XX", indicator="alternatives-in-law", answer="yes", **dated
        ),
        entry(id="number-for-yes-no", country="PT", indicator="alternatives-in-law", number="3")
        | dated,
        entry(id="float-number", country="PT", indicator="maximum-detention-period", number=1.5)
        | dated,
        entry(id="not-a-web-address", country="PT", indicator="presumption-of-liberty")
        | {"answer": "no", "as_of": "2020-01-01", "source": {"title": "T", "url": "ftp://x.org"}},
        entry(id="newer", country="GH", indicator="presumption-of-liberty", answer="no")
        | {"as_of": "2021-01-01", "source": SOURCE},
        entry(id="older", country="GH", indicator="presumption-of-liberty", answer="yes") | dated,
    ]
    events = [
        entry(id="bad-date", country="NG", kind="law-reform", date="2023-13", title="T")
        | {"source": SOURCE},
        entry(id="bad-kind", country="NG", kind="rumour", date="2023", title="T", extra=1)
        | {"source": SOURCE},
        entry(id="older", country="NG", kind="policy", date="2023", title="T")
        | {"source": {"title": "", "url": "https://example.org/"}},
        entry(id="ng-a", country="NG", kind="policy", date="2022", title="Same", source=SOURCE),
        entry(id="ng-b", country="NG", kind="policy", date="2022", title="Same")
        | {"source": {"title": "T", "url": "https://example.org/other"}},
    ]
    before = counts()
    with pytest.raises(countries.DemoDataError) as refused:
        countries.load(write_file(tmp_path, values, events))
    problems = "\n".join(refused.value.problems)
    assert "no-country: unknown country code 'XX'." in problems
    assert "number-for-yes-no: number: This indicator takes yes, no or partly" in problems
    assert "float-number: 'number' must be written as a text or an integer." in problems
    assert "not-a-web-address: the source address is not an http(s) address" in problems
    assert "older: listed after the newer newer: list a history oldest first." in problems
    assert "bad-date: 'date' must be YYYY, YYYY-MM or YYYY-MM-DD: '2023-13'." in problems
    assert "bad-kind: unknown kind 'rumour'" in problems
    assert "bad-kind: unknown field(s): extra." in problems
    assert "older: this id is used twice." in problems
    assert "older: the source has no title." in problems
    assert "ng-b: the same title and date as ng-a." in problems
    assert counts() == before
