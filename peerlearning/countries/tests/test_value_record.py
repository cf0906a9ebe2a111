"""Editors record a country's value of an indicator, with its source; the value before it
stays as history. Nobody else can, and a value without a source is never saved."""

import pytest
from django.test import Client

from peerlearning.countries.models import IndicatorValue
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db


def read(response) -> str:
    return page_text(response.content)


URL = "/countries/MX/indicators/presumption-of-liberty/record/"
GOOD = {
    "answer": "partial",
    "instrument": "law",
    "as_of": "2011-05-25",
    "since": "2011-05-25",
    "source_title": "Migration Law, article 111",
    "source_url": "https://example.org/ley-de-migracion",
    "note": "Liberty is the rule except for the stay in a station.",
}


def values(slug: str = "presumption-of-liberty"):
    return IndicatorValue.objects.filter(country="MX", indicator__slug=slug)


def test_an_editor_records_a_value_that_the_profile_shows(country_world):
    editor = client_for(country_world.editor)
    assert editor.get(URL).status_code == 200
    response = editor.post(URL, GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/countries/MX/#indicator-presumption-of-liberty"
    text = read(client_for(None).get("/countries/MX/"))
    assert "Partly (Law)" in text
    assert "Migration Law, article 111" in text


def test_a_new_value_keeps_the_one_before_as_history(client: Client, country_world):
    editor = client_for(country_world.editor)
    maximum = "/countries/MX/indicators/maximum-detention-period/"
    response = editor.post(
        maximum + "record/",
        {**GOOD, "answer": "", "number": "24", "unit": "hours", "instrument": "regulation"},
    )
    assert response.status_code == 302
    current = values("maximum-detention-period").filter(is_current=True).get()
    assert current.shown == "24 hours"
    assert values("maximum-detention-period").count() == 3
    history = read(client.get(maximum))
    assert history.index("24 hours") < history.index("36 hours") < history.index("15 days")
    assert "Current value." in history
    # Who recorded a value is for the editors' eyes.
    assert country_world.editor.public_name not in history
    assert country_world.editor.public_name in read(editor.get(maximum))


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"source_url": ""}, "source_url", "a value needs its source"),
        ({"source_title": ""}, "source_title", "a value needs its source"),
        ({"answer": ""}, "answer", "This indicator takes yes, no or partly: give it."),
        ({"as_of": ""}, "as_of", "This field is required."),
    ],
)
def test_a_wrong_value_is_refused_with_its_reason(country_world, change, field, reason):
    editor = client_for(country_world.editor)
    response = editor.post(URL, {**GOOD, **change})
    assert response.status_code == 400
    assert reason in read(response)
    # What was typed is kept.
    assert "Liberty is the rule except for the stay in a station." in response.content.decode()
    assert not values().exists()
    # Positive control: the same form, complete, is saved.
    assert editor.post(URL, GOOD).status_code == 302
    assert values().count() == 1


def test_a_number_for_a_yes_no_indicator_is_refused(country_world):
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from peerlearning.countries import actions

    with pytest.raises(ValidationError) as refused:
        actions.record_value(
            country_world.children,
            country_world.mexico,
            by=country_world.editor,
            as_of=country_world.prohibited.as_of,
            number=Decimal(1),
            source_title="A source",
            source_url="https://example.org/a",
        )
    assert "This indicator takes yes, no or partly, not a number." in str(refused.value)
    assert values("child-detention-prohibited").count() == 1


def test_only_editors_record_values(client: Client, country_world, network):
    coordinator = make_user("coordinator@test.example", is_facilitator=True, two_factor=True)
    for person in (network.member, network.community_member, coordinator):
        assert client_for(person).post(URL, GOOD).status_code == 403
    assert client.post(URL, GOOD).status_code == 302  # a visitor is asked to sign in
    assert not values().exists()
    # An editor without two factors is sent to set them up, and nothing is written.
    unprotected = make_user("new-editor@test.example", is_editor=True)
    response = client_for(unprotected).post(URL, GOOD)
    assert response.status_code == 302 and "/2fa/" in response["Location"]
    assert not values().exists()
    # Positive control: the editor with two factors records it.
    assert client_for(country_world.editor).post(URL, GOOD).status_code == 302
    assert values().count() == 1


def test_an_unknown_country_or_indicator_is_404_for_the_editor(country_world):
    editor = client_for(country_world.editor)
    assert editor.get("/countries/XX/indicators/presumption-of-liberty/record/").status_code == 404
    assert editor.get("/countries/MX/indicators/no-such-thing/record/").status_code == 404
    assert editor.get(URL).status_code == 200
