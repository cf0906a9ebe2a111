"""Issue 15's "done when", on the demo as `make run` serves it: a visitor finds the Ciudad
Juárez fire on Mexico's profile, its timeline and the incidents list, with its sources; the demo
monitor opens the unpublished visit that every other persona is refused on its page, the API,
the downloads and search; the tracker shows the five recommendations to Mexico with their
status history."""

import pytest
from django.test import Client

from peerlearning.accounts.models import User
from peerlearning.demo import accounts
from peerlearning.monitoring.models import Incident, Recommendation, Visit
from peerlearning.monitoring.tests.test_demo_monitoring import load_demo
from peerlearning.testing import built_once, page_text

pytestmark = pytest.mark.django_db
STATEMENT = "idcoalition.org/news/human-lives-are-at-risk"


@pytest.fixture(scope="module", autouse=True)
def loaded(request):
    with built_once(request, load_demo) as output:
        yield output


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_a_visitor_finds_the_fire_with_its_sources():
    fire = Incident.objects.published().get(date="2023-03-27", country="MX")
    visitor = Client()
    text = page_text(visitor.get("/countries/MX/").content)
    accountability = text[text.index("Places of detention and accountability") :]
    timeline = text[text.index("Timeline") : text.index("Places of detention and accountability")]
    assert fire.title in accountability
    assert fire.title in timeline
    assert fire.title in page_text(visitor.get("/monitoring/incidents/?country=MX").content)
    page = visitor.get(fire.get_absolute_url())
    assert page.status_code == 200
    assert STATEMENT in page.content.decode()
    assert "38" in page_text(page.content)


def test_only_the_demo_monitor_opens_the_unpublished_visit():
    visit = Visit.objects.get(published_at=None, place__country="MX")
    paths = [visit.get_absolute_url(), f"/api/v1/monitoring/visits/{visit.uuid}"]
    monitor = signed_in("monitor@example.org")
    for path in paths:
        assert monitor.get(path).status_code == 200, path
    marker = "DEMONSTRATION TEXT"
    assert marker in monitor.get(paths[0]).content.decode()
    others = [Client()] + [
        signed_in(persona.email)
        for persona in accounts.PERSONAS
        if persona.email not in ("monitor@example.org", "admin@example.org")
    ]
    assert len(others) >= 6
    for client in others:
        for path in paths:
            assert client.get(path).status_code in (302, 404), path
        for path in (
            "/search/?q=DEMONSTRATION",
            "/monitoring/places.csv",
            "/monitoring/incidents.csv",
            "/monitoring/places/",
            visit.place.get_absolute_url(),
        ):
            assert marker not in client.get(path).content.decode(), path


def test_the_tracker_shows_five_recommendations_to_mexico_with_their_history():
    text = page_text(Client().get("/monitoring/recommendations/?country=MX").content)
    recommendations = Recommendation.objects.filter(country="MX", body__kind="coalition")
    assert recommendations.count() == 5
    for recommendation in recommendations:
        assert recommendation.text[:40] in text or recommendation.same_as_id
    stepped = recommendations.exclude(status_changes=None).first()
    assert stepped is not None
    history = page_text(Client().get(stepped.get_absolute_url()).content)
    for change in stepped.status_changes.all():
        assert change.source_title in history
