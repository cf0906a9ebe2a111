"""What an insider review found, kept found: a chart's free text cannot hang a page; the
admin changes no countries record; a corrected figure leaves a trace; input is not echoed."""

import signal
from decimal import Decimal

import pytest

from peerlearning.accounts.models import AuditEntry
from peerlearning.countries import charts
from peerlearning.countries.models import IndicatorValue, StatisticPoint
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def within_ten_seconds():
    """A hang fails the test instead of holding the suite."""

    def stop(signum, frame):
        raise TimeoutError("the drawing did not finish")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_long_free_text_is_shortened_and_the_chart_is_drawn(within_ten_seconds):
    import datetime

    points = [
        charts.ChartPoint(
            label=str(year),
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 12, 31),
            value=Decimal(year),
        )
        for year in range(2000, 2010)
    ]
    svg = charts.series_chart(
        title="People presented " * 60,
        unit="persons " * 30,
        points=points,
        source_line="Sources: "
        + ", ".join(f"bulletin-{n}-of-the-ministry.example" for n in range(40)),
        chart_id="long",
    )
    assert "<svg" in svg and "…" in svg
    # Positive control: a short title is kept whole.
    assert charts.shortened("Detentions per year", charts.MAX_TITLE) == "Detentions per year"


def test_many_sources_under_a_chart_are_counted_not_listed(
    client, country_world, within_ten_seconds
):
    series = country_world.series
    # Five sites to begin with: three named, "2 more".
    assert (
        "Sources: a.example, b.example, c.example, 2 more"
        in client.get("/countries/MX/").content.decode()
    )
    for number in range(25):
        StatisticPoint.objects.create(
            series=series,
            position=100 + number,
            period=str(1980 + number),
            period_kind="year",
            start=f"{1980 + number}-01-01",
            end=f"{1980 + number}-12-31",
            value=number,
            source_url=f"https://official-bulletin-number-{number}-of-a-long-name.example/x",
        )
    response = client.get("/countries/MX/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sources: a.example, b.example, c.example, 27 more" in html
    assert "official-bulletin-number-7-of-a-long-name.example" in html  # the table lists it


def test_the_admin_changes_and_deletes_no_value(country_world):
    administrator = make_user(
        "admin-x@test.example", is_superuser=True, is_staff=True, two_factor=True
    )
    admin = client_for(administrator)
    value = country_world.current
    assert admin.get(f"/admin/countries/indicatorvalue/{value.pk}/change/").status_code == 200
    assert (
        admin.post(
            f"/admin/countries/indicatorvalue/{value.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert IndicatorValue.objects.filter(pk=value.pk).exists()
    series = country_world.series
    response = admin.post(
        f"/admin/countries/statisticseries/{series.pk}/change/",
        {"country": "EC", "sources": '[{"url": "javascript:alert(1)"}]'},
    )
    assert response.status_code == 403
    series.refresh_from_db()
    assert series.country_id == "MX"


def test_a_corrected_figure_leaves_its_trace(country_world):
    editor = client_for(country_world.editor)
    series = country_world.series.external_id
    response = editor.post(
        f"/countries/statistics/{series}/points/4/edit/",
        {"period": "2022", "value": "400000", "source_url": "https://example.org/other"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="statistics.point_corrected")
    assert entry.details["before"]["value"].startswith("444439")
    assert entry.details["after"]["value"].startswith("400000")
    assert entry.actor == country_world.editor


def test_an_ftp_source_and_a_reserved_short_name_are_refused(country_world):
    editor = client_for(country_world.editor)
    series = country_world.series.external_id
    response = editor.post(
        f"/countries/statistics/{series}/points/new/",
        {"period": "2023", "value": "1", "source_url": "ftp://example.org/x"},
    )
    assert response.status_code == 400
    response = editor.post(
        "/countries/indicators/new/", {"slug": "new", "kind": "text", "name_en": "x"}
    )
    assert "This short name is taken by a page" in page_text(response.content)


def test_what_a_visitor_types_is_not_echoed(client, db):
    response = client.get(
        "/countries/?country=ZZ%E2%80%9D.%20Your%20session%20expired", follow=True
    )
    assert "There is no country with this code." in page_text(response.content)
    assert "session expired" not in page_text(response.content)
    response = client.get("/countries/compare/?country=MX&country=Your%20session%20expired")
    assert "These are not country codes: YOU." in page_text(response.content)
