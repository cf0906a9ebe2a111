"""A country's profile: its legal framework with sources, its statistics charted with the table
behind each chart, its timeline, and what the platform holds about it."""

import re

import pytest
from django.test import Client
from django.utils import translation

from peerlearning.testing import page_text

pytestmark = pytest.mark.django_db


def read(response) -> str:
    return page_text(response.content)


def test_it_shows_the_current_values_with_their_sources(client: Client, country_world):
    response = client.get("/countries/MX/")
    assert response.status_code == 200
    text = read(response)
    assert "Mexico" in text
    assert "36 hours (Court ruling)" in text
    assert "Supreme Court ruling" in text
    assert "https://example.org/scjn-36-hours" in response.content.decode()
    # The value it replaced is history, not on the profile.
    assert "15 days" not in text
    assert "since Jan. 11, 2021" in text
    assert "57" in text
    # Indicators without a value say so.
    assert "No value recorded" in text


def test_it_charts_each_series_with_its_table(client: Client, country_world):
    html = client.get("/countries/MX/").content.decode()
    assert html.count("<svg") >= 1
    assert 'role="img"' in html
    # The table behind the chart: every point, both sources of 2015, the approximate mark.
    table = html[html.index("The figures of the chart") :]
    assert "88,506" in table and "444,439" in table
    assert table.count("2015</th>") == 2
    assert "≈" in table
    assert "b.example" in table and "c.example" in table
    assert "undated: not on the chart" in table


def test_it_shows_the_timeline(client: Client, country_world):
    text = read(client.get("/countries/MX/"))
    timeline = text[text.index("Timeline") :]
    assert "Reform ends the immigration detention of children" in timeline
    assert "Official Gazette" in timeline


def test_it_reads_in_arabic(client: Client, country_world):
    client.cookies["django_language"] = "ar"
    response = client.get("/countries/MX/", HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert 'dir="rtl"' in html
    with translation.override("ar"):
        assert "المكسيك" in html
    # Figures written with the Arabic thousands separator; the English one is not used.
    assert "444٬439" in html
    assert "444,439" not in html


def test_its_queries_do_not_grow_with_the_data(
    client: Client, country_world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25) as small:
        client.get("/countries/MX/")
    build_more(country_world)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/countries/MX/")


def build_more(world) -> None:
    from peerlearning.countries.models import StatisticSeries

    for number in range(5):
        series = StatisticSeries.objects.create(
            external_id=f"mx-more-{number}", country=world.mexico, indicator="More", unit="persons"
        )
        for point in world.series.points.all():
            point.pk = None
            point.series = series
            point.save()


def test_an_unknown_country_is_404(client: Client, db):
    assert client.get("/countries/XX/").status_code == 404
    assert client.get("/countries/MEX/").status_code == 404
    # Positive control, and the lower-case code leads to the profile.
    assert client.get("/countries/MX/").status_code == 200
    assert client.get("/countries/mx/").status_code == 301


def test_the_editor_finds_the_recording_links_and_others_do_not(client: Client, country_world):
    from peerlearning.network.testing import client_for

    editor_page = client_for(country_world.editor).get("/countries/MX/").content.decode()
    assert "/countries/MX/indicators/presumption-of-liberty/record/" in editor_page
    assert "/countries/MX/events/new/" in editor_page
    visitor_page = client.get("/countries/MX/").content.decode()
    assert "/record/" not in visitor_page
    assert "/events/new/" not in visitor_page
    assert not re.search(r"points/\d+/edit", visitor_page)
