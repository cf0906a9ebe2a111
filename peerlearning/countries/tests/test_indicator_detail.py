"""An indicator across countries: its definition, a world map where each valued country links
to its profile, and the table behind the map with every value's source."""

import re

import pytest
from django.test import Client

from peerlearning.testing import page_text

pytestmark = pytest.mark.django_db
URL = "/countries/indicators/child-detention-prohibited/"


def read(response) -> str:
    return page_text(response.content)


def test_it_maps_the_countries_with_a_value_and_tables_them(client: Client, country_world):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" id="map-') == 1
    # Mexico is a link on the map and a row of the table; a country without a value is neither.
    assert re.search(r'<a[^>]+href="/countries/MX/"', html)
    assert 'href="/countries/EC/"' not in html
    text = read(response)
    table = text[text.index("Values by country") :]
    assert "MexicoYes (Law)" in table
    assert "Official Gazette" in table
    assert "No value recorded" in text  # the legend's grey
    # Nothing is asked of another host: no script, no remote resource.
    assert "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_a_numeric_indicator_is_mapped_in_days(client: Client, country_world):
    from decimal import Decimal

    from peerlearning.countries import actions
    from peerlearning.network.models import Country

    actions.record_value(
        country_world.maximum,
        Country.objects.get(code="ES"),
        by=country_world.editor,
        as_of=country_world.current.as_of,
        number=Decimal(60),
        unit="days",
        source_title="Ley Orgánica 4/2000",
        source_url="https://example.org/lo-4-2000",
    )
    response = client.get("/countries/indicators/maximum-detention-period/")
    text = read(response)
    assert "36 hours" in text and "60 days" in text
    assert "placed on the map in days" in text
    html = response.content.decode()
    assert 'href="/countries/ES/"' in html and 'href="/countries/MX/"' in html


def test_an_indicator_without_values_says_so_and_draws_no_map(client: Client, db):
    response = client.get("/countries/indicators/independent-monitoring-access/")
    assert "No country has a value for this indicator yet." in read(response)
    assert 'id="map-independent-monitoring-access"' not in response.content.decode()


def test_the_map_page_leads_to_the_chosen_indicator(client: Client, db):
    response = client.get("/countries/map/")
    assert response["Location"] == URL + "#map"
    response = client.get("/countries/map/?indicator=presumption-of-liberty")
    assert response["Location"] == "/countries/indicators/presumption-of-liberty/#map"
    # A text indicator has no map: the first mappable one is shown instead.
    assert client.get("/countries/map/?indicator=nothing")["Location"] == URL + "#map"


def test_it_reads_in_arabic_right_to_left(client: Client, country_world):
    client.cookies["django_language"] = "ar"
    html = client.get(URL).content.decode()
    assert "حظر احتجاز الأطفال المهاجرين بموجب القانون" in html
    assert 'dir="rtl"' in html


def test_its_queries_do_not_grow_with_the_countries(
    client: Client, country_world, django_assert_max_num_queries
):
    from peerlearning.countries import actions
    from peerlearning.network.models import Country

    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    for country in Country.objects.exclude(code="MX")[:40]:
        actions.record_value(
            country_world.children,
            country,
            by=None,
            as_of=country_world.prohibited.as_of,
            answer="no",
            source_title="Source",
            source_url="https://example.org/s",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count('href="/countries/') >= 41
