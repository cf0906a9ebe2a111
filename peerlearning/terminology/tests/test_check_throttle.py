"""The check is throttled: visitors by address, members by person at a higher rate; the page,
its report and the API count together."""

import pytest
from django.test import Client

from peerlearning.terminology.tests.check_world import SPANISH, load_lexicon
from peerlearning.testing import make_user, page_text, post_json

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    load_lexicon()
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "terminology_check": "3/m/ip",
        "terminology_check_member": "6/m/user",
    }


def test_it_limits_visitors_before_members():
    visitor = Client()
    # Positive control: under the limit the checks go through (page, report and API count).
    assert visitor.post("/terminology/", {"text": SPANISH}).status_code == 200
    assert visitor.post("/terminology/report/", {"text": SPANISH}).status_code == 200
    assert post_json(visitor, "/api/v1/terminology/check", {"text": SPANISH}).status_code == 200
    page = visitor.post("/terminology/", {"text": SPANISH})
    assert page.status_code == 429
    assert "Too many texts have been checked" in page_text(page.content)
    assert "Las personas extranjeras" in page.content.decode().split("<textarea")[1]
    api = post_json(visitor, "/api/v1/terminology/check", {"text": SPANISH})
    assert api.status_code == 429 and "Too many texts" in api.json()["error"]
    assert visitor.post("/terminology/report/", {"text": SPANISH}).status_code == 429
    # A member, from the same address, still checks: up to the members' higher limit.
    member = Client()
    member.force_login(make_user("member@test.example"))
    for _n in range(6):
        assert post_json(member, "/api/v1/terminology/check", {"text": SPANISH}).status_code == 200
    assert post_json(member, "/api/v1/terminology/check", {"text": SPANISH}).status_code == 429
    # Another member has their own count.
    other = Client()
    other.force_login(make_user("other@test.example"))
    assert other.post("/terminology/", {"text": SPANISH}).status_code == 200


def test_it_does_not_count_showing_the_form():
    visitor = Client()
    for _n in range(5):
        assert visitor.get("/terminology/").status_code == 200
    assert visitor.post("/terminology/", {"text": SPANISH}).status_code == 200
