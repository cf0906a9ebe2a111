"""A country's profile lists its places of detention, its published incidents and the
recommendations it received with how many are implemented; the timeline dates them. Drafts,
visit reports, team names and the people affected appear nowhere on it."""

import uuid

import pytest

from peerlearning.monitoring.testing import MONITOR_NAME, PERSON_MARKER, REPORT_MARKER
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db


def read(client) -> str:
    return page_text(client.get("/countries/MX/").content)


def test_the_profile_shows_places_published_incidents_and_recommendations(monitoring_world):
    text = read(client_for(None))
    accountability = text[text.index("Places of detention and accountability") :]
    assert "Estación Migratoria Siglo XXI" in accountability
    assert "immigration detention centre" in accountability
    assert "Fire in an immigration station" in accountability
    assert "0 of 1 recommendation implemented." in accountability
    assert "End the use of immigration detention for children." in accountability
    timeline = text[text.index("Timeline") : text.index("Places of detention and accountability")]
    assert "Fire in an immigration station" in timeline
    assert "Recommendation by International Detention Coalition" in timeline


def test_nothing_restricted_reaches_the_profile(monitoring_world):
    viewers = [
        None,
        make_user("member-x@test.example"),
        monitoring_world.editor,
        monitoring_world.other_monitor,
        monitoring_world.monitor,  # even the team: the profile is a public page
    ]
    for viewer in viewers:
        text = read(client_for(viewer))
        for marker in (REPORT_MARKER, MONITOR_NAME, PERSON_MARKER, "Qvx draft incident"):
            assert marker not in text, (viewer, marker)
    # Positive control: the draft exists, and the editor may see it (on its own pages).
    from peerlearning import access
    from peerlearning.monitoring.models import Incident

    drafts = access.incidents_visible_to(Incident.objects.filter(published_at=None), viewers[2])
    assert [incident.title for incident in drafts] == ["Qvx draft incident"]


def test_the_profile_keeps_its_query_count(monitoring_world, django_assert_max_num_queries):
    client = client_for(None)
    with django_assert_max_num_queries(30) as few:
        client.get("/countries/MX/")
    from peerlearning.monitoring.models import Incident

    for number in range(20):
        incident = Incident.objects.get(pk=monitoring_world.fire.pk)
        incident.pk, incident.uuid = None, uuid.uuid4()
        incident.title = f"Incident {number}"
        incident.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/countries/MX/")
