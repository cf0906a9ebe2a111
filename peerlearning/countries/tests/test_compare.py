"""Two to six countries side by side, indicator by indicator; one, fifty or an unknown code
get a clear message."""

import pytest
from django.test import Client

from peerlearning.testing import page_text

pytestmark = pytest.mark.django_db


def read(response) -> str:
    return page_text(response.content)


def test_two_countries_side_by_side(client: Client, country_world):
    response = client.get("/countries/compare/?country=MX&country=ES")
    assert response.status_code == 200
    text = read(response)
    table = text[text.index("Legal framework, country by country") :]
    assert table.index("Mexico") < table.index("Spain") < table.index("Child immigration")
    assert "36 hours (Court ruling)" in table
    assert "Supreme Court ruling" in table
    assert "No value recorded" in table  # Spain


def test_countries_are_added_one_at_a_time_without_javascript(client: Client, country_world):
    text = read(client.get("/countries/compare/"))
    assert "Choose two to six countries to compare." in text
    page = client.get("/countries/compare/?country=MX")
    assert page.status_code == 200
    assert "Add one more country to compare." in read(page)
    html = page.content.decode()
    assert '<input type="hidden" name="country" value="MX">' in html
    assert '<option value="MX">' not in html  # already chosen
    # Removing a country keeps the others.
    html = client.get("/countries/compare/?country=MX&country=ES&country=EC").content.decode()
    assert 'href="?country=ES&amp;country=EC"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=MX&country=XX", "These are not country codes: XX."),
        (
            "&".join(f"country={c}" for c in ["MX", "ES", "EC", "TH", "GB", "FR", "JP"]),
            "Compare at most six countries at once: 7 were chosen.",
        ),
    ],
)
def test_a_wrong_comparison_says_why(client: Client, country_world, query, message):
    response = client.get(f"/countries/compare/?{query}")
    assert response.status_code == 400
    assert message in read(response)
    assert "Legal framework, country by country" not in read(response)


def test_fifty_countries_are_refused_and_six_are_compared(client: Client, country_world):
    from peerlearning.network.models import Country

    fifty = list(Country.objects.values_list("code", flat=True)[:50])
    response = client.get("/countries/compare/?" + "&".join(f"country={c}" for c in fifty))
    assert "Compare at most six countries at once: 50 were chosen." in read(response)
    six = client.get("/countries/compare/?" + "&".join(f"country={c}" for c in fifty[:6]))
    assert six.status_code == 200
    assert "Legal framework, country by country" in read(six)
    assert "Add a country" not in read(six)  # six is the most


def test_its_queries_do_not_grow_with_the_countries(
    client: Client, country_world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12) as two:
        client.get("/countries/compare/?country=MX&country=ES")
    with django_assert_max_num_queries(len(two.captured_queries)):
        client.get("/countries/compare/?country=MX&country=ES&country=EC&country=TH&country=JP")
